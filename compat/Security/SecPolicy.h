/* OpenCFStream compat: <Security/SecPolicy.h>. The two policies socket-stream code uses
 * (ocfs_policy_*): TLS (usage and host name) and basic X.509. Other policies, the policy
 * properties and the revocation policy are absent (docs/COMPAT.md, "Security objects"). */
#ifndef OCFS_COMPAT_SECPOLICY_H
#define OCFS_COMPAT_SECPOLICY_H

#include <Security/SecBase.h>

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID SecPolicyGetTypeID(void) {
  return (CFTypeID)ocfs_policy_get_type_id();
}
/* server TRUE: the certificate is a server's (serverAuth); FALSE: a client's (clientAuth).
 * hostname (or NULL): checked as OpenSSL's X509_check_host without partial wildcards; an IP
 * literal against IP subjectAltNames. */
CF_INLINE SecPolicyRef SecPolicyCreateSSL(Boolean server, CFStringRef hostname) {
  return ocfs_policy_create_ssl(server, hostname);
}
CF_INLINE SecPolicyRef SecPolicyCreateBasicX509(void) {
  return ocfs_policy_create_basic_x509();
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_SECPOLICY_H */
