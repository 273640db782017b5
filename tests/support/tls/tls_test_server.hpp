// An in-process TLS server for the TLS tests: its own threads, listening on 127.0.0.1 (or ::1)
// port 0, with virtual hosts chosen by SNI, and one scripted Behavior per server. It records,
// per connection, the SNI the client sent, the negotiated protocol and cipher and what happened.
//
//   TestPki pki;
//   TlsServerConfig config;
//   config.hosts = {{"a.test", pki.good("a.test")}, {"b.test", pki.good("b.test")}};
//   config.behavior = Behavior::kSendThenClose;
//   config.text = "hello";
//   TlsTestServer server(std::move(config));
//   ... connect a client to server.host():server.port() ...
//   ASSERT_TRUE(server.wait_handled(1, std::chrono::seconds(10)));
//   EXPECT_EQ(server.connection(0).sni, "a.test");
//
// Every wait inside the server is sliced into short polls that check a stop flag, and the
// destructor always stops and joins every thread. Only loopback addresses are ever used.
#ifndef OCFS_TESTS_SUPPORT_TLS_TLS_TEST_SERVER_HPP
#define OCFS_TESTS_SUPPORT_TLS_TLS_TEST_SERVER_HPP

#include <opencfstream/library.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tls/test_certificates.hpp"

namespace ocfs_test::tls {

// What the server does with each connection once it is accepted.
enum class Behavior {
  kEcho,              // handshake, echo until the client closes; answers close_notify
  kSendThenClose,     // handshake, send `text`, close_notify, close
  kSendThenTruncate,  // handshake, send `text`, close TCP without close_notify
  kResetInHandshake,  // read the ClientHello, then close with SO_LINGER {1,0} (a TCP RST)
  kStallInHandshake,  // read the ClientHello and never answer (until the client goes away)
  kStartTls,          // plaintext greeting, "STARTTLS\r\n" -> "220 Ready\r\n", TLS, echo
};
const char *behavior_name(Behavior behavior);

enum class ClientCertMode {
  kNone,     // no CertificateRequest
  kRequest,  // SSL_VERIFY_PEER: asks, accepts a client without one
  kRequire,  // SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT: the handshake fails without one
};

struct VirtualHost {
  std::string name;  // matched against the SNI (ASCII case-insensitive)
  KeyAndCert identity;
};

struct TlsServerConfig {
  // One or more virtual hosts; the first is the default (no SNI, or an unknown name).
  std::vector<VirtualHost> hosts;
  Behavior behavior = Behavior::kEcho;
  std::string text;  // what kSendThenClose / kSendThenTruncate send

  bool ipv6 = false;  // listen on ::1 instead of 127.0.0.1

  // Protocol bounds: TLS1_2_VERSION, TLS1_3_VERSION...; 0 leaves OpenSSL's default.
  int min_version = 0;
  int max_version = 0;
  std::string cipher_list;   // TLS 1.2 and below (SSL_CTX_set_cipher_list), empty: default
  std::string ciphersuites;  // TLS 1.3 (SSL_CTX_set_ciphersuites), empty: default

  ClientCertMode client_cert = ClientCertMode::kNone;
  // Trusted issuer of client certificates (also sent as the acceptable CA name). Without it any
  // client certificate is accepted.
  std::optional<KeyAndCert> client_ca;

  // kStartTls: the greeting line, and whether "INJECTED\r\n" follows "220 Ready\r\n" in the
  // same send (plaintext the client must never treat as protected data).
  std::string starttls_greeting = "220 tls-test-server ESMTP ready\r\n";
  bool starttls_inject = false;

  // A connection whose peer does nothing for this long is dropped (kStallInHandshake included).
  std::chrono::milliseconds idle_timeout{20000};
  // After the server's own close (close_notify and/or TCP FIN) it reads what the client still
  // sends, at most this long, before closing the socket (so the client never gets a RST for
  // unread data).
  std::chrono::milliseconds close_linger{3000};
};

// What happened on one connection. Fields fill in as the connection goes; `finished` is set when
// the script is over and the socket closed.
struct ConnectionRecord {
  std::optional<std::string> sni;  // the client's server_name (raw bytes); nullopt: none sent
  std::string selected_host;       // name of the virtual host whose certificate was used
  bool client_hello_seen = false;
  bool handshake_completed = false;
  std::string protocol;  // e.g. "TLSv1.3" (SSL_get_version); empty without a handshake
  std::string cipher;    // e.g. "TLS_AES_256_GCM_SHA384"
  std::optional<std::string> client_cert_common_name;  // the client's certificate, if any
  long client_cert_verify_result = 0;                  // X509_V_OK (0) when it verified
  std::string plaintext_received;    // kStartTls: what the client sent before the handshake
  std::string received;              // application data received (first 1 MiB)
  uint64_t bytes_received = 0;       // all application data received
  bool client_close_notify = false;  // the client sent close_notify
  bool client_eof_without_close_notify = false;  // TCP end of stream without close_notify
  std::string outcome;  // the last step: "echo-done", "reset-sent", "handshake-failed"...
  std::string error;    // OpenSSL / socket error text, if any
  bool finished = false;
};

class TlsTestServer {
 public:
  // Inline on purpose: the reference to ocfs_library_init lands in the test's own object file,
  // which a static link resolves against the OpenCFStream library the suite links (opencfstream
  // or ocfs_internal, either one) whatever the order of the static libraries.
  explicit TlsTestServer(TlsServerConfig config)
      : TlsTestServer(LibraryInitialized{ocfs_library_init() != 0}, std::move(config)) {}
  // One host (also the default) and a behaviour.
  TlsTestServer(const std::string &host_name, const KeyAndCert &identity,
                Behavior behavior = Behavior::kEcho)
      : TlsTestServer(single_host(host_name, identity, behavior)) {}
  ~TlsTestServer();
  TlsTestServer(const TlsTestServer &) = delete;
  TlsTestServer &operator=(const TlsTestServer &) = delete;

  bool ok() const;  // listening (false: see setup_error())
  std::string setup_error() const;
  uint16_t port() const;
  std::string host() const;  // "127.0.0.1" or "::1"

  size_t accepted() const;  // connections accepted so far
  size_t handled() const;   // connections whose script finished
  // True once at least `count` connections finished, false on timeout.
  bool wait_handled(size_t count, std::chrono::milliseconds timeout) const;
  std::vector<ConnectionRecord> connections() const;  // a snapshot, in accept order
  ConnectionRecord connection(size_t index) const;    // a snapshot; empty record if out of range

  // Stops accepting and ends every connection (the destructor calls it). Idempotent.
  void stop();

  struct Impl;

 private:
  struct LibraryInitialized {
    bool ok;
  };
  TlsTestServer(LibraryInitialized init, TlsServerConfig config);
  static TlsServerConfig single_host(const std::string &host_name, const KeyAndCert &identity,
                                     Behavior behavior) {
    TlsServerConfig config;
    config.hosts.push_back({host_name, identity});
    config.behavior = behavior;
    return config;
  }

  std::unique_ptr<Impl> impl_;
};

}  // namespace ocfs_test::tls

#endif  // OCFS_TESTS_SUPPORT_TLS_TLS_TEST_SERVER_HPP
