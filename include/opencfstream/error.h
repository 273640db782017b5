/* OpenCFStream: error objects (CFError). */
#ifndef OPENCFSTREAM_ERROR_H
#define OPENCFSTREAM_ERROR_H

#include "base.h"
#include "dictionary.h"

OCFS_EXTERN_C_BEGIN

typedef struct ocfs_error *ocfs_error_ref; /* CFErrorRef is a non-const pointer on Apple too */

/* Domains, with Apple's string values. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_domain_posix;     /* NSPOSIXErrorDomain */
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_domain_os_status; /* NSOSStatusErrorDomain */
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_domain_mach;      /* NSMachErrorDomain */
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_domain_cocoa;     /* NSCocoaErrorDomain */
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_domain_cfnetwork; /* kCFErrorDomainCFNetwork */
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_domain_winsock;   /* kCFErrorDomainWinSock */

/* userInfo keys. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_localized_description_key;
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_localized_failure_reason_key;
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_localized_recovery_suggestion_key;
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_localized_failure_key;
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_description_key;
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_underlying_error_key;
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_url_key;
OCFS_EXPORT extern const ocfs_string_ref ocfs_error_file_path_key;

OCFS_EXPORT ocfs_type_id ocfs_error_get_type_id(void);
/* NULL domain gives NULL. The userInfo dictionary is copied. */
OCFS_EXPORT ocfs_error_ref ocfs_error_create(ocfs_allocator_ref allocator, ocfs_string_ref domain,
                                             ocfs_index code, ocfs_dictionary_ref user_info);
OCFS_EXPORT ocfs_error_ref ocfs_error_create_with_user_info_keys_and_values(
    ocfs_allocator_ref allocator, ocfs_string_ref domain, ocfs_index code,
    const void *const *user_info_keys, const void *const *user_info_values,
    ocfs_index user_info_count);
OCFS_EXPORT ocfs_string_ref ocfs_error_get_domain(ocfs_error_ref error);
OCFS_EXPORT ocfs_index ocfs_error_get_code(ocfs_error_ref error);
/* Never NULL for an error: an empty dictionary when there is no userInfo. */
OCFS_EXPORT ocfs_dictionary_ref ocfs_error_copy_user_info(ocfs_error_ref error);
/* The localized description if present; else "The operation couldn’t be completed. (<domain> error
 * <code> - <reason>)" built from the description key or failure reason, as CFError does. */
OCFS_EXPORT ocfs_string_ref ocfs_error_copy_description(ocfs_error_ref error);
OCFS_EXPORT ocfs_string_ref ocfs_error_copy_failure_reason(ocfs_error_ref error);
OCFS_EXPORT ocfs_string_ref ocfs_error_copy_recovery_suggestion(ocfs_error_ref error);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_ERROR_H */
