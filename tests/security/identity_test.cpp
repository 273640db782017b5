// SecIdentity: the PEM/DER extensions (data and files), their errors, CF behaviour, and the
// material the stream layer takes out of an identity.
#include <cerrno>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "security/security.hpp"
#include "security_test_util.hpp"

namespace ocfs_test::security {
namespace {

std::vector<uint8_t> der_key(const KeyAndCert &pair) {
  unsigned char *bytes = nullptr;
  int length = i2d_PrivateKey(pair.key.get(), &bytes);  // traditional (SEC1 for EC)
  std::vector<uint8_t> der(bytes, bytes + (length > 0 ? length : 0));
  OPENSSL_free(bytes);
  return der;
}

std::string encrypted_pem_key(const KeyAndCert &pair) {
  BIO *out = BIO_new(BIO_s_mem());
  PEM_write_bio_PKCS8PrivateKey(out, pair.key.get(), EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                const_cast<char *>("secret"));
  char *bytes = nullptr;
  long length = BIO_get_mem_data(out, &bytes);
  std::string pem(bytes, static_cast<size_t>(length));
  BIO_free(out);
  return pem;
}

class IdentityTest : public ::testing::Test {
 protected:
  Owned<ocfs_identity_ref> from_data(const std::string &certificate, const std::string &key,
                                     ErrorParts *failure = nullptr) {
    ocfs_error_ref error = nullptr;
    Owned<ocfs_identity_ref> identity(ocfs_identity_create_with_data(
        nullptr, data_of(certificate), data_of(key), failure != nullptr ? &error : nullptr));
    if (failure != nullptr) *failure = parts_of(error);
    return identity;
  }

  TestPki pki;
  KeyAndCert server = pki.good("server.test");
};

TEST_F(IdentityTest, FromPemData) {
  auto identity = from_data(server.pem_cert(), server.pem_key());
  ASSERT_NE(identity.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(identity), ocfs_identity_get_type_id());
  ocfs_certificate_ref certificate = nullptr;
  ASSERT_EQ(ocfs_identity_copy_certificate(identity, &certificate), OCFS_SEC_SUCCESS);
  Owned<ocfs_certificate_ref> owned(certificate);
  Owned<ocfs_data_ref> der(ocfs_certificate_copy_data(certificate));
  EXPECT_EQ(bytes_of(der), server.der_cert());
}

TEST_F(IdentityTest, FromDerData) {
  std::vector<uint8_t> certificate = server.der_cert();
  std::vector<uint8_t> key = der_key(server);
  ASSERT_FALSE(key.empty());
  Owned<ocfs_identity_ref> identity(
      ocfs_identity_create_with_data(nullptr, data_of(certificate), data_of(key), nullptr));
  ASSERT_NE(identity.get(), nullptr);
  EXPECT_TRUE(ocfs_equal(identity, from_data(server.pem_cert(), server.pem_key())));
}

TEST_F(IdentityTest, EqualityHashAndDescription) {
  auto a = from_data(server.pem_cert(), server.pem_key());
  auto b = from_data(server.pem_cert(), server.pem_key());
  KeyAndCert other = pki.good("server.test");
  auto c = from_data(other.pem_cert(), other.pem_key());
  ASSERT_TRUE(a.get() && b.get() && c.get());
  EXPECT_TRUE(ocfs_equal(a, b));
  EXPECT_EQ(ocfs_hash(a), ocfs_hash(b));
  EXPECT_FALSE(ocfs_equal(a, c));
  std::string description = take_text(ocfs_copy_description(a));
  EXPECT_NE(description.find("<SecIdentity 0x"), std::string::npos) << description;
  EXPECT_NE(description.find("server.test"), std::string::npos) << description;
  ocfs_retain(a);
  EXPECT_EQ(ocfs_get_retain_count(a), 2);
  ocfs_release(a);
}

TEST_F(IdentityTest, KeyOfAnotherCertificateIsRefused) {
  KeyAndCert other = pki.good("server.test");
  ErrorParts failure;
  EXPECT_EQ(from_data(server.pem_cert(), other.pem_key(), &failure).get(), nullptr);
  EXPECT_EQ(failure.domain, "NSOSStatusErrorDomain");
  EXPECT_EQ(failure.code, OCFS_SEC_PUBLIC_KEY_INCONSISTENT);
  EXPECT_NE(failure.reason.find("does not belong"), std::string::npos) << failure.reason;
}

TEST_F(IdentityTest, UnreadableInputFailsWithDecode) {
  ErrorParts failure;
  EXPECT_EQ(from_data("garbage", server.pem_key(), &failure).get(), nullptr);
  EXPECT_EQ(failure.code, OCFS_SEC_DECODE);
  EXPECT_EQ(from_data(server.pem_cert(), "garbage", &failure).get(), nullptr);
  EXPECT_EQ(failure.code, OCFS_SEC_DECODE);
  EXPECT_EQ(from_data(server.pem_key(), server.pem_cert(), &failure).get(), nullptr);
  EXPECT_EQ(failure.code, OCFS_SEC_DECODE);
  // An encrypted key fails at once: no password prompt on the terminal.
  EXPECT_EQ(from_data(server.pem_cert(), encrypted_pem_key(server), &failure).get(), nullptr);
  EXPECT_EQ(failure.code, OCFS_SEC_DECODE);
  EXPECT_NE(failure.reason.find("encrypted"), std::string::npos) << failure.reason;
}

TEST_F(IdentityTest, WrongArgumentTypesFailWithParam) {
  ocfs_error_ref error = nullptr;
  EXPECT_EQ(ocfs_identity_create_with_data(nullptr, nullptr, data_of(server.pem_key()), &error),
            nullptr);
  EXPECT_EQ(parts_of(error).code, OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_identity_create_with_data(nullptr, data_of(server.pem_cert()),
                                           ref_cast<ocfs_data_ref>(str("key").get()), &error),
            nullptr);
  EXPECT_EQ(parts_of(error).code, OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_identity_create_with_pem_files(nullptr, nullptr, nullptr, &error), nullptr);
  EXPECT_EQ(parts_of(error).code, OCFS_SEC_PARAM);

  ocfs_certificate_ref certificate = nullptr;
  EXPECT_EQ(ocfs_identity_copy_certificate(nullptr, &certificate), OCFS_SEC_PARAM);
  EXPECT_EQ(certificate, nullptr);
  auto identity = from_data(server.pem_cert(), server.pem_key());
  EXPECT_EQ(ocfs_identity_copy_certificate(identity, nullptr), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_identity_copy_certificate(
                ref_cast<ocfs_identity_ref>(certificate_of(server).get()), &certificate),
            OCFS_SEC_PARAM);
}

TEST_F(IdentityTest, FromPemFiles) {
  tls::TempFile certificate = tls::temp_file(server.pem_cert());
  tls::TempFile key = tls::temp_file(server.pem_key());
  ocfs_error_ref error = nullptr;
  Owned<ocfs_identity_ref> identity(ocfs_identity_create_with_pem_files(
      nullptr, str(certificate.string().c_str()), str(key.string().c_str()), &error));
  ASSERT_NE(identity.get(), nullptr) << parts_of(error).reason;
  EXPECT_EQ(error, nullptr);
  EXPECT_TRUE(ocfs_equal(identity, from_data(server.pem_cert(), server.pem_key())));
}

TEST_F(IdentityTest, FromOneFileHoldingKeyAndFullChain) {
  tls::TempFile both = tls::temp_file(server.pem_key() + server.pem_cert() + pki.ca().pem_cert());
  auto path = str(both.string().c_str());
  Owned<ocfs_identity_ref> identity(
      ocfs_identity_create_with_pem_files(nullptr, path, path, nullptr));
  ASSERT_NE(identity.get(), nullptr);
  ocfs_certificate_ref leaf = nullptr;
  ASSERT_EQ(ocfs_identity_copy_certificate(identity, &leaf), OCFS_SEC_SUCCESS);
  Owned<ocfs_certificate_ref> owned(leaf);
  EXPECT_TRUE(ocfs_equal(leaf, certificate_of(server)));
}

TEST_F(IdentityTest, MissingFileIsAPosixError) {
  tls::TempFile key = tls::temp_file(server.pem_key());
  std::string missing = key.string() + ".missing";
  ocfs_error_ref error = nullptr;
  EXPECT_EQ(ocfs_identity_create_with_pem_files(nullptr, str(missing.c_str()),
                                                str(key.string().c_str()), &error),
            nullptr);
  ErrorParts parts = parts_of(error);
  EXPECT_EQ(parts.domain, "NSPOSIXErrorDomain");
  EXPECT_EQ(parts.code, ENOENT);
}

TEST_F(IdentityTest, MaterialForTheStreamLayer) {
  auto identity = from_data(server.pem_cert(), server.pem_key());
  std::vector<uint8_t> certificate;
  std::vector<uint8_t> key;
  ASSERT_TRUE(ocfs::security::identity_material(identity.get(), certificate, key));
  EXPECT_EQ(certificate, server.der_cert());
  // The key is PKCS#8 DER of the certificate's key.
  const unsigned char *cursor = key.data();
  PKCS8_PRIV_KEY_INFO *info =
      d2i_PKCS8_PRIV_KEY_INFO(nullptr, &cursor, static_cast<long>(key.size()));
  ASSERT_NE(info, nullptr);
  EVP_PKEY *parsed = EVP_PKCS82PKEY(info);
  PKCS8_PRIV_KEY_INFO_free(info);
  ASSERT_NE(parsed, nullptr);
  EXPECT_EQ(X509_check_private_key(server.cert.get(), parsed), 1);
  EVP_PKEY_free(parsed);

  EXPECT_FALSE(ocfs::security::identity_material(certificate_of(server).get(), certificate, key));
  EXPECT_FALSE(ocfs::security::identity_material(nullptr, certificate, key));

  std::vector<uint8_t> der;
  EXPECT_TRUE(ocfs::security::certificate_der(certificate_of(server).get(), der));
  EXPECT_EQ(der, server.der_cert());
  EXPECT_FALSE(ocfs::security::certificate_der(identity.get(), der));
  EXPECT_FALSE(ocfs::security::certificate_der(data_of(server.der_cert()).get(), der));
  EXPECT_FALSE(ocfs::security::certificate_der(nullptr, der));
}

}  // namespace
}  // namespace ocfs_test::security
