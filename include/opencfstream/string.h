/* OpenCFStream: immutable and mutable strings (CFString).
 *
 * Strings hold UTF-8 internally. Lengths, indexes and ranges are counted in UTF-16 code units, as
 * CFString counts them, so code written for Apple computes the same numbers here. */
#ifndef OPENCFSTREAM_STRING_H
#define OPENCFSTREAM_STRING_H

#include <stdarg.h>

#include "base.h"

OCFS_EXTERN_C_BEGIN

typedef uint32_t ocfs_string_encoding;
/* Apple's values. UTF-8, ASCII and ISO Latin-1 are supported; every other encoding makes the
 * conversion functions fail cleanly (NULL / false). */
#define OCFS_STRING_ENCODING_MAC_ROMAN ((ocfs_string_encoding)0)
#define OCFS_STRING_ENCODING_WINDOWS_LATIN1 ((ocfs_string_encoding)0x0500)
#define OCFS_STRING_ENCODING_ISO_LATIN1 ((ocfs_string_encoding)0x0201)
#define OCFS_STRING_ENCODING_NEXTSTEP_LATIN ((ocfs_string_encoding)0x0B01)
#define OCFS_STRING_ENCODING_ASCII ((ocfs_string_encoding)0x0600)
#define OCFS_STRING_ENCODING_UNICODE ((ocfs_string_encoding)0x0100)
#define OCFS_STRING_ENCODING_UTF8 ((ocfs_string_encoding)0x08000100)
#define OCFS_STRING_ENCODING_NON_LOSSY_ASCII ((ocfs_string_encoding)0x0BFF)
#define OCFS_STRING_ENCODING_UTF16 ((ocfs_string_encoding)0x0100)
#define OCFS_STRING_ENCODING_UTF16BE ((ocfs_string_encoding)0x10000100)
#define OCFS_STRING_ENCODING_UTF16LE ((ocfs_string_encoding)0x14000100)
#define OCFS_STRING_ENCODING_UTF32 ((ocfs_string_encoding)0x0c000100)
#define OCFS_STRING_ENCODING_UTF32BE ((ocfs_string_encoding)0x18000100)
#define OCFS_STRING_ENCODING_UTF32LE ((ocfs_string_encoding)0x1c000100)
#define OCFS_STRING_ENCODING_INVALID_ID ((ocfs_string_encoding)0xffffffffU)

typedef uint16_t ocfs_unichar; /* one UTF-16 code unit */

typedef ocfs_option_flags ocfs_string_compare_flags;
enum {
  OCFS_COMPARE_CASE_INSENSITIVE = 1,
  OCFS_COMPARE_BACKWARDS = 4,
  OCFS_COMPARE_ANCHORED = 8,
  OCFS_COMPARE_NONLITERAL = 16,
  OCFS_COMPARE_LOCALIZED = 32,
  OCFS_COMPARE_NUMERICALLY = 64,
  OCFS_COMPARE_DIACRITIC_INSENSITIVE = 128,
  OCFS_COMPARE_WIDTH_INSENSITIVE = 256,
  OCFS_COMPARE_FORCED_ORDERING = 512
};

/* A constant, immortal string from a literal, usable both inside functions and in file-scope
 * initialisers of C and C++ (`static ocfs_string_ref const k = OCFS_STR("key");`). The object is
 * the literal itself behind a one-byte marker, so it has static storage everywhere and needs no
 * run-time registration; retain and release do nothing on it. The literal is UTF-8 and ends at
 * its first NUL. */
#define OCFS_CONST_STRING_MARKER "\x01"
#define OCFS_STR(literal) ((ocfs_string_ref)(const void *)(OCFS_CONST_STRING_MARKER literal))

OCFS_EXPORT ocfs_type_id ocfs_string_get_type_id(void);

/* Creation. All return NULL (never a partial string) when the input is not valid in the given
 * encoding, the encoding is unsupported, or an argument is NULL or negative. */
OCFS_EXPORT ocfs_string_ref ocfs_string_create_with_cstring(ocfs_allocator_ref allocator,
                                                            const char *cstr,
                                                            ocfs_string_encoding encoding);
/* A leading UTF-8 byte-order mark is dropped (as CF does, whatever `is_external_representation`
 * says; the flag only matters for UTF-16/32, which are not supported). */
OCFS_EXPORT ocfs_string_ref ocfs_string_create_with_bytes(ocfs_allocator_ref allocator,
                                                          const uint8_t *bytes, ocfs_index length,
                                                          ocfs_string_encoding encoding,
                                                          ocfs_bool is_external_representation);
/* From UTF-16 code units. Unpaired surrogates are rejected (NULL). */
OCFS_EXPORT ocfs_string_ref ocfs_string_create_with_characters(ocfs_allocator_ref allocator,
                                                               const ocfs_unichar *chars,
                                                               ocfs_index length);
OCFS_EXPORT ocfs_string_ref ocfs_string_create_copy(ocfs_allocator_ref allocator,
                                                    ocfs_string_ref string);
/* `range` is in UTF-16 units; a range that splits a surrogate pair or lies outside gives NULL. */
OCFS_EXPORT ocfs_string_ref ocfs_string_create_with_substring(ocfs_allocator_ref allocator,
                                                              ocfs_string_ref string,
                                                              ocfs_range range);
/* printf-style formatting plus `%@`, which inserts the description of an object (a string's own
 * characters for a string, "(null)" for NULL). `format_options` is ignored, as on Apple. */
OCFS_EXPORT ocfs_string_ref ocfs_string_create_with_format(ocfs_allocator_ref allocator,
                                                           ocfs_type_ref format_options,
                                                           ocfs_string_ref format, ...);
OCFS_EXPORT ocfs_string_ref ocfs_string_create_with_format_and_arguments(
    ocfs_allocator_ref allocator, ocfs_type_ref format_options, ocfs_string_ref format,
    va_list arguments);

/* Access. */
OCFS_EXPORT ocfs_index ocfs_string_get_length(ocfs_string_ref string);
OCFS_EXPORT ocfs_unichar ocfs_string_get_character_at_index(ocfs_string_ref string,
                                                            ocfs_index index);
OCFS_EXPORT void ocfs_string_get_characters(ocfs_string_ref string, ocfs_range range,
                                            ocfs_unichar *buffer);
/* Copies the string and a terminating NUL into `buffer`. Returns false, leaving the buffer an
 * empty string when it has room, if the buffer is too small or a character cannot be encoded. */
OCFS_EXPORT ocfs_bool ocfs_string_get_cstring(ocfs_string_ref string, char *buffer,
                                              ocfs_index buffer_size,
                                              ocfs_string_encoding encoding);
/* The internal NUL-terminated bytes when they are already in `encoding` (always for UTF-8; for
 * ASCII and Latin-1 only when the string is pure ASCII), else NULL. Valid while the string lives
 * and is not mutated. */
OCFS_EXPORT const char *ocfs_string_get_cstring_ptr(ocfs_string_ref string,
                                                    ocfs_string_encoding encoding);
/* Bytes needed for `length` UTF-16 units in `encoding`, without the NUL (OCFS_NOT_FOUND when the
 * result would overflow). */
OCFS_EXPORT ocfs_index ocfs_string_get_maximum_size_for_encoding(ocfs_index length,
                                                                 ocfs_string_encoding encoding);
OCFS_EXPORT ocfs_string_encoding ocfs_string_get_system_encoding(void);
OCFS_EXPORT ocfs_string_encoding ocfs_string_get_fastest_encoding(ocfs_string_ref string);

/* Comparison, in UTF-16 code-unit order like CFStringCompare. Supported flags: CASE_INSENSITIVE
 * (ASCII letters), NUMERICALLY (digit runs compare by value); others are accepted and ignored
 * (documented in docs/COMPAT.md). */
OCFS_EXPORT ocfs_comparison_result ocfs_string_compare(ocfs_string_ref a, ocfs_string_ref b,
                                                       ocfs_string_compare_flags flags);
OCFS_EXPORT ocfs_bool ocfs_string_has_prefix(ocfs_string_ref string, ocfs_string_ref prefix);
OCFS_EXPORT ocfs_bool ocfs_string_has_suffix(ocfs_string_ref string, ocfs_string_ref suffix);
/* The range of the first occurrence of `needle` ({OCFS_NOT_FOUND, 0} if absent). */
OCFS_EXPORT ocfs_range ocfs_string_find(ocfs_string_ref string, ocfs_string_ref needle,
                                        ocfs_string_compare_flags flags);

/* Mutable strings. `max_length` 0 means unlimited; a positive maximum (in UTF-16 units) makes
 * appends beyond it fail, leaving the string unchanged. */
OCFS_EXPORT ocfs_mutable_string_ref ocfs_string_create_mutable(ocfs_allocator_ref allocator,
                                                               ocfs_index max_length);
OCFS_EXPORT ocfs_mutable_string_ref ocfs_string_create_mutable_copy(ocfs_allocator_ref allocator,
                                                                    ocfs_index max_length,
                                                                    ocfs_string_ref string);
OCFS_EXPORT void ocfs_string_append(ocfs_mutable_string_ref string, ocfs_string_ref appended);
OCFS_EXPORT void ocfs_string_append_cstring(ocfs_mutable_string_ref string, const char *cstr,
                                            ocfs_string_encoding encoding);
OCFS_EXPORT void ocfs_string_append_format(ocfs_mutable_string_ref string,
                                           ocfs_type_ref format_options, ocfs_string_ref format,
                                           ...);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_STRING_H */
