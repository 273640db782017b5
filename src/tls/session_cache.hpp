// The process-wide cache of client TLS sessions, for resumption. Entries are keyed by where the
// connection goes (host, port, peer name, proxy) and by everything that decides whether a peer is
// trusted: a session is only offered to a connection that would have verified the same peer the
// same way (a session made with verification off never spares a verifying connection its check).
// TLS 1.3 tickets are single-use: taking an entry removes it.
#ifndef OCFS_SRC_TLS_SESSION_CACHE_HPP
#define OCFS_SRC_TLS_SESSION_CACHE_HPP

#include <string>

#include <openssl/ssl.h>

namespace ocfs::tls::session_cache {

// Keeps `session` (the cache takes the caller's reference) under `key`, evicting the oldest
// entry beyond a fixed size.
void put(const std::string &key, SSL_SESSION *session);
// The session under `key` with its reference handed to the caller, removed from the cache; null
// when there is none.
SSL_SESSION *take(const std::string &key);

}  // namespace ocfs::tls::session_cache

#endif  // OCFS_SRC_TLS_SESSION_CACHE_HPP
