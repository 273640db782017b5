/* OpenCFStream: key/value collections (CFDictionary and CFMutableDictionary).
 *
 * Keys are found by hash and equality callbacks; with the standard callbacks that is ocfs_hash and
 * ocfs_equal, so a string key matches by content, never by pointer. Iteration (apply, get keys and
 * values) visits entries in insertion order, a guarantee Apple does not make but that is
 * compatible with it. */
#ifndef OPENCFSTREAM_DICTIONARY_H
#define OPENCFSTREAM_DICTIONARY_H

#include "base.h"

OCFS_EXTERN_C_BEGIN

typedef const struct ocfs_dictionary *ocfs_dictionary_ref;
typedef struct ocfs_dictionary *ocfs_mutable_dictionary_ref;

/* Same layout as CFDictionaryKeyCallBacks. A NULL callbacks pointer means raw pointers compared
 * and hashed by identity. */
typedef struct ocfs_dictionary_key_callbacks {
  ocfs_index version; /* must be 0 */
  const void *(*retain)(ocfs_allocator_ref allocator, const void *value);
  void (*release)(ocfs_allocator_ref allocator, const void *value);
  ocfs_string_ref (*copyDescription)(const void *value); /* Apple's field name */
  ocfs_bool (*equal)(const void *a, const void *b);
  ocfs_hash_code (*hash)(const void *value);
} ocfs_dictionary_key_callbacks;

/* Same layout as CFDictionaryValueCallBacks. */
typedef struct ocfs_dictionary_value_callbacks {
  ocfs_index version; /* must be 0 */
  const void *(*retain)(ocfs_allocator_ref allocator, const void *value);
  void (*release)(ocfs_allocator_ref allocator, const void *value);
  ocfs_string_ref (*copyDescription)(const void *value); /* Apple's field name */
  ocfs_bool (*equal)(const void *a, const void *b);
} ocfs_dictionary_value_callbacks;

OCFS_EXPORT extern const ocfs_dictionary_key_callbacks ocfs_type_dictionary_key_callbacks;
/* Like the type callbacks, but a string key is stored as an immutable copy. */
OCFS_EXPORT extern const ocfs_dictionary_key_callbacks ocfs_copy_string_dictionary_key_callbacks;
OCFS_EXPORT extern const ocfs_dictionary_value_callbacks ocfs_type_dictionary_value_callbacks;

typedef void (*ocfs_dictionary_applier_fn)(const void *key, const void *value, void *context);

OCFS_EXPORT ocfs_type_id ocfs_dictionary_get_type_id(void);
/* With duplicate keys the first pair is kept, as CFDictionaryCreate does. */
OCFS_EXPORT ocfs_dictionary_ref
ocfs_dictionary_create(ocfs_allocator_ref allocator, const void **keys, const void **values,
                       ocfs_index count, const ocfs_dictionary_key_callbacks *key_callbacks,
                       const ocfs_dictionary_value_callbacks *value_callbacks);
OCFS_EXPORT ocfs_dictionary_ref ocfs_dictionary_create_copy(ocfs_allocator_ref allocator,
                                                            ocfs_dictionary_ref dictionary);
/* `capacity` 0 means unlimited; a positive capacity is a hard maximum count. */
OCFS_EXPORT ocfs_mutable_dictionary_ref
ocfs_dictionary_create_mutable(ocfs_allocator_ref allocator, ocfs_index capacity,
                               const ocfs_dictionary_key_callbacks *key_callbacks,
                               const ocfs_dictionary_value_callbacks *value_callbacks);
OCFS_EXPORT ocfs_mutable_dictionary_ref ocfs_dictionary_create_mutable_copy(
    ocfs_allocator_ref allocator, ocfs_index capacity, ocfs_dictionary_ref dictionary);

OCFS_EXPORT ocfs_index ocfs_dictionary_get_count(ocfs_dictionary_ref dictionary);
OCFS_EXPORT ocfs_index ocfs_dictionary_get_count_of_key(ocfs_dictionary_ref dictionary,
                                                        const void *key);
OCFS_EXPORT ocfs_index ocfs_dictionary_get_count_of_value(ocfs_dictionary_ref dictionary,
                                                          const void *value);
OCFS_EXPORT ocfs_bool ocfs_dictionary_contains_key(ocfs_dictionary_ref dictionary, const void *key);
OCFS_EXPORT ocfs_bool ocfs_dictionary_contains_value(ocfs_dictionary_ref dictionary,
                                                     const void *value);
/* Borrowed; NULL when absent. */
OCFS_EXPORT const void *ocfs_dictionary_get_value(ocfs_dictionary_ref dictionary, const void *key);
OCFS_EXPORT ocfs_bool ocfs_dictionary_get_value_if_present(ocfs_dictionary_ref dictionary,
                                                           const void *key, const void **value);
/* Either array may be NULL; each must hold ocfs_dictionary_get_count entries. */
OCFS_EXPORT void ocfs_dictionary_get_keys_and_values(ocfs_dictionary_ref dictionary,
                                                     const void **keys, const void **values);
OCFS_EXPORT void ocfs_dictionary_apply_function(ocfs_dictionary_ref dictionary,
                                                ocfs_dictionary_applier_fn applier, void *context);

/* Mutation: add only adds a missing key, replace only changes a present one, set does both. */
OCFS_EXPORT void ocfs_dictionary_add_value(ocfs_mutable_dictionary_ref dictionary, const void *key,
                                           const void *value);
OCFS_EXPORT void ocfs_dictionary_replace_value(ocfs_mutable_dictionary_ref dictionary,
                                               const void *key, const void *value);
OCFS_EXPORT void ocfs_dictionary_set_value(ocfs_mutable_dictionary_ref dictionary, const void *key,
                                           const void *value);
OCFS_EXPORT void ocfs_dictionary_remove_value(ocfs_mutable_dictionary_ref dictionary,
                                              const void *key);
OCFS_EXPORT void ocfs_dictionary_remove_all_values(ocfs_mutable_dictionary_ref dictionary);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_DICTIONARY_H */
