// SecCertificate: an X.509 certificate kept as its DER bytes (and parsed once by OpenSSL), and the
// PEM / DER readers the identity and trust code share.
#include <cstring>
#include <string_view>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "cf/classes.hpp"
#include "cf/string.hpp"
#include "security/objects.hpp"

namespace ocfs::security {
namespace {

// A PEM password callback that never asks (OpenSSL's default one would prompt on the terminal):
// encrypted keys simply fail to load.
int no_password(char *, int, int, void *) {
  return -1;
}

bool looks_like_pem(const uint8_t *data, size_t length) {
  std::string_view text(reinterpret_cast<const char *>(data), length);
  return text.find("-----BEGIN ") != std::string_view::npos;
}

BioPtr memory_bio(const uint8_t *data, size_t length) {
  if (length > static_cast<size_t>(INT32_MAX)) return nullptr;
  return BioPtr(BIO_new_mem_buf(data, static_cast<int>(length)));
}

std::string utf8_of_entry(const X509_NAME_ENTRY *entry) {
  unsigned char *utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
  if (length < 0) return {};
  std::string text(reinterpret_cast<const char *>(utf8), static_cast<size_t>(length));
  OPENSSL_free(utf8);
  return cf::is_valid_utf8(text) ? text : std::string();
}

// The last (most specific) entry of `nid` in `name`, as UTF-8; nullopt when there is none.
std::optional<std::string> last_entry(const X509_NAME *name, int nid) {
  int index = -1;
  int found = -1;
  while ((index = X509_NAME_get_index_by_NID(name, nid, index)) >= 0)
    found = index;
  if (found < 0) return std::nullopt;
  return utf8_of_entry(X509_NAME_get_entry(name, found));
}

// The first subjectAltName entry of `type` (GEN_EMAIL, GEN_DNS) as text; "" when none.
std::string first_alt_name(X509 *certificate, int type) {
  auto *names = static_cast<GENERAL_NAMES *>(
      X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
  std::string result;
  for (int i = 0; names != nullptr && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
    if (name->type != type) continue;
    const ASN1_IA5STRING *value = name->d.ia5;
    result.assign(reinterpret_cast<const char *>(ASN1_STRING_get0_data(value)),
                  static_cast<size_t>(ASN1_STRING_length(value)));
    if (!result.empty()) break;
  }
  GENERAL_NAMES_free(names);
  return cf::is_valid_utf8(result) ? result : std::string();
}

std::string rfc2253(const X509_NAME *name) {
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char *bytes = nullptr;
  long length = BIO_get_mem_data(out.get(), &bytes);
  std::string text(bytes != nullptr ? bytes : "", length > 0 ? static_cast<size_t>(length) : 0);
  return cf::is_valid_utf8(text) ? text : std::string();
}

std::string name_summary(const X509_NAME *name) {
  if (auto common_name = last_entry(name, NID_commonName); common_name && !common_name->empty())
    return *common_name;
  return rfc2253(name);
}

}  // namespace

ocfs_certificate *make_certificate(const uint8_t *der, size_t length) {
  if (der == nullptr || length == 0 || length > static_cast<size_t>(INT32_MAX)) return nullptr;
  const unsigned char *cursor = der;
  X509Ptr x509(d2i_X509(nullptr, &cursor, static_cast<long>(length)));
  if (!x509 || cursor != der + length) {  // exactly one certificate, nothing after it
    ERR_clear_error();
    return nullptr;
  }
  return cf::make<ocfs_certificate>(Der(der, der + length), std::move(x509));
}

ocfs_certificate *make_certificate(X509Ptr x509) {
  if (!x509) return nullptr;
  unsigned char *bytes = nullptr;
  int length = i2d_X509(x509.get(), &bytes);
  if (length <= 0) {
    ERR_clear_error();
    return nullptr;
  }
  Der der(bytes, bytes + length);
  OPENSSL_free(bytes);
  return cf::make<ocfs_certificate>(std::move(der), std::move(x509));
}

std::vector<X509Ptr> read_certificates(const uint8_t *data, size_t length) {
  std::vector<X509Ptr> certificates;
  if (data == nullptr || length == 0) return certificates;
  if (!looks_like_pem(data, length)) {
    const unsigned char *cursor = data;
    X509Ptr x509(d2i_X509(nullptr, &cursor, static_cast<long>(length)));
    if (x509 && cursor == data + length) certificates.push_back(std::move(x509));
    ERR_clear_error();
    return certificates;
  }
  BioPtr bio = memory_bio(data, length);
  // PEM_read_bio_X509 skips blocks of other kinds (a key in the same file) and fails at the end.
  while (bio) {
    X509Ptr x509(PEM_read_bio_X509(bio.get(), nullptr, no_password, nullptr));
    if (!x509) break;
    certificates.push_back(std::move(x509));
  }
  ERR_clear_error();
  return certificates;
}

EvpPkeyPtr read_private_key(const uint8_t *data, size_t length) {
  if (data == nullptr || length == 0) return nullptr;
  EvpPkeyPtr key;
  if (looks_like_pem(data, length)) {
    if (BioPtr bio = memory_bio(data, length))
      key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr));
  } else if (length <= static_cast<size_t>(INT32_MAX)) {
    const unsigned char *cursor = data;
    key.reset(d2i_AutoPrivateKey(nullptr, &cursor, static_cast<long>(length)));
  }
  ERR_clear_error();
  return key;
}

std::string subject_summary(const ocfs_certificate *certificate) {
  X509 *x509 = certificate->x509.get();
  const X509_NAME *subject = X509_get_subject_name(x509);
  if (auto common_name = last_entry(subject, NID_commonName); common_name && !common_name->empty())
    return *common_name;
  if (std::string email = first_alt_name(x509, GEN_EMAIL); !email.empty()) return email;
  if (auto email = last_entry(subject, NID_pkcs9_emailAddress); email && !email->empty())
    return *email;
  if (std::string dns = first_alt_name(x509, GEN_DNS); !dns.empty()) return dns;
  for (int nid : {NID_organizationalUnitName, NID_organizationName}) {
    if (auto value = last_entry(subject, nid); value && !value->empty()) return *value;
  }
  return rfc2253(subject);
}

}  // namespace ocfs::security

namespace ocfs::cf {
namespace {

bool equal_certificates(const Object *a, const Object *b) {
  return static_cast<const ocfs_certificate *>(a)->der ==
         static_cast<const ocfs_certificate *>(b)->der;
}

ocfs_hash_code hash_certificate(const Object *object) {
  const auto &der = static_cast<const ocfs_certificate *>(object)->der;
  return hash_bytes(der.data(), der.size());
}

std::string describe_certificate(const Object *object) {
  const auto *certificate = static_cast<const ocfs_certificate *>(object);
  return described(
      object, "s: " + security::subject_summary(certificate) +
                  ", i: " + security::name_summary(X509_get_issuer_name(certificate->x509.get())));
}

}  // namespace

const Class kCertificateClass = {"SecCertificate", destroy_as<ocfs_certificate>, equal_certificates,
                                 hash_certificate, describe_certificate,         nullptr};

}  // namespace ocfs::cf

using ocfs::cf::as;

extern "C" {

ocfs_type_id ocfs_certificate_get_type_id(void) {
  return ocfs::cf::public_type_id(ocfs::cf::TypeId::kCertificate);
}

ocfs_certificate_ref ocfs_certificate_create_with_data(ocfs_allocator_ref, ocfs_data_ref der) {
  if (!ocfs::cf::is_a(der, ocfs::cf::TypeId::kData)) return nullptr;
  return ocfs::security::make_certificate(ocfs_data_get_byte_ptr(der),
                                          static_cast<size_t>(ocfs_data_get_length(der)));
}

ocfs_data_ref ocfs_certificate_copy_data(ocfs_certificate_ref certificate_ref) {
  ocfs_certificate *certificate = as<ocfs_certificate>(certificate_ref);
  if (certificate == nullptr) return nullptr;
  return ocfs_data_create(nullptr, certificate->der.data(),
                          static_cast<ocfs_index>(certificate->der.size()));
}

ocfs_string_ref ocfs_certificate_copy_subject_summary(ocfs_certificate_ref certificate_ref) {
  ocfs_certificate *certificate = as<ocfs_certificate>(certificate_ref);
  if (certificate == nullptr) return nullptr;
  return ocfs::cf::make_string(ocfs::security::subject_summary(certificate));
}

int32_t ocfs_certificate_copy_common_name(ocfs_certificate_ref certificate_ref,
                                          ocfs_string_ref *common_name) {
  if (common_name != nullptr) *common_name = nullptr;
  ocfs_certificate *certificate = as<ocfs_certificate>(certificate_ref);
  if (certificate == nullptr || common_name == nullptr) return OCFS_SEC_PARAM;
  auto name =
      ocfs::security::last_entry(X509_get_subject_name(certificate->x509.get()), NID_commonName);
  if (!name) return OCFS_SEC_INTERNAL;
  *common_name = ocfs::cf::make_string(std::move(*name));
  return *common_name != nullptr ? OCFS_SEC_SUCCESS : OCFS_SEC_ALLOCATE;
}

ocfs_array_ref ocfs_certificate_create_array_with_data(ocfs_allocator_ref, ocfs_data_ref data,
                                                       ocfs_error_ref *error) {
  using namespace ocfs::security;
  if (error != nullptr) *error = nullptr;
  auto fail = [&](int32_t status, const char *reason) -> ocfs_array_ref {
    if (error != nullptr)
      *error = make_status_error(status, "No certificate could be read.", reason);
    return nullptr;
  };
  if (!ocfs::cf::is_a(data, ocfs::cf::TypeId::kData)) return fail(OCFS_SEC_PARAM, "not a CFData");
  std::vector<X509Ptr> parsed = read_certificates(ocfs_data_get_byte_ptr(data),
                                                  static_cast<size_t>(ocfs_data_get_length(data)));
  if (parsed.empty()) return fail(OCFS_SEC_DECODE, "no PEM or DER certificate in the data");
  ocfs_mutable_array_ref array = ocfs_array_create_mutable(nullptr, 0, &ocfs_type_array_callbacks);
  if (array == nullptr) return fail(OCFS_SEC_ALLOCATE, "out of memory");
  for (X509Ptr &x509 : parsed) {
    Ref<ocfs_certificate> certificate(make_certificate(std::move(x509)));
    if (!certificate) {
      ocfs_release(array);
      return fail(OCFS_SEC_DECODE, "a certificate could not be encoded");
    }
    ocfs_array_append_value(array, certificate.get());
  }
  return array;
}

}  // extern "C"
