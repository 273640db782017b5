// kCFStreamPropertySSLContext: SecureTransport's SSLContext as socket-stream code uses it: copied
// from a pair and configured before the handshake, created stand-alone and set to start TLS on an
// open pair, and read back for the negotiated protocol and cipher.
#include <cstring>

#include <opencfstream/ssl_context.h>

#include "tls_test_util.hpp"

using namespace ocfs_test;

namespace {

class TlsContextTest : public ::testing::Test {
 protected:
  TestPki pki;
  TrustSettings trust{pki};
  KeyAndCert a_test = pki.good("a.test");

  static Owned<ocfs_ssl_context_ref> context_of(const Pair &pair) {
    return own(static_cast<ocfs_ssl_context_ref>(const_cast<void *>(
        ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_ssl_context))));
  }

  static std::string peer_domain_name(ocfs_ssl_context_ref context) {
    size_t length = 0;
    EXPECT_EQ(ocfs_ssl_get_peer_domain_name_length(context, &length), 0);
    std::string name(length, '\0');
    EXPECT_EQ(ocfs_ssl_get_peer_domain_name(context, name.data(), &length), 0);
    name.resize(length);
    return name;
  }
};

TEST_F(TlsContextTest, NoContextWithoutTls) {
  Pair pair = pair_to_host("127.0.0.1", 9);
  EXPECT_EQ(context_of(pair).get(), nullptr);
}

TEST_F(TlsContextTest, CopiedContextConfiguresThePairsHandshake) {
  TlsTestServer server("a.test", a_test);
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = pair_to_host("127.0.0.1", server.port());
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings, trust.with()));
  auto context = context_of(pair);
  ASSERT_NE(context.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(context), ocfs_ssl_context_get_type_id());
  auto again = own(static_cast<ocfs_ssl_context_ref>(const_cast<void *>(
      ocfs_write_stream_copy_property(pair.write, ocfs_stream_property_ssl_context))));
  EXPECT_EQ(again.get(), context.get()) << "one context per pair";
  int state = -1;
  EXPECT_EQ(ocfs_ssl_get_session_state(context, &state), 0);
  EXPECT_EQ(state, OCFS_SSL_IDLE);
  ASSERT_EQ(ocfs_ssl_set_peer_domain_name(context, "a.test", 6), 0);
  EXPECT_EQ(peer_domain_name(context), "a.test");
  ASSERT_EQ(ocfs_ssl_set_protocol_version_max(context, OCFS_TLS_PROTOCOL_12), 0);
  int protocol = 0;
  EXPECT_EQ(ocfs_ssl_get_protocol_version_max(context, &protocol), 0);
  EXPECT_EQ(protocol, OCFS_TLS_PROTOCOL_12);
  ASSERT_TRUE(open_pair(pair));
  EXPECT_EQ(blocking_round_trip(pair, "context"), "context");
  EXPECT_EQ(server.connection(0).sni, std::optional<std::string>("a.test"));
  EXPECT_EQ(tls_version(pair), "TLSv1.2");
  EXPECT_EQ(ocfs_ssl_get_session_state(context, &state), 0);
  EXPECT_EQ(state, OCFS_SSL_CONNECTED);
  EXPECT_EQ(ocfs_ssl_get_negotiated_protocol_version(context, &protocol), 0);
  EXPECT_EQ(protocol, OCFS_TLS_PROTOCOL_12);
  uint32_t cipher = 0;
  EXPECT_EQ(ocfs_ssl_get_negotiated_cipher(context, &cipher), 0);
  EXPECT_NE(cipher, 0u);
  // The handshake has run: the context no longer changes.
  EXPECT_EQ(ocfs_ssl_set_peer_domain_name(context, "b.test", 6), OCFS_ERR_SEC_BAD_REQ);
  EXPECT_EQ(peer_domain_name(context), "a.test");
  ocfs_read_stream_close(pair.read);
  ocfs_write_stream_close(pair.write);
  EXPECT_EQ(ocfs_ssl_get_session_state(context, &state), 0);
  EXPECT_EQ(state, OCFS_SSL_CLOSED);
}

TEST_F(TlsContextTest, StandAloneContextStartsTlsOnAnOpenPair) {
  TlsServerConfig config = starttls_config(a_test);
  std::string greeting = config.starttls_greeting;
  TlsTestServer server(std::move(config));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = starttls_pair(server, greeting);
  auto context = own(ocfs_ssl_context_create(nullptr, OCFS_SSL_CLIENT_SIDE, OCFS_SSL_STREAM_TYPE));
  ASSERT_NE(context.get(), nullptr);
  ASSERT_EQ(ocfs_ssl_set_peer_domain_name(context, "a.test", 6), 0);
  // The default trust does not know the test CA: the anchors come through the settings, which
  // the context is laid over.
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_socket_peer_name, str("wrong.test")));
  ASSERT_TRUE(set_write(pair, ocfs_stream_property_ssl_context, context));
  EXPECT_FALSE(set_read(pair, ocfs_stream_property_ssl_settings, trust.with()))
      << "the handshake has started";
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), -1);
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_SSL,
                      OCFS_SSL_ERROR_CERT_CHAIN_INVALID);
  ASSERT_TRUE(server.wait_handled(1, std::chrono::seconds(10)));
  EXPECT_EQ(server.connection(0).sni, std::optional<std::string>("a.test"))
      << "the context's peer name wins over the private property";
}

TEST_F(TlsContextTest, ContextSetBeforeOpenWithSettingsForTrust) {
  TlsTestServer server("a.test", a_test);
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = pair_to_host("127.0.0.1", server.port());
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings, trust.with()));
  auto context = own(ocfs_ssl_context_create(nullptr, OCFS_SSL_CLIENT_SIDE, OCFS_SSL_STREAM_TYPE));
  ASSERT_EQ(ocfs_ssl_set_peer_domain_name(context, "a.test", 6), 0);
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_context, context));
  ASSERT_TRUE(open_pair(pair));
  EXPECT_EQ(blocking_round_trip(pair, "set context"), "set context");
  EXPECT_TRUE(set_write(pair, ocfs_stream_property_ssl_context, context)) << "the same: TRUE";
  auto other = own(ocfs_ssl_context_create(nullptr, OCFS_SSL_CLIENT_SIDE, OCFS_SSL_STREAM_TYPE));
  EXPECT_FALSE(set_write(pair, ocfs_stream_property_ssl_context, other));
}

TEST_F(TlsContextTest, BadArgumentsAreRefused) {
  EXPECT_EQ(ocfs_ssl_context_create(nullptr, OCFS_SSL_CLIENT_SIDE, OCFS_SSL_DATAGRAM_TYPE),
            nullptr);
  EXPECT_EQ(ocfs_ssl_context_create(nullptr, 7, OCFS_SSL_STREAM_TYPE), nullptr);
  auto context = own(ocfs_ssl_context_create(nullptr, OCFS_SSL_CLIENT_SIDE, OCFS_SSL_STREAM_TYPE));
  EXPECT_EQ(ocfs_ssl_set_protocol_version_min(context, OCFS_SSL_PROTOCOL_3), OCFS_ERR_SEC_PARAM);
  EXPECT_EQ(ocfs_ssl_set_protocol_version_min(context, 99), OCFS_ERR_SEC_PARAM);
  EXPECT_EQ(ocfs_ssl_set_peer_domain_name(context, "a\0b", 3), OCFS_ERR_SEC_PARAM);
  EXPECT_EQ(ocfs_ssl_set_client_side_authenticate(context, 5), OCFS_ERR_SEC_PARAM);
  EXPECT_EQ(ocfs_ssl_get_session_state(context, nullptr), OCFS_ERR_SEC_PARAM);
  EXPECT_EQ(ocfs_ssl_get_session_state(nullptr, nullptr), OCFS_ERR_SEC_PARAM);
  char small[2];
  size_t length = sizeof small;
  ASSERT_EQ(ocfs_ssl_set_peer_domain_name(context, "a.test", 6), 0);
  EXPECT_EQ(ocfs_ssl_get_peer_domain_name(context, small, &length), -9817);  // buffer overflow
  uint32_t cipher = 0;
  EXPECT_EQ(ocfs_ssl_get_negotiated_cipher(context, &cipher), OCFS_ERR_SEC_BAD_REQ);
  int protocol = -1;
  EXPECT_EQ(ocfs_ssl_get_negotiated_protocol_version(context, &protocol), 0);
  EXPECT_EQ(protocol, OCFS_SSL_PROTOCOL_UNKNOWN);
  Pair pair = pair_to_host("127.0.0.1", 9);
  EXPECT_FALSE(set_read(pair, ocfs_stream_property_ssl_context, str("not a context")));
}

}  // namespace
