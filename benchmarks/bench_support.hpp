// What every benchmark program shares, written once: loopback sockets, the peer thread on the far
// end (plain or TLS; the very same code serves our pair and the baseline, so a ratio isolates our
// side), the test certificates, and the two clients being compared:
//  - RawClient: the baseline, what a program would write by hand: a blocking socket, with
//    OpenSSL's SSL_read / SSL_write on it for TLS (one shared SSL_CTX, OpenSSL's defaults);
//  - OcfsClient: a socket stream pair to 127.0.0.1, with kCFStreamPropertySSLSettings for TLS.
// Both have the same I/O functions, so each benchmark is one template run with either.
//
// TLS is TLS 1.3 with TLS_AES_128_GCM_SHA256, pinned on the peer so both clients negotiate it
// (checked after the warm-up), an EC P-256 server certificate for "localhost" issued by a CA made
// at start-up (tests/support/tls), verified by both clients (host name, and the CA as the only
// anchor, or the system's roots with the CA added: see Trust).
// Linux only (the programs are not built elsewhere). Only 127.0.0.1 is used.
#ifndef OCFS_BENCHMARKS_BENCH_SUPPORT_HPP
#define OCFS_BENCHMARKS_BENCH_SUPPORT_HPP

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <opencfstream/ocfs.h>

#include "ratio_main.hpp"
#include "tls/test_certificates.hpp"

namespace ocfs_bench {

constexpr const char *kCipher = "TLS_AES_128_GCM_SHA256";
constexpr const char *kServerName = "localhost";
constexpr size_t kPeerChunk = 64 * 1024;

enum class Security { kPlain, kTls };

// ---- Process -------------------------------------------------------------------------------

// Runs the calling thread on one CPU while it lives (when the machine has more than one). Two
// threads that exchange data are pinned to CPUs 0 and 1 so that ours and the baseline run at the
// same operating point: left to the scheduler, they sometimes share a CPU (the writer fills the
// socket buffer, then the reader drains it) and sometimes not (a wake-up per record), and the
// cost per byte of the two modes differs by a factor of two.
class PinnedToCpu {
 public:
  explicit PinnedToCpu(int cpu) {  // cpu < 0: left to the scheduler
    pinned_ = cpu >= 0 && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
              sched_getaffinity(0, sizeof previous_, &previous_) == 0;
    if (!pinned_) return;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    pinned_ = sched_setaffinity(0, sizeof one, &one) == 0;
  }
  ~PinnedToCpu() {
    if (pinned_) sched_setaffinity(0, sizeof previous_, &previous_);
  }
  PinnedToCpu(const PinnedToCpu &) = delete;
  PinnedToCpu &operator=(const PinnedToCpu &) = delete;

 private:
  cpu_set_t previous_;
  bool pinned_ = false;
};

// Raises the soft limit on open files to the hard limit; returns the limit now in force.
inline uint64_t raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

// Resident set size in bytes (/proc/self/statm, second field, in pages).
inline uint64_t resident_bytes() {
  unsigned long long size = 0, resident = 0;
  FILE *file = std::fopen("/proc/self/statm", "r");
  if (file == nullptr) return 0;
  int fields = std::fscanf(file, "%llu %llu", &size, &resident);
  std::fclose(file);
  return fields == 2 ? resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

// Monotonic time, comparable between processes on the same machine.
inline uint64_t now_ns() {
  return clock_ns(CLOCK_MONOTONIC);
}
inline uint64_t thread_cpu_ns() {
  return clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

// ---- Sockets -------------------------------------------------------------------------------

inline void set_no_delay(int fd) {
  int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

inline void set_nonblocking(int fd, bool nonblocking) {
  int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, nonblocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
}

// Closes with SO_LINGER {1, 0}: a reset instead of a FIN, so no TIME_WAIT is left on either side
// (the benchmarks open tens of thousands of connections to one port within a minute).
inline void close_abortively(int fd) {
  linger off{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &off, sizeof off);
  close(fd);
}

inline sockaddr_in loopback_address(uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

// A listening socket on 127.0.0.1 with a port chosen by the system; -1 on failure.
inline int listen_loopback(uint16_t &port, int backlog = 128) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = loopback_address(0);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
      listen(fd, backlog) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    return -1;
  }
  port = ntohs(address.sin_port);
  return fd;
}

// A blocking TCP socket connected to 127.0.0.1:port, with TCP_NODELAY; -1 on failure.
inline int connect_loopback(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = loopback_address(port);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
    if (fd >= 0) close(fd);
    return -1;
  }
  set_no_delay(fd);
  return fd;
}

// Waits for `events` on fd (or an error / hang-up).
inline void wait_fd(int fd, short events) {
  pollfd entry{fd, events, 0};
  poll(&entry, 1, 1000);
}

// ---- Certificates and TLS contexts -----------------------------------------------------------

// What a TLS client trusts: the test CA as its only anchor (the default here), or the system's
// roots (OpenSSL's default verify paths), which for the benchmarks are the system's CA bundle with
// the test CA appended, named by SSL_CERT_FILE (see Certificates::use_system_trust).
enum class Trust { kTestAnchor, kSystem };

// Made once per process: a CA, a server certificate for "localhost", the clients' settings.
class Certificates {
 public:
  static Certificates &get() {
    static Certificates instance;
    return instance;
  }

  // A server context: TLS 1.3 only, kCipher only, `tickets` session tickets per connection (0:
  // every handshake is a full one). No server-side cache: tickets are stateless.
  SSL_CTX *server_context(int tickets) const {
    SSL_CTX *context = SSL_CTX_new(TLS_server_method());
    if (context == nullptr) return nullptr;
    SSL_CTX_set_min_proto_version(context, TLS1_3_VERSION);
    SSL_CTX_set_ciphersuites(context, kCipher);
    SSL_CTX_set_num_tickets(context, static_cast<size_t>(tickets));
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
    if (SSL_CTX_use_certificate(context, leaf_.cert.get()) != 1 ||
        SSL_CTX_use_PrivateKey(context, leaf_.key.get()) != 1) {
      SSL_CTX_free(context);
      return nullptr;
    }
    return context;
  }

  // The baseline's client context: OpenSSL's defaults, verification on (the host name is set per
  // connection), trusting `trust`. `release_buffers`: SSL_MODE_RELEASE_BUFFERS, as the library
  // sets it (used where memory is compared).
  SSL_CTX *client_context(Trust trust = Trust::kTestAnchor, bool release_buffers = false) {
    SSL_CTX *context = SSL_CTX_new(TLS_client_method());
    if (context == nullptr) return nullptr;
    if (trust == Trust::kSystem) {
      use_system_trust();
      SSL_CTX_set_default_verify_paths(context);
    } else {
      X509_STORE_add_cert(SSL_CTX_get_cert_store(context), pki_.ca().cert.get());
    }
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
    if (release_buffers) SSL_CTX_set_mode(context, SSL_MODE_RELEASE_BUFFERS);
    return context;
  }

  // Our client's settings for the same trust and peer name.
  ocfs_dictionary_ref client_settings(Trust trust = Trust::kTestAnchor) {
    if (trust == Trust::kSystem) use_system_trust();
    return trust == Trust::kSystem ? system_settings_ : anchor_settings_;
  }

  // Points SSL_CERT_FILE at the system's CA bundle plus the test CA (a temporary file, removed
  // at exit), so that "the system's roots" verify the test server with a realistic bundle.
  void use_system_trust() {
    if (system_bundle_ != nullptr) return;
    std::string bundle;
    if (FILE *file = std::fopen(X509_get_default_cert_file(), "r")) {
      char buffer[65536];
      for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;)
        bundle.append(buffer, n);
      std::fclose(file);
    }
    bundle += "\n" + pki_.ca().pem_cert();
    system_bundle_ = std::make_unique<ocfs_test::tls::TempFile>(bundle, ".pem");
    setenv(X509_get_default_cert_file_env(), system_bundle_->string().c_str(), 1);
  }

 private:
  Certificates() : leaf_(pki_.good(kServerName)) {
    std::vector<uint8_t> der = pki_.ca().der_cert();
    ocfs_data_ref ca = ocfs_data_create(nullptr, der.data(), static_cast<ocfs_index>(der.size()));
    const void *anchor = ca;
    ocfs_array_ref anchors = ocfs_array_create(nullptr, &anchor, 1, &ocfs_type_array_callbacks);
    const void *keys[] = {ocfs_stream_ssl_peer_name, ocfs_stream_ssl_anchor_certificates,
                          ocfs_stream_ssl_anchor_certificates_only};
    const void *values[] = {OCFS_STR("localhost"), anchors, ocfs_boolean_true};
    anchor_settings_ =
        ocfs_dictionary_create(nullptr, keys, values, 3, &ocfs_type_dictionary_key_callbacks,
                               &ocfs_type_dictionary_value_callbacks);
    system_settings_ =
        ocfs_dictionary_create(nullptr, keys, values, 1, &ocfs_type_dictionary_key_callbacks,
                               &ocfs_type_dictionary_value_callbacks);
    ocfs_release(anchors);
    ocfs_release(ca);
  }

  ocfs_test::tls::TestPki pki_;
  ocfs_test::tls::KeyAndCert leaf_;
  // Kept for the life of the process.
  ocfs_dictionary_ref anchor_settings_ = nullptr;
  ocfs_dictionary_ref system_settings_ = nullptr;
  std::unique_ptr<ocfs_test::tls::TempFile> system_bundle_;
};

// The baseline's shared client contexts (one per kind and process, as a program would have).
inline SSL_CTX *raw_client_context(Trust trust = Trust::kTestAnchor, bool release_buffers = false) {
  static SSL_CTX *contexts[2][2] = {};
  SSL_CTX *&context = contexts[trust == Trust::kSystem ? 1 : 0][release_buffers ? 1 : 0];
  if (context == nullptr) context = Certificates::get().client_context(trust, release_buffers);
  return context;
}

// ---- I/O on a raw socket or SSL: both clients and the peer use these ---------------------------

// One transfer on fd, or through ssl when it is set. Returns the byte count, 0 at the end of the
// stream, -1 on failure; a non-blocking socket is waited for with poll.
inline long raw_io(int fd, SSL *ssl, void *buffer, size_t length, bool reading) {
  for (;;) {
    long n;
    bool want_write = !reading;
    if (ssl != nullptr) {
      int result = reading ? SSL_read(ssl, buffer, static_cast<int>(length))
                           : SSL_write(ssl, buffer, static_cast<int>(length));
      if (result > 0) return result;
      int error = SSL_get_error(ssl, result);
      if (error == SSL_ERROR_ZERO_RETURN) return 0;
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
        ERR_clear_error();
        return -1;
      }
      want_write = error == SSL_ERROR_WANT_WRITE;
    } else {
      n = reading ? recv(fd, buffer, length, 0) : send(fd, buffer, length, MSG_NOSIGNAL);
      if (n >= 0) return n;
      if (errno != EAGAIN && errno != EINTR) return -1;
    }
    wait_fd(fd, want_write ? POLLOUT : POLLIN);
  }
}

// The server side of a TLS connection on an accepted socket, its handshake done; nullptr (and the
// socket reset) if the handshake failed.
inline SSL *accept_tls(SSL_CTX *context, int fd) {
  SSL *ssl = SSL_new(context);
  SSL_set_fd(ssl, fd);
  // One recv for many records: a peer that drains 1 KiB records as fast as they come, whichever
  // client sends them, so both clients meet the same peer.
  SSL_set_read_ahead(ssl, 1);
  if (SSL_accept(ssl) == 1) return ssl;
  ERR_clear_error();
  SSL_free(ssl);
  close_abortively(fd);
  return nullptr;
}

// ---- The peer: the other end of every connection --------------------------------------------

enum class Role {
  kDiscard,  // reads and drops everything
  kProduce,  // sends 64 KiB chunks until the client goes
  kEcho,     // sends back whatever it reads
};

// A loopback listener served by one thread: connections one after another, each in `role`, over
// TLS (server side, `tickets` tickets per connection) when `security` says so. A connection ends
// when the client closes it; the peer then resets it (no TIME_WAIT). The thread runs on `cpu`
// (< 0: wherever the scheduler puts it).
class Peer {
 public:
  Peer(Role role, Security security, int tickets = 1, int cpu = -1) : role_(role), cpu_(cpu) {
    if (security == Security::kTls) context_ = Certificates::get().server_context(tickets);
    listener_ = listen_loopback(port_);
    thread_ = std::thread([this] { run(); });
  }
  ~Peer() {
    stop_ = true;
    int wake = connect_loopback(port_);  // unblocks accept()
    thread_.join();
    if (wake >= 0) close(wake);
    close(listener_);
    SSL_CTX_free(context_);
  }
  Peer(const Peer &) = delete;
  Peer &operator=(const Peer &) = delete;

  uint16_t port() const { return port_; }

 private:
  void run() {
    PinnedToCpu pinned(cpu_);
    while (!stop_) {
      int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      if (stop_) {
        close(fd);
        break;
      }
      set_no_delay(fd);
      serve(fd);
    }
  }

  void serve(int fd) {
    SSL *ssl = nullptr;
    if (context_ != nullptr && (ssl = accept_tls(context_, fd)) == nullptr) return;
    std::vector<char> buffer(kPeerChunk, 'p');
    for (;;) {
      long n = role_ == Role::kProduce ? raw_io(fd, ssl, buffer.data(), buffer.size(), false)
                                       : raw_io(fd, ssl, buffer.data(), buffer.size(), true);
      if (n > 0 && role_ == Role::kEcho) n = raw_io(fd, ssl, buffer.data(), size_t(n), false);
      if (n <= 0) break;
    }
    SSL_free(ssl);
    close_abortively(fd);
  }

  Role role_;
  int cpu_;
  SSL_CTX *context_ = nullptr;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// ---- The two clients -------------------------------------------------------------------------

// The baseline: a blocking socket connected to the peer, with a TLS 1.3 handshake done over it
// (resuming `session` if given) when `security` says so, on the shared context for `trust` and
// `release_buffers`.
class RawClient {
 public:
  RawClient(uint16_t port, Security security, SSL_SESSION *session = nullptr,
            Trust trust = Trust::kTestAnchor, bool release_buffers = false) {
    fd_ = connect_loopback(port);
    if (fd_ < 0 || security == Security::kPlain) return;
    ssl_ = SSL_new(raw_client_context(trust, release_buffers));
    SSL_set_fd(ssl_, fd_);
    SSL_set_tlsext_host_name(ssl_, kServerName);
    SSL_set1_host(ssl_, kServerName);
    if (session != nullptr) SSL_set_session(ssl_, session);
    if (SSL_connect(ssl_) != 1) {
      ERR_clear_error();
      failed_ = true;
    }
  }
  ~RawClient() {
    if (ssl_ != nullptr && !failed_) SSL_shutdown(ssl_);  // close_notify, as our pair sends
    SSL_free(ssl_);
    if (fd_ >= 0) close(fd_);
  }
  RawClient(const RawClient &) = delete;
  RawClient &operator=(const RawClient &) = delete;

  bool ok() const { return fd_ >= 0 && !failed_; }
  int fd() const { return fd_; }
  SSL *ssl() const { return ssl_; }
  void set_nonblocking() { ocfs_bench::set_nonblocking(fd_, true); }

  long read_some(void *buffer, size_t length) { return raw_io(fd_, ssl_, buffer, length, true); }
  long write_some(const void *buffer, size_t length) {
    return raw_io(fd_, ssl_, const_cast<void *>(buffer), length, false);
  }
  std::string cipher() const {
    return ssl_ != nullptr ? SSL_CIPHER_get_name(SSL_get_current_cipher(ssl_)) : "";
  }
  bool session_reused() const { return ssl_ != nullptr && SSL_session_reused(ssl_) == 1; }

 private:
  int fd_ = -1;
  SSL *ssl_ = nullptr;
  bool failed_ = false;
};

// Ours: a socket stream pair to 127.0.0.1:port, TCP_NODELAY, TLS settings when `security` says
// so, both halves opened. Nothing is scheduled: I/O is blocking until a benchmark schedules a half.
// TLS sessions are resumed by the library itself (its session cache): the last argument, there
// for the baseline's sake, is not used.
class OcfsClient {
 public:
  OcfsClient(uint16_t port, Security security, SSL_SESSION * = nullptr,
             Trust trust = Trust::kTestAnchor) {
    ocfs_stream_create_pair_with_socket_to_host(nullptr, OCFS_STR("127.0.0.1"), port, &in, &out);
    ocfs_write_stream_set_property(out, ocfs_stream_socket_set_no_delay, ocfs_boolean_true);
    if (security == Security::kTls) {
      ocfs_read_stream_set_property(in, ocfs_stream_property_ssl_settings,
                                    Certificates::get().client_settings(trust));
    }
    ocfs_read_stream_open(in);
    ocfs_write_stream_open(out);
  }
  ~OcfsClient() {
    ocfs_read_stream_close(in);
    ocfs_write_stream_close(out);
    ocfs_release(in);
    ocfs_release(out);
  }
  OcfsClient(const OcfsClient &) = delete;
  OcfsClient &operator=(const OcfsClient &) = delete;

  bool ok() const { return in != nullptr && out != nullptr; }

  long read_some(void *buffer, size_t length) {
    ocfs_index n =
        ocfs_read_stream_read(in, static_cast<uint8_t *>(buffer), static_cast<ocfs_index>(length));
    return static_cast<long>(n);
  }
  long write_some(const void *buffer, size_t length) {
    ocfs_index n = ocfs_write_stream_write(out, static_cast<const uint8_t *>(buffer),
                                           static_cast<ocfs_index>(length));
    return static_cast<long>(n);
  }
  std::string cipher() const { return string_property(ocfs_stream_property_ssl_cipher_suite); }
  bool session_reused() const {
    ocfs_type_ref value =
        ocfs_read_stream_copy_property(in, ocfs_stream_property_ssl_session_reused);
    bool reused = value != nullptr && ocfs_boolean_get_value(static_cast<ocfs_boolean_ref>(value));
    ocfs_release(value);
    return reused;
  }

  ocfs_read_stream_ref in = nullptr;
  ocfs_write_stream_ref out = nullptr;

 private:
  std::string string_property(ocfs_string_ref key) const {
    ocfs_type_ref value = ocfs_read_stream_copy_property(in, key);
    std::string text;
    if (value != nullptr) {
      auto string = static_cast<ocfs_string_ref>(value);
      char buffer[256] = {};
      if (ocfs_string_get_cstring(string, buffer, sizeof buffer, OCFS_STRING_ENCODING_UTF8))
        text = buffer;
      ocfs_release(value);
    }
    return text;
  }
};

template <typename Client>
bool write_all(Client &client, const void *data, size_t length) {
  auto *bytes = static_cast<const char *>(data);
  while (length > 0) {
    long n = client.write_some(bytes, length);
    if (n <= 0) return false;
    bytes += n;
    length -= static_cast<size_t>(n);
  }
  return true;
}

template <typename Client>
bool read_exactly(Client &client, void *data, size_t length) {
  auto *bytes = static_cast<char *>(data);
  while (length > 0) {
    long n = client.read_some(bytes, length);
    if (n <= 0) return false;
    bytes += n;
    length -= static_cast<size_t>(n);
  }
  return true;
}

// Before timing: one byte each way the peer's role allows, so the TLS handshake is done (ours
// runs it on the first I/O), then a check that TLS negotiated kCipher. Empty on success.
template <typename Client>
std::string warm_up(Client &client, Role role, Security security) {
  if (!client.ok()) return "client setup failed";
  char byte = 'w';
  bool ok = true;
  if (role != Role::kProduce) ok = write_all(client, &byte, 1);
  if (ok && role != Role::kDiscard) ok = read_exactly(client, &byte, 1);
  if (!ok) return "warm-up exchange failed";
  if (security == Security::kTls && client.cipher() != kCipher)
    return "negotiated " + client.cipher() + ", not " + kCipher;
  return "";
}

}  // namespace ocfs_bench

#endif  // OCFS_BENCHMARKS_BENCH_SUPPORT_HPP
