#include "tls/socket_io.hpp"  // first: winsock2.h before anything that includes windows.h

#include "tls/tls_raw_client.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace ocfs_test::tls {

using namespace detail;

const char *read_end_name(ReadEnd end) {
  switch (end) {
    case ReadEnd::kData:
      return "data";
    case ReadEnd::kCloseNotify:
      return "close_notify";
    case ReadEnd::kEof:
      return "eof";
    case ReadEnd::kError:
      return "error";
    case ReadEnd::kTimeout:
      return "timeout";
  }
  return "?";
}

struct RawTlsClient::Impl {
  IoContext io;
  SSL_CTX *ctx = nullptr;
  SSL *ssl = nullptr;

  ~Impl() {
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close_socket(io.fd);
  }
};

namespace {

ReadEnd to_read_end(IoStatus status) {
  switch (status) {
    case IoStatus::kOk:
      return ReadEnd::kData;
    case IoStatus::kCloseNotify:
      return ReadEnd::kCloseNotify;
    case IoStatus::kEof:
      return ReadEnd::kEof;
    case IoStatus::kTimeout:
      return ReadEnd::kTimeout;
    default:
      return ReadEnd::kError;
  }
}

}  // namespace

RawTlsClient::RawTlsClient() : impl_(std::make_unique<Impl>()) {}
RawTlsClient::~RawTlsClient() = default;

bool RawTlsClient::connect(const std::string &host, uint16_t port,
                           std::chrono::milliseconds timeout) {
  impl_->io.timeout = timeout;
  impl_->io.fd = connect_to(host, port, impl_->io.error);
  return impl_->io.fd != kInvalidSocket;
}

bool RawTlsClient::send_plain(std::string_view data) {
  return send_all_plain(impl_->io, data) == IoStatus::kOk;
}

std::optional<std::string> RawTlsClient::read_plain_line() {
  std::string line;
  if (read_line_plain(impl_->io, line) != IoStatus::kOk) return std::nullopt;
  return line;
}

bool RawTlsClient::handshake(const RawClientOptions &options) {
  Impl &d = *impl_;
  SSL_free(d.ssl);
  d.ssl = nullptr;
  d.io.ssl = nullptr;
  SSL_CTX_free(d.ctx);
  d.ctx = nullptr;
  if (d.io.fd == kInvalidSocket) {
    d.io.error = "handshake: not connected";
    return false;
  }
  d.io.timeout = options.timeout;
  d.ctx = SSL_CTX_new(TLS_client_method());
  if (!d.ctx) {
    d.io.error = "SSL_CTX_new: " + openssl_errors();
    return false;
  }
  if ((options.min_version && SSL_CTX_set_min_proto_version(d.ctx, options.min_version) != 1) ||
      (options.max_version && SSL_CTX_set_max_proto_version(d.ctx, options.max_version) != 1)) {
    d.io.error = "protocol bounds: " + openssl_errors();
    return false;
  }
  X509_STORE *store = SSL_CTX_get_cert_store(d.ctx);
  for (const KeyAndCert &trusted : options.trusted) {
    if (X509_STORE_add_cert(store, trusted.cert.get()) != 1) {
      d.io.error = "trust store: " + openssl_errors();
      return false;
    }
  }
  SSL_CTX_set_verify(d.ctx, options.verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  if (options.identity && (SSL_CTX_use_certificate(d.ctx, options.identity->cert.get()) != 1 ||
                           SSL_CTX_use_PrivateKey(d.ctx, options.identity->key.get()) != 1)) {
    d.io.error = "client identity: " + openssl_errors();
    return false;
  }
  d.ssl = SSL_new(d.ctx);
  if (!d.ssl || SSL_set_fd(d.ssl, static_cast<int>(d.io.fd)) != 1) {
    d.io.error = "SSL_new: " + openssl_errors();
    return false;
  }
  if (options.sni && SSL_set_tlsext_host_name(d.ssl, options.sni->c_str()) != 1) {
    d.io.error = "SNI: " + openssl_errors();
    return false;
  }
  if (!options.verify_host.empty() && SSL_set1_host(d.ssl, options.verify_host.c_str()) != 1) {
    d.io.error = "verify host: " + openssl_errors();
    return false;
  }
  SSL_set_connect_state(d.ssl);
  d.io.ssl = d.ssl;
  IoStatus status = ssl_handshake(d.io);
  if (status != IoStatus::kOk && d.io.error.empty())
    d.io.error = std::string("handshake: ") + io_status_name(status);
  return status == IoStatus::kOk;
}

long RawTlsClient::verify_result() const {
  return impl_->ssl ? SSL_get_verify_result(impl_->ssl) : X509_V_ERR_UNSPECIFIED;
}

X509 *RawTlsClient::peer_certificate() const {
  return impl_->ssl ? SSL_get0_peer_certificate(impl_->ssl) : nullptr;
}

std::string RawTlsClient::protocol() const {
  return impl_->ssl ? SSL_get_version(impl_->ssl) : "";
}

std::string RawTlsClient::cipher() const {
  const SSL_CIPHER *c = impl_->ssl ? SSL_get_current_cipher(impl_->ssl) : nullptr;
  return c ? SSL_CIPHER_get_name(c) : "";
}

bool RawTlsClient::write(std::string_view data) {
  return impl_->ssl && impl_->io.fd != kInvalidSocket &&
         ssl_write_all(impl_->io, data) == IoStatus::kOk;
}

std::string RawTlsClient::read_exact(size_t count, ReadEnd *end) {
  std::string out;
  IoStatus status = IoStatus::kOk;
  bool open = impl_->ssl && impl_->io.fd != kInvalidSocket;
  while (out.size() < count && open) {
    status = ssl_read(impl_->io, out, count - out.size());
    if (status != IoStatus::kOk) break;
  }
  if (end) *end = open ? to_read_end(status) : ReadEnd::kError;
  return out;
}

std::string RawTlsClient::read_to_end(ReadEnd *end) {
  std::string out;
  IoStatus status = IoStatus::kError;
  while (impl_->ssl && impl_->io.fd != kInvalidSocket) {
    status = ssl_read(impl_->io, out);
    if (status != IoStatus::kOk) break;
  }
  if (end) *end = to_read_end(status);
  return out;
}

void RawTlsClient::close(bool close_notify) {
  if (impl_->ssl && close_notify && impl_->io.fd != kInvalidSocket)
    ssl_send_close_notify(impl_->io);
  // The SSL object stays, for protocol(), cipher(), peer_certificate() and verify_result().
  close_socket(impl_->io.fd);
  impl_->io.fd = kInvalidSocket;
}

const std::string &RawTlsClient::error() const {
  return impl_->io.error;
}

}  // namespace ocfs_test::tls
