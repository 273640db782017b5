/* OpenCFStream compat: <Security/SecIdentity.h>. A certificate with its private key, from
 * SecPKCS12Import or the PEM/DER extensions below (ocfs_identity_*). SecIdentityCopyPrivateKey is
 * absent: there is no SecKey type (docs/COMPAT.md, "Security objects"). */
#ifndef OCFS_COMPAT_SECIDENTITY_H
#define OCFS_COMPAT_SECIDENTITY_H

#include <Security/SecBase.h>

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID SecIdentityGetTypeID(void) {
  return (CFTypeID)ocfs_identity_get_type_id();
}
CF_INLINE OSStatus SecIdentityCopyCertificate(SecIdentityRef identityRef,
                                              SecCertificateRef *certificateRef) {
  return (OSStatus)ocfs_identity_copy_certificate(identityRef, certificateRef);
}

/* Extension: an identity from a certificate file and an unencrypted private-key file (PEM or DER;
 * UTF-8 paths, possibly the same file). NULL and *error on failure: NSPOSIXErrorDomain when a
 * file cannot be read, NSOSStatusErrorDomain errSecDecode / errSecPublicKeyInconsistent /
 * errSecParam otherwise. With a PEM chain, the first certificate is the identity's:
 * OCFSSecCertificateCreateArrayWithData gives the rest. */
CF_INLINE SecIdentityRef OCFSSecIdentityCreateWithPEMFiles(CFAllocatorRef allocator,
                                                           CFStringRef certificatePath,
                                                           CFStringRef keyPath, CFErrorRef *error) {
  return ocfs_identity_create_with_pem_files(allocator, certificatePath, keyPath, error);
}
/* Extension: the same from certificate and key bytes in memory (each PEM or DER). */
CF_INLINE SecIdentityRef OCFSSecIdentityCreateWithData(CFAllocatorRef allocator,
                                                       CFDataRef certificateData,
                                                       CFDataRef privateKeyData,
                                                       CFErrorRef *error) {
  return ocfs_identity_create_with_data(allocator, certificateData, privateKeyData, error);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_SECIDENTITY_H */
