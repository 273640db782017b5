// A pair over an accepted socket running the server side of TLS (kCFStreamSSLIsServer), against
// a client pair in the same process: the handshake, and asking the client for a certificate
// (_kCFStreamPropertySSLClientSideAuthentication).
#include <opencfstream/security.h>
#include <opencfstream/ssl_context.h>

#include "tls_test_util.hpp"

using namespace ocfs_test;

namespace {

class TlsServerTest : public ::testing::Test {
 protected:
  TestPki pki;
  TrustSettings trust{pki};
  KeyAndCert a_test = pki.good("a.test");
  Owned<ocfs_string_ref> a_test_name = str("a.test");
  Pair client, server;

  // A client pair with `client_settings` connects; the accepted socket becomes a server pair with
  // `server_settings` (and, if given, a client-authentication mode), both opened.
  void connect(ocfs_dictionary_ref client_settings, ocfs_dictionary_ref server_settings,
               int client_authentication = -1) {
    uint16_t port = 0;
    Sock listener = listen_loopback(Family::kV4, 1, port);
    ASSERT_NE(listener, kNoSocket);
    client = pair_to_host("127.0.0.1", port);
    ASSERT_TRUE(set_read(client, ocfs_stream_property_ssl_settings, client_settings));
    ASSERT_TRUE(open_pair(client));
    Sock accepted = ::accept(listener, nullptr, nullptr);
    close_socket(listener);
    ASSERT_NE(accepted, kNoSocket);
    // The ClientHello is already waiting when the server pair starts: for a server that is normal.
    ASSERT_TRUE(wait_readable(accepted, 5000));
    server = pair_with_socket(accepted);
    ASSERT_TRUE(
        set_read(server, ocfs_stream_property_should_close_native_socket, ocfs_boolean_true));
    if (client_authentication >= 0) {
      ASSERT_TRUE(set_write(server, ocfs_stream_property_ssl_client_side_authentication,
                            int_number(client_authentication)));
    }
    ASSERT_TRUE(set_read(server, ocfs_stream_property_ssl_settings, server_settings));
    ASSERT_TRUE(open_pair(server));
  }

  Owned<ocfs_dictionary_ref> server_settings(std::initializer_list<Entry> extra = {}) const {
    std::vector<Entry> entries = {{ocfs_stream_ssl_is_server, ocfs_boolean_true}};
    entries.insert(entries.end(), extra.begin(), extra.end());
    auto identity = identity_settings(a_test);
    auto combined = own(ocfs_dictionary_create_mutable_copy(nullptr, 0, identity));
    for (const Entry &entry : entries)
      ocfs_dictionary_set_value(combined, entry.first, entry.second);
    return own(static_cast<ocfs_dictionary_ref>(ocfs_retain(combined.get())));
  }

  // The server thread reads a 7-byte request and answers "re: " + request; the client's blocking
  // calls drive its handshake on this thread. The client's reply, or "" on failure.
  std::string exchange() {
    std::thread server_side([&] {
      std::string request = read_exact(server.read, 7);
      if (request.size() == 7) write_all(server.write, "re: " + request);
    });
    std::string reply;
    if (write_all(client.write, "request")) reply = read_exact(client.read, 11);
    server_side.join();
    return reply;
  }
};

TEST_F(TlsServerTest, IsServerPairServesAClientPair) {
  connect(trust.with({{ocfs_stream_ssl_peer_name, a_test_name.get()}}), server_settings());
  EXPECT_EQ(exchange(), "re: request");
  EXPECT_EQ(tls_version(server), "TLSv1.3");
  EXPECT_EQ(peer_subject(client), "CN=a.test,O=OpenCFStream tests");
  EXPECT_EQ(peer_subject(server), "(null)") << "no client certificate was asked for";
}

TEST_F(TlsServerTest, RequiredClientCertificatePresented) {
  KeyAndCert client_identity = pki.client("porting client");
  auto client_settings =
      identity_settings(client_identity, {{ocfs_stream_ssl_peer_name, a_test_name.get()},
                                          {ocfs_stream_ssl_anchor_certificates,
                                           array_of({data_of(pki.ca().der_cert()).get()}).get()}});
  auto anchors = array_of({data_of(pki.ca().der_cert()).get()});
  connect(client_settings,
          server_settings({{ocfs_stream_ssl_anchor_certificates, anchors.get()},
                           {ocfs_stream_ssl_anchor_certificates_only, ocfs_boolean_true}}),
          OCFS_SSL_ALWAYS_AUTHENTICATE);
  EXPECT_EQ(exchange(), "re: request");
  EXPECT_EQ(peer_subject(server), "CN=porting client,O=OpenCFStream tests");
}

TEST_F(TlsServerTest, RequiredClientCertificateMissingFailsBothSides) {
  auto anchors = array_of({data_of(pki.ca().der_cert()).get()});
  connect(trust.with({{ocfs_stream_ssl_peer_name, a_test_name.get()}}),
          server_settings({{ocfs_stream_ssl_anchor_certificates, anchors.get()}}),
          OCFS_SSL_ALWAYS_AUTHENTICATE);
  EXPECT_EQ(exchange(), "");
  // TLS 1.3: the client learns it from the server's alert (certificate_required).
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(client.read), OCFS_STREAM_ERROR_DOMAIN_SSL,
                      OCFS_SSL_ERROR_PEER_HANDSHAKE_FAIL);
  EXPECT_EQ(ocfs_read_stream_get_status(server.read), OCFS_STREAM_STATUS_ERROR);
  EXPECT_EQ(ocfs_read_stream_get_error(server.read).domain, OCFS_STREAM_ERROR_DOMAIN_SSL);
}

TEST_F(TlsServerTest, TryAuthenticateAcceptsAClientWithoutCertificate) {
  connect(trust.with({{ocfs_stream_ssl_peer_name, a_test_name.get()}}), server_settings(),
          OCFS_SSL_TRY_AUTHENTICATE);
  EXPECT_EQ(exchange(), "re: request");
  EXPECT_EQ(peer_subject(server), "(null)");
}

TEST_F(TlsServerTest, ClientAuthenticationValuesAreChecked) {
  Pair pair = pair_to_host("127.0.0.1", 9);
  EXPECT_FALSE(set_read(pair, ocfs_stream_property_ssl_client_side_authentication, int_number(3)));
  EXPECT_FALSE(set_read(pair, ocfs_stream_property_ssl_client_side_authentication, str("1")));
  EXPECT_TRUE(set_read(pair, ocfs_stream_property_ssl_client_side_authentication,
                       int_number(OCFS_SSL_TRY_AUTHENTICATE)));
  Owned<ocfs_type_ref> mode(ocfs_write_stream_copy_property(
      pair.write, ocfs_stream_property_ssl_client_side_authentication));
  EXPECT_EQ(int_value(mode), OCFS_SSL_TRY_AUTHENTICATE);
}

}  // namespace

namespace {

// Server-side STARTTLS with a command pipelined behind it in the same segment (the "NO STARTTLS"
// command-injection class): the pipelined plaintext reaches the TLS engine, which rejects it; it
// is never delivered as if it came over TLS.
TEST(TlsServerStartTls, PipelinedPlaintextAfterStartTlsIsNeverDelivered) {
  TestPki pki;
  KeyAndCert identity = pki.good("a.test");
  uint16_t port = 0;
  Sock listener = listen_loopback(Family::kV4, 1, port);
  ASSERT_NE(listener, kNoSocket);
  Sock raw_client = connect_loopback(Family::kV4, port);
  ASSERT_NE(raw_client, kNoSocket);
  Sock accepted = ::accept(listener, nullptr, nullptr);
  close_socket(listener);
  ASSERT_NE(accepted, kNoSocket);
  Pair server = pair_with_socket(accepted);
  ASSERT_TRUE(set_read(server, ocfs_stream_property_should_close_native_socket, ocfs_boolean_true));
  ASSERT_TRUE(open_pair(server));
  ASSERT_TRUE(send_text(raw_client, "STARTTLS\r\nMAIL FROM:<evil@example.test>\r\n"));
  EXPECT_EQ(read_exact(server.read, 10), "STARTTLS\r\n");
  ASSERT_TRUE(write_all(server.write, "220 go ahead\r\n"));
  ASSERT_TRUE(
      set_read(server, ocfs_stream_property_ssl_settings,
               identity_settings(identity, {{ocfs_stream_ssl_is_server, ocfs_boolean_true}})));
  uint8_t buffer[128];
  EXPECT_EQ(ocfs_read_stream_read(server.read, buffer, sizeof buffer), -1);
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(server.read), OCFS_STREAM_ERROR_DOMAIN_SSL,
                      OCFS_SSL_ERROR_PROTOCOL);
  EXPECT_EQ(ocfs_write_stream_get_status(server.write), OCFS_STREAM_STATUS_ERROR);
  close_socket(raw_client);
}

}  // namespace

namespace {

// SecureTransport style: a server SSLContext with SSLSetCertificate([SecIdentity]) and
// SSLSetClientSideAuthenticate, set on the accepted pair as kCFStreamPropertySSLContext.
TEST(TlsServerContext, ServerFromAnSslContextWithASecIdentity) {
  TestPki pki;
  TrustSettings trust(pki);
  KeyAndCert server_identity = pki.good("a.test");
  uint16_t port = 0;
  Sock listener = listen_loopback(Family::kV4, 1, port);
  ASSERT_NE(listener, kNoSocket);
  Pair client = pair_to_host("127.0.0.1", port);
  ASSERT_TRUE(set_read(client, ocfs_stream_property_ssl_settings,
                       trust.with({{ocfs_stream_ssl_peer_name, str("a.test").get()}})));
  ASSERT_TRUE(open_pair(client));
  Sock accepted = ::accept(listener, nullptr, nullptr);
  close_socket(listener);
  ASSERT_NE(accepted, kNoSocket);
  auto identity =
      own(ocfs_identity_create_with_data(nullptr, data_of(server_identity.der_cert()),
                                         data_of(private_key_der(server_identity)), nullptr));
  ASSERT_NE(identity.get(), nullptr);
  auto context = own(ocfs_ssl_context_create(nullptr, OCFS_SSL_SERVER_SIDE, OCFS_SSL_STREAM_TYPE));
  ASSERT_EQ(ocfs_ssl_set_certificate(context, array_of({identity.get()})), 0);
  ASSERT_EQ(ocfs_ssl_set_client_side_authenticate(context, OCFS_SSL_TRY_AUTHENTICATE), 0);
  EXPECT_EQ(ocfs_ssl_set_certificate(context, array_of({str("no").get()})), OCFS_ERR_SEC_PARAM);
  Pair server = pair_with_socket(accepted);
  ASSERT_TRUE(set_read(server, ocfs_stream_property_should_close_native_socket, ocfs_boolean_true));
  ASSERT_TRUE(set_read(server, ocfs_stream_property_ssl_context, context));
  ASSERT_TRUE(open_pair(server));
  std::thread server_side([&] {
    std::string request = read_exact(server.read, 5);
    write_all(server.write, request + "!");
  });
  EXPECT_TRUE(write_all(client.write, "hello"));
  EXPECT_EQ(read_exact(client.read, 6), "hello!");
  server_side.join();
  int protocol = 0;
  EXPECT_EQ(ocfs_ssl_get_negotiated_protocol_version(context, &protocol), 0);
  EXPECT_EQ(protocol, OCFS_TLS_PROTOCOL_13);
}

}  // namespace
