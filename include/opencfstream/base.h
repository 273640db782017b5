/* OpenCFStream: base types and the reference-counted object model.
 *
 * Ownership follows CoreFoundation's rules, spelled out once here:
 *  - functions with `create` or `copy` in their name return a +1 reference: release it;
 *  - functions with `get` return a borrowed reference, valid while its owner lives;
 *  - setters and containers retain what they store.
 * ocfs_release(NULL) and ocfs_retain(NULL) are safe no-ops (Apple's CFRelease(NULL) crashes).
 *
 * Every object is thread-safe to retain and release from any thread. Immutable objects are safe to
 * read from several threads; mutable ones need external synchronisation, as on Apple. */
#ifndef OPENCFSTREAM_BASE_H
#define OPENCFSTREAM_BASE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "export.h"

OCFS_EXTERN_C_BEGIN

/* Integer types with CoreFoundation's widths: CFIndex is `long`, except on LLP64 Windows, where
 * `long` is 32 bits and CF uses `long long`. */
#if defined(_WIN64)
typedef long long ocfs_index;
#define OCFS_INDEX_MAX 0x7FFFFFFFFFFFFFFFLL
typedef unsigned long long ocfs_option_flags;
typedef unsigned long long ocfs_type_id;
typedef unsigned long long ocfs_hash_code;
#else
typedef long ocfs_index;
#define OCFS_INDEX_MAX LONG_MAX
typedef unsigned long ocfs_option_flags;
typedef unsigned long ocfs_type_id;
typedef unsigned long ocfs_hash_code;
#endif

typedef unsigned char ocfs_bool; /* Apple's Boolean: one byte, 0 or 1 */
#define OCFS_TRUE ((ocfs_bool)1)
#define OCFS_FALSE ((ocfs_bool)0)

typedef const void *ocfs_type_ref;

typedef struct ocfs_range {
  ocfs_index location;
  ocfs_index length;
} ocfs_range;

#define OCFS_NOT_FOUND ((ocfs_index)-1)

typedef ocfs_index ocfs_comparison_result;
enum { OCFS_COMPARE_LESS_THAN = -1, OCFS_COMPARE_EQUAL_TO = 0, OCFS_COMPARE_GREATER_THAN = 1 };

typedef const struct ocfs_allocator *ocfs_allocator_ref;
typedef const struct ocfs_string *ocfs_string_ref;
typedef struct ocfs_string *ocfs_mutable_string_ref;
typedef const struct ocfs_null *ocfs_null_ref;
typedef const struct ocfs_boolean *ocfs_boolean_ref;

/* ---- Allocators ---------------------------------------------------------------------------- */

typedef const void *(*ocfs_allocator_retain_fn)(const void *info);
typedef void (*ocfs_allocator_release_fn)(const void *info);
typedef ocfs_string_ref (*ocfs_allocator_copy_description_fn)(const void *info);
typedef void *(*ocfs_allocator_allocate_fn)(ocfs_index size, ocfs_option_flags hint, void *info);
typedef void *(*ocfs_allocator_reallocate_fn)(void *ptr, ocfs_index new_size,
                                              ocfs_option_flags hint, void *info);
typedef void (*ocfs_allocator_deallocate_fn)(void *ptr, void *info);
typedef ocfs_index (*ocfs_allocator_preferred_size_fn)(ocfs_index size, ocfs_option_flags hint,
                                                       void *info);

/* Same layout as CFAllocatorContext. */
typedef struct ocfs_allocator_context {
  ocfs_index version; /* must be 0 */
  void *info;
  ocfs_allocator_retain_fn retain;
  ocfs_allocator_release_fn release;
  ocfs_allocator_copy_description_fn copyDescription; /* field names as Apple's */
  ocfs_allocator_allocate_fn allocate;
  ocfs_allocator_reallocate_fn reallocate;
  ocfs_allocator_deallocate_fn deallocate;
  ocfs_allocator_preferred_size_fn preferredSize;
} ocfs_allocator_context;

/* NULL stands for the default allocator, as kCFAllocatorDefault does. Objects are always allocated
 * from the C++ heap; an allocator argument only decides how caller-provided bytes are freed
 * (the `bytes_deallocator` of the *_no_copy creators) and what ocfs_allocator_allocate uses. */
#define OCFS_ALLOCATOR_DEFAULT ((ocfs_allocator_ref)0)
OCFS_EXPORT extern const ocfs_allocator_ref ocfs_allocator_system_default;
OCFS_EXPORT extern const ocfs_allocator_ref ocfs_allocator_malloc;
OCFS_EXPORT extern const ocfs_allocator_ref ocfs_allocator_malloc_zone;
OCFS_EXPORT extern const ocfs_allocator_ref ocfs_allocator_null; /* never allocates or frees */
OCFS_EXPORT extern const ocfs_allocator_ref ocfs_allocator_use_context;

OCFS_EXPORT ocfs_type_id ocfs_allocator_get_type_id(void);
OCFS_EXPORT ocfs_allocator_ref ocfs_allocator_get_default(void);
/* Returns NULL if the context is NULL or its version is not 0. */
OCFS_EXPORT ocfs_allocator_ref ocfs_allocator_create(ocfs_allocator_ref allocator,
                                                     const ocfs_allocator_context *context);
OCFS_EXPORT void *ocfs_allocator_allocate(ocfs_allocator_ref allocator, ocfs_index size,
                                          ocfs_option_flags hint);
OCFS_EXPORT void *ocfs_allocator_reallocate(ocfs_allocator_ref allocator, void *ptr,
                                            ocfs_index new_size, ocfs_option_flags hint);
OCFS_EXPORT void ocfs_allocator_deallocate(ocfs_allocator_ref allocator, void *ptr);
OCFS_EXPORT ocfs_index ocfs_allocator_get_preferred_size_for_size(ocfs_allocator_ref allocator,
                                                                  ocfs_index size,
                                                                  ocfs_option_flags hint);
OCFS_EXPORT void ocfs_allocator_get_context(ocfs_allocator_ref allocator,
                                            ocfs_allocator_context *context);

/* ---- Polymorphic functions ------------------------------------------------------------------ */

/* Returns `object`. NULL-safe. */
OCFS_EXPORT ocfs_type_ref ocfs_retain(ocfs_type_ref object);
/* NULL-safe. Frees the object when the last reference goes. */
OCFS_EXPORT void ocfs_release(ocfs_type_ref object);
/* Immortal objects (constant strings, booleans, null) report OCFS_IMMORTAL_RETAIN_COUNT. */
OCFS_EXPORT ocfs_index ocfs_get_retain_count(ocfs_type_ref object);
OCFS_EXPORT ocfs_type_id ocfs_get_type_id(ocfs_type_ref object);
/* Content equality of two objects of the same type (strings by characters, numbers by value,
 * collections element-wise). Both NULL: true; one NULL: false. */
OCFS_EXPORT ocfs_bool ocfs_equal(ocfs_type_ref a, ocfs_type_ref b);
/* Equal objects have equal hashes. NULL hashes to 0. */
OCFS_EXPORT ocfs_hash_code ocfs_hash(ocfs_type_ref object);
/* A debugging description, +1. Never NULL for a non-NULL object. */
OCFS_EXPORT ocfs_string_ref ocfs_copy_description(ocfs_type_ref object);
/* The class name ("CFString", "CFReadStream", ...), +1; NULL for an unknown id. */
OCFS_EXPORT ocfs_string_ref ocfs_copy_type_id_description(ocfs_type_id type_id);
/* Always NULL (the default allocator): objects are allocated from the C++ heap whatever
 * allocator is passed to their creator (see docs/COMPAT.md). */
OCFS_EXPORT ocfs_allocator_ref ocfs_get_allocator(ocfs_type_ref object);
/* Prints the description (a string's own characters for a string) and a newline to stderr. */
OCFS_EXPORT void ocfs_show(ocfs_type_ref object);

#if defined(_WIN64) || defined(__LP64__) || defined(_LP64)
#define OCFS_IMMORTAL_RETAIN_COUNT ((ocfs_index)0x0FFFFFFFFFFFFFFFLL)
#else
#define OCFS_IMMORTAL_RETAIN_COUNT ((ocfs_index)0x7FFFFFFFL)
#endif

/* ---- CFNull and CFBoolean ------------------------------------------------------------------- */

OCFS_EXPORT extern const ocfs_null_ref ocfs_null_value; /* kCFNull */
OCFS_EXPORT ocfs_type_id ocfs_null_get_type_id(void);

OCFS_EXPORT extern const ocfs_boolean_ref ocfs_boolean_true;
OCFS_EXPORT extern const ocfs_boolean_ref ocfs_boolean_false;
OCFS_EXPORT ocfs_type_id ocfs_boolean_get_type_id(void);
/* Returns false for NULL or a non-boolean object. */
OCFS_EXPORT ocfs_bool ocfs_boolean_get_value(ocfs_boolean_ref boolean);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_BASE_H */
