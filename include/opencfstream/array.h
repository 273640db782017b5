/* OpenCFStream: ordered collections (CFArray and CFMutableArray). */
#ifndef OPENCFSTREAM_ARRAY_H
#define OPENCFSTREAM_ARRAY_H

#include "base.h"

OCFS_EXTERN_C_BEGIN

typedef const struct ocfs_array *ocfs_array_ref;
typedef struct ocfs_array *ocfs_mutable_array_ref;

/* Same layout as CFArrayCallBacks. A NULL callbacks pointer stores raw pointers untouched and
 * compares them by identity. */
typedef struct ocfs_array_callbacks {
  ocfs_index version; /* must be 0 */
  const void *(*retain)(ocfs_allocator_ref allocator, const void *value);
  void (*release)(ocfs_allocator_ref allocator, const void *value);
  ocfs_string_ref (*copyDescription)(const void *value); /* Apple's field name */
  ocfs_bool (*equal)(const void *a, const void *b);
} ocfs_array_callbacks;

/* Retains with ocfs_retain, releases with ocfs_release, compares with ocfs_equal. */
OCFS_EXPORT extern const ocfs_array_callbacks ocfs_type_array_callbacks;

typedef void (*ocfs_array_applier_fn)(const void *value, void *context);
typedef ocfs_comparison_result (*ocfs_comparator_fn)(const void *a, const void *b, void *context);

OCFS_EXPORT ocfs_type_id ocfs_array_get_type_id(void);
OCFS_EXPORT ocfs_array_ref ocfs_array_create(ocfs_allocator_ref allocator, const void **values,
                                             ocfs_index count,
                                             const ocfs_array_callbacks *callbacks);
OCFS_EXPORT ocfs_array_ref ocfs_array_create_copy(ocfs_allocator_ref allocator,
                                                  ocfs_array_ref array);
/* `capacity` 0 means unlimited; a positive capacity is a hard maximum count. */
OCFS_EXPORT ocfs_mutable_array_ref ocfs_array_create_mutable(ocfs_allocator_ref allocator,
                                                             ocfs_index capacity,
                                                             const ocfs_array_callbacks *callbacks);
OCFS_EXPORT ocfs_mutable_array_ref ocfs_array_create_mutable_copy(ocfs_allocator_ref allocator,
                                                                  ocfs_index capacity,
                                                                  ocfs_array_ref array);

OCFS_EXPORT ocfs_index ocfs_array_get_count(ocfs_array_ref array);
/* NULL for an index outside the array. */
OCFS_EXPORT const void *ocfs_array_get_value_at_index(ocfs_array_ref array, ocfs_index index);
OCFS_EXPORT void ocfs_array_get_values(ocfs_array_ref array, ocfs_range range, const void **values);
OCFS_EXPORT ocfs_index ocfs_array_get_count_of_value(ocfs_array_ref array, ocfs_range range,
                                                     const void *value);
OCFS_EXPORT ocfs_bool ocfs_array_contains_value(ocfs_array_ref array, ocfs_range range,
                                                const void *value);
OCFS_EXPORT ocfs_index ocfs_array_get_first_index_of_value(ocfs_array_ref array, ocfs_range range,
                                                           const void *value);
OCFS_EXPORT ocfs_index ocfs_array_get_last_index_of_value(ocfs_array_ref array, ocfs_range range,
                                                          const void *value);
OCFS_EXPORT void ocfs_array_apply_function(ocfs_array_ref array, ocfs_range range,
                                           ocfs_array_applier_fn applier, void *context);

/* Mutation. An index or range outside the array, or exceeding a fixed capacity, changes nothing. */
OCFS_EXPORT void ocfs_array_append_value(ocfs_mutable_array_ref array, const void *value);
OCFS_EXPORT void ocfs_array_insert_value_at_index(ocfs_mutable_array_ref array, ocfs_index index,
                                                  const void *value);
OCFS_EXPORT void ocfs_array_set_value_at_index(ocfs_mutable_array_ref array, ocfs_index index,
                                               const void *value);
OCFS_EXPORT void ocfs_array_remove_value_at_index(ocfs_mutable_array_ref array, ocfs_index index);
OCFS_EXPORT void ocfs_array_remove_all_values(ocfs_mutable_array_ref array);
OCFS_EXPORT void ocfs_array_append_array(ocfs_mutable_array_ref array, ocfs_array_ref other,
                                         ocfs_range other_range);
OCFS_EXPORT void ocfs_array_exchange_values_at_indices(ocfs_mutable_array_ref array,
                                                       ocfs_index index1, ocfs_index index2);
/* Stable sort of `range`. */
OCFS_EXPORT void ocfs_array_sort_values(ocfs_mutable_array_ref array, ocfs_range range,
                                        ocfs_comparator_fn comparator, void *context);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_ARRAY_H */
