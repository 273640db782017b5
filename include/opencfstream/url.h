/* OpenCFStream: file URLs (the part of CFURL that file streams need). */
#ifndef OPENCFSTREAM_URL_H
#define OPENCFSTREAM_URL_H

#include "base.h"

OCFS_EXTERN_C_BEGIN

typedef const struct ocfs_url *ocfs_url_ref;

typedef ocfs_index ocfs_url_path_style;
enum {
  OCFS_URL_POSIX_PATH_STYLE = 0,
  OCFS_URL_HFS_PATH_STYLE = 1,
  OCFS_URL_WINDOWS_PATH_STYLE = 2
};

OCFS_EXPORT ocfs_type_id ocfs_url_get_type_id(void);
/* A file URL for `path`. A relative path stays relative (resolved against the working directory
 * when used). NULL for an empty path, the HFS style, or a path with a NUL. */
OCFS_EXPORT ocfs_url_ref ocfs_url_create_with_file_system_path(ocfs_allocator_ref allocator,
                                                               ocfs_string_ref path,
                                                               ocfs_url_path_style style,
                                                               ocfs_bool is_directory);
OCFS_EXPORT ocfs_url_ref ocfs_url_create_from_file_system_representation(
    ocfs_allocator_ref allocator, const uint8_t *buffer, ocfs_index length, ocfs_bool is_directory);
/* Parses "file:" URLs (percent-decoding the path); other schemes are kept but have no file path. */
OCFS_EXPORT ocfs_url_ref ocfs_url_create_with_string(ocfs_allocator_ref allocator,
                                                     ocfs_string_ref url_string,
                                                     ocfs_url_ref base_url);
/* The NUL-terminated native path. False if the buffer is too small or the URL is not a file URL. */
OCFS_EXPORT ocfs_bool ocfs_url_get_file_system_representation(ocfs_url_ref url,
                                                              ocfs_bool resolve_against_base,
                                                              uint8_t *buffer,
                                                              ocfs_index max_length);
OCFS_EXPORT ocfs_string_ref ocfs_url_copy_file_system_path(ocfs_url_ref url,
                                                           ocfs_url_path_style style);
/* The URL as a string ("file:///tmp/a%20b"). Borrowed. */
OCFS_EXPORT ocfs_string_ref ocfs_url_get_string(ocfs_url_ref url);
OCFS_EXPORT ocfs_bool ocfs_url_has_directory_path(ocfs_url_ref url);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_URL_H */
