// TLS on socket stream pairs against the in-process TLS server (tests/support/tls): settings and
// levels, the peer name and SNI, the certificate matrix with exact error codes, the handshake
// gating and the "TLS is up" signal, STARTTLS and its injection guard, truncation versus
// close_notify, failures mid-handshake and close_notify on close.
#include "tls_test_util.hpp"

using namespace ocfs_test;

namespace {

class TlsStreamTest : public ::testing::Test {
 protected:
  TestPki pki;
  TrustSettings trust{pki};

  // A server for `name` (its certificate from `identity`) with `behavior`.
  static TlsServerConfig server_config(const std::string &name, const KeyAndCert &identity,
                                       Behavior behavior = Behavior::kEcho) {
    TlsServerConfig config;
    config.hosts.push_back({name, identity});
    config.behavior = behavior;
    return config;
  }

  // Opens a pair to the server on 127.0.0.1 with `settings` set on the read half before open.
  static Pair open_with(const TlsTestServer &server, ocfs_dictionary_ref settings,
                        const char *host = "127.0.0.1") {
    Pair pair = pair_to_host(host, server.port());
    EXPECT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings, settings));
    open_pair(pair);  // a second open may already see a handshake failure: the tests check both
    return pair;
  }

  // The handshake fails: both halves end in Error with {SSL, code}.
  static void expect_tls_failure(const Pair &pair, int32_t code) {
    uint8_t byte = 0;
    EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), -1);
    EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_SSL, code);
    EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_ERROR);
    EXPECT_STREAM_ERROR(ocfs_write_stream_get_error(pair.write), OCFS_STREAM_ERROR_DOMAIN_SSL,
                        code);
  }
};

// ---- A working connection -------------------------------------------------------------------

TEST_F(TlsStreamTest, BlockingEchoWithSettingsPeerName) {
  KeyAndCert identity = pki.good("a.test");
  TlsTestServer server("a.test", identity);
  ASSERT_TRUE(server.ok()) << server.setup_error();
  auto settings = trust.with({{ocfs_stream_ssl_peer_name, str("a.test").get()}});
  Pair pair = open_with(server, settings);
  EXPECT_EQ(blocking_round_trip(pair, "hello over TLS"), "hello over TLS");
  EXPECT_EQ(tls_version(pair), "TLSv1.3");
  EXPECT_EQ(peer_subject(pair), "CN=a.test,O=OpenCFStream tests");
  Owned<ocfs_type_ref> chain(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_ssl_peer_certificates));
  ASSERT_NE(chain.get(), nullptr);
  auto array = static_cast<ocfs_array_ref>(chain.get());
  ASSERT_EQ(ocfs_array_get_count(array), 1);
  auto certificate = static_cast<ocfs_certificate_ref>(
      const_cast<void *>(ocfs_array_get_value_at_index(array, 0)));
  ASSERT_EQ(ocfs_get_type_id(certificate), ocfs_certificate_get_type_id());
  auto leaf = own(ocfs_certificate_copy_data(certificate));
  std::vector<uint8_t> expected = identity.der_cert();
  ASSERT_EQ(ocfs_data_get_length(leaf), static_cast<ocfs_index>(expected.size()));
  EXPECT_EQ(std::memcmp(ocfs_data_get_byte_ptr(leaf), expected.data(), expected.size()), 0);
  EXPECT_EQ(boolean_property(pair.read, ocfs_stream_property_ssl_truncated), 0);
  EXPECT_EQ(boolean_property(pair.read, ocfs_stream_property_ssl_session_reused), 0);
  EXPECT_NE(string_property(pair.read, ocfs_stream_property_ssl_cipher_suite), "(null)");
  ocfs_read_stream_close(pair.read);
  ocfs_write_stream_close(pair.write);
  ASSERT_TRUE(server.wait_handled(1, std::chrono::seconds(10)));
  EXPECT_EQ(server.connection(0).sni, std::optional<std::string>("a.test"));
  EXPECT_TRUE(server.connection(0).client_close_notify) << "close_notify is sent on close";
  EXPECT_EQ(server.connection(0).received, "hello over TLS");
}

// ---- The peer name and SNI (contract 7) ---------------------------------------------------------

TEST_F(TlsStreamTest, PairHostIsTheDefaultPeerName) {
  TlsTestServer server("localhost", pki.good("localhost"));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = open_with(server, trust.with(), "localhost");
  EXPECT_EQ(blocking_round_trip(pair, "x"), "x");
  ocfs_read_stream_close(pair.read);
  ocfs_write_stream_close(pair.write);
  ASSERT_TRUE(server.wait_handled(1, std::chrono::seconds(10)));
  EXPECT_EQ(server.connection(0).sni, std::optional<std::string>("localhost"));
}

TEST_F(TlsStreamTest, SocketPeerNameIsUsedWhenTheSettingsHaveNone) {
  TlsTestServer server("b.test", pki.good("b.test"));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = pair_to_host("127.0.0.1", server.port());
  ASSERT_TRUE(set_write(pair, ocfs_stream_property_socket_peer_name, str("b.test")));
  ASSERT_TRUE(set_write(pair, ocfs_stream_property_ssl_settings, trust.with()));
  EXPECT_EQ(string_property(pair.read, ocfs_stream_property_socket_peer_name), "b.test");
  ASSERT_TRUE(open_pair(pair));
  EXPECT_EQ(blocking_round_trip(pair, "y"), "y");
  ocfs_read_stream_close(pair.read);
  ocfs_write_stream_close(pair.write);
  ASSERT_TRUE(server.wait_handled(1, std::chrono::seconds(10)));
  EXPECT_EQ(server.connection(0).sni, std::optional<std::string>("b.test"));
}

TEST_F(TlsStreamTest, SettingsPeerNameBeatsSocketPeerName) {
  TlsTestServer server("a.test", pki.good("a.test"));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = pair_to_host("127.0.0.1", server.port());
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_socket_peer_name, str("b.test")));
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings,
                       trust.with({{ocfs_stream_ssl_peer_name, str("a.test").get()}})));
  ASSERT_TRUE(open_pair(pair));
  EXPECT_EQ(blocking_round_trip(pair, "z"), "z");
  ASSERT_TRUE(server.wait_handled(0, std::chrono::seconds(1)));
  EXPECT_EQ(server.connection(0).sni, std::optional<std::string>("a.test"));
}

TEST_F(TlsStreamTest, NullPeerNameSendsNoSniAndStillChecksTheChain) {
  TlsTestServer server("a.test", pki.good("a.test"));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = open_with(
      server,
      trust.with({{ocfs_stream_ssl_peer_name, static_cast<ocfs_type_ref>(ocfs_null_value)}}),
      "localhost");
  EXPECT_EQ(blocking_round_trip(pair, "n"), "n");
  EXPECT_EQ(server.connection(0).sni, std::nullopt);

  TlsTestServer untrusted("a.test", pki.self_signed("a.test"));
  Pair failing = open_with(
      untrusted,
      trust.with({{ocfs_stream_ssl_peer_name, static_cast<ocfs_type_ref>(ocfs_null_value)}}));
  expect_tls_failure(failing, OCFS_SSL_ERROR_CERT_CHAIN_INVALID);
}

TEST_F(TlsStreamTest, IpLiteralIsCheckedAgainstIpSansWithoutSni) {
  TlsTestServer server("ip", pki.ip_san());
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = open_with(server, trust.with());  // the pair's host: 127.0.0.1
  EXPECT_EQ(blocking_round_trip(pair, "ip"), "ip");
  EXPECT_EQ(server.connection(0).sni, std::nullopt);

  TlsTestServer named("a.test", pki.good("a.test"));
  Pair failing = open_with(named, trust.with());
  expect_tls_failure(failing, OCFS_SSL_ERROR_HOST_NAME_MISMATCH);
  EXPECT_EQ(named.connection(0).sni, std::nullopt);
}

TEST_F(TlsStreamTest, AdoptedSocketHasNoDefaultPeerName) {
  TlsTestServer server("a.test", pki.good("a.test"));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Sock s = connect_loopback(Family::kV4, server.port());
  ASSERT_NE(s, kNoSocket);
  Pair pair = pair_with_socket(s);
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_should_close_native_socket, ocfs_boolean_true));
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings, trust.with()));
  ASSERT_TRUE(open_pair(pair));
  EXPECT_EQ(blocking_round_trip(pair, "chain only"), "chain only");
  EXPECT_EQ(server.connection(0).sni, std::nullopt);
}

TEST_F(TlsStreamTest, BadPeerNamesAreRefusedNotTruncated) {
  Pair pair = pair_to_host("127.0.0.1", 9);
  std::string nul("good.test\0.evil.test", 20);
  auto with_nul = own(ocfs_string_create_with_bytes(
      nullptr, reinterpret_cast<const uint8_t *>(nul.data()), static_cast<ocfs_index>(nul.size()),
      OCFS_STRING_ENCODING_UTF8, false));
  ASSERT_NE(with_nul.get(), nullptr);
  std::string long_name(254, 'a');
  auto empty = str("");
  auto too_long = str(long_name.c_str());
  auto number = int_number(7);
  for (ocfs_type_ref bad :
       {static_cast<ocfs_type_ref>(with_nul.get()), static_cast<ocfs_type_ref>(empty.get()),
        static_cast<ocfs_type_ref>(too_long.get()), static_cast<ocfs_type_ref>(number.get())}) {
    EXPECT_FALSE(set_read(pair, ocfs_stream_property_ssl_settings,
                          trust.with({{ocfs_stream_ssl_peer_name, bad}})));
    EXPECT_FALSE(set_read(pair, ocfs_stream_property_socket_peer_name, bad));
  }
  EXPECT_EQ(string_property(pair.read, ocfs_stream_property_ssl_settings), "(null)");
}

// ---- The certificate matrix (contracts 8 and 10) ---------------------------------------------

struct CertificateCase {
  const char *name;
  KeyAndCert (*identity)(const TestPki &);
  const char *peer_name;
  int32_t code;  // 0: the handshake succeeds
};

const CertificateCase kCertificateCases[] = {
    {"Good", [](const TestPki &p) { return p.good("a.test"); }, "a.test", 0},
    {"WrongHost", [](const TestPki &p) { return p.wrong_host(); }, "a.test",
     OCFS_SSL_ERROR_HOST_NAME_MISMATCH},
    {"SelfSigned", [](const TestPki &p) { return p.self_signed("a.test"); }, "a.test",
     OCFS_SSL_ERROR_CERT_CHAIN_INVALID},
    {"Expired", [](const TestPki &p) { return p.expired("a.test"); }, "a.test",
     OCFS_SSL_ERROR_CERT_EXPIRED},
    {"NotYetValid", [](const TestPki &p) { return p.not_yet_valid("a.test"); }, "a.test",
     OCFS_SSL_ERROR_CERT_NOT_YET_VALID},
    {"Wildcard", [](const TestPki &p) { return p.wildcard(); }, "www.example.test", 0},
    {"WildcardCoversOneLabelOnly", [](const TestPki &p) { return p.wildcard(); },
     "a.b.example.test", OCFS_SSL_ERROR_HOST_NAME_MISMATCH},
    {"PartialWildcard", [](const TestPki &p) { return p.partial_wildcard(); }, "foo.example.test",
     OCFS_SSL_ERROR_HOST_NAME_MISMATCH},
    {"NulInName", [](const TestPki &p) { return p.nul_in_name(); }, "good.test",
     OCFS_SSL_ERROR_HOST_NAME_MISMATCH},
    {"CaseInsensitiveName", [](const TestPki &p) { return p.good("a.test"); }, "A.Test", 0},
    {"TrailingDot", [](const TestPki &p) { return p.good("a.test"); }, "a.test.", 0},
};

class TlsCertificateTest : public TlsStreamTest,
                           public ::testing::WithParamInterface<CertificateCase> {};

TEST_P(TlsCertificateTest, HandshakeOutcome) {
  const CertificateCase &c = GetParam();
  TlsTestServer server("server", c.identity(pki));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = open_with(server, trust.with({{ocfs_stream_ssl_peer_name, str(c.peer_name).get()}}));
  if (c.code == 0) {
    EXPECT_EQ(blocking_round_trip(pair, "ok"), "ok");
    return;
  }
  expect_tls_failure(pair, c.code);
  // The chain stays readable after a failure, for the app's own evaluation.
  Owned<ocfs_type_ref> chain(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_ssl_peer_certificates));
  EXPECT_NE(chain.get(), nullptr);
  // The CFError: OSStatus domain, the SecureTransport code, the pair in userInfo.
  Owned<ocfs_error_ref> error(ocfs_read_stream_copy_error(pair.read));
  ASSERT_NE(error.get(), nullptr);
  EXPECT_EQ(text(ocfs_error_get_domain(error)), "NSOSStatusErrorDomain");
  EXPECT_EQ(ocfs_error_get_code(error), c.code);
}

INSTANTIATE_TEST_SUITE_P(Matrix, TlsCertificateTest, ::testing::ValuesIn(kCertificateCases),
                         [](const auto &test) { return std::string(test.param.name); });

}  // namespace
