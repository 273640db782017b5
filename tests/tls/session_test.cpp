// The TLS engine (src/tls/session) over an in-memory link: a client and a server session in one
// thread, certificates generated at test time. Exact SecureTransport codes for each failure, the
// certificate matrix, SNI as the server saw it, short transfers, truncation and resets.
#include <gtest/gtest.h>

#include <openssl/ssl.h>

#include <opencfstream/socket_stream.h>

#include "memory_transport.hpp"
#include "tls/session.hpp"
#include "tls/status_codes.hpp"
#include "tls/test_certificates.hpp"

namespace {

using namespace ocfs::tls;
using ocfs::stream::ErrorRecord;
using ocfs_test::MemoryLink;
using ocfs_test::tls::KeyAndCert;
using ocfs_test::tls::TestPki;

Der key_der(const KeyAndCert &identity) {
  int length = i2d_PrivateKey(identity.key.get(), nullptr);
  Der der(static_cast<size_t>(length > 0 ? length : 0));
  unsigned char *out = der.data();
  if (length > 0) i2d_PrivateKey(identity.key.get(), &out);
  return der;
}

const TestPki &pki() {
  static const TestPki instance;  // generating keys is the slow part: once per process
  return instance;
}

Config server_config(const KeyAndCert &identity) {
  Config config;
  config.server = true;
  config.certificate_chain = {identity.der_cert()};
  config.private_key = key_der(identity);
  return config;
}

// A client that trusts the test CA only (never the system's store: results must not depend on
// the machine).
Config client_config(std::optional<std::string> peer_name) {
  Config config;
  config.peer_name = std::move(peer_name);
  config.use_default_trust = false;
  config.anchors = {pki().ca().der_cert()};
  return config;
}

// Both sides of one connection, stepped in turn until both handshakes end.
struct Connection {
  MemoryLink link;
  std::unique_ptr<Session> client, server;
  ErrorRecord client_error, server_error;

  Connection(const Config &client_settings, const Config &server_settings) {
    ErrorRecord error;
    client = Session::create(client_settings, link.client, error);
    EXPECT_NE(client, nullptr) << error.reason;
    server = Session::create(server_settings, link.server, error);
    EXPECT_NE(server, nullptr) << error.reason;
  }

  // True when both completed; otherwise the errors say why. A side that failed stops; the other
  // goes on until it fails too (reading the alert) or runs out of steps.
  bool handshake() {
    bool client_done = false, server_done = false;
    for (int step = 0; step < 200; ++step) {
      Want want;
      if (!client_done && !client_error.is_set())
        client_done = client->handshake(want, client_error);
      if (!server_done && !server_error.is_set())
        server_done = server->handshake(want, server_error);
      bool client_over = client_done || client_error.is_set();
      bool server_over = server_done || server_error.is_set();
      if (client_over && server_over) break;
      if (client_error.is_set() && step > 20) break;  // a stalled server never answers
    }
    return client_done && server_done;
  }

  // Moves `text` from one side to the other through the engine.
  static std::string transfer(Session &from, Session &to, const std::string &text) {
    Want want;
    ErrorRecord error;
    const auto *bytes = reinterpret_cast<const uint8_t *>(text.data());
    size_t written = 0;
    std::string received;
    for (int step = 0; step < 10000 && received.size() < text.size(); ++step) {
      if (written < text.size()) {
        std::ptrdiff_t n = from.write(bytes + written, text.size() - written, want, error);
        EXPECT_GE(n, 0) << error.reason;
        if (n > 0) written += static_cast<size_t>(n);
      }
      uint8_t buffer[4096];
      bool at_end = false;
      std::ptrdiff_t n = to.read(buffer, sizeof buffer, want, at_end, error);
      EXPECT_GE(n, 0) << error.reason;
      EXPECT_FALSE(at_end);
      if (n > 0) received.append(reinterpret_cast<char *>(buffer), static_cast<size_t>(n));
    }
    return received;
  }
};

void expect_tls_failure(const ErrorRecord &error, int32_t status) {
  EXPECT_EQ(error.domain, OCFS_STREAM_ERROR_DOMAIN_SSL) << error.reason;
  EXPECT_EQ(error.code, status) << error.reason;
}

// The client's verdict on `identity` when it expects `peer_name`.
ErrorRecord client_verdict(const KeyAndCert &identity, std::optional<std::string> peer_name,
                           Config client = {}) {
  Config settings = client_config(std::move(peer_name));
  settings.validate_chain = client.validate_chain;
  settings.allow_expired_certificates = client.allow_expired_certificates;
  settings.allow_any_root = client.allow_any_root;
  Connection connection(settings, server_config(identity));
  connection.handshake();
  return connection.client_error;
}

TEST(TlsSession, HandshakesAndMovesBytesBothWays) {
  KeyAndCert leaf = pki().good("a.test");
  Connection connection(client_config("a.test"), server_config(leaf));
  ASSERT_TRUE(connection.handshake())
      << connection.client_error.reason << connection.server_error.reason;
  EXPECT_EQ(connection.client->protocol_version(), "TLSv1.3");
  EXPECT_FALSE(connection.client->cipher().empty());
  EXPECT_EQ(connection.server->server_name(), "a.test");
  std::vector<Der> chain = connection.client->peer_chain();
  ASSERT_FALSE(chain.empty());
  EXPECT_EQ(chain[0], leaf.der_cert());
  EXPECT_EQ(Connection::transfer(*connection.client, *connection.server, "ping"), "ping");
  EXPECT_EQ(Connection::transfer(*connection.server, *connection.client, "pong"), "pong");
}

TEST(TlsSession, NothingTravelsInClear) {
  Connection connection(client_config("a.test"), server_config(pki().good("a.test")));
  ASSERT_TRUE(connection.handshake());
  const std::string secret = "secret-plaintext-0123456789";
  EXPECT_EQ(Connection::transfer(*connection.client, *connection.server, secret), secret);
  EXPECT_EQ(connection.link.client.sent_log.find(secret), std::string::npos);
}

TEST(TlsSession, OneByteAtATimeStillWorks) {
  Connection connection(client_config("a.test"), server_config(pki().good("a.test")));
  connection.link.client.quota = 1;
  connection.link.server.quota = 1;
  ASSERT_TRUE(connection.handshake());
  std::string big(100000, 'x');
  EXPECT_EQ(Connection::transfer(*connection.client, *connection.server, big), big);
}

TEST(TlsSession, CertificateMatrixGivesSecureTransportCodes) {
  EXPECT_FALSE(client_verdict(pki().good("a.test"), "a.test").is_set());
  EXPECT_FALSE(client_verdict(pki().good("a.test"), "A.Test.").is_set());  // case, root dot
  expect_tls_failure(client_verdict(pki().wrong_host(), "a.test"), kErrSSLHostNameMismatch);
  expect_tls_failure(client_verdict(pki().self_signed("a.test"), "a.test"),
                     kErrSSLXCertChainInvalid);
  expect_tls_failure(client_verdict(pki().expired("a.test"), "a.test"), kErrSSLCertExpired);
  expect_tls_failure(client_verdict(pki().not_yet_valid("a.test"), "a.test"),
                     kErrSSLCertNotYetValid);
  EXPECT_FALSE(client_verdict(pki().wildcard(), "www.example.test").is_set());
  expect_tls_failure(client_verdict(pki().wildcard(), "a.b.example.test"), kErrSSLHostNameMismatch);
  // Partial wildcards ("f*.example.test") are refused (RFC 6125 section 6.4.3 allows refusing).
  expect_tls_failure(client_verdict(pki().partial_wildcard(), "foo.example.test"),
                     kErrSSLHostNameMismatch);
  // A NUL inside the certificate's name never matches its prefix.
  expect_tls_failure(client_verdict(pki().nul_in_name(), "good.test"), kErrSSLHostNameMismatch);
}

TEST(TlsSession, IpLiteralsAreCheckedAgainstIpSansAndNeverSentAsSni) {
  Connection v4(client_config("127.0.0.1"), server_config(pki().ip_san()));
  ASSERT_TRUE(v4.handshake()) << v4.client_error.reason;
  EXPECT_EQ(v4.server->server_name(), "");
  EXPECT_FALSE(client_verdict(pki().ip_san(), "::1").is_set());
  expect_tls_failure(client_verdict(pki().ip_san(), "127.0.0.2"), kErrSSLHostNameMismatch);
  expect_tls_failure(client_verdict(pki().good("127.0.0.1"), "127.0.0.1"),
                     kErrSSLHostNameMismatch);  // a DNS SAN spelling an address is no IP SAN
}

TEST(TlsSession, NoPeerNameMeansNoSniAndChainOnlyCheck) {
  Connection connection(client_config(std::nullopt), server_config(pki().wrong_host()));
  ASSERT_TRUE(connection.handshake()) << connection.client_error.reason;
  EXPECT_EQ(connection.server->server_name(), "");
  expect_tls_failure(client_verdict(pki().self_signed("a.test"), std::nullopt),
                     kErrSSLXCertChainInvalid);
}

TEST(TlsSession, AllowsKeysRelaxOnlyWhatTheyName) {
  Config relaxed;
  relaxed.allow_expired_certificates = true;
  EXPECT_FALSE(client_verdict(pki().expired("a.test"), "a.test", relaxed).is_set());
  expect_tls_failure(client_verdict(pki().not_yet_valid("a.test"), "a.test", relaxed),
                     kErrSSLCertNotYetValid);
  Config any_root;
  any_root.allow_any_root = true;
  EXPECT_FALSE(client_verdict(pki().self_signed("a.test"), "a.test", any_root).is_set());
  expect_tls_failure(client_verdict(pki().self_signed("b.test"), "a.test", any_root),
                     kErrSSLHostNameMismatch);
}

TEST(TlsSession, WithoutValidationThePeerChainIsStillKept) {
  Config unchecked = client_config("a.test");
  unchecked.validate_chain = false;
  KeyAndCert leaf = pki().self_signed("other.test");
  Connection connection(unchecked, server_config(leaf));
  ASSERT_TRUE(connection.handshake()) << connection.client_error.reason;
  EXPECT_EQ(connection.server->server_name(), "a.test");  // SNI is still sent
  ASSERT_FALSE(connection.client->peer_chain().empty());
  EXPECT_EQ(connection.client->peer_chain()[0], leaf.der_cert());
}

TEST(TlsSession, BadPeerNamesAreRefusedNotTruncated) {
  MemoryLink link;
  for (const std::string &name :
       {std::string(), std::string("a\0b.test", 8), std::string(300, 'a'), std::string(".")}) {
    ErrorRecord error;
    EXPECT_EQ(Session::create(client_config(name), link.client, error), nullptr);
    expect_tls_failure(error, kErrSSLBadConfiguration);
  }
}

TEST(TlsSession, ProtocolVersionsThatDoNotOverlapFail) {
  Config old_client = client_config("a.test");
  old_client.max_version = TLS1_2_VERSION;
  Config new_server = server_config(pki().good("a.test"));
  new_server.min_version = TLS1_3_VERSION;
  Connection connection(old_client, new_server);
  EXPECT_FALSE(connection.handshake());
  expect_tls_failure(connection.client_error, kErrSSLPeerProtocolVersion);
}

TEST(TlsSession, Tls12IsNegotiatedWhenThatIsTheCeiling) {
  Config client = client_config("a.test");
  client.max_version = TLS1_2_VERSION;
  Connection connection(client, server_config(pki().good("a.test")));
  ASSERT_TRUE(connection.handshake()) << connection.client_error.reason;
  EXPECT_EQ(connection.client->protocol_version(), "TLSv1.2");
}

TEST(TlsSession, CloseNotifyEndsTheStreamCleanly) {
  Connection connection(client_config("a.test"), server_config(pki().good("a.test")));
  ASSERT_TRUE(connection.handshake());
  EXPECT_EQ(Connection::transfer(*connection.server, *connection.client, "bye"), "bye");
  connection.server->send_close_notify();
  connection.link.close_server();
  uint8_t buffer[16];
  Want want;
  bool at_end = false;
  ErrorRecord error;
  EXPECT_EQ(connection.client->read(buffer, sizeof buffer, want, at_end, error), 0);
  EXPECT_TRUE(at_end);
  EXPECT_FALSE(error.is_set());
  EXPECT_FALSE(connection.client->truncated());
}

TEST(TlsSession, EndWithoutCloseNotifyIsAnEndButFlaggedAsTruncated) {
  Connection connection(client_config("a.test"), server_config(pki().good("a.test")));
  ASSERT_TRUE(connection.handshake());
  EXPECT_EQ(Connection::transfer(*connection.server, *connection.client, "cut"), "cut");
  connection.link.close_server();  // TCP end, no close_notify
  uint8_t buffer[16];
  Want want;
  bool at_end = false;
  ErrorRecord error;
  EXPECT_EQ(connection.client->read(buffer, sizeof buffer, want, at_end, error), 0);
  EXPECT_TRUE(at_end);
  EXPECT_FALSE(error.is_set());
  EXPECT_TRUE(connection.client->truncated());
}

TEST(TlsSession, RequiredCloseNotifyTurnsTruncationIntoAnError) {
  Config strict = client_config("a.test");
  strict.require_close_notify = true;
  Connection connection(strict, server_config(pki().good("a.test")));
  ASSERT_TRUE(connection.handshake());
  connection.link.close_server();
  uint8_t buffer[16];
  Want want;
  bool at_end = false;
  ErrorRecord error;
  EXPECT_EQ(connection.client->read(buffer, sizeof buffer, want, at_end, error), -1);
  EXPECT_FALSE(at_end);
  expect_tls_failure(error, kErrSSLClosedNoNotify);
}

TEST(TlsSession, PeerGoneDuringTheHandshakeIsClosedAbort) {
  Connection connection(client_config("a.test"), server_config(pki().good("a.test")));
  Want want;
  ErrorRecord error;
  EXPECT_FALSE(connection.client->handshake(want, error));  // ClientHello sent
  EXPECT_EQ(want, Want::kRead);
  connection.link.close_server();
  EXPECT_FALSE(connection.client->handshake(want, error));
  expect_tls_failure(error, kErrSSLClosedAbort);
}

TEST(TlsSession, ResetDuringTheHandshakeIsThePosixError) {
  Connection connection(client_config("a.test"), server_config(pki().good("a.test")));
  Want want;
  ErrorRecord error;
  EXPECT_FALSE(connection.client->handshake(want, error));
  connection.link.reset(ECONNRESET);
  EXPECT_FALSE(connection.client->handshake(want, error));
  EXPECT_EQ(error.domain, OCFS_STREAM_ERROR_DOMAIN_POSIX);
  EXPECT_EQ(error.code, ECONNRESET);
}

TEST(TlsSession, StalledPeerLeavesTheHandshakeWaitingToRead) {
  Connection connection(client_config("a.test"), server_config(pki().good("a.test")));
  Want want;
  ErrorRecord error;
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(connection.client->handshake(want, error));
    EXPECT_EQ(want, Want::kRead);
    EXPECT_FALSE(error.is_set());
  }
}

TEST(TlsSession, AlpnIsOfferedAndTheSelectionReported) {
  Config client = client_config("a.test");
  client.alpn = {"h2", "http/1.1"};
  Connection connection(client, server_config(pki().good("a.test")));
  ASSERT_TRUE(connection.handshake());
  EXPECT_EQ(connection.client->alpn_selected(), "");  // this server selects none
  MemoryLink link;
  ErrorRecord error;
  Config bad = client_config("a.test");
  bad.alpn = {""};
  EXPECT_EQ(Session::create(bad, link.client, error), nullptr);
  expect_tls_failure(error, kErrSSLBadConfiguration);
}

TEST(TlsStatusCodes, AlertsMapToThePeerCodes) {
  EXPECT_EQ(status_for_alert(40), kErrSSLPeerHandshakeFail);
  EXPECT_EQ(status_for_alert(42), -9825);
  EXPECT_EQ(status_for_alert(48), -9831);
  EXPECT_EQ(status_for_alert(70), kErrSSLPeerProtocolVersion);
  EXPECT_EQ(status_for_alert(116), kErrSSLPeerHandshakeFail);
  EXPECT_EQ(status_for_alert(255), kErrSSLFatalAlert);
}

}  // namespace
