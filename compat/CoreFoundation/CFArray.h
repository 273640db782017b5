/* OpenCFStream compat: <CoreFoundation/CFArray.h>. Ordered collections. */
#ifndef OCFS_COMPAT_CFARRAY_H
#define OCFS_COMPAT_CFARRAY_H

#include <CoreFoundation/CFBase.h>

typedef ocfs_array_ref CFArrayRef;
typedef ocfs_mutable_array_ref CFMutableArrayRef;

typedef const void *(*CFArrayRetainCallBack)(CFAllocatorRef allocator, const void *value);
typedef void (*CFArrayReleaseCallBack)(CFAllocatorRef allocator, const void *value);
typedef CFStringRef (*CFArrayCopyDescriptionCallBack)(const void *value);
typedef Boolean (*CFArrayEqualCallBack)(const void *value1, const void *value2);
typedef ocfs_array_callbacks
    CFArrayCallBacks; /* same fields: version, retain, release, copyDescription, equal */
typedef void (*CFArrayApplierFunction)(const void *value, void *context);

#define kCFTypeArrayCallBacks (ocfs_type_array_callbacks)

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID CFArrayGetTypeID(void) {
  return (CFTypeID)ocfs_array_get_type_id();
}
CF_INLINE CFArrayRef CFArrayCreate(CFAllocatorRef allocator, const void **values, CFIndex numValues,
                                   const CFArrayCallBacks *callBacks) {
  return (CFArrayRef)ocfs_array_create(allocator, values, numValues, callBacks);
}
CF_INLINE CFArrayRef CFArrayCreateCopy(CFAllocatorRef allocator, CFArrayRef theArray) {
  return (CFArrayRef)ocfs_array_create_copy(allocator, theArray);
}
CF_INLINE CFMutableArrayRef CFArrayCreateMutable(CFAllocatorRef allocator, CFIndex capacity,
                                                 const CFArrayCallBacks *callBacks) {
  return (CFMutableArrayRef)ocfs_array_create_mutable(allocator, capacity, callBacks);
}
CF_INLINE CFMutableArrayRef CFArrayCreateMutableCopy(CFAllocatorRef allocator, CFIndex capacity,
                                                     CFArrayRef theArray) {
  return (CFMutableArrayRef)ocfs_array_create_mutable_copy(allocator, capacity, theArray);
}
CF_INLINE CFIndex CFArrayGetCount(CFArrayRef theArray) {
  return (CFIndex)ocfs_array_get_count(theArray);
}
CF_INLINE const void *CFArrayGetValueAtIndex(CFArrayRef theArray, CFIndex idx) {
  return (const void *)ocfs_array_get_value_at_index(theArray, idx);
}
CF_INLINE void CFArrayGetValues(CFArrayRef theArray, CFRange range, const void **values) {
  ocfs_array_get_values(theArray, range, values);
}
CF_INLINE CFIndex CFArrayGetCountOfValue(CFArrayRef theArray, CFRange range, const void *value) {
  return (CFIndex)ocfs_array_get_count_of_value(theArray, range, value);
}
CF_INLINE Boolean CFArrayContainsValue(CFArrayRef theArray, CFRange range, const void *value) {
  return (Boolean)ocfs_array_contains_value(theArray, range, value);
}
CF_INLINE CFIndex CFArrayGetFirstIndexOfValue(CFArrayRef theArray, CFRange range,
                                              const void *value) {
  return (CFIndex)ocfs_array_get_first_index_of_value(theArray, range, value);
}
CF_INLINE CFIndex CFArrayGetLastIndexOfValue(CFArrayRef theArray, CFRange range,
                                             const void *value) {
  return (CFIndex)ocfs_array_get_last_index_of_value(theArray, range, value);
}
CF_INLINE void CFArrayApplyFunction(CFArrayRef theArray, CFRange range,
                                    CFArrayApplierFunction applier, void *context) {
  ocfs_array_apply_function(theArray, range, applier, context);
}
CF_INLINE void CFArrayAppendValue(CFMutableArrayRef theArray, const void *value) {
  ocfs_array_append_value(theArray, value);
}
CF_INLINE void CFArrayInsertValueAtIndex(CFMutableArrayRef theArray, CFIndex idx,
                                         const void *value) {
  ocfs_array_insert_value_at_index(theArray, idx, value);
}
CF_INLINE void CFArraySetValueAtIndex(CFMutableArrayRef theArray, CFIndex idx, const void *value) {
  ocfs_array_set_value_at_index(theArray, idx, value);
}
CF_INLINE void CFArrayRemoveValueAtIndex(CFMutableArrayRef theArray, CFIndex idx) {
  ocfs_array_remove_value_at_index(theArray, idx);
}
CF_INLINE void CFArrayRemoveAllValues(CFMutableArrayRef theArray) {
  ocfs_array_remove_all_values(theArray);
}
CF_INLINE void CFArrayAppendArray(CFMutableArrayRef theArray, CFArrayRef otherArray,
                                  CFRange otherRange) {
  ocfs_array_append_array(theArray, otherArray, otherRange);
}
CF_INLINE void CFArrayExchangeValuesAtIndices(CFMutableArrayRef theArray, CFIndex idx1,
                                              CFIndex idx2) {
  ocfs_array_exchange_values_at_indices(theArray, idx1, idx2);
}
CF_INLINE void CFArraySortValues(CFMutableArrayRef theArray, CFRange range,
                                 CFComparatorFunction comparator, void *context) {
  /* In C++ CFComparisonResult is an enum over CFIndex: same representation, so the comparator is
   * called through the native (CFIndex-returning) type. */
  ocfs_array_sort_values(theArray, range, (ocfs_comparator_fn)comparator, context);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFARRAY_H */
