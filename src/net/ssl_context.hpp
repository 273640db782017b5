// SSLContext objects (include/opencfstream/ssl_context.h): a TLS configuration a pair reads when
// its handshake starts, and where the pair reports what was negotiated. The pair holds its
// context; the context never points back (lock order: the pair's mutex, then the context's).
#ifndef OCFS_SRC_NET_SSL_CONTEXT_HPP
#define OCFS_SRC_NET_SSL_CONTEXT_HPP

#include <mutex>
#include <optional>
#include <string>

#include <opencfstream/ssl_context.h>

#include "cf/object.hpp"
#include "tls/session.hpp"

struct ocfs_ssl_context : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kSslContext;
  ocfs_ssl_context() : Object(kTypeId) {}

  mutable std::mutex mutex;  // everything below
  bool server = false;
  // What the app set; nullopt = not set here (the pair's settings decide).
  std::optional<std::optional<std::string>> peer_name;  // inner nullopt: "none" (NULL, 0)
  std::optional<int> min_version, max_version;          // OpenSSL numbers (TLS1_2_VERSION...)
  std::optional<ocfs::tls::ClientAuthentication> client_authentication;
  std::optional<std::pair<std::vector<ocfs::tls::Der>, ocfs::tls::Der>> identity;  // chain, key
  // Reported by the pair.
  int state = OCFS_SSL_IDLE;
  int negotiated_version = 0;  // OpenSSL number
  uint32_t negotiated_cipher = 0;
};

namespace ocfs::net {

// The context's settings laid over `config` (what the pair's settings dictionary gave).
void apply_ssl_context(const ocfs_ssl_context &context, tls::Config &config);
// The pair reports the session's progress: the handshake started (the context no longer
// changes), finished with this protocol and cipher, or failed / closed.
void report_ssl_state(ocfs_ssl_context &context, int state, int version = 0, uint32_t cipher = 0);

}  // namespace ocfs::net

#endif  // OCFS_SRC_NET_SSL_CONTEXT_HPP
