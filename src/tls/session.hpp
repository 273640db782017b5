// One TLS connection driven over a tls::Transport: the engine the socket pair will insert into a
// live connection (at open, or later for STARTTLS). Non-blocking throughout: every call either
// makes progress or says which direction of the transport it waits for.
//
// The socket pair drives it over its socket (src/net/pair_tls.cpp); the tests drive it over
// in-memory transports (tests/tls/).
#ifndef OCFS_SRC_TLS_SESSION_HPP
#define OCFS_SRC_TLS_SESSION_HPP

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stream/stream.hpp"
#include "tls/transport.hpp"

namespace ocfs::tls {

using Der = std::vector<uint8_t>;

// Whether a server asks the client for a certificate (SecureTransport's SSLAuthenticate):
// never, always (the handshake fails without one), or try (asked for, optional).
enum class ClientAuthentication { kNever, kAlways, kTry };

// Everything a connection is configured from, rebuilt whole for each settings dictionary (Apple's
// rule: keys missing from a new dictionary go back to their defaults).
struct Config {
  bool server = false;
  ClientAuthentication client_authentication = ClientAuthentication::kNever;  // servers only
  int min_version = 0;  // TLS1_2_VERSION...; 0 = OpenSSL's default bound
  int max_version = 0;
  // The name for SNI and the host-name check. nullopt: neither (kCFNull / no name known). An IP
  // literal is checked against IP SANs and never sent as SNI.
  std::optional<std::string> peer_name;
  bool validate_chain = true;
  bool allow_expired_certificates = false;
  bool allow_expired_roots = false;
  bool allow_any_root = false;
  // The system's roots: OpenSSL's default paths (SSL_CERT_FILE / SSL_CERT_DIR), and on Windows
  // the ROOT certificate store as well.
  bool use_default_trust = true;
  std::vector<Der> anchors;       // extra trusted certificates
  std::vector<std::string> alpn;  // protocols to offer, in order
  bool require_close_notify = false;
  // Where the connection goes (destination host and port, proxy): with it, a client resumes a
  // session cached by an earlier connection with the same key and configuration. "" = no
  // resumption.
  std::string resumption_key;
  // Our certificate (leaf first, then its chain) and key: a server's identity or a client
  // certificate. Empty = none.
  std::vector<Der> certificate_chain;
  Der private_key;  // DER, any type OpenSSL reads (PKCS#8 or traditional)
};

// Why a call returned without finishing: which way the transport must be ready first.
enum class Want { kNothing, kRead, kWrite };

class Session {
 public:
  struct Handles;  // the OpenSSL objects (opaque; named here for OpenSSL's callbacks)

  // Null with `error` set ({SSL, errSSLBadConfiguration} or a reason) when the configuration
  // cannot be applied.
  static std::unique_ptr<Session> create(const Config &config, Transport &transport,
                                         stream::ErrorRecord &error);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  // Advances the handshake. True once it is complete; false with `want` (retry when the
  // transport is ready that way) or with `error` set (the connection is unusable).
  bool handshake(Want &want, stream::ErrorRecord &error);
  bool handshake_complete() const { return complete_; }

  // Plaintext in and out, after the handshake. read: >0 bytes; 0 with `at_end` (close_notify, or
  // the peer's TCP end without it unless close_notify is required: see truncated()), or 0 with
  // `want`; -1 with `error`. write: >0 bytes taken (a whole record's worth may be queued inside
  // and flushed by later calls), 0 with `want`, -1 with `error`.
  std::ptrdiff_t read(uint8_t *buffer, std::size_t length, Want &want, bool &at_end,
                      stream::ErrorRecord &error);
  std::ptrdiff_t write(const uint8_t *data, std::size_t length, Want &want,
                       stream::ErrorRecord &error);
  // Like read, without consuming: >0 when application data can be read now. Reads and
  // processes records from the transport (a session ticket alone gives 0 with `want`).
  std::ptrdiff_t peek(Want &want, bool &at_end, stream::ErrorRecord &error);
  // Decrypted bytes waiting inside the engine: the transport being idle says nothing then.
  bool has_buffered_plaintext() const;
  // Decrypted bytes, or received records not processed yet (read-ahead): whether peek() should
  // be asked even though the transport shows nothing.
  bool has_buffered_input() const;
  // Sends close_notify (best effort, never blocks).
  void send_close_notify();

  // The stream ended without close_notify (a truncation the app may want to know about).
  bool truncated() const { return truncated_; }
  std::string protocol_version() const;  // "TLSv1.3"
  int protocol_version_number() const;   // TLS1_3_VERSION...; 0 before the handshake
  uint16_t cipher_id() const;            // the suite's IANA number; 0 before the handshake
  std::string cipher() const;
  std::string alpn_selected() const;    // "" when none
  std::string server_name() const;      // server side: the SNI the client sent ("" = none)
  bool session_reused() const;          // the handshake resumed a cached session
  std::vector<Der> peer_chain() const;  // leaf first; kept even when validation was off

 private:
  Session() = default;
  bool configure(const Config &config, stream::ErrorRecord &error);
  std::ptrdiff_t receive(uint8_t *buffer, std::size_t length, bool peek, Want &want, bool &at_end,
                         stream::ErrorRecord &error);
  stream::ErrorRecord failure(int ssl_error, const char *during);

  std::unique_ptr<Handles> handles_;
  bool complete_ = false;
  bool truncated_ = false;
  bool require_close_notify_ = false;
};

// A usable peer name: not empty, at most 253 bytes, no NUL (never truncated: rejected).
bool is_valid_peer_name(const std::string &name);

// A DER certificate's subject on one line (RFC 2253, "CN=a.test,O=..."); "" if unreadable.
std::string certificate_subject(const Der &der);

}  // namespace ocfs::tls

#endif  // OCFS_SRC_TLS_SESSION_HPP
