// Apple-style Security code compiled against the compat headers (<Security/Security.h>): the
// pinning pattern of S6 (SecTrustCreateWithCertificates + SecPolicyCreateSSL +
// SecTrustSetAnchorCertificates + SecTrustEvaluateWithError, then the chain compared with a
// pinned DER), the legacy SecTrustEvaluate form, and a client identity from SecPKCS12Import
// turned into a kCFStreamSSLCertificates array. No ocfs_ name in the Apple-style code below.
#include <CoreFoundation/CoreFoundation.h>
#include <Security/Security.h>

#include <gtest/gtest.h>

#include <type_traits>
#include <vector>

#include "tls/test_certificates.hpp"

static_assert(errSecSuccess == 0 && errSecParam == -50 && errSecDecode == -26275 &&
                  errSecAuthFailed == -25293,
              "errSec codes");
static_assert(errSecCertificateExpired == -67818 && errSecHostNameMismatch == -67602 &&
                  errSecNotTrusted == -67843,
              "trust codes");
static_assert(kSecTrustResultProceed == 1 && kSecTrustResultUnspecified == 4 &&
                  kSecTrustResultRecoverableTrustFailure == 5 &&
                  kSecTrustResultFatalTrustFailure == 6,
              "SecTrustResultType values");
static_assert(std::is_enum<SecTrustResultType>::value, "SecTrustResultType is an enum in C++");
static_assert(std::is_same<std::underlying_type<SecTrustResultType>::type, uint32_t>::value,
              "SecTrustResultType has uint32_t underneath");
static_assert(errSSLXCertChainInvalid == -9807, "SecureTransport's codes come along");

extern "C" int ocfs_security_compat_c_check(const UInt8 *leaf, CFIndex leaf_length,
                                            const UInt8 *root, CFIndex root_length);

namespace {

using ocfs_test::tls::KeyAndCert;
using ocfs_test::tls::TestPki;

CFDataRef CreateData(const std::vector<uint8_t> &bytes) {
  return CFDataCreate(kCFAllocatorDefault, bytes.data(), (CFIndex)bytes.size());
}

// The trust a stream hands out as kCFStreamPropertySSLPeerTrust: the server's chain with the
// SSL policy for the name it connected to.
SecTrustRef CreateServerTrust(const KeyAndCert &leaf, CFStringRef host) {
  CFDataRef der = CreateData(leaf.der_cert());
  SecCertificateRef certificate = SecCertificateCreateWithData(NULL, der);
  CFRelease(der);
  const void *values[] = {certificate};
  CFArrayRef certificates = CFArrayCreate(NULL, values, 1, &kCFTypeArrayCallBacks);
  CFRelease(certificate);
  SecPolicyRef policy = SecPolicyCreateSSL(true, host);
  SecTrustRef trust = NULL;
  OSStatus status = SecTrustCreateWithCertificates(certificates, policy, &trust);
  CFRelease(policy);
  CFRelease(certificates);
  return status == errSecSuccess ? trust : NULL;
}

// The pinning routine of a SocketRocket-style port: trust only the pinned root, for `host`, and
// find the pinned certificate in the evaluated chain.
bool ShouldTrustServer(SecTrustRef serverTrust, CFStringRef host, CFDataRef pinnedRoot,
                       CFErrorRef *outError) {
  SecPolicyRef policy = SecPolicyCreateSSL(true, host);
  SecTrustSetPolicies(serverTrust, policy);
  CFRelease(policy);
  SecCertificateRef pinned = SecCertificateCreateWithData(NULL, pinnedRoot);
  if (pinned == NULL) return false;
  const void *anchorValues[] = {pinned};
  CFArrayRef anchors = CFArrayCreate(NULL, anchorValues, 1, &kCFTypeArrayCallBacks);
  SecTrustSetAnchorCertificates(serverTrust, anchors);
  SecTrustSetAnchorCertificatesOnly(serverTrust, true);
  CFRelease(anchors);
  CFRelease(pinned);
  if (!SecTrustEvaluateWithError(serverTrust, outError)) return false;
  bool found = false;
  for (CFIndex i = 0; i < SecTrustGetCertificateCount(serverTrust); i++) {
    SecCertificateRef certificate = SecTrustGetCertificateAtIndex(serverTrust, i);
    CFDataRef der = SecCertificateCopyData(certificate);
    if (CFEqual(der, pinnedRoot)) found = true;
    CFRelease(der);
  }
  return found;
}

class CompatSecurityTest : public ::testing::Test {
 protected:
  TestPki pki;
  KeyAndCert server = pki.good("localhost");
};

TEST_F(CompatSecurityTest, PinnedRootAndRightHostIsTrusted) {
  SecTrustRef trust = CreateServerTrust(server, CFSTR("localhost"));
  ASSERT_NE(trust, nullptr);
  CFDataRef pinned = CreateData(pki.ca().der_cert());
  CFErrorRef error = NULL;
  EXPECT_TRUE(ShouldTrustServer(trust, CFSTR("localhost"), pinned, &error));
  EXPECT_EQ(error, nullptr);
  // The leaf is the first certificate, byte for byte (S6).
  CFDataRef leaf = SecCertificateCopyData(SecTrustGetCertificateAtIndex(trust, 0));
  CFDataRef expected = CreateData(server.der_cert());
  EXPECT_TRUE(CFEqual(leaf, expected));
  CFRelease(expected);
  CFRelease(leaf);
  CFRelease(pinned);
  CFRelease(trust);
}

TEST_F(CompatSecurityTest, WrongHostOrOtherRootIsRefusedWithApplesCodes) {
  SecTrustRef trust = CreateServerTrust(server, CFSTR("localhost"));
  CFDataRef pinned = CreateData(pki.ca().der_cert());
  CFErrorRef error = NULL;
  EXPECT_FALSE(ShouldTrustServer(trust, CFSTR("evil.test"), pinned, &error));
  ASSERT_NE(error, nullptr);
  EXPECT_TRUE(CFEqual(CFErrorGetDomain(error), kCFErrorDomainOSStatus));
  EXPECT_EQ(CFErrorGetCode(error), errSecHostNameMismatch);
  CFRelease(error);
  error = NULL;

  TestPki other("Other CA");
  CFDataRef otherRoot = CreateData(other.ca().der_cert());
  EXPECT_FALSE(ShouldTrustServer(trust, CFSTR("localhost"), otherRoot, &error));
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(CFErrorGetCode(error), errSecNotTrusted);
  CFRelease(error);
  CFRelease(otherRoot);
  CFRelease(pinned);
  CFRelease(trust);
}

TEST_F(CompatSecurityTest, LegacyEvaluateStyle) {
  TestPki old_pki("Old CA", -10 * 86400, 10 * 86400);  // valid when the expired leaf was
  SecTrustRef trust = CreateServerTrust(old_pki.expired(), CFSTR("localhost"));
  CFDataRef root = CreateData(old_pki.ca().der_cert());
  SecCertificateRef anchor = SecCertificateCreateWithData(kCFAllocatorDefault, root);
  CFArrayRef anchors = CFArrayCreate(NULL, (const void **)&anchor, 1, &kCFTypeArrayCallBacks);
  SecTrustSetAnchorCertificates(trust, anchors);
  SecTrustResultType result = kSecTrustResultInvalid;
  ASSERT_EQ(SecTrustEvaluate(trust, &result), errSecSuccess);
  bool trusted = result == kSecTrustResultUnspecified || result == kSecTrustResultProceed;
  EXPECT_FALSE(trusted);
  EXPECT_EQ(result, kSecTrustResultRecoverableTrustFailure);
  SecTrustResultType again = kSecTrustResultInvalid;
  EXPECT_EQ(SecTrustGetTrustResult(trust, &again), errSecSuccess);
  EXPECT_EQ(again, result);
  CFErrorRef error = NULL;
  EXPECT_FALSE(SecTrustEvaluateWithError(trust, &error));
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(CFErrorGetCode(error), errSecCertificateExpired);
  CFRelease(error);
  // Evaluated as of a day and a half ago, the certificate was valid.
  EXPECT_EQ(OCFSSecTrustSetVerifyTime(trust, CFAbsoluteTimeGetCurrent() - 1.5 * 86400),
            errSecSuccess);
  EXPECT_TRUE(SecTrustEvaluateWithError(trust, NULL));
  CFRelease(anchors);
  CFRelease(anchor);
  CFRelease(root);
  CFRelease(trust);
}

TEST_F(CompatSecurityTest, ClientIdentityFromPkcs12) {
  KeyAndCert client = pki.client("mobile user");
  std::vector<uint8_t> bytes = client.pkcs12("1234", &pki.ca(), "Mobile User");
  CFDataRef p12 = CreateData(bytes);
  const void *keys[] = {kSecImportExportPassphrase};
  const void *values[] = {CFSTR("1234")};
  CFDictionaryRef options = CFDictionaryCreate(
      NULL, keys, values, 1, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
  CFArrayRef items = NULL;
  ASSERT_EQ(SecPKCS12Import(p12, options, &items), errSecSuccess);
  ASSERT_EQ(CFArrayGetCount(items), 1);
  CFDictionaryRef item = (CFDictionaryRef)CFArrayGetValueAtIndex(items, 0);
  SecIdentityRef identity = (SecIdentityRef)CFDictionaryGetValue(item, kSecImportItemIdentity);
  CFArrayRef chain = (CFArrayRef)CFDictionaryGetValue(item, kSecImportItemCertChain);
  SecTrustRef trust = (SecTrustRef)CFDictionaryGetValue(item, kSecImportItemTrust);
  CFStringRef label = (CFStringRef)CFDictionaryGetValue(item, kSecImportItemLabel);
  ASSERT_EQ(CFGetTypeID(identity), SecIdentityGetTypeID());
  EXPECT_EQ(CFGetTypeID(trust), SecTrustGetTypeID());
  EXPECT_TRUE(CFEqual(label, CFSTR("Mobile User")));
  EXPECT_TRUE(CFEqual(kSecImportItemIdentity, CFSTR("identity")));

  SecCertificateRef certificate = NULL;
  ASSERT_EQ(SecIdentityCopyCertificate(identity, &certificate), errSecSuccess);
  EXPECT_EQ(CFGetTypeID(certificate), SecCertificateGetTypeID());
  CFStringRef summary = SecCertificateCopySubjectSummary(certificate);
  EXPECT_TRUE(CFEqual(summary, CFSTR("mobile user")));
  CFStringRef commonName = NULL;
  EXPECT_EQ(SecCertificateCopyCommonName(certificate, &commonName), errSecSuccess);
  EXPECT_TRUE(CFEqual(commonName, CFSTR("mobile user")));

  // kCFStreamSSLCertificates: the identity, then the rest of its chain.
  CFMutableArrayRef certificates = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
  CFArrayAppendValue(certificates, identity);
  for (CFIndex i = 1; i < CFArrayGetCount(chain); i++)
    CFArrayAppendValue(certificates, CFArrayGetValueAtIndex(chain, i));
  EXPECT_EQ(CFArrayGetCount(certificates), 2);

  CFArrayRef none = NULL;
  const void *wrongValues[] = {CFSTR("4321")};
  CFDictionaryRef wrong = CFDictionaryCreate(
      NULL, keys, wrongValues, 1, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
  EXPECT_EQ(SecPKCS12Import(p12, wrong, &none), errSecAuthFailed);
  EXPECT_EQ(none, nullptr);

  CFRelease(wrong);
  CFRelease(certificates);
  CFRelease(commonName);
  CFRelease(summary);
  CFRelease(certificate);
  CFRelease(items);
  CFRelease(options);
  CFRelease(p12);
}

TEST_F(CompatSecurityTest, IdentityFromPemExtension) {
  std::string pemCertificate = server.pem_cert();
  std::string pemKey = server.pem_key();
  CFDataRef certificateData =
      CFDataCreate(NULL, (const UInt8 *)pemCertificate.data(), (CFIndex)pemCertificate.size());
  CFDataRef keyData = CFDataCreate(NULL, (const UInt8 *)pemKey.data(), (CFIndex)pemKey.size());
  CFErrorRef error = NULL;
  SecIdentityRef identity = OCFSSecIdentityCreateWithData(NULL, certificateData, keyData, &error);
  ASSERT_NE(identity, nullptr);
  EXPECT_EQ(error, nullptr);
  EXPECT_EQ(CFGetTypeID(identity), SecIdentityGetTypeID());
  CFArrayRef parsed = OCFSSecCertificateCreateArrayWithData(NULL, certificateData, &error);
  ASSERT_NE(parsed, nullptr);
  EXPECT_EQ(CFArrayGetCount(parsed), 1);
  CFRelease(parsed);
  CFRelease(identity);
  CFRelease(keyData);
  CFRelease(certificateData);
}

TEST_F(CompatSecurityTest, PlainCAgainstTheSameHeaders) {
  std::vector<uint8_t> leaf = server.der_cert();
  std::vector<uint8_t> root = pki.ca().der_cert();
  EXPECT_EQ(ocfs_security_compat_c_check(leaf.data(), (CFIndex)leaf.size(), root.data(),
                                         (CFIndex)root.size()),
            0);
}

}  // namespace
