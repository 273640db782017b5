// SecPKCS12Import: OpenSSL 3's default encryption, the legacy ones (3DES, RC2-40 with an
// HMAC-SHA1 MAC, as OpenSSL 1.x and older system tools wrote them), archives without a MAC or a
// password, and the exact status codes.
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include "security/security.hpp"
#include "security_test_util.hpp"

namespace ocfs_test::security {
namespace {

std::vector<uint8_t> der_of(PKCS12 *archive) {
  int length = i2d_PKCS12(archive, nullptr);
  std::vector<uint8_t> der(length > 0 ? static_cast<size_t>(length) : 0);
  unsigned char *out = der.data();
  if (length > 0) i2d_PKCS12(archive, &out);
  return der;
}

struct ArchiveSpec {
  int key_nid = 0;   // 0: OpenSSL 3's default (AES-256-CBC with PBKDF2)
  int cert_nid = 0;  // -1: certificates not encrypted
  bool mac = true;   // HMAC-SHA1, as the legacy tools
  bool with_key = true;
};

// An archive built in its own library context (with the legacy provider RC2 needs), so that the
// default context the library uses does not get that provider from the test.
std::vector<uint8_t> archive(const KeyAndCert &leaf, const KeyAndCert *ca,
                             const std::string &password, const ArchiveSpec &spec) {
  OSSL_LIB_CTX *context = OSSL_LIB_CTX_new();
  OSSL_PROVIDER *legacy = OSSL_PROVIDER_load(context, "legacy");
  OSSL_PROVIDER *standard = OSSL_PROVIDER_load(context, "default");
  EXPECT_NE(legacy, nullptr) << "OpenSSL's legacy provider cannot be loaded";
  STACK_OF(X509) *extra = sk_X509_new_null();
  if (ca != nullptr) sk_X509_push(extra, ca->cert.get());
  PKCS12 *p12 = PKCS12_create_ex(password.c_str(), "legacy identity",
                                 spec.with_key ? leaf.key.get() : nullptr, leaf.cert.get(), extra,
                                 spec.key_nid, spec.cert_nid, 2048, -1, 0, context, nullptr);
  EXPECT_NE(p12, nullptr) << tls::openssl_errors();
  if (p12 != nullptr && spec.mac) {
    EXPECT_EQ(PKCS12_set_mac(p12, password.c_str(), -1, nullptr, 0, 2048, EVP_sha1()), 1)
        << tls::openssl_errors();
  }
  std::vector<uint8_t> der = p12 != nullptr ? der_of(p12) : std::vector<uint8_t>();
  PKCS12_free(p12);
  sk_X509_free(extra);
  OSSL_PROVIDER_unload(legacy);
  OSSL_PROVIDER_unload(standard);
  OSSL_LIB_CTX_free(context);
  return der;
}

Owned<ocfs_dictionary_ref> options(const char *passphrase) {
  auto value = str(passphrase);
  const void *keys[] = {ocfs_import_export_passphrase};
  const void *values[] = {value.get()};
  return own(ocfs_dictionary_create(nullptr, keys, values, 1, &ocfs_type_dictionary_key_callbacks,
                                    &ocfs_type_dictionary_value_callbacks));
}

class Pkcs12Test : public ::testing::Test {
 protected:
  int32_t import(const std::vector<uint8_t> &bytes, ocfs_dictionary_ref import_options,
                 Owned<ocfs_array_ref> &items) {
    return ocfs_pkcs12_import(data_of(bytes), import_options, items.out());
  }

  // The one identity's item, checked against `leaf` (and its CA when `with_ca`).
  void expect_identity_item(ocfs_array_ref items, bool with_ca, const char *label) {
    ASSERT_NE(items, nullptr);
    ASSERT_EQ(ocfs_array_get_count(items), 1);
    auto item = static_cast<ocfs_dictionary_ref>(ocfs_array_get_value_at_index(items, 0));
    ASSERT_EQ(ocfs_get_type_id(item), ocfs_dictionary_get_type_id());

    auto identity =
        ref_cast<ocfs_identity_ref>(ocfs_dictionary_get_value(item, ocfs_import_item_identity));
    ASSERT_EQ(ocfs_get_type_id(identity), ocfs_identity_get_type_id());
    std::vector<uint8_t> certificate;
    std::vector<uint8_t> key;
    ASSERT_TRUE(ocfs::security::identity_material(identity, certificate, key));
    EXPECT_EQ(certificate, server.der_cert());
    EXPECT_FALSE(key.empty());

    auto chain =
        static_cast<ocfs_array_ref>(ocfs_dictionary_get_value(item, ocfs_import_item_cert_chain));
    ASSERT_EQ(ocfs_get_type_id(chain), ocfs_array_get_type_id());
    ASSERT_EQ(ocfs_array_get_count(chain), with_ca ? 2 : 1);
    EXPECT_TRUE(ocfs_equal(ocfs_array_get_value_at_index(chain, 0), certificate_of(server)));
    if (with_ca) {
      EXPECT_TRUE(ocfs_equal(ocfs_array_get_value_at_index(chain, 1), certificate_of(pki.ca())));
    }

    auto trust = ref_cast<ocfs_trust_ref>(ocfs_dictionary_get_value(item, ocfs_import_item_trust));
    ASSERT_EQ(ocfs_get_type_id(trust), ocfs_trust_get_type_id());
    auto anchors = array_of({certificate_of(pki.ca()).get()});
    ASSERT_EQ(ocfs_trust_set_anchor_certificates(trust, anchors), OCFS_SEC_SUCCESS);
    EXPECT_TRUE(ocfs_trust_evaluate_with_error(trust, nullptr));

    auto name =
        static_cast<ocfs_string_ref>(ocfs_dictionary_get_value(item, ocfs_import_item_label));
    EXPECT_EQ(text(name), label);

    // localKeyID: OpenSSL writes the certificate's SHA-1.
    auto key_id =
        static_cast<ocfs_data_ref>(ocfs_dictionary_get_value(item, ocfs_import_item_key_id));
    ASSERT_EQ(ocfs_get_type_id(key_id), ocfs_data_get_type_id());
    unsigned char sha1[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    std::vector<uint8_t> der = server.der_cert();
    ASSERT_EQ(EVP_Digest(der.data(), der.size(), sha1, &length, EVP_sha1(), nullptr), 1);
    EXPECT_EQ(bytes_of(key_id), std::vector<uint8_t>(sha1, sha1 + length));
  }

  TestPki pki;
  KeyAndCert server = pki.good("server.test");
};

TEST_F(Pkcs12Test, KeysHaveApplesStrings) {
  EXPECT_EQ(text(ocfs_import_export_passphrase), "passphrase");
  EXPECT_EQ(text(ocfs_import_item_identity), "identity");
  EXPECT_EQ(text(ocfs_import_item_cert_chain), "chain");
  EXPECT_EQ(text(ocfs_import_item_trust), "trust");
  EXPECT_EQ(text(ocfs_import_item_label), "label");
  EXPECT_EQ(text(ocfs_import_item_key_id), "keyid");
}

TEST_F(Pkcs12Test, DefaultEncryptionImports) {
  Owned<ocfs_array_ref> items;
  ASSERT_EQ(import(server.pkcs12("secret", &pki.ca(), "my server"), options("secret"), items),
            OCFS_SEC_SUCCESS);
  expect_identity_item(items, true, "my server");
}

TEST_F(Pkcs12Test, WithoutChainTheChainIsTheLeaf) {
  Owned<ocfs_array_ref> items;
  ASSERT_EQ(import(server.pkcs12("secret"), options("secret"), items), OCFS_SEC_SUCCESS);
  expect_identity_item(items, false, "test identity");
}

TEST_F(Pkcs12Test, WrongPassphraseIsAuthFailed) {
  Owned<ocfs_array_ref> items;
  std::vector<uint8_t> p12 = server.pkcs12("secret", &pki.ca());
  EXPECT_EQ(import(p12, options("Secret"), items), OCFS_SEC_AUTH_FAILED);
  EXPECT_EQ(OCFS_SEC_AUTH_FAILED, -25293);
  EXPECT_EQ(items.get(), nullptr);
  EXPECT_EQ(import(p12, nullptr, items), OCFS_SEC_AUTH_FAILED);
  EXPECT_EQ(import(p12, options(""), items), OCFS_SEC_AUTH_FAILED);
}

TEST_F(Pkcs12Test, GarbageIsDecode) {
  Owned<ocfs_array_ref> items;
  EXPECT_EQ(import({1, 2, 3, 4}, options("secret"), items), OCFS_SEC_DECODE);
  EXPECT_EQ(OCFS_SEC_DECODE, -26275);
  EXPECT_EQ(items.get(), nullptr);
  EXPECT_EQ(import({}, options("secret"), items), OCFS_SEC_DECODE);
  EXPECT_EQ(import(server.der_cert(), options("secret"), items), OCFS_SEC_DECODE);
  std::vector<uint8_t> truncated = server.pkcs12("secret");
  truncated.resize(truncated.size() / 2);
  EXPECT_EQ(import(truncated, options("secret"), items), OCFS_SEC_DECODE);
}

TEST_F(Pkcs12Test, BadArgumentsAreParam) {
  Owned<ocfs_array_ref> items;
  std::vector<uint8_t> p12 = server.pkcs12("secret");
  EXPECT_EQ(ocfs_pkcs12_import(nullptr, options("secret"), items.out()), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_pkcs12_import(data_of(p12), options("secret"), nullptr), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_pkcs12_import(ref_cast<ocfs_data_ref>(str("x").get()), nullptr, items.out()),
            OCFS_SEC_PARAM);
  EXPECT_EQ(
      ocfs_pkcs12_import(data_of(p12), ref_cast<ocfs_dictionary_ref>(str("x").get()), items.out()),
      OCFS_SEC_PARAM);
  auto not_a_string = data_of(p12);
  const void *keys[] = {ocfs_import_export_passphrase};
  const void *values[] = {not_a_string.get()};
  Owned<ocfs_dictionary_ref> wrong_type(
      ocfs_dictionary_create(nullptr, keys, values, 1, &ocfs_type_dictionary_key_callbacks,
                             &ocfs_type_dictionary_value_callbacks));
  EXPECT_EQ(ocfs_pkcs12_import(data_of(p12), wrong_type, items.out()), OCFS_SEC_PARAM);
  EXPECT_EQ(items.get(), nullptr);
}

TEST_F(Pkcs12Test, TripleDesArchiveImports) {
  ArchiveSpec spec;
  spec.key_nid = NID_pbe_WithSHA1And3_Key_TripleDES_CBC;
  spec.cert_nid = NID_pbe_WithSHA1And3_Key_TripleDES_CBC;
  Owned<ocfs_array_ref> items;
  ASSERT_EQ(import(archive(server, &pki.ca(), "secret", spec), options("secret"), items),
            OCFS_SEC_SUCCESS);
  expect_identity_item(items, true, "legacy identity");
  EXPECT_EQ(import(archive(server, &pki.ca(), "secret", spec), options("wrong"), items),
            OCFS_SEC_AUTH_FAILED);
}

// OpenSSL 1.x's default: certificates under RC2-40 (OpenSSL 3: legacy provider), the key under
// 3DES. The library loads the legacy provider itself for an import that needs it.
TEST_F(Pkcs12Test, Rc2ArchiveImportsThroughTheLegacyProvider) {
  ArchiveSpec spec;
  spec.key_nid = NID_pbe_WithSHA1And3_Key_TripleDES_CBC;
  spec.cert_nid = NID_pbe_WithSHA1And40BitRC2_CBC;
  std::vector<uint8_t> p12 = archive(server, &pki.ca(), "secret", spec);
  ASSERT_FALSE(p12.empty());
  bool loaded_before = OSSL_PROVIDER_available(nullptr, "legacy") == 1;
  Owned<ocfs_array_ref> items;
  ASSERT_EQ(import(p12, options("secret"), items), OCFS_SEC_SUCCESS)
      << "legacy provider loaded before: " << loaded_before;
  expect_identity_item(items, true, "legacy identity");
  // The provider was loaded for that import only: the process keeps the providers it had.
  EXPECT_EQ(OSSL_PROVIDER_available(nullptr, "legacy") == 1, loaded_before);
  EXPECT_EQ(import(p12, options("wrong"), items), OCFS_SEC_AUTH_FAILED);
  ASSERT_EQ(import(p12, options("secret"), items), OCFS_SEC_SUCCESS);  // and again
  EXPECT_EQ(ocfs_array_get_count(items), 1);
}

TEST_F(Pkcs12Test, ArchiveWithoutMac) {
  ArchiveSpec spec;
  spec.mac = false;
  std::vector<uint8_t> p12 = archive(server, &pki.ca(), "secret", spec);
  Owned<ocfs_array_ref> items;
  ASSERT_EQ(import(p12, options("secret"), items), OCFS_SEC_SUCCESS);
  expect_identity_item(items, true, "legacy identity");
  // Without a MAC a wrong password shows when decryption fails.
  EXPECT_EQ(import(p12, options("wrong"), items), OCFS_SEC_AUTH_FAILED);
}

TEST_F(Pkcs12Test, EmptyPassword) {
  std::vector<uint8_t> p12 = server.pkcs12("", &pki.ca());
  Owned<ocfs_array_ref> items;
  ASSERT_EQ(import(p12, nullptr, items), OCFS_SEC_SUCCESS);
  expect_identity_item(items, true, "test identity");
  ASSERT_EQ(import(p12, options(""), items), OCFS_SEC_SUCCESS);
  EXPECT_EQ(ocfs_array_get_count(items), 1);
  EXPECT_EQ(import(p12, options("secret"), items), OCFS_SEC_AUTH_FAILED);
}

TEST_F(Pkcs12Test, NonAsciiPassphrase) {
  const char *passphrase = "p\xC3\xA4ssw\xC3\xB6rd \xE2\x82\xAC";  // "pässwörd €"
  Owned<ocfs_array_ref> items;
  ASSERT_EQ(import(server.pkcs12(passphrase, &pki.ca()), options(passphrase), items),
            OCFS_SEC_SUCCESS);
  EXPECT_EQ(ocfs_array_get_count(items), 1);
}

TEST_F(Pkcs12Test, CertificatesWithoutKeyGiveNoIdentity) {
  ArchiveSpec spec;
  spec.with_key = false;
  Owned<ocfs_array_ref> items;
  ASSERT_EQ(import(archive(server, &pki.ca(), "secret", spec), options("secret"), items),
            OCFS_SEC_SUCCESS);
  ASSERT_NE(items.get(), nullptr);
  EXPECT_EQ(ocfs_array_get_count(items), 0);
}

}  // namespace
}  // namespace ocfs_test::security
