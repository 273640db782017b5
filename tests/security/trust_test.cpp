// SecPolicy and SecTrust: manual evaluation against test anchors, host names, validity, usage,
// Apple's anchor rules, the system store through SSL_CERT_FILE, the built chain, results and
// error codes, and the stream layer's peer trust.
#include <atomic>
#include <filesystem>
#include <thread>

#include "security/security.hpp"
#include "security_test_util.hpp"

namespace ocfs_test::security {
namespace {

Owned<ocfs_policy_ref> ssl(const char *host, bool server = true) {
  return own(ocfs_policy_create_ssl(server ? OCFS_TRUE : OCFS_FALSE,
                                    host != nullptr ? str(host).get() : nullptr));
}

Owned<ocfs_policy_ref> basic() {
  return own(ocfs_policy_create_basic_x509());
}

// CFAbsoluteTime of a Unix time.
double absolute_time(double unix_seconds) {
  return unix_seconds - 978307200.0;
}

class TrustTest : public ::testing::Test {
 protected:
  // A trust over `chain` with `policies`, and (unless null) `anchors` set.
  Owned<ocfs_trust_ref> trust(ocfs_type_ref chain, ocfs_type_ref policies,
                              ocfs_array_ref anchors = nullptr) {
    ocfs_trust_ref result = nullptr;
    EXPECT_EQ(ocfs_trust_create_with_certificates(chain, policies, &result), OCFS_SEC_SUCCESS);
    if (result != nullptr && anchors != nullptr) {
      EXPECT_EQ(ocfs_trust_set_anchor_certificates(result, anchors), OCFS_SEC_SUCCESS);
    }
    return own(result);
  }

  Owned<ocfs_trust_ref> anchored(const KeyAndCert &leaf, ocfs_type_ref policies) {
    return trust(certificate_of(leaf), policies, ca_anchors);
  }

  // EvaluateWithError's verdict; the error's parts in `failure`.
  bool evaluate(ocfs_trust_ref subject, ErrorParts &failure) {
    ocfs_error_ref error = nullptr;
    bool trusted = ocfs_trust_evaluate_with_error(subject, &error) != 0;
    if (trusted) {
      EXPECT_EQ(error, nullptr);
    }
    failure = parts_of(error);
    return trusted;
  }

  uint32_t legacy_result(ocfs_trust_ref subject) {
    uint32_t result = 99;
    EXPECT_EQ(ocfs_trust_evaluate(subject, &result), OCFS_SEC_SUCCESS);
    return result;
  }

  TestPki pki;
  KeyAndCert server = pki.good("localhost");
  Owned<ocfs_certificate_ref> ca = certificate_of(pki.ca());
  Owned<ocfs_array_ref> ca_anchors = array_of({ca.get()});
};

// ---- Policies ---------------------------------------------------------------------------------

TEST_F(TrustTest, PoliciesAreCfTypesComparedByContent) {
  EXPECT_EQ(ocfs_get_type_id(ssl("a.test")), ocfs_policy_get_type_id());
  EXPECT_EQ(ocfs_get_type_id(basic()), ocfs_policy_get_type_id());
  EXPECT_TRUE(ocfs_equal(ssl("a.test"), ssl("a.test")));
  EXPECT_EQ(ocfs_hash(ssl("a.test")), ocfs_hash(ssl("a.test")));
  EXPECT_FALSE(ocfs_equal(ssl("a.test"), ssl("b.test")));
  EXPECT_FALSE(ocfs_equal(ssl("a.test"), ssl("a.test", false)));
  EXPECT_FALSE(ocfs_equal(ssl("a.test"), ssl(nullptr)));
  EXPECT_FALSE(ocfs_equal(ssl(nullptr), basic()));
  EXPECT_TRUE(ocfs_equal(basic(), basic()));
  std::string description = take_text(ocfs_copy_description(ssl("a.test")));
  EXPECT_NE(description.find("<SecPolicy 0x"), std::string::npos) << description;
  EXPECT_NE(description.find("a.test"), std::string::npos) << description;
  EXPECT_EQ(ocfs_policy_create_ssl(OCFS_TRUE, ref_cast<ocfs_string_ref>(ca.get())), nullptr);
}

// ---- Creation and arguments -------------------------------------------------------------------

TEST_F(TrustTest, CreateAcceptsOneOrManyCertificatesAndPolicies) {
  auto leaf = certificate_of(server);
  ocfs_trust_ref created = nullptr;
  EXPECT_EQ(ocfs_trust_create_with_certificates(leaf, nullptr, &created), OCFS_SEC_SUCCESS);
  Owned<ocfs_trust_ref> one(created);
  EXPECT_EQ(ocfs_get_type_id(one), ocfs_trust_get_type_id());
  Owned<ocfs_array_ref> policies;
  ASSERT_EQ(ocfs_trust_copy_policies(one, policies.out()), OCFS_SEC_SUCCESS);
  ASSERT_EQ(ocfs_array_get_count(policies), 1);  // NULL policies: basic X.509
  EXPECT_TRUE(ocfs_equal(ocfs_array_get_value_at_index(policies, 0), basic()));

  auto chain = array_of({leaf.get(), ca.get()});
  auto rules = array_of({ssl("localhost").get(), basic().get()});
  EXPECT_EQ(ocfs_trust_create_with_certificates(chain, rules, &created), OCFS_SEC_SUCCESS);
  Owned<ocfs_trust_ref> many(created);
  ASSERT_EQ(ocfs_trust_copy_policies(many, policies.out()), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(ocfs_equal(policies, rules));
}

TEST_F(TrustTest, CreateRefusesWrongArguments) {
  auto leaf = certificate_of(server);
  ocfs_trust_ref created = ref_cast<ocfs_trust_ref>(leaf.get());  // must be reset to NULL
  EXPECT_EQ(ocfs_trust_create_with_certificates(nullptr, nullptr, &created), OCFS_SEC_PARAM);
  EXPECT_EQ(created, nullptr);
  EXPECT_EQ(ocfs_trust_create_with_certificates(array_of({}), nullptr, &created), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_create_with_certificates(array_of({leaf.get(), str("x").get()}), nullptr,
                                                &created),
            OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_create_with_certificates(data_of(server.der_cert()), nullptr, &created),
            OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_create_with_certificates(leaf, leaf, &created), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_create_with_certificates(leaf, array_of({leaf.get()}), &created),
            OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_create_with_certificates(leaf, nullptr, nullptr), OCFS_SEC_PARAM);
  EXPECT_EQ(created, nullptr);
}

TEST_F(TrustTest, OtherCallsRefuseANonTrust) {
  auto leaf = certificate_of(server);
  auto not_trust = ref_cast<ocfs_trust_ref>(leaf.get());
  ocfs_array_ref array = nullptr;
  uint32_t result = 99;
  EXPECT_EQ(ocfs_trust_set_policies(not_trust, ssl("x")), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_copy_policies(not_trust, &array), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_set_anchor_certificates(not_trust, ca_anchors), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_set_anchor_certificates_only(nullptr, OCFS_TRUE), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_copy_custom_anchor_certificates(nullptr, &array), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_set_verify_time(nullptr, 0), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_get_certificate_count(not_trust), 0);
  EXPECT_EQ(ocfs_trust_get_certificate_at_index(nullptr, 0), nullptr);
  EXPECT_EQ(ocfs_trust_copy_certificate_chain(not_trust), nullptr);
  EXPECT_EQ(ocfs_trust_evaluate(not_trust, &result), OCFS_SEC_PARAM);
  EXPECT_EQ(result, uint32_t{OCFS_TRUST_RESULT_INVALID});
  EXPECT_EQ(ocfs_trust_get_trust_result(nullptr, &result), OCFS_SEC_PARAM);
  ocfs_error_ref error = nullptr;
  EXPECT_FALSE(ocfs_trust_evaluate_with_error(nullptr, &error));
  ErrorParts parts = parts_of(error);
  EXPECT_EQ(parts.domain, "NSOSStatusErrorDomain");
  EXPECT_EQ(parts.code, OCFS_SEC_PARAM);

  auto subject = anchored(server, ssl("localhost"));
  EXPECT_EQ(ocfs_trust_evaluate(subject, nullptr), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_get_trust_result(subject, nullptr), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_set_policies(subject, nullptr), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_set_policies(subject, leaf), OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_set_anchor_certificates(subject, ref_cast<ocfs_array_ref>(ca.get())),
            OCFS_SEC_PARAM);  // an array, never a lone certificate
  EXPECT_EQ(ocfs_trust_set_anchor_certificates(subject, array_of({ssl("x").get()})),
            OCFS_SEC_PARAM);
  EXPECT_EQ(ocfs_trust_get_certificate_at_index(subject, -1), nullptr);
}

// ---- Evaluation -------------------------------------------------------------------------------

TEST_F(TrustTest, RightHostWithTheTestCaAsAnchorPasses) {
  auto subject = anchored(server, ssl("localhost"));
  uint32_t result = 99;
  EXPECT_EQ(ocfs_trust_get_trust_result(subject, &result), OCFS_SEC_SUCCESS);
  EXPECT_EQ(result, uint32_t{OCFS_TRUST_RESULT_INVALID});  // not evaluated yet
  ErrorParts failure;
  EXPECT_TRUE(evaluate(subject, failure)) << failure.description << ": " << failure.reason;
  EXPECT_EQ(legacy_result(subject), uint32_t{OCFS_TRUST_RESULT_UNSPECIFIED});
  EXPECT_EQ(ocfs_trust_get_trust_result(subject, &result), OCFS_SEC_SUCCESS);
  EXPECT_EQ(result, uint32_t{OCFS_TRUST_RESULT_UNSPECIFIED});

  // The chain as built: the leaf, then the anchor.
  ASSERT_EQ(ocfs_trust_get_certificate_count(subject), 2);
  EXPECT_EQ(der_at(subject, 0), server.der_cert());
  EXPECT_EQ(der_at(subject, 1), pki.ca().der_cert());
  EXPECT_EQ(ocfs_trust_get_certificate_at_index(subject, 1), ca.get());  // the anchor object
  EXPECT_EQ(ocfs_trust_get_certificate_at_index(subject, 2), nullptr);
  Owned<ocfs_array_ref> chain(ocfs_trust_copy_certificate_chain(subject));
  ASSERT_EQ(ocfs_array_get_count(chain), 2);
  EXPECT_TRUE(ocfs_equal(ocfs_array_get_value_at_index(chain, 0), certificate_of(server)));
}

TEST_F(TrustTest, WrongHostFailsWithHostNameMismatch) {
  auto subject = anchored(server, ssl("other.test"));
  ErrorParts failure;
  EXPECT_FALSE(evaluate(subject, failure));
  EXPECT_EQ(failure.domain, "NSOSStatusErrorDomain");
  EXPECT_EQ(failure.code, OCFS_SEC_HOST_NAME_MISMATCH);
  EXPECT_EQ(failure.code, -67602);
  EXPECT_NE(failure.description.find("localhost"), std::string::npos) << failure.description;
  EXPECT_NE(failure.reason.find("hostname mismatch"), std::string::npos) << failure.reason;
  EXPECT_EQ(legacy_result(subject), uint32_t{OCFS_TRUST_RESULT_RECOVERABLE_TRUST_FAILURE});
  EXPECT_EQ(ocfs_trust_get_certificate_count(subject), 2);  // the chain itself was fine
}

TEST_F(TrustTest, HostNameRules) {
  struct Case {
    KeyAndCert leaf;
    const char *host;
    bool trusted;
  };
  const Case cases[] = {
      {server, "LOCALHOST", true},
      {server, "localhost.", true},  // one trailing dot ignored
      {server, "localhost..", false},
      {server, "", false},
      {pki.wildcard(), "a.example.test", true},
      {pki.wildcard(), "example.test", false},
      {pki.wildcard(), "a.b.example.test", false},
      {pki.partial_wildcard(), "foo.example.test", false},  // no partial wildcards
      {pki.ip_san(), "127.0.0.1", true},
      {pki.ip_san(), "::1", true},
      {pki.ip_san(), "127.0.0.2", false},
      // No DNS subjectAltName: OpenSSL falls back to the common name, as the TLS engine does.
      {pki.ip_san(), "ip-san.test", true},
      {server, "127.0.0.1", false},
  };
  for (const Case &c : cases) {
    auto subject = anchored(c.leaf, ssl(c.host));
    ErrorParts failure;
    EXPECT_EQ(evaluate(subject, failure), c.trusted) << c.host;
    if (!c.trusted) {
      EXPECT_EQ(failure.code, OCFS_SEC_HOST_NAME_MISMATCH) << c.host;
    }
  }
}

TEST_F(TrustTest, NameWithAnEmbeddedNulNeverMatches) {
  std::string name = TestPki::nul_name();
  Owned<ocfs_string_ref> host(ocfs_string_create_with_bytes(
      nullptr, reinterpret_cast<const uint8_t *>(name.data()), static_cast<ocfs_index>(name.size()),
      OCFS_STRING_ENCODING_UTF8, OCFS_FALSE));
  Owned<ocfs_policy_ref> policy(ocfs_policy_create_ssl(OCFS_TRUE, host));
  ASSERT_NE(policy.get(), nullptr);
  auto subject = anchored(pki.nul_in_name(), policy);
  ErrorParts failure;
  EXPECT_FALSE(evaluate(subject, failure));
  EXPECT_EQ(failure.code, OCFS_SEC_HOST_NAME_MISMATCH);
}

TEST_F(TrustTest, ExpiredAndNotYetValidFailWithCertificateExpired) {
  auto expired = anchored(pki.expired(), ssl("localhost"));
  ErrorParts failure;
  EXPECT_FALSE(evaluate(expired, failure));
  EXPECT_EQ(failure.code, OCFS_SEC_CERTIFICATE_EXPIRED);
  EXPECT_EQ(failure.code, -67818);
  EXPECT_NE(failure.reason.find("certificate has expired"), std::string::npos) << failure.reason;
  EXPECT_EQ(legacy_result(expired), uint32_t{OCFS_TRUST_RESULT_RECOVERABLE_TRUST_FAILURE});

  auto early = anchored(pki.not_yet_valid(), ssl("localhost"));
  EXPECT_FALSE(evaluate(early, failure));
  EXPECT_EQ(failure.code, OCFS_SEC_CERTIFICATE_EXPIRED);  // Apple's code for both
  EXPECT_NE(failure.reason.find("not yet valid"), std::string::npos) << failure.reason;
}

TEST_F(TrustTest, VerifyTimeMovesTheValidityCheck) {
  TestPki old_ca("Old CA", -10 * 86400, 10 * 86400);  // valid when the expired leaf was
  auto expired = trust(certificate_of(old_ca.expired()), ssl("localhost"),
                       array_of({certificate_of(old_ca.ca()).get()}));
  double now = static_cast<double>(std::time(nullptr));
  ErrorParts failure;
  EXPECT_FALSE(evaluate(expired, failure));
  ASSERT_EQ(ocfs_trust_set_verify_time(expired, absolute_time(now - 1.5 * 86400)),
            OCFS_SEC_SUCCESS);
  EXPECT_TRUE(evaluate(expired, failure)) << failure.reason;

  auto good = anchored(server, ssl("localhost"));
  ASSERT_EQ(ocfs_trust_set_verify_time(good, absolute_time(now + 30 * 86400)), OCFS_SEC_SUCCESS);
  EXPECT_FALSE(evaluate(good, failure));
  EXPECT_EQ(failure.code, OCFS_SEC_CERTIFICATE_EXPIRED);
  ASSERT_EQ(ocfs_trust_set_verify_time(good, absolute_time(now - 86400)), OCFS_SEC_SUCCESS);
  EXPECT_FALSE(evaluate(good, failure));  // before the leaf and its CA existed
  EXPECT_EQ(failure.code, OCFS_SEC_CERTIFICATE_EXPIRED);
  EXPECT_NE(failure.reason.find("not yet valid"), std::string::npos) << failure.reason;
}

TEST_F(TrustTest, UnknownIssuerAndSelfSignedAreNotTrusted) {
  auto unanchored = trust(certificate_of(server), ssl("localhost"));
  ErrorParts failure;
  EXPECT_FALSE(evaluate(unanchored, failure));
  EXPECT_EQ(failure.code, OCFS_SEC_NOT_TRUSTED);
  EXPECT_EQ(failure.code, -67843);
  EXPECT_NE(failure.description.find("is not trusted"), std::string::npos);
  EXPECT_FALSE(failure.reason.empty());
  EXPECT_EQ(legacy_result(unanchored), uint32_t{OCFS_TRUST_RESULT_RECOVERABLE_TRUST_FAILURE});

  KeyAndCert self = pki.self_signed("localhost");
  auto self_signed = anchored(self, ssl("localhost"));
  EXPECT_FALSE(evaluate(self_signed, failure));
  EXPECT_EQ(failure.code, OCFS_SEC_NOT_TRUSTED);
  // The chain still holds the certificate (pinning code reads it after a failure).
  ASSERT_EQ(ocfs_trust_get_certificate_count(self_signed), 1);
  EXPECT_EQ(der_at(self_signed, 0), self.der_cert());
}

TEST_F(TrustTest, AnyCertificateCanBeAnAnchor) {
  // The self-signed server certificate itself, pinned (S6), and a CA-issued leaf as its own
  // anchor: Apple trusts an anchor wherever it is in the chain.
  KeyAndCert self_signed = pki.self_signed("self.test");
  auto pinned = certificate_of(self_signed);
  auto s6 = trust(pinned, ssl("self.test"), array_of({pinned.get()}));
  ErrorParts failure;
  EXPECT_TRUE(evaluate(s6, failure)) << failure.reason;
  EXPECT_EQ(legacy_result(s6), uint32_t{OCFS_TRUST_RESULT_UNSPECIFIED});

  auto leaf = certificate_of(server);
  auto leaf_anchor = trust(leaf, ssl("localhost"), array_of({leaf.get()}));
  EXPECT_TRUE(evaluate(leaf_anchor, failure)) << failure.reason;
  EXPECT_EQ(ocfs_trust_get_certificate_count(leaf_anchor), 1);
}

TEST_F(TrustTest, BasicPolicyIgnoresTheHost) {
  KeyAndCert wrong = pki.wrong_host();
  ErrorParts failure;
  EXPECT_TRUE(evaluate(anchored(wrong, basic()), failure)) << failure.reason;
  EXPECT_TRUE(evaluate(anchored(wrong, nullptr), failure)) << failure.reason;
  EXPECT_TRUE(evaluate(anchored(wrong, ssl(nullptr)), failure)) << failure.reason;
  EXPECT_FALSE(evaluate(anchored(wrong, ssl("localhost")), failure));
  // The basic policy ignores the usage too: a client certificate passes.
  EXPECT_TRUE(evaluate(anchored(pki.client(), basic()), failure)) << failure.reason;
  // But not the chain.
  EXPECT_FALSE(evaluate(trust(certificate_of(wrong), basic()), failure));
  EXPECT_EQ(failure.code, OCFS_SEC_NOT_TRUSTED);
}

TEST_F(TrustTest, ServerFlagChoosesTheUsage) {
  ErrorParts failure;
  EXPECT_TRUE(evaluate(anchored(pki.client(), ssl(nullptr, false)), failure)) << failure.reason;
  EXPECT_FALSE(evaluate(anchored(pki.client(), ssl(nullptr, true)), failure));
  EXPECT_EQ(failure.code, OCFS_SEC_INVALID_EXTENDED_KEY_USAGE);
  EXPECT_FALSE(evaluate(anchored(server, ssl(nullptr, false)), failure));
  EXPECT_EQ(failure.code, OCFS_SEC_INVALID_EXTENDED_KEY_USAGE);
}

TEST_F(TrustTest, EveryPolicyMustPass) {
  ErrorParts failure;
  EXPECT_TRUE(
      evaluate(anchored(server, array_of({ssl("localhost").get(), basic().get()})), failure));
  EXPECT_FALSE(
      evaluate(anchored(server, array_of({basic().get(), ssl("other.test").get()})), failure));
  EXPECT_EQ(failure.code, OCFS_SEC_HOST_NAME_MISMATCH);
  // An empty array means the basic policy.
  auto subject = anchored(pki.wrong_host(), ssl("localhost"));
  ASSERT_EQ(ocfs_trust_set_policies(subject, array_of({})), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(evaluate(subject, failure)) << failure.reason;
}

TEST_F(TrustTest, ChangesDropTheResultAndEvaluationFollowsThem) {
  auto subject = anchored(server, ssl("localhost"));
  ErrorParts failure;
  ASSERT_TRUE(evaluate(subject, failure));
  ASSERT_EQ(ocfs_trust_set_policies(subject, ssl("other.test")), OCFS_SEC_SUCCESS);
  uint32_t result = 99;
  ASSERT_EQ(ocfs_trust_get_trust_result(subject, &result), OCFS_SEC_SUCCESS);
  EXPECT_EQ(result, uint32_t{OCFS_TRUST_RESULT_INVALID});
  EXPECT_FALSE(evaluate(subject, failure));
  EXPECT_EQ(failure.code, OCFS_SEC_HOST_NAME_MISMATCH);
  ASSERT_EQ(ocfs_trust_set_policies(subject, array_of({ssl("localhost").get()})), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(evaluate(subject, failure));
}

TEST_F(TrustTest, GettersEvaluateWhenNeeded) {
  auto subject = anchored(server, ssl("localhost"));
  EXPECT_EQ(ocfs_trust_get_certificate_count(subject), 2);
  uint32_t result = 99;
  ASSERT_EQ(ocfs_trust_get_trust_result(subject, &result), OCFS_SEC_SUCCESS);
  EXPECT_EQ(result, uint32_t{OCFS_TRUST_RESULT_UNSPECIFIED});
}

TEST_F(TrustTest, BorrowedCertificatesOutliveAChainChange) {
  auto subject = anchored(server, ssl("localhost"));
  ocfs_certificate_ref borrowed = ocfs_trust_get_certificate_at_index(subject, 1);
  ASSERT_NE(borrowed, nullptr);
  // Anchors that do not cover the chain: the new chain is the leaf alone.
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(subject, array_of({})), OCFS_SEC_SUCCESS);
  ErrorParts failure;
  EXPECT_FALSE(evaluate(subject, failure));
  EXPECT_EQ(ocfs_trust_get_certificate_count(subject), 1);
  Owned<ocfs_data_ref> der(ocfs_certificate_copy_data(borrowed));  // still alive
  EXPECT_EQ(bytes_of(der), pki.ca().der_cert());
}

TEST_F(TrustTest, PeerSentIntermediatesAreUsed) {
  // The peer sends leaf and CA; the CA is the anchor too (a duplicate is harmless).
  auto subject =
      trust(array_of({certificate_of(server).get(), ca.get()}), ssl("localhost"), ca_anchors);
  ErrorParts failure;
  EXPECT_TRUE(evaluate(subject, failure)) << failure.reason;
  EXPECT_EQ(ocfs_trust_get_certificate_count(subject), 2);
}

TEST_F(TrustTest, CustomAnchorsCanBeCopiedAndCleared) {
  auto subject = trust(certificate_of(server), ssl("localhost"));
  Owned<ocfs_array_ref> anchors;
  ASSERT_EQ(ocfs_trust_copy_custom_anchor_certificates(subject, anchors.out()), OCFS_SEC_SUCCESS);
  EXPECT_EQ(anchors.get(), nullptr);
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(subject, ca_anchors), OCFS_SEC_SUCCESS);
  ASSERT_EQ(ocfs_trust_copy_custom_anchor_certificates(subject, anchors.out()), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(ocfs_equal(anchors, ca_anchors));
  ErrorParts failure;
  EXPECT_TRUE(evaluate(subject, failure));
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(subject, nullptr), OCFS_SEC_SUCCESS);
  ASSERT_EQ(ocfs_trust_copy_custom_anchor_certificates(subject, anchors.out()), OCFS_SEC_SUCCESS);
  EXPECT_EQ(anchors.get(), nullptr);
  EXPECT_FALSE(evaluate(subject, failure));  // the system store does not know the test CA
  EXPECT_EQ(failure.code, OCFS_SEC_NOT_TRUSTED);
}

// The system store is OpenSSL's default paths: SSL_CERT_FILE is honoured, so the test CA can
// play a system root, and Apple's anchor rules can be checked against it.
TEST_F(TrustTest, AnchorCertificatesOnlyFollowsApplesRules) {
  tls::TempFile system_root = tls::temp_file(pki.ca().pem_cert());
  std::filesystem::path empty_dir = system_root.path().string() + ".d";
  std::filesystem::create_directory(empty_dir);
  ScopedEnv file("SSL_CERT_FILE", system_root.string());
  ScopedEnv dir("SSL_CERT_DIR", empty_dir.string());

  TestPki other("Unrelated CA");
  auto unrelated = array_of({certificate_of(other.ca()).get()});
  auto subject = trust(certificate_of(server), ssl("localhost"));
  ErrorParts failure;
  EXPECT_TRUE(evaluate(subject, failure)) << "system root: " << failure.reason;

  // Setting anchors makes them the only ones.
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(subject, unrelated), OCFS_SEC_SUCCESS);
  EXPECT_FALSE(evaluate(subject, failure));
  EXPECT_EQ(failure.code, OCFS_SEC_NOT_TRUSTED);
  // AnchorCertificatesOnly(false) adds the system's back.
  ASSERT_EQ(ocfs_trust_set_anchor_certificates_only(subject, OCFS_FALSE), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(evaluate(subject, failure)) << failure.reason;
  // And true removes them again.
  ASSERT_EQ(ocfs_trust_set_anchor_certificates_only(subject, OCFS_TRUE), OCFS_SEC_SUCCESS);
  EXPECT_FALSE(evaluate(subject, failure));
  // A later SetAnchorCertificates makes the anchors exclusive again, whatever was set before.
  ASSERT_EQ(ocfs_trust_set_anchor_certificates_only(subject, OCFS_FALSE), OCFS_SEC_SUCCESS);
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(subject, unrelated), OCFS_SEC_SUCCESS);
  EXPECT_FALSE(evaluate(subject, failure));
  // NULL anchors: the system's alone.
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(subject, nullptr), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(evaluate(subject, failure)) << failure.reason;
  // Only, with no custom anchors set, changes nothing: the system's roots stay.
  ASSERT_EQ(ocfs_trust_set_anchor_certificates_only(subject, OCFS_TRUE), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(evaluate(subject, failure)) << failure.reason;

  std::filesystem::remove(empty_dir);
}

TEST_F(TrustTest, CfBehaviour) {
  auto subject = anchored(server, ssl("localhost"));
  auto another = anchored(server, ssl("localhost"));
  EXPECT_TRUE(ocfs_equal(subject, subject));
  EXPECT_FALSE(ocfs_equal(subject, another));  // identity, as Apple
  std::string description = take_text(ocfs_copy_description(subject));
  EXPECT_NE(description.find("<SecTrust 0x"), std::string::npos) << description;
  EXPECT_NE(description.find("leaf = localhost"), std::string::npos) << description;
  ocfs_retain(subject);
  EXPECT_EQ(ocfs_get_retain_count(subject), 2);
  ocfs_release(subject);
}

// A trust shared between threads (a stream's reader and writer, say): evaluations, chain reads
// and changes serialise on the trust's own lock.
TEST_F(TrustTest, OneTrustUsedFromSeveralThreads) {
  auto subject = anchored(server, ssl("localhost"));
  auto right = ssl("localhost");
  auto wrong = ssl("other.test");
  std::atomic<int> inconsistent{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        if (t == 0) ocfs_trust_set_policies(subject, i % 2 == 0 ? wrong.get() : right.get());
        ocfs_trust_evaluate_with_error(subject, nullptr);
        ocfs_index count = ocfs_trust_get_certificate_count(subject);
        if (count != 2) ++inconsistent;
        Owned<ocfs_array_ref> chain(ocfs_trust_copy_certificate_chain(subject));
        if (ocfs_array_get_count(chain) != 2) ++inconsistent;
        take_text(ocfs_copy_description(subject));
      }
    });
  }
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(inconsistent.load(), 0);
}

// ---- The stream layer's peer trust ------------------------------------------------------------

TEST_F(TrustTest, PeerTrustForTheStreamLayer) {
  using ocfs::security::make_peer_trust;
  Owned<ocfs_trust_ref> peer(make_peer_trust({server.der_cert()}, std::string("localhost")));
  ASSERT_NE(peer.get(), nullptr);
  Owned<ocfs_array_ref> policies;
  ASSERT_EQ(ocfs_trust_copy_policies(peer, policies.out()), OCFS_SEC_SUCCESS);
  ASSERT_EQ(ocfs_array_get_count(policies), 1);
  EXPECT_TRUE(ocfs_equal(ocfs_array_get_value_at_index(policies, 0), ssl("localhost")));

  ErrorParts failure;
  EXPECT_FALSE(evaluate(peer, failure));  // no anchor yet
  EXPECT_EQ(failure.code, OCFS_SEC_NOT_TRUSTED);
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(peer, ca_anchors), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(evaluate(peer, failure)) << failure.reason;

  Owned<ocfs_trust_ref> wrong(
      make_peer_trust({server.der_cert(), pki.ca().der_cert()}, std::string("other.test")));
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(wrong, ca_anchors), OCFS_SEC_SUCCESS);
  EXPECT_FALSE(evaluate(wrong, failure));
  EXPECT_EQ(failure.code, OCFS_SEC_HOST_NAME_MISMATCH);

  Owned<ocfs_trust_ref> nameless(make_peer_trust({server.der_cert()}, std::nullopt));
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(nameless, ca_anchors), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(evaluate(nameless, failure)) << failure.reason;
  ASSERT_EQ(ocfs_trust_copy_policies(nameless, policies.out()), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(ocfs_equal(ocfs_array_get_value_at_index(policies, 0), ssl(nullptr)));

  Owned<ocfs_trust_ref> ip(make_peer_trust({pki.ip_san().der_cert()}, std::string("::1")));
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(ip, ca_anchors), OCFS_SEC_SUCCESS);
  EXPECT_TRUE(evaluate(ip, failure)) << failure.reason;

  EXPECT_EQ(make_peer_trust({}, std::string("localhost")), nullptr);
  EXPECT_EQ(make_peer_trust({{1, 2, 3}}, std::string("localhost")), nullptr);
  EXPECT_EQ(make_peer_trust({server.der_cert(), {1, 2, 3}}, std::nullopt), nullptr);
}

}  // namespace
}  // namespace ocfs_test::security
