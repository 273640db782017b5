/* OpenCFStream compat: <Security/SecBase.h>. The Security object types (CF types over the native
 * ocfs_certificate / ocfs_identity / ocfs_policy / ocfs_trust objects) and the errSec status codes
 * with Apple's values. SecKeyRef, keychains and access control are absent (docs/COMPAT.md,
 * "Security objects"). */
#ifndef OCFS_COMPAT_SECBASE_H
#define OCFS_COMPAT_SECBASE_H

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFArray.h>
#include <CoreFoundation/CFData.h>
#include <CoreFoundation/CFDictionary.h>
#include <CoreFoundation/CFError.h>

typedef ocfs_certificate_ref SecCertificateRef;
typedef ocfs_identity_ref SecIdentityRef;
typedef ocfs_policy_ref SecPolicyRef;
typedef ocfs_trust_ref SecTrustRef;

/* Apple's values (SecBase.h). The ones OpenCFStream returns are listed in docs/COMPAT.md; the
 * others exist so that Apple code comparing against them compiles. */
enum {
  errSecSuccess = 0,
  errSecUnimplemented = -4,
  errSecDiskFull = -34,
  errSecIO = -36,
  errSecParam = -50,
  errSecWrPerm = -61,
  errSecAllocate = -108,
  errSecUserCanceled = -128,
  errSecBadReq = -909,
  errSecInternalComponent = -2070,
  errSecCoreFoundationUnknown = -4960,
  errSecNotAvailable = -25291,
  errSecReadOnly = -25292,
  errSecAuthFailed = -25293,
  errSecNoSuchKeychain = -25294,
  errSecInvalidKeychain = -25295,
  errSecDuplicateKeychain = -25296,
  errSecDuplicateCallback = -25297,
  errSecInvalidCallback = -25298,
  errSecDuplicateItem = -25299,
  errSecItemNotFound = -25300,
  errSecBufferTooSmall = -25301,
  errSecDataTooLarge = -25302,
  errSecNoSuchAttr = -25303,
  errSecInvalidItemRef = -25304,
  errSecInvalidSearchRef = -25305,
  errSecNoSuchClass = -25306,
  errSecNoDefaultKeychain = -25307,
  errSecInteractionNotAllowed = -25308,
  errSecReadOnlyAttr = -25309,
  errSecWrongSecVersion = -25310,
  errSecKeySizeNotAllowed = -25311,
  errSecNoStorageModule = -25312,
  errSecNoCertificateModule = -25313,
  errSecNoPolicyModule = -25314,
  errSecInteractionRequired = -25315,
  errSecDataNotAvailable = -25316,
  errSecDataNotModifiable = -25317,
  errSecCreateChainFailed = -25318,
  errSecACLNotSimple = -25240,
  errSecPolicyNotFound = -25241,
  errSecInvalidTrustSetting = -25242,
  errSecNoAccessForItem = -25243,
  errSecInvalidOwnerEdit = -25244,
  errSecTrustNotAvailable = -25245,
  errSecUnsupportedFormat = -25256,
  errSecUnknownFormat = -25257,
  errSecKeyIsSensitive = -25258,
  errSecMultiplePrivKeys = -25259,
  errSecPassphraseRequired = -25260,
  errSecInvalidPasswordRef = -25261,
  errSecInvalidTrustSettings = -25262,
  errSecNoTrustSettings = -25263,
  errSecPkcs12VerifyFailure = -25264,
  errSecNotSigner = -26267,
  errSecDecode = -26275,
  errSecInternal = -26276,
  errSecHostNameMismatch = -67602,
  errSecUnknownCriticalExtensionFlag = -67603,
  errSecNoBasicConstraints = -67604,
  errSecNoBasicConstraintsCA = -67605,
  errSecInvalidAuthorityKeyID = -67606,
  errSecInvalidSubjectKeyID = -67607,
  errSecInvalidKeyUsageForPolicy = -67608,
  errSecInvalidExtendedKeyUsage = -67609,
  errSecInvalidIDLinkage = -67610,
  errSecPathLengthConstraintExceeded = -67611,
  errSecInvalidRoot = -67612,
  errSecUnknownCertExtension = -67618,
  errSecSSLBadExtendedKeyUsage = -67629,
  errSecTrustSettingDeny = -67654,
  errSecInvalidSubjectName = -67655,
  errSecInternalError = -67671,
  errSecInvalidData = -67673,
  errSecVerificationFailure = -67686,
  errSecInvalidSignature = -67688,
  errSecInvalidName = -67689,
  errSecInvalidCertificateRef = -67690,
  errSecInvalidCertificateGroup = -67691,
  errSecKeyUsageIncorrect = -67731,
  errSecPublicKeyInconsistent = -67811,
  errSecCertificateCannotOperate = -67817,
  errSecCertificateExpired = -67818,
  errSecCertificateNotValidYet = -67819,
  errSecCertificateRevoked = -67820,
  errSecNotTrusted = -67843
};

#endif /* OCFS_COMPAT_SECBASE_H */
