/* OpenCFStream compat: <Security/SecTrust.h>. Trust evaluation with OpenSSL's X509_verify_cert
 * against the system's roots and custom anchors (ocfs_trust_*). Asynchronous evaluation, public
 * keys (no SecKey), exceptions, CFDate-based calls and network fetching are absent
 * (docs/COMPAT.md, "Security objects"). */
#ifndef OCFS_COMPAT_SECTRUST_H
#define OCFS_COMPAT_SECTRUST_H

#include <Security/SecBase.h>

typedef CF_ENUM(uint32_t, SecTrustResultType) {
  kSecTrustResultInvalid = 0,
  kSecTrustResultProceed = 1,
  kSecTrustResultConfirm = 2,
  kSecTrustResultDeny = 3,
  kSecTrustResultUnspecified = 4,
  kSecTrustResultRecoverableTrustFailure = 5,
  kSecTrustResultFatalTrustFailure = 6,
  kSecTrustResultOtherError = 7,
};

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID SecTrustGetTypeID(void) {
  return (CFTypeID)ocfs_trust_get_type_id();
}
/* certificates: a SecCertificateRef or a CFArray of them, leaf first. policies: a SecPolicyRef, a
 * CFArray of them, or NULL (basic X.509). */
CF_INLINE OSStatus SecTrustCreateWithCertificates(CFTypeRef certificates, CFTypeRef policies,
                                                  SecTrustRef *trust) {
  return (OSStatus)ocfs_trust_create_with_certificates(certificates, policies, trust);
}
CF_INLINE OSStatus SecTrustSetPolicies(SecTrustRef trust, CFTypeRef policies) {
  return (OSStatus)ocfs_trust_set_policies(trust, policies);
}
CF_INLINE OSStatus SecTrustCopyPolicies(SecTrustRef trust, CFArrayRef *policies) {
  return (OSStatus)ocfs_trust_copy_policies(trust, policies);
}
/* After this call only these anchors are trusted, until SecTrustSetAnchorCertificatesOnly(trust,
 * false) adds the system's roots back; NULL restores the system's roots. */
CF_INLINE OSStatus SecTrustSetAnchorCertificates(SecTrustRef trust, CFArrayRef anchorCertificates) {
  return (OSStatus)ocfs_trust_set_anchor_certificates(trust, anchorCertificates);
}
CF_INLINE OSStatus SecTrustSetAnchorCertificatesOnly(SecTrustRef trust,
                                                     Boolean anchorCertificatesOnly) {
  return (OSStatus)ocfs_trust_set_anchor_certificates_only(trust, anchorCertificatesOnly);
}
CF_INLINE OSStatus SecTrustCopyCustomAnchorCertificates(SecTrustRef trust, CFArrayRef *anchors) {
  return (OSStatus)ocfs_trust_copy_custom_anchor_certificates(trust, anchors);
}
/* The evaluated chain (evaluating first if needed), leaf first. */
CF_INLINE CFIndex SecTrustGetCertificateCount(SecTrustRef trust) {
  return (CFIndex)ocfs_trust_get_certificate_count(trust);
}
CF_INLINE SecCertificateRef SecTrustGetCertificateAtIndex(SecTrustRef trust, CFIndex ix) {
  return ocfs_trust_get_certificate_at_index(trust, ix);
}
CF_INLINE CFArrayRef SecTrustCopyCertificateChain(SecTrustRef trust) {
  return (CFArrayRef)ocfs_trust_copy_certificate_chain(trust);
}
/* true when trusted; else false and *error: NSOSStatusErrorDomain, errSecNotTrusted,
 * errSecHostNameMismatch, errSecCertificateExpired (also for not yet valid, as Apple),
 * errSecCertificateRevoked, errSecInvalidExtendedKeyUsage or errSecPathLengthConstraintExceeded,
 * with OpenSSL's reason as the failure reason. */
CF_INLINE bool SecTrustEvaluateWithError(SecTrustRef trust, CFErrorRef *error) {
  return ocfs_trust_evaluate_with_error(trust, error) != 0;
}
CF_INLINE OSStatus SecTrustEvaluate(SecTrustRef trust, SecTrustResultType *result) {
  uint32_t value = 0;
  OSStatus status = (OSStatus)ocfs_trust_evaluate(trust, result != NULL ? &value : NULL);
  if (result != NULL) *result = (SecTrustResultType)value;
  return status;
}
CF_INLINE OSStatus SecTrustGetTrustResult(SecTrustRef trust, SecTrustResultType *result) {
  uint32_t value = 0;
  OSStatus status = (OSStatus)ocfs_trust_get_trust_result(trust, result != NULL ? &value : NULL);
  if (result != NULL) *result = (SecTrustResultType)value;
  return status;
}

/* Extension, in place of SecTrustSetVerifyDate (there is no CFDate): the time of validity
 * checks, as a CFAbsoluteTime. */
CF_INLINE OSStatus OCFSSecTrustSetVerifyTime(SecTrustRef trust, CFAbsoluteTime verifyTime) {
  return (OSStatus)ocfs_trust_set_verify_time(trust, verifyTime);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_SECTRUST_H */
