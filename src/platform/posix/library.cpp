#include "platform/platform.hpp"

namespace ocfs::platform {

// POSIX sockets need no set-up. SIGPIPE is deliberately left alone: the library never raises it
// (MSG_NOSIGNAL / SO_NOSIGPIPE, its own OpenSSL BIO) and never touches process-wide signal state.
bool initialize() {
  return true;
}

void shutdown() {}

}  // namespace ocfs::platform
