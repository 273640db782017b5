#include "tls/socket_io.hpp"  // first: winsock2.h before anything that includes windows.h

#include "tls/tls_test_server.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/tls1.h>
#include <openssl/x509.h>

#ifndef _WIN32
#include <csignal>
#endif

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

namespace ocfs_test::tls {

using namespace detail;

namespace {

constexpr size_t kReceivedCap = 1 << 20;

bool equal_ignoring_case(const std::string &a, const std::string &b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) {
             return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
           };
           return lower(x) == lower(y);
         });
}

// The first host_name in a server_name extension's body, raw bytes.
std::optional<std::string> parse_server_name(const unsigned char *data, size_t length) {
  if (length < 2) return std::nullopt;
  size_t list = (size_t{data[0]} << 8) | data[1];
  if (list + 2 > length) return std::nullopt;
  size_t at = 2, end = 2 + list;
  while (at + 3 <= end) {
    unsigned type = data[at];
    size_t name_length = (size_t{data[at + 1]} << 8) | data[at + 2];
    at += 3;
    if (at + name_length > end) return std::nullopt;
    if (type == TLSEXT_NAMETYPE_host_name)
      return std::string(reinterpret_cast<const char *>(data + at), name_length);
    at += name_length;
  }
  return std::nullopt;
}

struct SslCtxDeleter {
  void operator()(SSL_CTX *ctx) const noexcept { SSL_CTX_free(ctx); }
};
struct SslDeleter {
  void operator()(SSL *ssl) const noexcept { SSL_free(ssl); }
};

}  // namespace

const char *behavior_name(Behavior behavior) {
  switch (behavior) {
    case Behavior::kEcho:
      return "echo";
    case Behavior::kSendThenClose:
      return "send-then-close";
    case Behavior::kSendThenTruncate:
      return "send-then-truncate";
    case Behavior::kResetInHandshake:
      return "reset-in-handshake";
    case Behavior::kStallInHandshake:
      return "stall-in-handshake";
    case Behavior::kStartTls:
      return "starttls";
  }
  return "?";
}

struct TlsTestServer::Impl {
  TlsServerConfig config;
  std::unique_ptr<SSL_CTX, SslCtxDeleter> ctx;
  socket_t listener = kInvalidSocket;
  uint16_t port = 0;
  std::string setup_error;
  std::atomic<bool> stopping{false};
  std::thread acceptor;

  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::vector<ConnectionRecord> records;
  size_t finished = 0;
  std::vector<std::thread> workers;

  // Per-connection state reachable from the OpenSSL callbacks (SSL app data).
  struct Connection {
    Impl *server;
    size_t index;
    std::optional<std::string> sni;
    size_t host = 0;  // index into config.hosts
  };

  template <class F>
  void update(size_t index, F change) {
    std::lock_guard<std::mutex> lock(mutex);
    change(records[index]);
    changed.notify_all();
  }

  bool setup();
  void accept_loop();
  void serve(socket_t fd, size_t index);
  void run_script(IoContext &io, Connection &connection);
  void close_after(IoContext &io, size_t index, bool tls_drain);

  static int client_hello_callback(SSL *ssl, int *alert, void *arg);
  static int certificate_callback(SSL *ssl, void *arg);
  static int verify_callback(int preverify, X509_STORE_CTX *store);
};

int TlsTestServer::Impl::client_hello_callback(SSL *ssl, int *, void *) {
  auto *connection = static_cast<Connection *>(SSL_get_app_data(ssl));
  Impl *self = connection->server;
  const unsigned char *data = nullptr;
  size_t length = 0;
  if (SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &data, &length) == 1)
    connection->sni = parse_server_name(data, length);
  connection->host = 0;
  if (connection->sni) {
    for (size_t i = 0; i < self->config.hosts.size(); ++i) {
      if (equal_ignoring_case(self->config.hosts[i].name, *connection->sni)) {
        connection->host = i;
        break;
      }
    }
  }
  self->update(connection->index, [&](ConnectionRecord &record) {
    record.client_hello_seen = true;
    record.sni = connection->sni;
    record.selected_host = self->config.hosts[connection->host].name;
  });
  Behavior behavior = self->config.behavior;
  if (behavior == Behavior::kResetInHandshake || behavior == Behavior::kStallInHandshake)
    return SSL_CLIENT_HELLO_RETRY;  // pauses: SSL_do_handshake returns WANT_CLIENT_HELLO_CB
  return SSL_CLIENT_HELLO_SUCCESS;
}

int TlsTestServer::Impl::certificate_callback(SSL *ssl, void *) {
  auto *connection = static_cast<Connection *>(SSL_get_app_data(ssl));
  const KeyAndCert &identity = connection->server->config.hosts[connection->host].identity;
  return SSL_use_cert_and_key(ssl, identity.cert.get(), identity.key.get(), nullptr, 1) == 1 ? 1
                                                                                             : 0;
}

int TlsTestServer::Impl::verify_callback(int preverify, X509_STORE_CTX *store) {
  SSL *ssl =
      static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto *connection = static_cast<Connection *>(SSL_get_app_data(ssl));
  // Without a configured client CA any client certificate is accepted (the result still shows
  // in client_cert_verify_result).
  return connection->server->config.client_ca ? preverify : 1;
}

bool TlsTestServer::Impl::setup() {
  if (config.hosts.empty()) {
    setup_error = "no virtual host configured";
    return false;
  }
  for (const VirtualHost &host : config.hosts) {
    if (!host.identity) {
      setup_error = "virtual host '" + host.name + "' has no key or certificate";
      return false;
    }
  }
  ctx.reset(SSL_CTX_new(TLS_server_method()));
  if (!ctx) {
    setup_error = "SSL_CTX_new: " + openssl_errors();
    return false;
  }
  SSL_CTX *c = ctx.get();
  const KeyAndCert &fallback = config.hosts.front().identity;
  if (SSL_CTX_use_certificate(c, fallback.cert.get()) != 1 ||
      SSL_CTX_use_PrivateKey(c, fallback.key.get()) != 1 ||
      (config.min_version && SSL_CTX_set_min_proto_version(c, config.min_version) != 1) ||
      (config.max_version && SSL_CTX_set_max_proto_version(c, config.max_version) != 1) ||
      (!config.cipher_list.empty() &&
       SSL_CTX_set_cipher_list(c, config.cipher_list.c_str()) != 1) ||
      (!config.ciphersuites.empty() &&
       SSL_CTX_set_ciphersuites(c, config.ciphersuites.c_str()) != 1)) {
    setup_error = "SSL_CTX configuration: " + openssl_errors();
    return false;
  }
  SSL_CTX_set_client_hello_cb(c, &Impl::client_hello_callback, nullptr);
  SSL_CTX_set_cert_cb(c, &Impl::certificate_callback, nullptr);
  if (config.client_cert != ClientCertMode::kNone) {
    int mode = SSL_VERIFY_PEER;
    if (config.client_cert == ClientCertMode::kRequire) mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    SSL_CTX_set_verify(c, mode, &Impl::verify_callback);
    if (config.client_ca) {
      if (X509_STORE_add_cert(SSL_CTX_get_cert_store(c), config.client_ca->cert.get()) != 1 ||
          SSL_CTX_add_client_CA(c, config.client_ca->cert.get()) != 1) {
        setup_error = "client CA: " + openssl_errors();
        return false;
      }
    }
  }

  int family = config.ipv6 ? AF_INET6 : AF_INET;
  listener = socket(family, SOCK_STREAM, IPPROTO_TCP);
  if (listener == kInvalidSocket) {
    setup_error = "socket: " + socket_error_text(last_socket_error());
    return false;
  }
  sockaddr_storage address{};
  socklen_t length = 0;
  if (config.ipv6) {
    auto *v6 = reinterpret_cast<sockaddr_in6 *>(&address);
    v6->sin6_family = AF_INET6;
    v6->sin6_addr = in6addr_loopback;
    length = sizeof(sockaddr_in6);
  } else {
    auto *v4 = reinterpret_cast<sockaddr_in *>(&address);
    v4->sin_family = AF_INET;
    v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    length = sizeof(sockaddr_in);
  }
  if (bind(listener, reinterpret_cast<const sockaddr *>(&address), length) != 0 ||
      listen(listener, 64) != 0 || !set_nonblocking(listener)) {
    setup_error = "bind/listen: " + socket_error_text(last_socket_error());
    return false;
  }
  length = sizeof address;
  if (getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
    setup_error = "getsockname: " + socket_error_text(last_socket_error());
    return false;
  }
  port = ntohs(config.ipv6 ? reinterpret_cast<sockaddr_in6 *>(&address)->sin6_port
                           : reinterpret_cast<sockaddr_in *>(&address)->sin_port);
  return true;
}

void TlsTestServer::Impl::accept_loop() {
  IoContext io;
  io.fd = listener;
  io.stop = &stopping;
  io.timeout = std::chrono::hours(24);
  while (!stopping.load()) {
    socket_t fd = ::accept(listener, nullptr, nullptr);
    if (fd == kInvalidSocket) {
      int error = last_socket_error();
      if (would_block(error)) {
        if (wait_ready(io, POLLIN) == IoStatus::kStopped) break;
        continue;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // e.g. ECONNABORTED
      continue;
    }
    std::lock_guard<std::mutex> lock(mutex);
    size_t index = records.size();
    records.emplace_back();
    workers.emplace_back([this, fd, index] { serve(fd, index); });
    changed.notify_all();
  }
}

void TlsTestServer::Impl::serve(socket_t fd, size_t index) {
  IoContext io;
  io.fd = fd;
  io.stop = &stopping;
  io.timeout = config.idle_timeout;
  Connection connection{this, index, std::nullopt, 0};
  if (!set_nonblocking(fd)) {
    update(index, [&](ConnectionRecord &r) { r.error = "cannot make the socket non-blocking"; });
  } else {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char *>(&one), sizeof one);
    run_script(io, connection);
  }
  ERR_clear_error();  // the thread's error queue dies with the thread; keep it empty anyway
  std::lock_guard<std::mutex> lock(mutex);
  ConnectionRecord &record = records[index];
  if (!io.error.empty()) record.error = io.error;
  record.finished = true;
  ++finished;
  changed.notify_all();
}

void TlsTestServer::Impl::run_script(IoContext &io, Connection &connection) {
  size_t index = connection.index;
  auto outcome = [&](const std::string &text) {
    update(index, [&](ConnectionRecord &r) { r.outcome = text; });
  };

  if (config.behavior == Behavior::kStartTls) {
    if (send_all_plain(io, config.starttls_greeting) != IoStatus::kOk) {
      outcome("starttls-greeting-failed");
      close_socket(io.fd);
      return;
    }
    for (;;) {
      std::string line;
      IoStatus status = read_line_plain(io, line);
      if (!line.empty()) update(index, [&](ConnectionRecord &r) { r.plaintext_received += line; });
      if (status != IoStatus::kOk) {
        outcome(std::string("starttls-no-command-") + io_status_name(status));
        close_socket(io.fd);
        return;
      }
      if (line == "STARTTLS\r\n") break;
      if (send_all_plain(io, "500 unrecognized command\r\n") != IoStatus::kOk) {
        outcome("starttls-reply-failed");
        close_socket(io.fd);
        return;
      }
    }
    std::string reply = "220 Ready\r\n";
    if (config.starttls_inject) reply += "INJECTED\r\n";
    if (send_all_plain(io, reply) != IoStatus::kOk) {
      outcome("starttls-ready-failed");
      close_socket(io.fd);
      return;
    }
  }

  std::unique_ptr<SSL, SslDeleter> ssl(SSL_new(ctx.get()));
  if (!ssl || SSL_set_fd(ssl.get(), static_cast<int>(io.fd)) != 1) {
    io.error = "SSL_new/SSL_set_fd: " + openssl_errors();
    outcome("setup-failed");
    close_socket(io.fd);
    return;
  }
  io.ssl = ssl.get();
  SSL_set_app_data(ssl.get(), &connection);
  SSL_set_accept_state(ssl.get());

  IoStatus status = ssl_handshake(io);
  if (status == IoStatus::kHelloPaused) {
    if (config.behavior == Behavior::kResetInHandshake) {
      reset_socket(io.fd);
      outcome("reset-sent");
      return;
    }
    // kStallInHandshake: say nothing; read and discard until the client leaves.
    outcome("stalling");
    std::string discarded;
    IoStatus end = IoStatus::kOk;
    while (end == IoStatus::kOk) {
      discarded.clear();
      end = read_some_plain(io, discarded);
    }
    outcome(std::string("stalled-until-") + io_status_name(end));
    io.error.clear();
    close_socket(io.fd);
    return;
  }
  if (status != IoStatus::kOk) {
    outcome(std::string("handshake-") + io_status_name(status));
    close_socket(io.fd);  // whatever alert OpenSSL had to send is already out
    return;
  }

  {
    const SSL_CIPHER *cipher = SSL_get_current_cipher(ssl.get());
    std::optional<std::string> peer_name;
    if (X509 *peer = SSL_get0_peer_certificate(ssl.get())) {
      KeyAndCert wrapper;
      if (X509_up_ref(peer) == 1) wrapper.cert.reset(peer);
      peer_name = wrapper.common_name();
    }
    long verify = SSL_get_verify_result(ssl.get());
    update(index, [&](ConnectionRecord &r) {
      r.handshake_completed = true;
      r.protocol = SSL_get_version(ssl.get());
      r.cipher = cipher ? SSL_CIPHER_get_name(cipher) : "";
      r.client_cert_common_name = peer_name;
      r.client_cert_verify_result = verify;
    });
  }

  switch (config.behavior) {
    case Behavior::kEcho:
    case Behavior::kStartTls:
      for (;;) {
        std::string data;
        status = ssl_read(io, data);
        if (status != IoStatus::kOk) break;
        update(index, [&](ConnectionRecord &r) {
          r.bytes_received += data.size();
          if (r.received.size() < kReceivedCap)
            r.received.append(data, 0, std::min(data.size(), kReceivedCap - r.received.size()));
        });
        status = ssl_write_all(io, data);
        if (status != IoStatus::kOk) break;
      }
      if (status == IoStatus::kCloseNotify) {
        update(index, [&](ConnectionRecord &r) { r.client_close_notify = true; });
        ssl_send_close_notify(io);
        shutdown_send(io.fd);
        outcome("echo-done");
      } else if (status == IoStatus::kEof) {
        update(index, [&](ConnectionRecord &r) { r.client_eof_without_close_notify = true; });
        outcome("echo-client-eof");
      } else {
        outcome(std::string("echo-") + io_status_name(status));
      }
      close_socket(io.fd);
      return;
    case Behavior::kSendThenClose:
      status = ssl_write_all(io, config.text);
      if (status == IoStatus::kOk) status = ssl_send_close_notify(io);
      outcome(status == IoStatus::kOk ? "sent-close-notify"
                                      : std::string("send-") + io_status_name(status));
      shutdown_send(io.fd);
      close_after(io, index, true);
      return;
    case Behavior::kSendThenTruncate:
      status = ssl_write_all(io, config.text);
      outcome(status == IoStatus::kOk ? "sent-truncated"
                                      : std::string("send-") + io_status_name(status));
      shutdown_send(io.fd);  // TCP FIN, no close_notify
      close_after(io, index, true);
      return;
    case Behavior::kResetInHandshake:
    case Behavior::kStallInHandshake:
      break;  // unreachable: the client-hello callback paused these
  }
  close_socket(io.fd);
}

// After the server's own close: read (and record) what the client still sends, until its
// close_notify / end of stream or close_linger, then close the socket.
void TlsTestServer::Impl::close_after(IoContext &io, size_t index, bool tls_drain) {
  auto deadline = Clock::now() + config.close_linger;
  std::string saved_error = io.error;
  while (Clock::now() < deadline) {
    io.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()) +
                 std::chrono::milliseconds(1);
    std::string data;
    IoStatus status = tls_drain ? ssl_read(io, data) : read_some_plain(io, data);
    if (status == IoStatus::kOk) {
      update(index, [&](ConnectionRecord &r) { r.bytes_received += data.size(); });
      continue;
    }
    if (status == IoStatus::kCloseNotify)
      update(index, [&](ConnectionRecord &r) { r.client_close_notify = true; });
    else if (status == IoStatus::kEof)
      update(index, [&](ConnectionRecord &r) { r.client_eof_without_close_notify = true; });
    break;
  }
  io.error = saved_error;  // errors while draining (a reset, say) are not the script's
  close_socket(io.fd);
}

TlsTestServer::TlsTestServer(LibraryInitialized init, TlsServerConfig config)
    : impl_(std::make_unique<Impl>()) {
#ifndef _WIN32
  // OpenSSL's socket BIO writes without MSG_NOSIGNAL: a client that went away must not kill the
  // test process. Test code only; the library itself never touches signal dispositions.
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { std::signal(SIGPIPE, SIG_IGN); });
#endif
  impl_->config = std::move(config);
  if (!init.ok) {
    impl_->setup_error = "ocfs_library_init failed";
    return;
  }
  if (!impl_->setup()) {
    close_socket(impl_->listener);
    impl_->listener = kInvalidSocket;
    return;
  }
  impl_->acceptor = std::thread([impl = impl_.get()] { impl->accept_loop(); });
}

TlsTestServer::~TlsTestServer() {
  stop();
}

void TlsTestServer::stop() {
  impl_->stopping.store(true);
  if (impl_->acceptor.joinable()) impl_->acceptor.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    workers.swap(impl_->workers);
  }
  for (std::thread &worker : workers)
    worker.join();
  close_socket(impl_->listener);
  impl_->listener = kInvalidSocket;
}

bool TlsTestServer::ok() const {
  return impl_->listener != kInvalidSocket && impl_->port != 0;
}
std::string TlsTestServer::setup_error() const {
  return impl_->setup_error;
}
uint16_t TlsTestServer::port() const {
  return impl_->port;
}
std::string TlsTestServer::host() const {
  return impl_->config.ipv6 ? "::1" : "127.0.0.1";
}

size_t TlsTestServer::accepted() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->records.size();
}

size_t TlsTestServer::handled() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->finished;
}

bool TlsTestServer::wait_handled(size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout, [&] { return impl_->finished >= count; });
}

std::vector<ConnectionRecord> TlsTestServer::connections() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->records;
}

ConnectionRecord TlsTestServer::connection(size_t index) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return index < impl_->records.size() ? impl_->records[index] : ConnectionRecord{};
}

}  // namespace ocfs_test::tls
