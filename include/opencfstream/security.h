/* OpenCFStream: the part of Apple's Security framework that socket-stream code touches, over
 * OpenSSL 3: certificates (SecCertificate), identities (SecIdentity: a certificate and its private
 * key), trust policies (SecPolicy), trust evaluation (SecTrust) and PKCS#12 import
 * (SecPKCS12Import). Every object is a CF type: retain/release, equal, hash and copy_description
 * work on it, and each has its own type id.
 *
 * Status results are OSStatus values with Apple's numbers (OCFS_SEC_*). Ownership follows the CF
 * rules of base.h; an out-parameter is set to NULL first and receives a +1 reference on success.
 *
 * What is not here (SecKey, keychains, CFDate-based calls): docs/COMPAT.md, "Security objects". */
#ifndef OPENCFSTREAM_SECURITY_H
#define OPENCFSTREAM_SECURITY_H

#include "base.h"
#include "array.h"
#include "data.h"
#include "dictionary.h"
#include "error.h"

OCFS_EXTERN_C_BEGIN

typedef struct ocfs_certificate *ocfs_certificate_ref; /* SecCertificateRef */
typedef struct ocfs_identity *ocfs_identity_ref;       /* SecIdentityRef */
typedef struct ocfs_policy *ocfs_policy_ref;           /* SecPolicyRef */
typedef struct ocfs_trust *ocfs_trust_ref;             /* SecTrustRef */

/* Security framework status codes (OSStatus) the library returns, Apple's values (the compat
 * header Security/SecBase.h has more of Apple's list). */
enum {
  OCFS_SEC_SUCCESS = 0,
  OCFS_SEC_PARAM = -50,
  OCFS_SEC_ALLOCATE = -108,
  OCFS_SEC_AUTH_FAILED = -25293, /* wrong PKCS#12 passphrase */
  OCFS_SEC_DECODE = -26275,      /* data that cannot be decoded */
  OCFS_SEC_INTERNAL = -26276,
  OCFS_SEC_HOST_NAME_MISMATCH = -67602,
  OCFS_SEC_INVALID_EXTENDED_KEY_USAGE = -67609,
  OCFS_SEC_PATH_LENGTH_CONSTRAINT_EXCEEDED = -67611,
  OCFS_SEC_PUBLIC_KEY_INCONSISTENT = -67811,
  OCFS_SEC_CERTIFICATE_EXPIRED = -67818, /* also "not yet valid", as Apple's trust evaluation */
  OCFS_SEC_CERTIFICATE_NOT_VALID_YET = -67819, /* not reported (see above); Apple's value */
  OCFS_SEC_CERTIFICATE_REVOKED = -67820,
  OCFS_SEC_NOT_TRUSTED = -67843
};

/* SecTrustResultType values. Proceed and Unspecified mean trusted (evaluations here give
 * Unspecified: there are no user trust settings to say Proceed). */
enum {
  OCFS_TRUST_RESULT_INVALID = 0,
  OCFS_TRUST_RESULT_PROCEED = 1,
  OCFS_TRUST_RESULT_CONFIRM = 2,
  OCFS_TRUST_RESULT_DENY = 3,
  OCFS_TRUST_RESULT_UNSPECIFIED = 4,
  OCFS_TRUST_RESULT_RECOVERABLE_TRUST_FAILURE = 5,
  OCFS_TRUST_RESULT_FATAL_TRUST_FAILURE = 6,
  OCFS_TRUST_RESULT_OTHER_ERROR = 7
};

/* ---- Certificates (SecCertificate) ------------------------------------------------------------
 * An X.509 certificate, kept as its DER bytes. Equal certificates have the same DER. */

OCFS_EXPORT ocfs_type_id ocfs_certificate_get_type_id(void);
/* From one DER certificate; NULL for NULL, a non-CFData, bytes that are not exactly one DER
 * certificate (trailing bytes included) or PEM text. */
OCFS_EXPORT ocfs_certificate_ref ocfs_certificate_create_with_data(ocfs_allocator_ref allocator,
                                                                   ocfs_data_ref der);
/* The DER bytes, +1. */
OCFS_EXPORT ocfs_data_ref ocfs_certificate_copy_data(ocfs_certificate_ref certificate);
/* A short human-readable name, +1: the subject's (last) common name, else its first e-mail
 * address, else its first DNS name, else its organizational unit or organization, else the whole
 * subject in RFC 2253 form. NULL only for a non-certificate. */
OCFS_EXPORT ocfs_string_ref ocfs_certificate_copy_subject_summary(ocfs_certificate_ref certificate);
/* The subject's (last, most specific) common name in *common_name. OCFS_SEC_PARAM for a NULL
 * argument or a non-certificate; OCFS_SEC_INTERNAL when the subject has no common name (as
 * Apple), with *common_name NULL. */
OCFS_EXPORT int32_t ocfs_certificate_copy_common_name(ocfs_certificate_ref certificate,
                                                      ocfs_string_ref *common_name);
/* Extension: every certificate in `data` (PEM text with one or more CERTIFICATE blocks, or one
 * DER certificate) as a CFArray of certificates in file order, +1. NULL with *error (may be
 * NULL; NSOSStatusErrorDomain, OCFS_SEC_DECODE or OCFS_SEC_PARAM) when there is none. */
OCFS_EXPORT ocfs_array_ref ocfs_certificate_create_array_with_data(ocfs_allocator_ref allocator,
                                                                   ocfs_data_ref data,
                                                                   ocfs_error_ref *error);

/* ---- Identities (SecIdentity) -----------------------------------------------------------------
 * A certificate and its private key. The key itself is not exposed (there is no SecKey type). */

OCFS_EXPORT ocfs_type_id ocfs_identity_get_type_id(void);
/* The certificate, +1. OCFS_SEC_PARAM for NULL arguments or a non-identity. */
OCFS_EXPORT int32_t ocfs_identity_copy_certificate(ocfs_identity_ref identity,
                                                   ocfs_certificate_ref *certificate);
/* Extension: an identity from a certificate and a private key, each PEM or DER (the certificate
 * data may hold a PEM chain: its first certificate is the identity's; see
 * ocfs_certificate_create_array_with_data for the rest). The key must not be encrypted and must
 * belong to the certificate. NULL with *error (may be NULL) on failure: NSOSStatusErrorDomain with
 * OCFS_SEC_PARAM (a NULL or non-CFData argument), OCFS_SEC_DECODE (unreadable certificate or key)
 * or OCFS_SEC_PUBLIC_KEY_INCONSISTENT (the key is not the certificate's), and a failure reason. */
OCFS_EXPORT ocfs_identity_ref ocfs_identity_create_with_data(ocfs_allocator_ref allocator,
                                                             ocfs_data_ref certificate,
                                                             ocfs_data_ref private_key,
                                                             ocfs_error_ref *error);
/* Extension: the same from two files (UTF-8 paths; they may be the same file holding both).
 * A file that cannot be read gives an NSPOSIXErrorDomain error with its errno value. */
OCFS_EXPORT ocfs_identity_ref ocfs_identity_create_with_pem_files(ocfs_allocator_ref allocator,
                                                                  ocfs_string_ref certificate_path,
                                                                  ocfs_string_ref key_path,
                                                                  ocfs_error_ref *error);

/* ---- Policies (SecPolicy) ---------------------------------------------------------------------
 */

OCFS_EXPORT ocfs_type_id ocfs_policy_get_type_id(void);
/* The TLS policy. server true: the certificate evaluated is a server's (extended key usage
 * serverAuth, OpenSSL purpose "sslserver"); false: a client's ("sslclient"). hostname (may be
 * NULL: no name check): the name the certificate must match, as OpenSSL's X509_check_host without
 * partial wildcards (one trailing dot ignored); an IP literal is checked against IP addresses in
 * subjectAltName. NULL when hostname is not a string. */
OCFS_EXPORT ocfs_policy_ref ocfs_policy_create_ssl(ocfs_bool server, ocfs_string_ref hostname);
/* The basic X.509 policy: chain and validity only, no usage and no name. */
OCFS_EXPORT ocfs_policy_ref ocfs_policy_create_basic_x509(void);

/* ---- Trust (SecTrust) -------------------------------------------------------------------------
 * A certificate chain to evaluate (leaf first) with policies and anchors. Evaluation runs
 * OpenSSL's X509_verify_cert once per policy (all must pass) against the system's roots
 * (OpenSSL's default paths, SSL_CERT_FILE / SSL_CERT_DIR honoured; on Windows also the ROOT
 * stores) plus the custom anchors, or the custom anchors alone. The result is kept until the
 * trust changes (policies, anchors, time), as Apple's. */

OCFS_EXPORT ocfs_type_id ocfs_trust_get_type_id(void);
/* certificates: one certificate or a CFArray of them, leaf first; policies: one policy, a CFArray
 * of them, or NULL (the basic X.509 policy). OCFS_SEC_PARAM for anything else. */
OCFS_EXPORT int32_t ocfs_trust_create_with_certificates(ocfs_type_ref certificates,
                                                        ocfs_type_ref policies,
                                                        ocfs_trust_ref *trust);
/* One policy or a CFArray of them (an empty array means the basic X.509 policy). */
OCFS_EXPORT int32_t ocfs_trust_set_policies(ocfs_trust_ref trust, ocfs_type_ref policies);
/* A CFArray of the policies in force, +1. */
OCFS_EXPORT int32_t ocfs_trust_copy_policies(ocfs_trust_ref trust, ocfs_array_ref *policies);
/* A CFArray of certificates to trust as anchors (any certificate: a root, an intermediate or the
 * leaf itself). Setting them makes them the ONLY anchors (Apple's rule) until
 * ocfs_trust_set_anchor_certificates_only(trust, false) adds the system's back; NULL restores the
 * system's roots alone. */
OCFS_EXPORT int32_t ocfs_trust_set_anchor_certificates(ocfs_trust_ref trust,
                                                       ocfs_array_ref anchors);
OCFS_EXPORT int32_t ocfs_trust_set_anchor_certificates_only(ocfs_trust_ref trust,
                                                            ocfs_bool anchors_only);
/* The custom anchors, +1, or *anchors NULL when none are set. */
OCFS_EXPORT int32_t ocfs_trust_copy_custom_anchor_certificates(ocfs_trust_ref trust,
                                                               ocfs_array_ref *anchors);
/* Extension (SecTrustSetVerifyDate takes a CFDate, which the library has not): the time the
 * certificates must be valid at, as a CFAbsoluteTime (seconds since 2001-01-01 UTC). */
OCFS_EXPORT int32_t ocfs_trust_set_verify_time(ocfs_trust_ref trust, double absolute_time);

/* The chain as evaluated (leaf first, up to the anchor), evaluating first if needed, as Apple
 * does; when evaluation could not build more, the part it built. 0 / NULL for a non-trust. */
OCFS_EXPORT ocfs_index ocfs_trust_get_certificate_count(ocfs_trust_ref trust);
/* Borrowed; valid while the trust lives and is not changed and evaluated again. */
OCFS_EXPORT ocfs_certificate_ref ocfs_trust_get_certificate_at_index(ocfs_trust_ref trust,
                                                                     ocfs_index index);
/* The chain as a CFArray, +1. */
OCFS_EXPORT ocfs_array_ref ocfs_trust_copy_certificate_chain(ocfs_trust_ref trust);

/* True when trusted. Otherwise false, and *error (may be NULL) gets a +1 CFError in
 * NSOSStatusErrorDomain: OCFS_SEC_CERTIFICATE_EXPIRED (expired or not yet valid),
 * OCFS_SEC_HOST_NAME_MISMATCH, OCFS_SEC_CERTIFICATE_REVOKED, OCFS_SEC_INVALID_EXTENDED_KEY_USAGE
 * (wrong purpose), OCFS_SEC_PATH_LENGTH_CONSTRAINT_EXCEEDED, OCFS_SEC_NOT_TRUSTED (every other
 * failure: no trusted root, self-signed, bad signature...), OCFS_SEC_PARAM for a non-trust; the
 * description names the certificate and the failure reason is OpenSSL's. */
OCFS_EXPORT ocfs_bool ocfs_trust_evaluate_with_error(ocfs_trust_ref trust, ocfs_error_ref *error);
/* The legacy call: OCFS_SEC_SUCCESS and an OCFS_TRUST_RESULT_* in *result whatever the outcome
 * (Unspecified when trusted, RecoverableTrustFailure or FatalTrustFailure when not). */
OCFS_EXPORT int32_t ocfs_trust_evaluate(ocfs_trust_ref trust, uint32_t *result);
/* The result of the last evaluation (OCFS_TRUST_RESULT_INVALID before one). */
OCFS_EXPORT int32_t ocfs_trust_get_trust_result(ocfs_trust_ref trust, uint32_t *result);

/* ---- PKCS#12 import (SecPKCS12Import) ---------------------------------------------------------
 * options: ocfs_import_export_passphrase => CFString (absent: the empty password). *items gets a
 * CFArray with one CFDictionary per private key in the archive that has its certificate:
 *   ocfs_import_item_identity   the identity
 *   ocfs_import_item_cert_chain CFArray of certificates: the leaf, then its issuers found in the
 *                               archive, in path order
 *   ocfs_import_item_trust      a trust over that chain with the basic X.509 policy (unevaluated)
 *   ocfs_import_item_label      CFString, the friendly name (when the archive has one)
 *   ocfs_import_item_key_id     CFData, the localKeyID (when the archive has one)
 * Returns OCFS_SEC_PARAM (NULL data or items, wrong types), OCFS_SEC_DECODE (not a PKCS#12
 * archive, or its encryption is not available), OCFS_SEC_AUTH_FAILED (wrong passphrase). Any
 * encryption OpenSSL 3 reads works: AES/PBKDF2 (OpenSSL 3's default), 3DES, and RC2 (for which
 * an import that needs it loads OpenSSL's "legacy" provider into the default library context and
 * unloads it when done). */
OCFS_EXPORT int32_t ocfs_pkcs12_import(ocfs_data_ref pkcs12_data, ocfs_dictionary_ref options,
                                       ocfs_array_ref *items);

OCFS_EXPORT extern const ocfs_string_ref ocfs_import_export_passphrase; /* "passphrase" */
OCFS_EXPORT extern const ocfs_string_ref ocfs_import_item_label;        /* "label" */
OCFS_EXPORT extern const ocfs_string_ref ocfs_import_item_key_id;       /* "keyid" */
OCFS_EXPORT extern const ocfs_string_ref ocfs_import_item_trust;        /* "trust" */
OCFS_EXPORT extern const ocfs_string_ref ocfs_import_item_cert_chain;   /* "chain" */
OCFS_EXPORT extern const ocfs_string_ref ocfs_import_item_identity;     /* "identity" */

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_SECURITY_H */
