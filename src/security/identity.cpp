// SecIdentity: a certificate and its private key, made from PKCS#12 archives (pkcs12.cpp) or,
// as an extension, from PEM / DER data and files.
#include <cerrno>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "cf/classes.hpp"
#include "cf/string.hpp"
#include "platform/platform.hpp"
#include "security/objects.hpp"

namespace ocfs::security {
namespace {

constexpr size_t kMaximumFileSize = 16 * 1024 * 1024;

bool pkcs8_der(EVP_PKEY *key, Der &out) {
  PKCS8_PRIV_KEY_INFO *info = EVP_PKEY2PKCS8(key);
  unsigned char *bytes = nullptr;
  int length = info != nullptr ? i2d_PKCS8_PRIV_KEY_INFO(info, &bytes) : -1;
  PKCS8_PRIV_KEY_INFO_free(info);
  if (length <= 0) {
    ERR_clear_error();
    return false;
  }
  out.assign(bytes, bytes + length);
  OPENSSL_clear_free(bytes, static_cast<size_t>(length));
  return true;
}

// The whole file, or nullopt with `error` set to an errno value.
std::optional<Der> read_file(const std::string &path, int &error) {
  int fd = platform::file_open(path, platform::FileMode::kRead, error);
  if (fd < 0) return std::nullopt;
  std::optional<Der> contents(std::in_place);
  uint8_t buffer[16384];
  for (;;) {
    std::ptrdiff_t count = platform::file_read(fd, buffer, sizeof buffer, error);
    if (count < 0) {
      contents.reset();
      break;
    }
    if (count == 0) break;
    if (contents->size() + static_cast<size_t>(count) > kMaximumFileSize) {
      error = EFBIG;  // no certificate or key file is this large
      contents.reset();
      break;
    }
    contents->insert(contents->end(), buffer, buffer + count);
  }
  platform::file_close(fd);
  OPENSSL_cleanse(buffer, sizeof buffer);  // it may have held a private key
  return contents;
}

ocfs_error_ref posix_error(int error_number, const std::string &path) {
  ocfs_mutable_dictionary_ref info = ocfs_dictionary_create_mutable(
      nullptr, 0, &ocfs_type_dictionary_key_callbacks, &ocfs_type_dictionary_value_callbacks);
  if (info == nullptr) return nullptr;
  ocfs_string_ref reason = cf::make_string(platform::errno_text(error_number));
  ocfs_string_ref file = cf::is_valid_utf8(path) ? cf::make_string(path) : nullptr;
  if (reason != nullptr)
    ocfs_dictionary_set_value(info, ocfs_error_localized_failure_reason_key, reason);
  if (file != nullptr) ocfs_dictionary_set_value(info, ocfs_error_file_path_key, file);
  ocfs_release(reason);
  ocfs_release(file);
  ocfs_error_ref error = ocfs_error_create(nullptr, ocfs_error_domain_posix, error_number, info);
  ocfs_release(info);
  return error;
}

// The identity in certificate_data (first certificate) and key_data, or null with *error.
ocfs_identity *identity_from(const uint8_t *certificate_data, size_t certificate_length,
                             const uint8_t *key_data, size_t key_length, ocfs_error_ref *error) {
  auto fail = [&](int32_t status, const std::string &reason) -> ocfs_identity * {
    if (error != nullptr)
      *error = make_status_error(status, "The identity could not be created.", reason);
    return nullptr;
  };
  std::vector<X509Ptr> certificates = read_certificates(certificate_data, certificate_length);
  if (certificates.empty())
    return fail(OCFS_SEC_DECODE, "no PEM or DER certificate in the certificate data");
  EvpPkeyPtr key = read_private_key(key_data, key_length);
  if (!key) {
    return fail(OCFS_SEC_DECODE,
                "no unencrypted PEM or DER private key in the key data (encrypted keys are not "
                "supported)");
  }
  if (X509_check_private_key(certificates.front().get(), key.get()) != 1) {
    ERR_clear_error();
    return fail(OCFS_SEC_PUBLIC_KEY_INCONSISTENT,
                "the private key does not belong to the certificate");
  }
  Ref<ocfs_certificate> certificate(make_certificate(std::move(certificates.front())));
  if (!certificate) return fail(OCFS_SEC_DECODE, "the certificate could not be encoded");
  ocfs_identity *identity = make_identity(certificate.get(), std::move(key));
  if (identity == nullptr) return fail(OCFS_SEC_ALLOCATE, "the private key could not be encoded");
  return identity;
}

}  // namespace

ocfs_identity *make_identity(ocfs_certificate *certificate, EvpPkeyPtr key) {
  if (certificate == nullptr || !key) return nullptr;
  if (X509_check_private_key(certificate->x509.get(), key.get()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  Der key_der;
  if (!pkcs8_der(key.get(), key_der)) return nullptr;
  return cf::make<ocfs_identity>(cf::retained(certificate), std::move(key), std::move(key_der));
}

}  // namespace ocfs::security

namespace ocfs::cf {
namespace {

bool equal_identities(const Object *a, const Object *b) {
  const auto *first = static_cast<const ocfs_identity *>(a);
  const auto *second = static_cast<const ocfs_identity *>(b);
  return first->certificate->der == second->certificate->der && first->key_der == second->key_der;
}

ocfs_hash_code hash_identity(const Object *object) {
  const auto &der = static_cast<const ocfs_identity *>(object)->certificate->der;
  return hash_bytes(der.data(), der.size());
}

std::string describe_identity(const Object *object) {
  const auto *identity = static_cast<const ocfs_identity *>(object);
  const char *key_type = EVP_PKEY_get0_type_name(identity->key.get());
  return described(object,
                   "certificate = " + security::subject_summary(identity->certificate.get()) +
                       ", key = " + (key_type != nullptr ? key_type : "?"));
}

}  // namespace

const Class kIdentityClass = {"SecIdentity", destroy_as<ocfs_identity>, equal_identities,
                              hash_identity, describe_identity,         nullptr};

}  // namespace ocfs::cf

using ocfs::cf::as;

extern "C" {

ocfs_type_id ocfs_identity_get_type_id(void) {
  return ocfs::cf::public_type_id(ocfs::cf::TypeId::kIdentity);
}

int32_t ocfs_identity_copy_certificate(ocfs_identity_ref identity_ref,
                                       ocfs_certificate_ref *certificate) {
  if (certificate != nullptr) *certificate = nullptr;
  ocfs_identity *identity = as<ocfs_identity>(identity_ref);
  if (identity == nullptr || certificate == nullptr) return OCFS_SEC_PARAM;
  *certificate = ocfs::cf::retained(identity->certificate.get());
  return OCFS_SEC_SUCCESS;
}

ocfs_identity_ref ocfs_identity_create_with_data(ocfs_allocator_ref, ocfs_data_ref certificate,
                                                 ocfs_data_ref private_key, ocfs_error_ref *error) {
  if (error != nullptr) *error = nullptr;
  if (!ocfs::cf::is_a(certificate, ocfs::cf::TypeId::kData) ||
      !ocfs::cf::is_a(private_key, ocfs::cf::TypeId::kData)) {
    if (error != nullptr) {
      *error =
          ocfs::security::make_status_error(OCFS_SEC_PARAM, "The identity could not be created.",
                                            "the certificate and the key must both be CFData");
    }
    return nullptr;
  }
  return ocfs::security::identity_from(
      ocfs_data_get_byte_ptr(certificate), static_cast<size_t>(ocfs_data_get_length(certificate)),
      ocfs_data_get_byte_ptr(private_key), static_cast<size_t>(ocfs_data_get_length(private_key)),
      error);
}

ocfs_identity_ref ocfs_identity_create_with_pem_files(ocfs_allocator_ref,
                                                      ocfs_string_ref certificate_path,
                                                      ocfs_string_ref key_path,
                                                      ocfs_error_ref *error) {
  using namespace ocfs::security;
  if (error != nullptr) *error = nullptr;
  if (!ocfs::cf::is_string(certificate_path) || !ocfs::cf::is_string(key_path)) {
    if (error != nullptr) {
      *error = make_status_error(OCFS_SEC_PARAM, "The identity could not be created.",
                                 "the certificate and key paths must both be CFStrings");
    }
    return nullptr;
  }
  std::optional<Der> contents[2];
  const std::string paths[2] = {std::string(ocfs::cf::utf8_of(certificate_path)),
                                std::string(ocfs::cf::utf8_of(key_path))};
  for (int i = 0; i < 2; ++i) {
    int error_number = 0;
    contents[i] = read_file(paths[i], error_number);
    if (!contents[i]) {
      if (error != nullptr) *error = posix_error(error_number, paths[i]);
      return nullptr;
    }
  }
  ocfs_identity *identity = identity_from(contents[0]->data(), contents[0]->size(),
                                          contents[1]->data(), contents[1]->size(), error);
  for (auto &bytes : contents)  // key material does not linger in freed memory
    if (!bytes->empty()) OPENSSL_cleanse(bytes->data(), bytes->size());
  return identity;
}

}  // extern "C"
