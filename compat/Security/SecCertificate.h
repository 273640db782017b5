/* OpenCFStream compat: <Security/SecCertificate.h>. X.509 certificates made from DER data
 * (ocfs_certificate_*). Only the calls below exist; the property-dictionary, key, serial and
 * normalized-name calls are absent (docs/COMPAT.md, "Security objects"). */
#ifndef OCFS_COMPAT_SECCERTIFICATE_H
#define OCFS_COMPAT_SECCERTIFICATE_H

#include <Security/SecBase.h>

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID SecCertificateGetTypeID(void) {
  return (CFTypeID)ocfs_certificate_get_type_id();
}
/* NULL unless `data` is exactly one DER certificate. */
CF_INLINE SecCertificateRef SecCertificateCreateWithData(CFAllocatorRef allocator, CFDataRef data) {
  return ocfs_certificate_create_with_data(allocator, data);
}
CF_INLINE CFDataRef SecCertificateCopyData(SecCertificateRef certificate) {
  return (CFDataRef)ocfs_certificate_copy_data(certificate);
}
/* The common name, else the e-mail address, DNS name, organizational unit or organization. */
CF_INLINE CFStringRef SecCertificateCopySubjectSummary(SecCertificateRef certificate) {
  return (CFStringRef)ocfs_certificate_copy_subject_summary(certificate);
}
/* errSecInternal (and NULL) when the subject has no common name. */
CF_INLINE OSStatus SecCertificateCopyCommonName(SecCertificateRef certificate,
                                                CFStringRef *commonName) {
  return (OSStatus)ocfs_certificate_copy_common_name(certificate, commonName);
}

/* Extension: every certificate in PEM text (one or more blocks) or in one DER certificate, as a
 * CFArray of SecCertificateRef in file order; NULL and *error (NSOSStatusErrorDomain) if none. */
CF_INLINE CFArrayRef OCFSSecCertificateCreateArrayWithData(CFAllocatorRef allocator, CFDataRef data,
                                                           CFErrorRef *error) {
  return (CFArrayRef)ocfs_certificate_create_array_with_data(allocator, data, error);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_SECCERTIFICATE_H */
