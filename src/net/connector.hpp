// Opening a TCP connection without blocking any run loop: on a background thread, resolve the
// name, then race the addresses Happy-Eyeballs style (RFC 8305): families interleaved in the
// resolver's order, a new attempt every 250 ms or as soon as one fails, the first connection
// wins, and the last error is reported when none does.
#ifndef OCFS_SRC_NET_CONNECTOR_HPP
#define OCFS_SRC_NET_CONNECTOR_HPP

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencfstream/socket_stream.h>

#include "platform/platform.hpp"
#include "stream/stream.hpp"

namespace ocfs::net {

struct ConnectRequest {
  std::string host;  // resolved unless `addresses` is given
  uint16_t port = 0;
  std::vector<platform::SocketAddress> addresses;
  double timeout = 75;  // seconds for the whole open; 0 = no limit
};

// The outcome: a connected non-blocking socket, or an error (the socket is then invalid).
using ConnectDone = std::function<void(platform::Socket socket, const stream::ErrorRecord &error)>;

class ConnectJob {
 public:
  // Stops the attempt as soon as possible; `done` is then never called.
  void cancel() { cancelled_.store(true, std::memory_order_release); }
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

 private:
  std::atomic<bool> cancelled_{false};
};

// Starts connecting in the background. Null when no background thread can run (`done` is not
// called then).
std::shared_ptr<ConnectJob> start_connecting(ConnectRequest request, ConnectDone done);

// Addresses interleaved by family, keeping the first family first (RFC 8305 section 4).
std::vector<platform::SocketAddress> interleave_families(
    const std::vector<platform::SocketAddress> &addresses);

// Whether `host` is a name in the special-use ".invalid" domain (RFC 6761): never resolved.
bool is_invalid_domain(const std::string &host);

}  // namespace ocfs::net

#endif  // OCFS_SRC_NET_CONNECTOR_HPP
