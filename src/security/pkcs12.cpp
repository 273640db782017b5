// SecPKCS12Import over OpenSSL's PKCS#12 reader: the archive's bags are walked one by one (rather
// than with PKCS12_parse) so that every key becomes an identity with its own friendly name,
// localKeyID and chain.
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>

#include "cf/string.hpp"
#include "security/objects.hpp"

extern "C" {
const ocfs_string_ref ocfs_import_export_passphrase = OCFS_STR("passphrase");
const ocfs_string_ref ocfs_import_item_label = OCFS_STR("label");
const ocfs_string_ref ocfs_import_item_key_id = OCFS_STR("keyid");
const ocfs_string_ref ocfs_import_item_trust = OCFS_STR("trust");
const ocfs_string_ref ocfs_import_item_cert_chain = OCFS_STR("chain");
const ocfs_string_ref ocfs_import_item_identity = OCFS_STR("identity");
}

namespace ocfs::security {
namespace {

struct Pkcs12Free {
  void operator()(PKCS12 *archive) const noexcept { PKCS12_free(archive); }
};
struct SafesFree {
  void operator()(STACK_OF(PKCS7) * safes) const noexcept { sk_PKCS7_pop_free(safes, PKCS7_free); }
};
struct BagsFree {
  void operator()(STACK_OF(PKCS12_SAFEBAG) * bags) const noexcept {
    sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
  }
};
struct KeyInfoFree {
  void operator()(PKCS8_PRIV_KEY_INFO *info) const noexcept { PKCS8_PRIV_KEY_INFO_free(info); }
};
using Pkcs12Ptr = std::unique_ptr<PKCS12, Pkcs12Free>;
using SafesPtr = std::unique_ptr<STACK_OF(PKCS7), SafesFree>;
using BagsPtr = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), BagsFree>;
using KeyInfoPtr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, KeyInfoFree>;

// A bag's attributes that SecPKCS12Import reports.
struct Attributes {
  std::optional<std::string> friendly_name;
  std::optional<Der> local_key_id;
};

struct KeyEntry {
  EvpPkeyPtr key;
  Attributes attributes;
};

struct CertificateEntry {
  X509Ptr certificate;
  Attributes attributes;
};

struct Contents {
  std::vector<KeyEntry> keys;
  std::vector<CertificateEntry> certificates;
};

enum class ReadResult { kOk, kCannotDecrypt, kMalformed };

// A password as OpenSSL's PKCS#12 calls take it; null text is the "no password" encoding some
// tools write for an empty password.
struct Password {
  const char *text;
  int length;
};

Attributes attributes_of(PKCS12_SAFEBAG *bag) {
  Attributes attributes;
  if (char *name = PKCS12_get_friendlyname(bag)) {
    std::string text(name);
    OPENSSL_free(name);
    if (cf::is_valid_utf8(text)) attributes.friendly_name = std::move(text);
  }
  const ASN1_TYPE *key_id = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID);
  if (key_id != nullptr && key_id->type == V_ASN1_OCTET_STRING) {
    const ASN1_OCTET_STRING *bytes = key_id->value.octet_string;
    const unsigned char *data = ASN1_STRING_get0_data(bytes);
    attributes.local_key_id = Der(data, data + ASN1_STRING_length(bytes));
  }
  return attributes;
}

ReadResult read_bags(const STACK_OF(PKCS12_SAFEBAG) * bags, const Password &password,
                     Contents &contents, int depth) {
  if (depth > 4) return ReadResult::kMalformed;  // nested SafeContents: not deeper than this
  for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
    PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, i);
    switch (PKCS12_SAFEBAG_get_nid(bag)) {
      case NID_keyBag: {
        const PKCS8_PRIV_KEY_INFO *info = PKCS12_SAFEBAG_get0_p8inf(bag);
        EvpPkeyPtr key(info != nullptr ? EVP_PKCS82PKEY(info) : nullptr);
        if (!key) return ReadResult::kMalformed;
        contents.keys.push_back({std::move(key), attributes_of(bag)});
        break;
      }
      case NID_pkcs8ShroudedKeyBag: {
        KeyInfoPtr info(PKCS12_decrypt_skey(bag, password.text, password.length));
        if (!info) return ReadResult::kCannotDecrypt;
        EvpPkeyPtr key(EVP_PKCS82PKEY(info.get()));
        if (!key) return ReadResult::kMalformed;
        contents.keys.push_back({std::move(key), attributes_of(bag)});
        break;
      }
      case NID_certBag: {
        if (PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate) break;  // SDSI: not X.509
        X509Ptr certificate(PKCS12_SAFEBAG_get1_cert(bag));
        if (!certificate) return ReadResult::kMalformed;
        contents.certificates.push_back({std::move(certificate), attributes_of(bag)});
        break;
      }
      case NID_safeContentsBag: {
        ReadResult nested =
            read_bags(PKCS12_SAFEBAG_get0_safes(bag), password, contents, depth + 1);
        if (nested != ReadResult::kOk) return nested;
        break;
      }
      default:  // CRL and secret bags: not part of an identity
        break;
    }
  }
  return ReadResult::kOk;
}

ReadResult read_archive(PKCS12 *archive, const Password &password, Contents &contents) {
  contents = Contents();
  SafesPtr safes(PKCS12_unpack_authsafes(archive));
  if (!safes) return ReadResult::kMalformed;
  for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
    PKCS7 *safe = sk_PKCS7_value(safes.get(), i);
    BagsPtr bags;
    if (PKCS7_type_is_data(safe)) {
      bags.reset(PKCS12_unpack_p7data(safe));
      if (!bags) return ReadResult::kMalformed;
    } else if (PKCS7_type_is_encrypted(safe)) {
      bags.reset(PKCS12_unpack_p7encdata(safe, password.text, password.length));
      if (!bags) return ReadResult::kCannotDecrypt;
    } else {
      continue;  // public-key-enveloped safes are not used by any common tool
    }
    ReadResult result = read_bags(bags.get(), password, contents, 0);
    if (result != ReadResult::kOk) return result;
  }
  return ReadResult::kOk;
}

// OpenSSL 3 keeps RC2 (and other old ciphers some archives use) in its "legacy" provider, which
// is not loaded by default. An import that cannot decrypt its archive loads it into the default
// library context (keeping the default provider available) and unloads it when done, so the
// process keeps the providers it had; loads are counted, so concurrent imports and an
// application's own load of it are unaffected.
class LegacyProvider {
 public:
  LegacyProvider() = default;
  LegacyProvider(const LegacyProvider &) = delete;
  LegacyProvider &operator=(const LegacyProvider &) = delete;
  ~LegacyProvider() {
    if (provider_ != nullptr) OSSL_PROVIDER_unload(provider_);
  }

  // True when the provider is (now) loaded.
  bool load() {
    if (provider_ == nullptr) provider_ = OSSL_PROVIDER_try_load(nullptr, "legacy", 1);
    ERR_clear_error();
    return provider_ != nullptr;
  }

 private:
  OSSL_PROVIDER *provider_ = nullptr;
};

// The archive's certificates that lead from `leaf` towards a root, in path order.
std::vector<X509 *> issuers_of(X509 *leaf, const Contents &contents) {
  std::vector<X509 *> path;
  X509 *current = leaf;
  while (path.size() < contents.certificates.size() &&
         X509_check_issued(current, current) != X509_V_OK) {
    X509 *issuer = nullptr;
    for (const CertificateEntry &entry : contents.certificates) {
      X509 *candidate = entry.certificate.get();
      bool used = candidate == leaf;
      for (X509 *seen : path)
        used = used || seen == candidate;
      if (!used && X509_check_issued(candidate, current) == X509_V_OK) {
        issuer = candidate;
        break;
      }
    }
    if (issuer == nullptr) break;
    path.push_back(issuer);
    current = issuer;
  }
  ERR_clear_error();
  return path;
}

Ref<ocfs_certificate> certificate_object(X509 *x509) {
  X509_up_ref(x509);
  return Ref<ocfs_certificate>(make_certificate(X509Ptr(x509)));
}

void set_string(ocfs_mutable_dictionary_ref dictionary, ocfs_string_ref key,
                const std::optional<std::string> &text) {
  if (!text) return;
  ocfs_string_ref value = cf::make_string(*text);
  if (value != nullptr) ocfs_dictionary_set_value(dictionary, key, value);
  ocfs_release(value);
}

void set_data(ocfs_mutable_dictionary_ref dictionary, ocfs_string_ref key,
              const std::optional<Der> &bytes) {
  if (!bytes) return;
  ocfs_data_ref value =
      ocfs_data_create(nullptr, bytes->data(), static_cast<ocfs_index>(bytes->size()));
  if (value != nullptr) ocfs_dictionary_set_value(dictionary, key, value);
  ocfs_release(value);
}

// One dictionary per key that has its certificate (matched by localKeyID, else by the key).
int32_t make_items(const Contents &contents, ocfs_mutable_array_ref items) {
  for (const KeyEntry &entry : contents.keys) {
    const CertificateEntry *match = nullptr;
    for (const CertificateEntry &candidate : contents.certificates) {
      if (entry.attributes.local_key_id &&
          candidate.attributes.local_key_id == entry.attributes.local_key_id &&
          X509_check_private_key(candidate.certificate.get(), entry.key.get()) == 1) {
        match = &candidate;
        break;
      }
    }
    for (size_t i = 0; match == nullptr && i < contents.certificates.size(); ++i) {
      if (X509_check_private_key(contents.certificates[i].certificate.get(), entry.key.get()) == 1)
        match = &contents.certificates[i];
    }
    ERR_clear_error();
    if (match == nullptr) continue;  // a key without its certificate is no identity

    std::vector<Ref<ocfs_certificate>> chain;
    chain.push_back(certificate_object(match->certificate.get()));
    for (X509 *issuer : issuers_of(match->certificate.get(), contents))
      chain.push_back(certificate_object(issuer));
    for (const auto &certificate : chain)
      if (!certificate) return OCFS_SEC_ALLOCATE;

    EVP_PKEY_up_ref(entry.key.get());
    Ref<ocfs_identity> identity(make_identity(chain.front().get(), EvpPkeyPtr(entry.key.get())));
    std::vector<const void *> chain_values;
    for (const auto &certificate : chain)
      chain_values.push_back(certificate.get());
    Ref<const ocfs_array> chain_array(ocfs_array_create(nullptr, chain_values.data(),
                                                        static_cast<ocfs_index>(chain.size()),
                                                        &ocfs_type_array_callbacks));
    Ref<ocfs_trust> trust(make_trust(chain, {}));
    ocfs_mutable_dictionary_ref item = ocfs_dictionary_create_mutable(
        nullptr, 0, &ocfs_type_dictionary_key_callbacks, &ocfs_type_dictionary_value_callbacks);
    if (!identity || !chain_array || !trust || item == nullptr) {
      ocfs_release(item);
      return OCFS_SEC_ALLOCATE;
    }
    ocfs_dictionary_set_value(item, ocfs_import_item_identity, identity.get());
    ocfs_dictionary_set_value(item, ocfs_import_item_cert_chain, chain_array.get());
    ocfs_dictionary_set_value(item, ocfs_import_item_trust, trust.get());
    set_string(item, ocfs_import_item_label,
               entry.attributes.friendly_name ? entry.attributes.friendly_name
                                              : match->attributes.friendly_name);
    set_data(item, ocfs_import_item_key_id,
             entry.attributes.local_key_id ? entry.attributes.local_key_id
                                           : match->attributes.local_key_id);
    ocfs_array_append_value(items, item);
    ocfs_release(item);
  }
  return OCFS_SEC_SUCCESS;
}

int32_t import(const uint8_t *data, size_t length, const std::string &passphrase,
               ocfs_array_ref *items) {
  if (length == 0 || length > static_cast<size_t>(INT32_MAX)) return OCFS_SEC_DECODE;
  const unsigned char *cursor = data;
  Pkcs12Ptr archive(d2i_PKCS12(nullptr, &cursor, static_cast<long>(length)));
  if (!archive) {
    ERR_clear_error();
    return OCFS_SEC_DECODE;
  }

  LegacyProvider legacy;  // loaded only if the archive needs it
  // The passwords to try: the one given; an empty one is written either as "" or as no password
  // at all (OpenSSL's PKCS12_parse tries both too).
  std::vector<Password> passwords = {{passphrase.c_str(), static_cast<int>(passphrase.size())}};
  if (passphrase.empty()) passwords.push_back({nullptr, 0});

  if (PKCS12_mac_present(archive.get()) == 1) {
    // The MAC proves the password: wrong means errSecAuthFailed, not a decoding problem.
    std::optional<Password> verified;
    for (int attempt = 0; attempt < 2 && !verified; ++attempt) {
      bool cannot_compute = false;
      for (const Password &password : passwords) {
        ERR_clear_error();
        if (PKCS12_verify_mac(archive.get(), password.text, password.length) == 1) {
          verified = password;
          break;
        }
        cannot_compute = cannot_compute ||
                         ERR_GET_REASON(ERR_peek_last_error()) == PKCS12_R_MAC_GENERATION_ERROR;
      }
      ERR_clear_error();
      if (!verified && !(cannot_compute && attempt == 0 && legacy.load()))
        return cannot_compute ? OCFS_SEC_DECODE : OCFS_SEC_AUTH_FAILED;
    }
    passwords = {*verified};
  }

  Contents contents;
  ReadResult result = ReadResult::kCannotDecrypt;
  for (int attempt = 0; attempt < 2 && result == ReadResult::kCannotDecrypt; ++attempt) {
    if (attempt == 1 && !legacy.load()) break;
    for (const Password &password : passwords) {
      result = read_archive(archive.get(), password, contents);
      ERR_clear_error();
      if (result != ReadResult::kCannotDecrypt) break;
    }
  }
  if (result == ReadResult::kMalformed) return OCFS_SEC_DECODE;
  if (result == ReadResult::kCannotDecrypt) {
    // With a verified MAC the password is right: the encryption itself is unavailable.
    return PKCS12_mac_present(archive.get()) == 1 ? OCFS_SEC_DECODE : OCFS_SEC_AUTH_FAILED;
  }

  ocfs_mutable_array_ref array = ocfs_array_create_mutable(nullptr, 0, &ocfs_type_array_callbacks);
  if (array == nullptr) return OCFS_SEC_ALLOCATE;
  int32_t status = make_items(contents, array);
  if (status != OCFS_SEC_SUCCESS) {
    ocfs_release(array);
    return status;
  }
  *items = array;
  return OCFS_SEC_SUCCESS;
}

}  // namespace
}  // namespace ocfs::security

extern "C" {

int32_t ocfs_pkcs12_import(ocfs_data_ref pkcs12_data, ocfs_dictionary_ref options,
                           ocfs_array_ref *items) {
  if (items != nullptr) *items = nullptr;
  if (items == nullptr || !ocfs::cf::is_a(pkcs12_data, ocfs::cf::TypeId::kData))
    return OCFS_SEC_PARAM;
  std::string passphrase;
  if (options != nullptr) {
    if (!ocfs::cf::is_a(options, ocfs::cf::TypeId::kDictionary)) return OCFS_SEC_PARAM;
    const void *value = ocfs_dictionary_get_value(options, ocfs_import_export_passphrase);
    if (value != nullptr) {
      if (!ocfs::cf::is_string(value)) return OCFS_SEC_PARAM;
      passphrase = std::string(ocfs::cf::utf8_of(static_cast<ocfs_string_ref>(value)));
    }
  }
  int32_t status = ocfs::security::import(ocfs_data_get_byte_ptr(pkcs12_data),
                                          static_cast<size_t>(ocfs_data_get_length(pkcs12_data)),
                                          passphrase, items);
  if (!passphrase.empty()) OPENSSL_cleanse(passphrase.data(), passphrase.size());
  return status;
}

}  // extern "C"
