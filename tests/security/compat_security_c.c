/* The Security compat headers in plain C11: Apple-style manual trust evaluation, called from
 * compat_security_test.cpp. Uses Apple names only. Returns 0, or the number of the first failed
 * step. */
#include <CoreFoundation/CoreFoundation.h>
#include <Security/Security.h>

_Static_assert(errSecSuccess == 0 && errSecParam == -50 && errSecDecode == -26275 &&
                   errSecAuthFailed == -25293,
               "errSec codes");
_Static_assert(errSecCertificateExpired == -67818 && errSecHostNameMismatch == -67602 &&
                   errSecNotTrusted == -67843,
               "trust codes");
_Static_assert(kSecTrustResultInvalid == 0 && kSecTrustResultProceed == 1 &&
                   kSecTrustResultDeny == 3 && kSecTrustResultUnspecified == 4 &&
                   kSecTrustResultRecoverableTrustFailure == 5 &&
                   kSecTrustResultFatalTrustFailure == 6 && kSecTrustResultOtherError == 7,
               "SecTrustResultType");
_Static_assert(sizeof(SecTrustResultType) == 4, "SecTrustResultType is uint32_t");

int ocfs_security_compat_c_check(const UInt8 *leaf, CFIndex leaf_length, const UInt8 *root,
                                 CFIndex root_length);

int ocfs_security_compat_c_check(const UInt8 *leaf, CFIndex leaf_length, const UInt8 *root,
                                 CFIndex root_length) {
  int failed = 0;
  CFDataRef leafData = CFDataCreate(kCFAllocatorDefault, leaf, leaf_length);
  CFDataRef rootData = CFDataCreate(kCFAllocatorDefault, root, root_length);
  SecCertificateRef leafCertificate = SecCertificateCreateWithData(NULL, leafData);
  SecCertificateRef rootCertificate = SecCertificateCreateWithData(NULL, rootData);
  SecPolicyRef policy = SecPolicyCreateSSL(true, CFSTR("localhost"));
  SecTrustRef trust = NULL;
  CFArrayRef anchors = NULL;
  SecTrustResultType result = kSecTrustResultInvalid;
  CFErrorRef error = NULL;
  if (leafCertificate == NULL || rootCertificate == NULL || policy == NULL) failed = 1;
  if (!failed && SecTrustCreateWithCertificates(leafCertificate, policy, &trust) != errSecSuccess)
    failed = 2;
  if (!failed) {
    const void *values[1];
    values[0] = rootCertificate;
    anchors = CFArrayCreate(NULL, values, 1, &kCFTypeArrayCallBacks);
    if (SecTrustSetAnchorCertificates(trust, anchors) != errSecSuccess) failed = 3;
  }
  if (!failed && (SecTrustEvaluate(trust, &result) != errSecSuccess ||
                  (result != kSecTrustResultUnspecified && result != kSecTrustResultProceed)))
    failed = 4;
  if (!failed && (SecTrustGetCertificateCount(trust) != 2 ||
                  !CFEqual(SecTrustGetCertificateAtIndex(trust, 1), rootCertificate)))
    failed = 5;
  if (!failed) {
    SecPolicyRef other = SecPolicyCreateSSL(true, CFSTR("other.test"));
    SecTrustSetPolicies(trust, other);
    CFRelease(other);
    if (SecTrustEvaluateWithError(trust, &error) || error == NULL ||
        CFErrorGetCode(error) != errSecHostNameMismatch ||
        !CFEqual(CFErrorGetDomain(error), kCFErrorDomainOSStatus))
      failed = 6;
  }
  if (error != NULL) CFRelease(error);
  if (anchors != NULL) CFRelease(anchors);
  if (trust != NULL) CFRelease(trust);
  if (policy != NULL) CFRelease(policy);
  if (rootCertificate != NULL) CFRelease(rootCertificate);
  if (leafCertificate != NULL) CFRelease(leafCertificate);
  CFRelease(rootData);
  CFRelease(leafData);
  return failed;
}
