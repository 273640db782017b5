/* OpenCFStream compat: <CoreFoundation/CFError.h>. Error objects. */
#ifndef OCFS_COMPAT_CFERROR_H
#define OCFS_COMPAT_CFERROR_H

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFDictionary.h>

typedef ocfs_error_ref CFErrorRef;
typedef CFStringRef CFErrorDomain;

#define kCFErrorDomainPOSIX (ocfs_error_domain_posix)
#define kCFErrorDomainOSStatus (ocfs_error_domain_os_status)
#define kCFErrorDomainMach (ocfs_error_domain_mach)
#define kCFErrorDomainCocoa (ocfs_error_domain_cocoa)
#define kCFErrorLocalizedDescriptionKey (ocfs_error_localized_description_key)
#define kCFErrorLocalizedFailureKey (ocfs_error_localized_failure_key)
#define kCFErrorLocalizedFailureReasonKey (ocfs_error_localized_failure_reason_key)
#define kCFErrorLocalizedRecoverySuggestionKey (ocfs_error_localized_recovery_suggestion_key)
#define kCFErrorDescriptionKey (ocfs_error_description_key)
#define kCFErrorUnderlyingErrorKey (ocfs_error_underlying_error_key)
#define kCFErrorURLKey (ocfs_error_url_key)
#define kCFErrorFilePathKey (ocfs_error_file_path_key)

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID CFErrorGetTypeID(void) {
  return (CFTypeID)ocfs_error_get_type_id();
}
CF_INLINE CFErrorRef CFErrorCreate(CFAllocatorRef allocator, CFErrorDomain domain, CFIndex code,
                                   CFDictionaryRef userInfo) {
  return (CFErrorRef)ocfs_error_create(allocator, domain, code, userInfo);
}
CF_INLINE CFErrorRef CFErrorCreateWithUserInfoKeysAndValues(CFAllocatorRef allocator,
                                                            CFErrorDomain domain, CFIndex code,
                                                            const void *const *userInfoKeys,
                                                            const void *const *userInfoValues,
                                                            CFIndex numUserInfoValues) {
  return (CFErrorRef)ocfs_error_create_with_user_info_keys_and_values(
      allocator, domain, code, userInfoKeys, userInfoValues, numUserInfoValues);
}
CF_INLINE CFErrorDomain CFErrorGetDomain(CFErrorRef err) {
  return (CFErrorDomain)ocfs_error_get_domain(err);
}
CF_INLINE CFIndex CFErrorGetCode(CFErrorRef err) {
  return (CFIndex)ocfs_error_get_code(err);
}
CF_INLINE CFDictionaryRef CFErrorCopyUserInfo(CFErrorRef err) {
  return (CFDictionaryRef)ocfs_error_copy_user_info(err);
}
CF_INLINE CFStringRef CFErrorCopyDescription(CFErrorRef err) {
  return (CFStringRef)ocfs_error_copy_description(err);
}
CF_INLINE CFStringRef CFErrorCopyFailureReason(CFErrorRef err) {
  return (CFStringRef)ocfs_error_copy_failure_reason(err);
}
CF_INLINE CFStringRef CFErrorCopyRecoverySuggestion(CFErrorRef err) {
  return (CFStringRef)ocfs_error_copy_recovery_suggestion(err);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFERROR_H */
