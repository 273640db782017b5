// TLS on pairs with the Security objects: kCFStreamPropertySSLPeerTrust for the app's own
// evaluation (Apple's pinning pattern with validation off), kCFStreamSSLCertificates with a
// SecIdentity, and anchors given as SecCertificates.
#include <opencfstream/security.h>

#include "tls_test_util.hpp"

using namespace ocfs_test;

namespace {

Owned<ocfs_certificate_ref> certificate_of(const KeyAndCert &identity) {
  return own(ocfs_certificate_create_with_data(nullptr, data_of(identity.der_cert())));
}

Owned<ocfs_identity_ref> identity_of(const KeyAndCert &identity) {
  auto certificate = data_of(identity.der_cert());
  auto key = data_of(private_key_der(identity));
  return own(ocfs_identity_create_with_data(nullptr, certificate, key, nullptr));
}

Owned<ocfs_trust_ref> peer_trust(const Pair &pair) {
  return own(static_cast<ocfs_trust_ref>(const_cast<void *>(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_ssl_peer_trust))));
}

// Anchors = the CA, policy = SSL server for `host`: does the trust hold?
bool evaluates_for(ocfs_trust_ref trust, const TestPki &pki, const char *host) {
  auto ca = certificate_of(pki.ca());
  auto anchors = array_of({ca.get()});
  auto policy = own(ocfs_policy_create_ssl(OCFS_TRUE, str(host)));
  EXPECT_EQ(ocfs_trust_set_anchor_certificates(trust, anchors), 0);
  EXPECT_EQ(ocfs_trust_set_policies(trust, policy), 0);
  ocfs_error_ref error = nullptr;
  bool trusted = ocfs_trust_evaluate_with_error(trust, &error) != 0;
  ocfs_release(error);
  return trusted;
}

TEST(TlsPeerTrust, ManualEvaluationOnTheFirstCanAcceptBytesWithValidationOff) {
  TestPki pki;
  TlsTestServer server("a.test", pki.good("a.test"));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = pair_to_host("127.0.0.1", server.port());
  ASSERT_EQ(peer_trust(pair).get(), nullptr) << "no trust before the handshake";
  ASSERT_TRUE(
      set_read(pair, ocfs_stream_property_ssl_settings,
               dictionary({{ocfs_stream_ssl_validates_certificate_chain, ocfs_boolean_false}})));
  Recorder writes;
  bool checked = false, pinned = false, wrong_host = true;
  writes.on_event = [&](ocfs_stream_event_type type) {
    if (type != kCan || checked) return;
    checked = true;
    auto trust = peer_trust(pair);
    if (trust.get() == nullptr) return;
    pinned = evaluates_for(trust, pki, "a.test");
    wrong_host = evaluates_for(trust, pki, "b.test");
    EXPECT_EQ(ocfs_trust_get_certificate_count(trust), 2) << "leaf and the anchor";
  };
  writes.attach(pair.write);
  ScheduledPair scheduled = schedule(pair);
  ASSERT_TRUE(open_pair(pair));
  ASSERT_TRUE(run_until([&] { return checked; }));
  EXPECT_TRUE(pinned) << "the CA anchors a.test";
  EXPECT_FALSE(wrong_host) << "the same chain is not b.test's";
}

TEST(TlsPeerTrust, TrustStaysReadableAfterAVerificationFailure) {
  TestPki pki;
  TlsTestServer server("a.test", pki.wrong_host());
  ASSERT_TRUE(server.ok()) << server.setup_error();
  TrustSettings trust(pki);
  Pair pair = pair_to_host("127.0.0.1", server.port());
  open_pair(pair);
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings,
                       trust.with({{ocfs_stream_ssl_peer_name, str("a.test").get()}})));
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), -1);
  auto peer = peer_trust(pair);
  ASSERT_NE(peer.get(), nullptr);
  // The trust carries the policy the handshake used: a.test, which wrong.test's certificate is
  // not for.
  auto ca = certificate_of(pki.ca());
  ASSERT_EQ(ocfs_trust_set_anchor_certificates(peer, array_of({ca.get()})), 0);
  ocfs_error_ref error = nullptr;
  EXPECT_FALSE(ocfs_trust_evaluate_with_error(peer, &error));
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(ocfs_error_get_code(error), OCFS_SEC_HOST_NAME_MISMATCH);
  ocfs_release(error);
}

TEST(TlsSecurityObjects, SecIdentityAsClientCertificateAndSecCertificateAnchors) {
  TestPki pki;
  TlsServerConfig config;
  config.hosts.push_back({"a.test", pki.good("a.test")});
  config.client_cert = tls::ClientCertMode::kRequire;
  config.client_ca = pki.ca();
  TlsTestServer server(std::move(config));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  KeyAndCert client = pki.client("identity client");
  auto identity = identity_of(client);
  ASSERT_NE(identity.get(), nullptr);
  auto ca = certificate_of(pki.ca());
  auto certificates = array_of({identity.get(), ca.get()});
  auto anchors = array_of({ca.get()});
  auto settings = dictionary({{ocfs_stream_ssl_certificates, certificates.get()},
                              {ocfs_stream_ssl_anchor_certificates, anchors.get()},
                              {ocfs_stream_ssl_anchor_certificates_only, ocfs_boolean_true},
                              {ocfs_stream_ssl_peer_name, str("a.test").get()}});
  Pair pair = pair_to_host("127.0.0.1", server.port());
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings, settings));
  ASSERT_TRUE(open_pair(pair));
  EXPECT_EQ(blocking_round_trip(pair, "identity"), "identity");
  EXPECT_EQ(server.connection(0).client_cert_common_name,
            std::optional<std::string>("identity client"));
}

TEST(TlsSecurityObjects, AnIdentityWithAKeyOrAStrangerIsRefused) {
  TestPki pki;
  auto identity = identity_of(pki.client());
  auto key = data_of(private_key_der(pki.client()));
  auto stranger = str("not a certificate");
  Pair pair = pair_to_host("127.0.0.1", 9);
  EXPECT_FALSE(set_read(pair, ocfs_stream_property_ssl_settings,
                        dictionary({{ocfs_stream_ssl_certificates,
                                     array_of({identity.get(), stranger.get()}).get()}})));
  EXPECT_FALSE(set_read(
      pair, ocfs_stream_property_ssl_settings,
      dictionary({{ocfs_stream_ssl_anchor_certificates, array_of({stranger.get()}).get()}})));
  EXPECT_FALSE(
      set_read(pair, ocfs_stream_property_ssl_settings,
               dictionary({{ocfs_stream_ssl_certificates, array_of({identity.get()}).get()},
                           {ocfs_stream_ssl_private_key, key.get()}})));
  EXPECT_TRUE(
      set_read(pair, ocfs_stream_property_ssl_settings,
               dictionary({{ocfs_stream_ssl_certificates, array_of({identity.get()}).get()}})));
}

}  // namespace
