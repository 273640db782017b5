// A plain OpenSSL client over a loopback socket, independent of the library under test: the
// reference peer the support self-tests use, and a way for TLS tests to check a server script
// or a certificate without going through OpenCFStream. Non-blocking socket, every wait bounded.
#ifndef OCFS_TESTS_SUPPORT_TLS_TLS_RAW_CLIENT_HPP
#define OCFS_TESTS_SUPPORT_TLS_TLS_RAW_CLIENT_HPP

#include <openssl/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tls/test_certificates.hpp"

namespace ocfs_test::tls {

struct RawClientOptions {
  std::optional<std::string> sni;  // server_name to send; nullopt: none
  // Verification: when `verify` is set the handshake fails unless the chain verifies against
  // `trusted` (and `verify_host`, if not empty, matches). Without it the handshake never fails
  // on the certificate, but verify_result() still tells what verification found.
  bool verify = false;
  std::vector<KeyAndCert> trusted;
  std::string verify_host;
  std::optional<KeyAndCert> identity;  // client certificate
  int min_version = 0;                 // TLS1_2_VERSION...; 0: OpenSSL's default
  int max_version = 0;
  std::chrono::milliseconds timeout{10000};  // idle limit of each wait
};

// How a read ended.
enum class ReadEnd { kData, kCloseNotify, kEof, kError, kTimeout };
const char *read_end_name(ReadEnd end);

class RawTlsClient {
 public:
  RawTlsClient();
  ~RawTlsClient();
  RawTlsClient(const RawTlsClient &) = delete;
  RawTlsClient &operator=(const RawTlsClient &) = delete;

  // TCP connect to a numeric loopback address.
  bool connect(const std::string &host, uint16_t port,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Plaintext, before the handshake (STARTTLS).
  bool send_plain(std::string_view data);
  std::optional<std::string> read_plain_line();  // up to and including "\n"

  // TLS handshake on the connected socket. False on failure (see error()).
  bool handshake(const RawClientOptions &options);

  long verify_result() const;      // SSL_get_verify_result: X509_V_OK, X509_V_ERR_...
  X509 *peer_certificate() const;  // borrowed; null before the handshake or without one
  std::string protocol() const;    // "TLSv1.3"...
  std::string cipher() const;

  bool write(std::string_view data);
  // Reads until `count` bytes arrived (or the stream ended / failed / timed out).
  std::string read_exact(size_t count, ReadEnd *end = nullptr);
  // Reads until the server closes; `end` tells how (kCloseNotify or kEof for truncation).
  std::string read_to_end(ReadEnd *end = nullptr);

  // Sends close_notify (if `close_notify` and a handshake happened), then closes the socket.
  // protocol(), cipher(), peer_certificate() and verify_result() still answer afterwards.
  void close(bool close_notify = true);

  const std::string &error() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ocfs_test::tls

#endif  // OCFS_TESTS_SUPPORT_TLS_TLS_RAW_CLIENT_HPP
