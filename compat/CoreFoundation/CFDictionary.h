/* OpenCFStream compat: <CoreFoundation/CFDictionary.h>. Key/value collections; keys match by
 * CFEqual. */
#ifndef OCFS_COMPAT_CFDICTIONARY_H
#define OCFS_COMPAT_CFDICTIONARY_H

#include <CoreFoundation/CFBase.h>

typedef ocfs_dictionary_ref CFDictionaryRef;
typedef ocfs_mutable_dictionary_ref CFMutableDictionaryRef;

typedef const void *(*CFDictionaryRetainCallBack)(CFAllocatorRef allocator, const void *value);
typedef void (*CFDictionaryReleaseCallBack)(CFAllocatorRef allocator, const void *value);
typedef CFStringRef (*CFDictionaryCopyDescriptionCallBack)(const void *value);
typedef Boolean (*CFDictionaryEqualCallBack)(const void *value1, const void *value2);
typedef CFHashCode (*CFDictionaryHashCallBack)(const void *value);
typedef ocfs_dictionary_key_callbacks CFDictionaryKeyCallBacks;
typedef ocfs_dictionary_value_callbacks CFDictionaryValueCallBacks;
typedef void (*CFDictionaryApplierFunction)(const void *key, const void *value, void *context);

#define kCFTypeDictionaryKeyCallBacks (ocfs_type_dictionary_key_callbacks)
#define kCFCopyStringDictionaryKeyCallBacks (ocfs_copy_string_dictionary_key_callbacks)
#define kCFTypeDictionaryValueCallBacks (ocfs_type_dictionary_value_callbacks)

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID CFDictionaryGetTypeID(void) {
  return (CFTypeID)ocfs_dictionary_get_type_id();
}
CF_INLINE CFDictionaryRef CFDictionaryCreate(CFAllocatorRef allocator, const void **keys,
                                             const void **values, CFIndex numValues,
                                             const CFDictionaryKeyCallBacks *keyCallBacks,
                                             const CFDictionaryValueCallBacks *valueCallBacks) {
  return (CFDictionaryRef)ocfs_dictionary_create(allocator, keys, values, numValues, keyCallBacks,
                                                 valueCallBacks);
}
CF_INLINE CFDictionaryRef CFDictionaryCreateCopy(CFAllocatorRef allocator,
                                                 CFDictionaryRef theDict) {
  return (CFDictionaryRef)ocfs_dictionary_create_copy(allocator, theDict);
}
CF_INLINE CFMutableDictionaryRef CFDictionaryCreateMutable(
    CFAllocatorRef allocator, CFIndex capacity, const CFDictionaryKeyCallBacks *keyCallBacks,
    const CFDictionaryValueCallBacks *valueCallBacks) {
  return (CFMutableDictionaryRef)ocfs_dictionary_create_mutable(allocator, capacity, keyCallBacks,
                                                                valueCallBacks);
}
CF_INLINE CFMutableDictionaryRef CFDictionaryCreateMutableCopy(CFAllocatorRef allocator,
                                                               CFIndex capacity,
                                                               CFDictionaryRef theDict) {
  return (CFMutableDictionaryRef)ocfs_dictionary_create_mutable_copy(allocator, capacity, theDict);
}
CF_INLINE CFIndex CFDictionaryGetCount(CFDictionaryRef theDict) {
  return (CFIndex)ocfs_dictionary_get_count(theDict);
}
CF_INLINE CFIndex CFDictionaryGetCountOfKey(CFDictionaryRef theDict, const void *key) {
  return (CFIndex)ocfs_dictionary_get_count_of_key(theDict, key);
}
CF_INLINE CFIndex CFDictionaryGetCountOfValue(CFDictionaryRef theDict, const void *value) {
  return (CFIndex)ocfs_dictionary_get_count_of_value(theDict, value);
}
CF_INLINE Boolean CFDictionaryContainsKey(CFDictionaryRef theDict, const void *key) {
  return (Boolean)ocfs_dictionary_contains_key(theDict, key);
}
CF_INLINE Boolean CFDictionaryContainsValue(CFDictionaryRef theDict, const void *value) {
  return (Boolean)ocfs_dictionary_contains_value(theDict, value);
}
CF_INLINE const void *CFDictionaryGetValue(CFDictionaryRef theDict, const void *key) {
  return (const void *)ocfs_dictionary_get_value(theDict, key);
}
CF_INLINE Boolean CFDictionaryGetValueIfPresent(CFDictionaryRef theDict, const void *key,
                                                const void **value) {
  return (Boolean)ocfs_dictionary_get_value_if_present(theDict, key, value);
}
CF_INLINE void CFDictionaryGetKeysAndValues(CFDictionaryRef theDict, const void **keys,
                                            const void **values) {
  ocfs_dictionary_get_keys_and_values(theDict, keys, values);
}
CF_INLINE void CFDictionaryApplyFunction(CFDictionaryRef theDict,
                                         CFDictionaryApplierFunction applier, void *context) {
  ocfs_dictionary_apply_function(theDict, applier, context);
}
CF_INLINE void CFDictionaryAddValue(CFMutableDictionaryRef theDict, const void *key,
                                    const void *value) {
  ocfs_dictionary_add_value(theDict, key, value);
}
CF_INLINE void CFDictionaryReplaceValue(CFMutableDictionaryRef theDict, const void *key,
                                        const void *value) {
  ocfs_dictionary_replace_value(theDict, key, value);
}
CF_INLINE void CFDictionarySetValue(CFMutableDictionaryRef theDict, const void *key,
                                    const void *value) {
  ocfs_dictionary_set_value(theDict, key, value);
}
CF_INLINE void CFDictionaryRemoveValue(CFMutableDictionaryRef theDict, const void *key) {
  ocfs_dictionary_remove_value(theDict, key);
}
CF_INLINE void CFDictionaryRemoveAllValues(CFMutableDictionaryRef theDict) {
  ocfs_dictionary_remove_all_values(theDict);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFDICTIONARY_H */
