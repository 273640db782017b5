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
#include <utility>
#include <vector>

#include <opencfstream/socket_stream.h>

#include "platform/platform.hpp"
#include "stream/stream.hpp"

namespace ocfs::net {

// A connection attempt started on the caller's thread and still in flight: closed with its last
// holder unless the background race takes it over.
class InFlightSocket {
 public:
  explicit InFlightSocket(platform::Socket socket) : socket_(socket) {}
  ~InFlightSocket() { platform::close_socket(socket_); }
  InFlightSocket(const InFlightSocket &) = delete;
  InFlightSocket &operator=(const InFlightSocket &) = delete;
  platform::Socket take() { return std::exchange(socket_, platform::kInvalidSocket); }

 private:
  platform::Socket socket_;
};

struct ConnectRequest {
  std::string host;  // resolved unless `addresses` is given
  uint16_t port = 0;
  std::vector<platform::SocketAddress> addresses;
  double timeout = 75;  // seconds for the whole open; 0 = no limit
  // Set by connect_at_once: the attempt on addresses[0], which the race goes on waiting for.
  std::shared_ptr<InFlightSocket> in_flight;
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

// The fast path, for a target that needs no name resolution (a numeric address, or one address
// given) and so no thread: a non-blocking connect on the calling thread, which on loopback has
// finished by the time it returns. Returns the connected socket. Otherwise kInvalidSocket, and
// start_connecting does the rest: it finds the addresses filled in, and an attempt still in
// flight in `request.in_flight` (an attempt that failed at once is made again there, so that
// the failure is reported as every other one, after the open).
platform::Socket connect_at_once(ConnectRequest &request);

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
