#include "tls/system_trust.hpp"

namespace ocfs::tls {

void load_system_trust(SSL_CTX *context) {
  SSL_CTX_set_default_verify_paths(context);
}

}  // namespace ocfs::tls
