// TLS on socket pairs under stress and hostile conditions (reliability checklist A4, B8, C3,
// C11, C13, C15): a peer that keeps talking plaintext, an empty trust store, writes into a closed
// connection, run-loop I/O through a congested socket, closing from inside callbacks during the
// handshake, and repeated connections without fd growth.
#include <cstdlib>

#include "tls_test_util.hpp"

using namespace ocfs_test;

namespace {

class TlsFailureTest : public ::testing::Test {
 protected:
  TestPki pki;
  TrustSettings trust{pki};
  KeyAndCert a_test = pki.good("a.test");
  Owned<ocfs_string_ref> a_test_name = str("a.test");

  Owned<ocfs_dictionary_ref> settings() const {
    return trust.with({{ocfs_stream_ssl_peer_name, a_test_name.get()}});
  }
};

// A4: the server answers the ClientHello in plaintext: the handshake fails, nothing is delivered.
TEST_F(TlsFailureTest, PeerThatKeepsTalkingPlaintextFailsTheHandshake) {
  ScriptedServer server(Family::kV4, [](Sock connection, int) {
    std::string hello;
    recv_some(connection, hello);
    send_text(connection, "250 ok, still plaintext\r\n");
    recv_some(connection, hello);  // until the client gives up
  });
  ASSERT_TRUE(server.ok());
  Pair pair = pair_to_host("127.0.0.1", server.port());
  ASSERT_TRUE(open_pair(pair));
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings, settings()));
  uint8_t buffer[64];
  EXPECT_EQ(ocfs_read_stream_read(pair.read, buffer, sizeof buffer), -1);
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_SSL,
                      OCFS_SSL_ERROR_PROTOCOL);
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_ERROR);
}

#ifndef _WIN32
// B8: with no usable system trust store and no anchors, nothing verifies (and nothing crashes).
TEST_F(TlsFailureTest, EmptySystemTrustStoreVerifiesNothing) {
  TlsTestServer server("a.test", a_test);
  ASSERT_TRUE(server.ok()) << server.setup_error();
  setenv("SSL_CERT_FILE", "/nonexistent/ca.pem", 1);
  setenv("SSL_CERT_DIR", "/nonexistent", 1);
  Pair pair = pair_to_host("127.0.0.1", server.port());
  ASSERT_TRUE(open_pair(pair));
  auto name_only = dictionary({{ocfs_stream_ssl_peer_name, a_test_name.get()}});
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings, name_only));
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), -1);
  unsetenv("SSL_CERT_FILE");
  unsetenv("SSL_CERT_DIR");
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_SSL,
                      OCFS_SSL_ERROR_CERT_CHAIN_INVALID);
}

// The system store through SSL_CERT_FILE: the test CA put there is trusted without any anchor.
TEST_F(TlsFailureTest, SslCertFileIsHonoured) {
  TlsTestServer server("a.test", a_test);
  ASSERT_TRUE(server.ok()) << server.setup_error();
  tls::TempFile ca = tls::temp_file(pki.ca().pem_cert());
  setenv("SSL_CERT_FILE", ca.path().string().c_str(), 1);
  Pair pair = pair_to_host("127.0.0.1", server.port());
  auto name_only = dictionary({{ocfs_stream_ssl_peer_name, a_test_name.get()}});
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings, name_only));
  ASSERT_TRUE(open_pair(pair));
  EXPECT_EQ(blocking_round_trip(pair, "system store"), "system store");
  unsetenv("SSL_CERT_FILE");
}
#endif

// C3: writing into a connection the peer has closed reports an error, never raises SIGPIPE.
TEST_F(TlsFailureTest, WritesAfterThePeerLeftFailWithoutSigpipe) {
  TlsServerConfig config;
  config.hosts.push_back({"a.test", a_test});
  config.behavior = Behavior::kSendThenTruncate;
  config.text = "bye";
  config.close_linger = std::chrono::milliseconds(0);
  TlsTestServer server(std::move(config));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = pair_to_host("127.0.0.1", server.port());
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings, settings()));
  ASSERT_TRUE(open_pair(pair));
  EXPECT_EQ(read_exact(pair.read, 3), "bye");
  ASSERT_TRUE(server.wait_handled(1, std::chrono::seconds(10)));
  std::string chunk(16384, 'w');
  ocfs_index n = 0;
  for (int i = 0; i < 1000 && n >= 0; ++i)
    n = write_text(pair.write, chunk);  // a SIGPIPE here would kill the test
  EXPECT_EQ(n, -1);
  ocfs_stream_error error = ocfs_write_stream_get_error(pair.write);
  EXPECT_EQ(error.domain, OCFS_STREAM_ERROR_DOMAIN_POSIX) << error_text(error);
  EXPECT_TRUE(error.error == EPIPE || error.error == ECONNRESET) << error_text(error);
}

// C11: run-loop I/O through a congested socket: the write half writes on every CanAcceptBytes,
// so the engine often holds a record the socket cannot take; every byte still arrives once, in
// order, and CanAcceptBytes resumes after each drain.
TEST_F(TlsFailureTest, RunLoopEchoThroughACongestedSocketIsByteExact) {
  TlsTestServer server("a.test", a_test);
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = pair_to_host("127.0.0.1", server.port());
  constexpr uint64_t kTotal = 3u << 20;
  uint64_t sent = 0, received = 0;
  std::string failure;
  std::vector<uint8_t> buffer(7000);  // not a multiple of the record size
  Recorder reads, writes;
  writes.on_event = [&](ocfs_stream_event_type type) {
    if (type != kCan) return;
    while (sent < kTotal && ocfs_write_stream_can_accept_bytes(pair.write)) {
      size_t length = 0;
      const uint8_t *p =
          pattern_at(sent, static_cast<size_t>(std::min<uint64_t>(50000, kTotal - sent)), length);
      ocfs_index n = ocfs_write_stream_write(pair.write, p, static_cast<ocfs_index>(length));
      if (n <= 0) {
        failure += "write failed " + error_text(ocfs_write_stream_get_error(pair.write));
        return;
      }
      sent += static_cast<uint64_t>(n);
    }
  };
  reads.on_event = [&](ocfs_stream_event_type type) {
    if (type != kHas) return;
    ocfs_index n =
        ocfs_read_stream_read(pair.read, buffer.data(), static_cast<ocfs_index>(buffer.size()));
    if (n <= 0 || !pattern_matches(received, buffer.data(), static_cast<size_t>(n))) {
      failure += "bad read at " + std::to_string(received);
      return;
    }
    received += static_cast<uint64_t>(n);
  };
  // A small send buffer (set once connected, before TLS starts) keeps the socket congested.
  ASSERT_TRUE(open_pair(pair));
  uint8_t none = 0;
  ASSERT_EQ(ocfs_write_stream_write(pair.write, &none, 0), 0);  // waits for the connect
  Sock s = native_handle(pair.read);
  ASSERT_NE(s, kNoSocket);
  int small = 4096;
  setsockopt(s, SOL_SOCKET, SO_SNDBUF, reinterpret_cast<const char *>(&small), sizeof small);
  reads.attach(pair.read);
  writes.attach(pair.write);
  ScheduledPair scheduled = schedule(pair);
  ASSERT_TRUE(set_write(pair, ocfs_stream_property_ssl_settings, settings()));
  ASSERT_TRUE(run_until([&] { return received == kTotal || !failure.empty(); }, 60)) << received;
  EXPECT_EQ(failure, "");
  EXPECT_EQ(received, kTotal);
  EXPECT_GT(writes.count(kCan), 20u) << "the socket was congested";
  EXPECT_EQ(reads.count(kErr) + writes.count(kErr), 0u);
}

// C13: closing both halves from inside OpenCompleted, with the handshake under way: no callback
// afterwards, no crash, the socket released.
TEST_F(TlsFailureTest, CloseFromInsideACallbackDuringTheHandshake) {
  TlsTestServer server("a.test", a_test, Behavior::kStallInHandshake);
  ASSERT_TRUE(server.ok()) << server.setup_error();
  Pair pair = pair_to_host("127.0.0.1", server.port());
  ASSERT_TRUE(set_read(pair, ocfs_stream_property_ssl_settings, settings()));
  Recorder reads, writes;
  bool closed = false;
  writes.on_event = [&](ocfs_stream_event_type type) {
    if (type != kOpen) return;
    ocfs_read_stream_close(pair.read);
    ocfs_write_stream_close(pair.write);
    closed = true;
  };
  reads.attach(pair.read);
  writes.attach(pair.write);
  ScheduledPair scheduled = schedule(pair);
  ASSERT_TRUE(open_pair(pair));
  ASSERT_TRUE(run_until([&] { return closed; }));
  size_t reads_at_close = reads.size(), writes_at_close = writes.size();
  run_for(0.2);
  EXPECT_EQ(reads.size(), reads_at_close);
  EXPECT_EQ(writes.size(), writes_at_close);
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_CLOSED);
}

#ifndef _WIN32
// C15: many connections, half of them failing verification: no descriptor stays behind.
TEST_F(TlsFailureTest, RepeatedConnectionsLeaveNoDescriptorBehind) {
  TlsServerConfig good_config, bad_config;
  good_config.hosts.push_back({"a.test", a_test});
  bad_config.hosts.push_back({"a.test", pki.wrong_host()});
  for (TlsServerConfig *config : {&good_config, &bad_config})
    config->close_linger = std::chrono::milliseconds(0);
  TlsTestServer good(std::move(good_config)), bad(std::move(bad_config));
  ASSERT_TRUE(good.ok() && bad.ok());
  auto tls = settings();
  auto round = [&](int i) {
    Pair ok = pair_to_host("127.0.0.1", good.port());
    set_read(ok, ocfs_stream_property_ssl_settings, tls);
    open_pair(ok);
    EXPECT_EQ(blocking_round_trip(ok, "soak"), "soak") << i;
    Pair failing = pair_to_host("127.0.0.1", bad.port());
    open_pair(failing);
    set_read(failing, ocfs_stream_property_ssl_settings, tls);
    uint8_t byte = 0;
    EXPECT_EQ(ocfs_read_stream_read(failing.read, &byte, 1), -1) << i;
  };
  // Both servers live in this process: count only once they have closed every connection. Round
  // 0 also lets process-wide resources that open descriptors once (OpenSSL's) settle first.
  auto settle = [&](size_t connections) {
    ASSERT_TRUE(good.wait_handled(connections, std::chrono::seconds(20)));
    ASSERT_TRUE(bad.wait_handled(connections, std::chrono::seconds(20)));
  };
  round(0);
  settle(1);
  int before = open_fd_count();
  constexpr int kRounds = 60;
  for (int i = 1; i <= kRounds; ++i)
    round(i);
  settle(kRounds + 1);
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (open_fd_count() != before && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(open_fd_count(), before);
}
#endif

}  // namespace
