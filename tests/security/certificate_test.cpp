// SecCertificate: creation from DER (and refusal of anything else), data, summaries, common
// names, CF behaviour, and the PEM array extension.
#include <set>

#include "security_test_util.hpp"

namespace ocfs_test::security {
namespace {

class CertificateTest : public ::testing::Test {
 protected:
  TestPki pki;
  KeyAndCert good = pki.good("good.test");
};

TEST_F(CertificateTest, CreateWithDataKeepsTheDerBytes) {
  std::vector<uint8_t> der = good.der_cert();
  Owned<ocfs_certificate_ref> certificate(ocfs_certificate_create_with_data(nullptr, data_of(der)));
  ASSERT_NE(certificate.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(certificate), ocfs_certificate_get_type_id());
  Owned<ocfs_data_ref> copy(ocfs_certificate_copy_data(certificate));
  EXPECT_EQ(bytes_of(copy), der);
  EXPECT_EQ(ocfs_get_retain_count(certificate), 1);
}

TEST_F(CertificateTest, CreateWithDataRefusesAnythingButOneDerCertificate) {
  std::vector<uint8_t> der = good.der_cert();
  std::vector<uint8_t> trailing = der;
  trailing.push_back(0);
  std::vector<uint8_t> truncated(der.begin(), der.end() - 1);
  std::string pem = good.pem_cert();
  const std::vector<std::vector<uint8_t>> refused = {
      {},
      {0x30, 0x03, 0x02, 0x01, 0x01},
      std::vector<uint8_t>(100, 0xAB),
      trailing,
      truncated,
      std::vector<uint8_t>(pem.begin(), pem.end()),
  };
  for (const auto &bytes : refused) {
    EXPECT_EQ(ocfs_certificate_create_with_data(nullptr, data_of(bytes)), nullptr)
        << bytes.size() << " bytes";
  }
  EXPECT_EQ(ocfs_certificate_create_with_data(nullptr, nullptr), nullptr);
  EXPECT_EQ(ocfs_certificate_create_with_data(nullptr, ref_cast<ocfs_data_ref>(str("x").get())),
            nullptr);
}

TEST_F(CertificateTest, EqualityAndHashFollowTheDer) {
  auto a = certificate_of(good);
  auto b = certificate_of(good);
  auto other = certificate_of(pki.good("good.test"));  // same name, another key and serial
  ASSERT_TRUE(a.get() && b.get() && other.get());
  EXPECT_NE(a.get(), b.get());
  EXPECT_TRUE(ocfs_equal(a, b));
  EXPECT_EQ(ocfs_hash(a), ocfs_hash(b));
  EXPECT_FALSE(ocfs_equal(a, other));
  EXPECT_FALSE(ocfs_equal(a, data_of(good.der_cert())));
}

TEST_F(CertificateTest, DescriptionAndTypeIdName) {
  auto certificate = certificate_of(good);
  std::string description = take_text(ocfs_copy_description(certificate));
  EXPECT_NE(description.find("<SecCertificate 0x"), std::string::npos) << description;
  EXPECT_NE(description.find("s: good.test"), std::string::npos) << description;
  EXPECT_NE(description.find("i: OpenCFStream Test CA"), std::string::npos) << description;
  EXPECT_EQ(take_text(ocfs_copy_type_id_description(ocfs_certificate_get_type_id())),
            "SecCertificate");
}

TEST_F(CertificateTest, SecurityTypeIdsAreDistinct) {
  std::set<ocfs_type_id> ids = {ocfs_certificate_get_type_id(), ocfs_identity_get_type_id(),
                                ocfs_policy_get_type_id(),      ocfs_trust_get_type_id(),
                                ocfs_data_get_type_id(),        ocfs_host_get_type_id(),
                                ocfs_string_get_type_id(),      ocfs_error_get_type_id()};
  EXPECT_EQ(ids.size(), 8u);
  EXPECT_EQ(take_text(ocfs_copy_type_id_description(ocfs_identity_get_type_id())), "SecIdentity");
  EXPECT_EQ(take_text(ocfs_copy_type_id_description(ocfs_policy_get_type_id())), "SecPolicy");
  EXPECT_EQ(take_text(ocfs_copy_type_id_description(ocfs_trust_get_type_id())), "SecTrust");
}

TEST_F(CertificateTest, SubjectSummaryIsTheCommonName) {
  EXPECT_EQ(take_text(ocfs_certificate_copy_subject_summary(certificate_of(good))), "good.test");
  EXPECT_EQ(take_text(ocfs_certificate_copy_subject_summary(certificate_of(pki.ca()))),
            "OpenCFStream Test CA");
  EXPECT_EQ(ocfs_certificate_copy_subject_summary(nullptr), nullptr);
}

TEST_F(CertificateTest, SubjectSummaryWithoutCommonNameFallsBack) {
  tls::LeafSpec spec;
  spec.dns_names = {"alt.test"};
  EXPECT_EQ(take_text(ocfs_certificate_copy_subject_summary(certificate_of(pki.issue(spec)))),
            "alt.test");
  tls::LeafSpec bare;  // no CN, no SAN: the organization
  EXPECT_EQ(take_text(ocfs_certificate_copy_subject_summary(certificate_of(pki.issue(bare)))),
            "OpenCFStream tests");
}

TEST_F(CertificateTest, CopyCommonName) {
  ocfs_string_ref name = nullptr;
  EXPECT_EQ(ocfs_certificate_copy_common_name(certificate_of(good), &name), OCFS_SEC_SUCCESS);
  EXPECT_EQ(take_text(name), "good.test");

  tls::LeafSpec spec;
  spec.dns_names = {"alt.test"};
  auto sentinel = str("sentinel");
  name = sentinel.get();
  EXPECT_EQ(ocfs_certificate_copy_common_name(certificate_of(pki.issue(spec)), &name),
            OCFS_SEC_INTERNAL);
  EXPECT_EQ(name, nullptr);

  EXPECT_EQ(ocfs_certificate_copy_common_name(nullptr, &name), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_certificate_copy_common_name(certificate_of(good), nullptr), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_certificate_copy_common_name(
                ref_cast<ocfs_certificate_ref>(data_of(good.der_cert()).get()), &name),
            OCFS_SEC_PARAM);
}

TEST_F(CertificateTest, CommonNameWithAnEmbeddedNulIsKeptWhole) {
  ocfs_string_ref name = nullptr;
  ASSERT_EQ(ocfs_certificate_copy_common_name(certificate_of(pki.nul_in_name()), &name),
            OCFS_SEC_SUCCESS);
  Owned<ocfs_string_ref> owned(name);
  EXPECT_EQ(ocfs_string_get_length(name), 20);  // "good.test\0.evil.test", never truncated
}

TEST_F(CertificateTest, ArrayFromPemChainAndDer) {
  std::string chain = good.pem_cert() + pki.ca().pem_cert();
  ocfs_error_ref error = nullptr;
  Owned<ocfs_array_ref> array(
      ocfs_certificate_create_array_with_data(nullptr, data_of(chain), &error));
  ASSERT_NE(array.get(), nullptr);
  EXPECT_EQ(error, nullptr);
  ASSERT_EQ(ocfs_array_get_count(array), 2);
  auto first = ref_cast<ocfs_certificate_ref>(ocfs_array_get_value_at_index(array, 0));
  auto second = ref_cast<ocfs_certificate_ref>(ocfs_array_get_value_at_index(array, 1));
  EXPECT_TRUE(ocfs_equal(first, certificate_of(good)));
  EXPECT_TRUE(ocfs_equal(second, certificate_of(pki.ca())));

  // A key block in between is skipped.
  Owned<ocfs_array_ref> mixed(ocfs_certificate_create_array_with_data(
      nullptr, data_of(good.pem_key() + good.pem_cert()), nullptr));
  ASSERT_NE(mixed.get(), nullptr);
  EXPECT_EQ(ocfs_array_get_count(mixed), 1);

  Owned<ocfs_array_ref> der(
      ocfs_certificate_create_array_with_data(nullptr, data_of(good.der_cert()), nullptr));
  ASSERT_NE(der.get(), nullptr);
  EXPECT_EQ(ocfs_array_get_count(der), 1);
}

TEST_F(CertificateTest, ArrayFromGarbageFailsWithDecode) {
  ocfs_error_ref error = nullptr;
  EXPECT_EQ(
      ocfs_certificate_create_array_with_data(nullptr, data_of(std::string("garbage")), &error),
      nullptr);
  ErrorParts parts = parts_of(error);
  EXPECT_EQ(parts.domain, "NSOSStatusErrorDomain");
  EXPECT_EQ(parts.code, OCFS_SEC_DECODE);

  EXPECT_EQ(ocfs_certificate_create_array_with_data(nullptr, data_of(good.pem_key()), &error),
            nullptr);
  EXPECT_EQ(parts_of(error).code, OCFS_SEC_DECODE);

  EXPECT_EQ(ocfs_certificate_create_array_with_data(nullptr, nullptr, &error), nullptr);
  EXPECT_EQ(parts_of(error).code, OCFS_SEC_PARAM);
}

}  // namespace
}  // namespace ocfs_test::security
