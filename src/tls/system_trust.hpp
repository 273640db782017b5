// The system's trusted roots for a client context: OpenSSL's default verify paths everywhere
// (SSL_CERT_FILE / SSL_CERT_DIR, else the build's OPENSSLDIR), and on Windows the certificates of
// the current user's and the machine's ROOT store too, which is where Windows keeps them.
#ifndef OCFS_SRC_TLS_SYSTEM_TRUST_HPP
#define OCFS_SRC_TLS_SYSTEM_TRUST_HPP

#include <openssl/ssl.h>

namespace ocfs::tls {

void load_system_trust(SSL_CTX *context);

}  // namespace ocfs::tls

#endif  // OCFS_SRC_TLS_SYSTEM_TRUST_HPP
