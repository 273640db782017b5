// The security layer's helpers for the stream layer (security.hpp) and the pieces its files
// share: status errors and OpenSSL's error text.
#include "security/security.hpp"

#include <openssl/err.h>

#include "cf/string.hpp"
#include "security/objects.hpp"

namespace ocfs::security {

ocfs_error_ref make_status_error(int32_t status, const std::string &description,
                                 const std::string &reason) {
  ocfs_mutable_dictionary_ref info = ocfs_dictionary_create_mutable(
      nullptr, 0, &ocfs_type_dictionary_key_callbacks, &ocfs_type_dictionary_value_callbacks);
  if (info == nullptr) return nullptr;
  auto add = [&](ocfs_string_ref key, const std::string &text) {
    if (text.empty() || !cf::is_valid_utf8(text)) return;
    ocfs_string_ref value = cf::make_string(text);
    if (value != nullptr) ocfs_dictionary_set_value(info, key, value);
    ocfs_release(value);
  };
  add(ocfs_error_localized_description_key, description);
  add(ocfs_error_localized_failure_reason_key, reason);
  ocfs_error_ref error = ocfs_error_create(nullptr, ocfs_error_domain_os_status, status, info);
  ocfs_release(info);
  return error;
}

std::string take_openssl_errors() {
  std::string text;
  unsigned long code;
  while ((code = ERR_get_error()) != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text;
}

ocfs_trust_ref make_peer_trust(const std::vector<std::vector<uint8_t>> &der_chain,
                               const std::optional<std::string> &peer_name) {
  std::vector<Ref<ocfs_certificate>> certificates;
  for (const std::vector<uint8_t> &der : der_chain) {
    Ref<ocfs_certificate> certificate(make_certificate(der.data(), der.size()));
    if (!certificate) return nullptr;
    certificates.push_back(std::move(certificate));
  }
  if (certificates.empty()) return nullptr;
  Ref<ocfs_policy> policy(cf::make<ocfs_policy>(ocfs_policy::Kind::kSsl, true, peer_name));
  if (!policy) return nullptr;
  std::vector<Ref<ocfs_policy>> policies;
  policies.push_back(std::move(policy));
  return make_trust(std::move(certificates), std::move(policies));
}

bool certificate_der(ocfs_type_ref certificate_ref, std::vector<uint8_t> &out) {
  const ocfs_certificate *certificate = cf::as<ocfs_certificate>(certificate_ref);
  if (certificate == nullptr) return false;
  out = certificate->der;
  return true;
}

bool identity_material(ocfs_type_ref identity_ref, std::vector<uint8_t> &certificate_der,
                       std::vector<uint8_t> &private_key_der) {
  const ocfs_identity *identity = cf::as<ocfs_identity>(identity_ref);
  if (identity == nullptr) return false;
  certificate_der = identity->certificate->der;
  private_key_der = identity->key_der;
  return true;
}

}  // namespace ocfs::security
