/* OpenCFStream: byte buffers (CFData and CFMutableData). */
#ifndef OPENCFSTREAM_DATA_H
#define OPENCFSTREAM_DATA_H

#include "base.h"

OCFS_EXTERN_C_BEGIN

typedef const struct ocfs_data *ocfs_data_ref;
typedef struct ocfs_data *ocfs_mutable_data_ref;

OCFS_EXPORT ocfs_type_id ocfs_data_get_type_id(void);
/* NULL for a negative length or NULL bytes with a positive length. */
OCFS_EXPORT ocfs_data_ref ocfs_data_create(ocfs_allocator_ref allocator, const uint8_t *bytes,
                                           ocfs_index length);
/* Uses `bytes` in place; frees them with `bytes_deallocator` when the data goes (NULL = default
 * allocator = free(); ocfs_allocator_null = never free). */
OCFS_EXPORT ocfs_data_ref ocfs_data_create_with_bytes_no_copy(ocfs_allocator_ref allocator,
                                                              const uint8_t *bytes,
                                                              ocfs_index length,
                                                              ocfs_allocator_ref bytes_deallocator);
OCFS_EXPORT ocfs_data_ref ocfs_data_create_copy(ocfs_allocator_ref allocator, ocfs_data_ref data);
/* `capacity` 0 means unlimited; a positive capacity is a hard maximum length. */
OCFS_EXPORT ocfs_mutable_data_ref ocfs_data_create_mutable(ocfs_allocator_ref allocator,
                                                           ocfs_index capacity);
OCFS_EXPORT ocfs_mutable_data_ref ocfs_data_create_mutable_copy(ocfs_allocator_ref allocator,
                                                                ocfs_index capacity,
                                                                ocfs_data_ref data);

OCFS_EXPORT ocfs_index ocfs_data_get_length(ocfs_data_ref data);
OCFS_EXPORT const uint8_t *ocfs_data_get_byte_ptr(ocfs_data_ref data);
OCFS_EXPORT uint8_t *ocfs_data_get_mutable_byte_ptr(ocfs_mutable_data_ref data);
/* Copies `range` into `buffer`; does nothing for a range outside the data. */
OCFS_EXPORT void ocfs_data_get_bytes(ocfs_data_ref data, ocfs_range range, uint8_t *buffer);

/* Mutation. An operation that would exceed a fixed capacity, or has an invalid range, changes
 * nothing. New bytes from a length increase are zero. */
OCFS_EXPORT void ocfs_data_set_length(ocfs_mutable_data_ref data, ocfs_index length);
OCFS_EXPORT void ocfs_data_increase_length(ocfs_mutable_data_ref data, ocfs_index extra_length);
OCFS_EXPORT void ocfs_data_append_bytes(ocfs_mutable_data_ref data, const uint8_t *bytes,
                                        ocfs_index length);
OCFS_EXPORT void ocfs_data_replace_bytes(ocfs_mutable_data_ref data, ocfs_range range,
                                         const uint8_t *new_bytes, ocfs_index new_length);
OCFS_EXPORT void ocfs_data_delete_bytes(ocfs_mutable_data_ref data, ocfs_range range);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_DATA_H */
