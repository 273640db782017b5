// The socket stream pair: ONE refcounted context shared by a read stream and a write stream (one
// socket, one property set, one error), plugged into the generic stream core through a
// callbacks table per direction.
//
// Readiness: for every run loop a half is scheduled on (by the client, or by a blocking call
// running the loop in the private mode) the pair keeps one SocketWatch whose source sits in the
// union of those modes. A half's interest is paused once its event is signalled and resumed by
// its next read or write (or a new wait), so a client that does not read does not make a
// level-triggered backend spin.
#ifndef OCFS_SRC_NET_SOCKET_PAIR_HPP
#define OCFS_SRC_NET_SOCKET_PAIR_HPP

#include <opencfstream/socket_stream.h>

#include "net/connector.hpp"
#include "platform/platform.hpp"

namespace ocfs::net {

// How a pair reaches its peer.
struct PairTarget {
  std::string host;  // the name the pair was created with ("" for adopted sockets)
  uint16_t port = 0;
  std::vector<platform::SocketAddress> addresses;  // known addresses (CFHost, signature)
  ocfs_host_ref cf_host = nullptr;                 // borrowed; the pair retains it
  platform::Socket adopted = platform::kInvalidSocket;
};

// Creates the two halves (either out-pointer may be null). False when memory runs out; the
// out-pointers are then null.
bool create_socket_pair(const PairTarget &target, ocfs_read_stream_ref *read_stream,
                        ocfs_write_stream_ref *write_stream);

}  // namespace ocfs::net

#endif  // OCFS_SRC_NET_SOCKET_PAIR_HPP
