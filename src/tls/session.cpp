#include "tls/session.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <opencfstream/socket_stream.h>

#include "platform/platform.hpp"
#include "tls/context_cache.hpp"
#include "tls/session_cache.hpp"
#include "tls/status_codes.hpp"
#include "tls/system_trust.hpp"
#include "tls/transport_bio.hpp"

namespace ocfs::tls {

using stream::ErrorRecord;

struct Session::Handles {
  TransportState transport;
  SSL_CTX *context = nullptr;
  SSL *ssl = nullptr;
  // What the verify callback may let through (Apple's Allows* keys).
  bool allow_expired_certificates = false;
  bool allow_expired_roots = false;
  bool allow_any_root = false;
  std::string cache_key;  // "" = no resumption

  ~Handles() {
    SSL_free(ssl);  // frees the BIO too
    SSL_CTX_free(context);
  }
};

namespace {

ErrorRecord tls_error(int32_t status, std::string reason) {
  return ErrorRecord{OCFS_STREAM_ERROR_DOMAIN_SSL, status, std::move(reason)};
}

ErrorRecord bad_configuration(const std::string &what) {
  ERR_clear_error();
  return tls_error(kErrSSLBadConfiguration, what);
}

// SSL_get_error reads the thread's error queue, so it must hold nothing older than the call.
// Clearing an empty queue still costs (it may allocate the thread's state): check first.
void clear_stale_errors() {
  if (ERR_peek_error() != 0) ERR_clear_error();
}

int handles_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

bool is_unknown_root(int error) {
  switch (error) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
      return true;
    default:
      return false;
  }
}

// OpenSSL's verification with Apple's relaxations: each Allows* key lets through exactly the
// failure it names; the host-name check is never relaxed by them.
int verify_callback(int ok, X509_STORE_CTX *store) {
  if (ok) return 1;
  auto *ssl =
      static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto *handles = ssl != nullptr
                      ? static_cast<const Session::Handles *>(SSL_get_ex_data(ssl, handles_index()))
                      : nullptr;
  if (handles == nullptr) return 0;
  int error = X509_STORE_CTX_get_error(store);
  if (error == X509_V_ERR_CERT_HAS_EXPIRED) {
    bool leaf = X509_STORE_CTX_get_error_depth(store) == 0;
    return (leaf ? handles->allow_expired_certificates : handles->allow_expired_roots) ? 1 : 0;
  }
  return handles->allow_any_root && is_unknown_root(error) ? 1 : 0;
}

// A server that asks for a client certificate with validation off takes whatever comes (the app
// checks it itself).
int accept_any_certificate(int, X509_STORE_CTX *) {
  return 1;
}

bool add_anchor(SSL_CTX *context, const Der &der) {
  const unsigned char *bytes = der.data();
  X509 *certificate = d2i_X509(nullptr, &bytes, static_cast<long>(der.size()));
  bool ok = certificate != nullptr &&
            X509_STORE_add_cert(SSL_CTX_get_cert_store(context), certificate) == 1;
  X509_free(certificate);
  return ok;
}

bool use_identity(SSL_CTX *context, const Config &config) {
  for (std::size_t i = 0; i < config.certificate_chain.size(); ++i) {
    const Der &der = config.certificate_chain[i];
    const unsigned char *bytes = der.data();
    X509 *certificate = d2i_X509(nullptr, &bytes, static_cast<long>(der.size()));
    bool ok =
        certificate != nullptr && (i == 0 ? SSL_CTX_use_certificate(context, certificate)
                                          : SSL_CTX_add1_chain_cert(context, certificate)) == 1;
    X509_free(certificate);
    if (!ok) return false;
  }
  const unsigned char *key_bytes = config.private_key.data();
  EVP_PKEY *key =
      d2i_AutoPrivateKey(nullptr, &key_bytes, static_cast<long>(config.private_key.size()));
  bool ok = key != nullptr && SSL_CTX_use_PrivateKey(context, key) == 1 &&
            SSL_CTX_check_private_key(context) == 1;
  EVP_PKEY_free(key);
  return ok;
}

bool offer_alpn(SSL_CTX *context, const std::vector<std::string> &protocols) {
  std::vector<unsigned char> wire;
  for (const std::string &protocol : protocols) {
    if (protocol.empty() || protocol.size() > 255) return false;
    wire.push_back(static_cast<unsigned char>(protocol.size()));
    wire.insert(wire.end(), protocol.begin(), protocol.end());
  }
  // SSL_CTX_set_alpn_protos returns 0 on success.
  return SSL_CTX_set_alpn_protos(context, wire.data(), static_cast<unsigned>(wire.size())) == 0;
}

// SNI and the host-name check for `name` (already validated): an IP literal is checked against IP
// SANs and never sent as SNI (RFC 6066); a DNS name is both, without partial wildcards.
bool apply_peer_name(SSL *ssl, std::string name, bool check) {
  if (platform::is_numeric_host(name)) {
    return !check || X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str()) == 1;
  }
  if (name.back() == '.') name.pop_back();  // SNI carries no trailing dot
  if (SSL_set_tlsext_host_name(ssl, name.c_str()) != 1) return false;
  if (!check) return true;
  SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  return SSL_set1_host(ssl, name.c_str()) == 1;
}

// A digest of everything a context is built from (and so of every trust rule): connections
// share a context, and resume a session, only under the same rules. The system's roots are
// named by the variables that locate them.
std::string context_digest(const Config &config) {
  std::string rules = config.server ? "server" : "client";
  rules += "|auth" + std::to_string(static_cast<int>(config.client_authentication));
  rules += config.validate_chain ? "|v" : "|-";
  rules += config.allow_expired_certificates ? "e" : "-";
  rules += config.allow_expired_roots ? "r" : "-";
  rules += config.allow_any_root ? "a" : "-";
  if (config.use_default_trust) {
    for (const char *variable : {"SSL_CERT_FILE", "SSL_CERT_DIR"}) {
      const char *value = std::getenv(variable);
      rules += std::string("|") + variable + "=" + (value != nullptr ? value : "");
    }
  }
  rules += "|" + std::to_string(config.min_version) + "-" + std::to_string(config.max_version);
  for (const std::string &protocol : config.alpn)
    rules += "|alpn:" + std::to_string(protocol.size()) + ":" + protocol;
  auto add_der = [&](const char *what, const Der &der) {
    rules += std::string("|") + what + std::to_string(der.size()) + ":" +
             std::string(der.begin(), der.end());
  };
  for (const Der &anchor : config.anchors)
    add_der("anchor", anchor);
  for (const Der &certificate : config.certificate_chain)
    add_der("identity", certificate);
  add_der("key", config.private_key);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  if (EVP_Digest(rules.data(), rules.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return "";
  }
  return std::string(reinterpret_cast<char *>(digest), length);
}

// The session-cache key: where the connection goes, the name it checks, and the rules.
std::string resumption_key(const Config &config, const std::string &rules) {
  return config.resumption_key + "|" + config.peer_name.value_or("<none>") + "|" + rules;
}

// OpenSSL has a new session for a client connection (after the handshake; in TLS 1.3 with each
// ticket): it goes into the cache, which keeps the reference (return 1).
int on_new_session(SSL *ssl, SSL_SESSION *session) {
  auto *handles = static_cast<const Session::Handles *>(SSL_get_ex_data(ssl, handles_index()));
  if (handles == nullptr || handles->cache_key.empty() || !SSL_SESSION_is_resumable(session)) {
    return 0;
  }
  session_cache::put(handles->cache_key, session);
  return 1;
}

// Whom the peer's certificate is checked for. A client always verifies the server (unless
// validation is off); a server asks for a client certificate only as configured, and then checks
// it against the same trust (anchors, system roots) with the same Allows* relaxations.
void apply_verification(SSL_CTX *context, const Config &config) {
  int mode = SSL_VERIFY_NONE;
  if (!config.server) {
    mode = config.validate_chain ? SSL_VERIFY_PEER : SSL_VERIFY_NONE;
  } else if (config.client_authentication != ClientAuthentication::kNever) {
    mode = SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE;
    if (config.client_authentication == ClientAuthentication::kAlways) {
      mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    }
  }
  // Client-initiated renegotiation is a server's risk (a DoS lever) and nothing here needs it.
  if (config.server) SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION);
  bool checking = mode != SSL_VERIFY_NONE && config.validate_chain;
  SSL_CTX_set_verify(context, mode, checking ? verify_callback : accept_any_certificate);
  if (mode != SSL_VERIFY_NONE && config.use_default_trust) load_system_trust(context);
}

std::string openssl_reason(unsigned long code) {
  char text[256] = {};
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// A new context for `config` (+1), or null with `error` set.
SSL_CTX *build_context(const Config &config, ErrorRecord &error) {
  SSL_CTX *context = SSL_CTX_new(config.server ? TLS_server_method() : TLS_client_method());
  if (context == nullptr) {
    error = bad_configuration("no TLS context: " + openssl_reason(ERR_peek_last_error()));
    return nullptr;
  }
  SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                SSL_MODE_RELEASE_BUFFERS);
  // Ciphertext read-ahead: one recv takes whatever records have arrived, instead of two per
  // record (header, then body). Only TLS data is read ahead: the plaintext phase never is.
  SSL_CTX_set_read_ahead(context, 1);
  const char *problem = nullptr;
  if ((config.min_version != 0 &&
       SSL_CTX_set_min_proto_version(context, config.min_version) != 1) ||
      (config.max_version != 0 &&
       SSL_CTX_set_max_proto_version(context, config.max_version) != 1)) {
    problem = "protocol version range not available";
  }
  apply_verification(context, config);
  for (const Der &anchor : config.anchors) {
    if (problem == nullptr && !add_anchor(context, anchor)) {
      problem = "an anchor certificate is not valid DER";
    }
  }
  if (problem == nullptr && !config.certificate_chain.empty() && !use_identity(context, config)) {
    problem = "the certificate chain or its private key is not usable";
  }
  if (problem == nullptr && !config.alpn.empty() && !offer_alpn(context, config.alpn)) {
    problem = "an ALPN protocol name is empty or longer than 255 bytes";
  }
  if (problem != nullptr) {
    SSL_CTX_free(context);
    error = bad_configuration(problem);
    return nullptr;
  }
  if (!config.server) {
    // Sessions go to our own cache (keyed per connection), not OpenSSL's.
    SSL_CTX_set_session_cache_mode(context,
                                   SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(context, on_new_session);
  }
  return context;
}

}  // namespace

std::unique_ptr<Session> Session::create(const Config &config, Transport &transport,
                                         ErrorRecord &error) {
  std::unique_ptr<Session> session(new (std::nothrow) Session);
  if (session == nullptr) {
    error = ErrorRecord::posix(ENOMEM);
    return nullptr;
  }
  session->handles_.reset(new (std::nothrow) Handles);
  if (session->handles_ == nullptr) {
    error = ErrorRecord::posix(ENOMEM);
    return nullptr;
  }
  session->handles_->transport.transport = &transport;
  if (!session->configure(config, error)) return nullptr;
  return session;
}

Session::~Session() = default;

bool Session::configure(const Config &config, ErrorRecord &error) {
  Handles &h = *handles_;
  h.allow_expired_certificates = config.allow_expired_certificates;
  h.allow_expired_roots = config.allow_expired_roots;
  h.allow_any_root = config.allow_any_root;
  require_close_notify_ = config.require_close_notify;
  ERR_clear_error();
  std::string rules = context_digest(config);
  h.context = context_cache::obtain(rules, [&] { return build_context(config, error); });
  if (h.context == nullptr) {
    if (!error.is_set()) error = bad_configuration("no TLS context");
    return false;
  }
  h.ssl = SSL_new(h.context);
  BIO *bio = h.ssl != nullptr ? make_transport_bio(&h.transport) : nullptr;
  if (bio == nullptr) {
    error = ErrorRecord::posix(ENOMEM);
    return false;
  }
  SSL_set_bio(h.ssl, bio, bio);
  SSL_set_ex_data(h.ssl, handles_index(), &h);
  if (config.server) {
    SSL_set_accept_state(h.ssl);
    return true;
  }
  SSL_set_connect_state(h.ssl);
  if (!config.resumption_key.empty() && !rules.empty()) {
    h.cache_key = resumption_key(config, rules);
    if (SSL_SESSION *cached = session_cache::take(h.cache_key)) {
      SSL_set_session(h.ssl, cached);
      SSL_SESSION_free(cached);
    }
  }
  if (config.peer_name.has_value()) {
    if (!is_valid_peer_name(*config.peer_name)) {
      error = bad_configuration("the peer name is empty, too long or contains a NUL");
      return false;
    }
    if (!apply_peer_name(h.ssl, *config.peer_name, config.validate_chain)) {
      error = bad_configuration("the peer name cannot be used: " + *config.peer_name);
      return false;
    }
  }
  return true;
}

// The error for a failed OpenSSL call, in the stream's terms: the transport's own errno when the
// socket failed, otherwise SecureTransport's code for what OpenSSL saw, with OpenSSL's text.
ErrorRecord Session::failure(int ssl_error, const char *during) {
  const TransportState &transport = handles_->transport;
  unsigned long code = ERR_peek_last_error();
  int reason = ERR_GET_REASON(code);
  ErrorRecord error;
  if (transport.last_error != 0 && (ssl_error == SSL_ERROR_SYSCALL || code == 0)) {
    error = ErrorRecord::posix(transport.last_error);
  } else if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED) {
    long result = SSL_get_verify_result(handles_->ssl);
    error = tls_error(status_for_verify_result(result), std::string("certificate verify failed: ") +
                                                            X509_verify_cert_error_string(result));
  } else if (code != 0 && ERR_GET_LIB(code) == ERR_LIB_SSL && reason >= SSL_AD_REASON_OFFSET &&
             reason < SSL_AD_REASON_OFFSET + 256) {
    error = tls_error(status_for_alert(reason - SSL_AD_REASON_OFFSET), openssl_reason(code));
  } else if (reason == SSL_R_UNEXPECTED_EOF_WHILE_READING || code == 0) {
    error = tls_error(kErrSSLClosedAbort,
                      std::string("the peer closed the connection during the ") + during);
  } else if (reason == SSL_R_UNSUPPORTED_PROTOCOL || reason == SSL_R_NO_PROTOCOLS_AVAILABLE) {
    error = tls_error(kErrSSLPeerProtocolVersion, openssl_reason(code));
  } else if (reason == SSL_R_NO_SHARED_CIPHER) {
    error = tls_error(kErrSSLNegotiation, openssl_reason(code));
  } else {
    error = tls_error(kErrSSLProtocol, openssl_reason(code));
  }
  ERR_clear_error();
  return error;
}

bool Session::handshake(Want &want, ErrorRecord &error) {
  want = Want::kNothing;
  if (complete_) return true;
  clear_stale_errors();
  int result = SSL_do_handshake(handles_->ssl);
  if (result == 1) {
    complete_ = true;
    return true;
  }
  int ssl_error = SSL_get_error(handles_->ssl, result);
  if (ssl_error == SSL_ERROR_WANT_READ) {
    want = Want::kRead;
  } else if (ssl_error == SSL_ERROR_WANT_WRITE) {
    want = Want::kWrite;
  } else {
    error = failure(ssl_error, "handshake");
  }
  return false;
}

std::ptrdiff_t Session::read(uint8_t *buffer, std::size_t length, Want &want, bool &at_end,
                             ErrorRecord &error) {
  return receive(buffer, length, false, want, at_end, error);
}

std::ptrdiff_t Session::peek(Want &want, bool &at_end, ErrorRecord &error) {
  uint8_t byte = 0;
  return receive(&byte, 1, true, want, at_end, error);
}

std::ptrdiff_t Session::receive(uint8_t *buffer, std::size_t length, bool peek, Want &want,
                                bool &at_end, ErrorRecord &error) {
  want = Want::kNothing;
  clear_stale_errors();
  std::size_t count = 0;
  int result = peek ? SSL_peek_ex(handles_->ssl, buffer, length, &count)
                    : SSL_read_ex(handles_->ssl, buffer, length, &count);
  if (result == 1) return static_cast<std::ptrdiff_t>(count);
  int ssl_error = SSL_get_error(handles_->ssl, result);
  unsigned long code = ERR_peek_last_error();
  switch (ssl_error) {
    case SSL_ERROR_WANT_READ:
      want = Want::kRead;
      return 0;
    case SSL_ERROR_WANT_WRITE:
      want = Want::kWrite;
      return 0;
    case SSL_ERROR_ZERO_RETURN:  // close_notify
      at_end = true;
      return 0;
    default:
      break;
  }
  bool end_without_notify =
      handles_->transport.end_of_stream && handles_->transport.last_error == 0 &&
      (code == 0 || ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING);
  if (end_without_notify) {
    // Apple ends such a stream normally; the truncation stays visible, and can be an error.
    ERR_clear_error();
    truncated_ = true;
    if (!require_close_notify_) {
      at_end = true;
      return 0;
    }
    error = tls_error(kErrSSLClosedNoNotify, "the peer closed the connection without close_notify");
    return -1;
  }
  error = failure(ssl_error, "read");
  return -1;
}

std::ptrdiff_t Session::write(const uint8_t *data, std::size_t length, Want &want,
                              ErrorRecord &error) {
  want = Want::kNothing;
  clear_stale_errors();
  std::size_t count = 0;
  int result = SSL_write_ex(handles_->ssl, data, length, &count);
  if (result == 1) return static_cast<std::ptrdiff_t>(count);
  int ssl_error = SSL_get_error(handles_->ssl, result);
  if (ssl_error == SSL_ERROR_WANT_READ) {
    want = Want::kRead;
    return 0;
  }
  if (ssl_error == SSL_ERROR_WANT_WRITE) {
    want = Want::kWrite;
    return 0;
  }
  error = failure(ssl_error, "write");
  return -1;
}

bool Session::has_buffered_plaintext() const {
  return SSL_pending(handles_->ssl) > 0;
}

bool Session::has_buffered_input() const {
  return SSL_pending(handles_->ssl) > 0 || SSL_has_pending(handles_->ssl) == 1;
}

void Session::send_close_notify() {
  if (!complete_) return;
  ERR_clear_error();
  SSL_shutdown(handles_->ssl);  // queues close_notify; a would-block transport just loses it
  ERR_clear_error();
}

std::string Session::protocol_version() const {
  return complete_ ? SSL_get_version(handles_->ssl) : "";
}

int Session::protocol_version_number() const {
  return complete_ ? SSL_version(handles_->ssl) : 0;
}

uint16_t Session::cipher_id() const {
  const SSL_CIPHER *cipher = complete_ ? SSL_get_current_cipher(handles_->ssl) : nullptr;
  return cipher != nullptr ? SSL_CIPHER_get_protocol_id(cipher) : 0;
}

std::string Session::cipher() const {
  const char *name = complete_ ? SSL_get_cipher_name(handles_->ssl) : nullptr;
  return name != nullptr ? name : "";
}

std::string Session::alpn_selected() const {
  const unsigned char *protocol = nullptr;
  unsigned length = 0;
  SSL_get0_alpn_selected(handles_->ssl, &protocol, &length);
  return protocol != nullptr ? std::string(reinterpret_cast<const char *>(protocol), length) : "";
}

std::string Session::server_name() const {
  const char *name = SSL_get_servername(handles_->ssl, TLSEXT_NAMETYPE_host_name);
  return name != nullptr ? name : "";
}

bool Session::session_reused() const {
  return complete_ && SSL_session_reused(handles_->ssl) == 1;
}

std::vector<Der> Session::peer_chain() const {
  std::vector<Der> chain;
  auto append = [&chain](X509 *certificate) {
    int length = i2d_X509(certificate, nullptr);
    if (length <= 0) return;
    Der der(static_cast<std::size_t>(length));
    unsigned char *out = der.data();
    i2d_X509(certificate, &out);
    chain.push_back(std::move(der));
  };
  // A server's view of the client's chain leaves the client's own certificate out.
  X509 *leaf = SSL_is_server(handles_->ssl) ? SSL_get0_peer_certificate(handles_->ssl) : nullptr;
  if (leaf != nullptr) append(leaf);
  STACK_OF(X509) *certificates = SSL_get_peer_cert_chain(handles_->ssl);
  for (int i = 0; certificates != nullptr && i < sk_X509_num(certificates); ++i)
    append(sk_X509_value(certificates, i));
  return chain;
}

}  // namespace ocfs::tls

namespace ocfs::tls {

bool is_valid_peer_name(const std::string &name) {
  constexpr std::size_t kMaxPeerNameLength = 253;  // a DNS name's longest text form
  return !name.empty() && name != "." && name.size() <= kMaxPeerNameLength &&
         name.find('\0') == std::string::npos;
}

std::string certificate_subject(const Der &der) {
  const unsigned char *bytes = der.data();
  X509 *certificate = d2i_X509(nullptr, &bytes, static_cast<long>(der.size()));
  if (certificate == nullptr) return "";
  std::string text;
  BIO *out = BIO_new(BIO_s_mem());
  if (out != nullptr &&
      X509_NAME_print_ex(out, X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253) >= 0) {
    char *data = nullptr;
    long length = BIO_get_mem_data(out, &data);
    if (length > 0) text.assign(data, static_cast<std::size_t>(length));
  }
  BIO_free(out);
  X509_free(certificate);
  return text;
}

}  // namespace ocfs::tls
