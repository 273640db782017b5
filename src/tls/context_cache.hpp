// Configured OpenSSL contexts, shared by every connection with the same configuration. Building
// an SSL_CTX (and loading the system's roots into it: ~20 ms for a distribution's bundle) per
// connection dominated handshakes and idle-connection memory; a connection now only makes its
// SSL. A context never changes once built: everything per connection (peer name, session, the
// Allows* relaxations read by the verify callback) lives on the SSL.
#ifndef OCFS_SRC_TLS_CONTEXT_CACHE_HPP
#define OCFS_SRC_TLS_CONTEXT_CACHE_HPP

#include <functional>
#include <string>

#include <openssl/ssl.h>

namespace ocfs::tls::context_cache {

// The context under `key` (+1), built by `build` (which returns +1 or null) on a miss and kept
// for later connections; the least recently used beyond a small bound are dropped.
SSL_CTX *obtain(const std::string &key, const std::function<SSL_CTX *()> &build);

}  // namespace ocfs::tls::context_cache

#endif  // OCFS_SRC_TLS_CONTEXT_CACHE_HPP
