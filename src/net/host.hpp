// CFHost, as far as stream pairs need it: a host known by a name or by one address. Resolution
// itself happens when a pair connects (connector.cpp), not through the host object.
#ifndef OCFS_SRC_NET_HOST_HPP
#define OCFS_SRC_NET_HOST_HPP

#include <opencfstream/socket_stream.h>

#include "cf/object.hpp"
#include "platform/platform.hpp"

struct ocfs_host : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kHost;
  ocfs_host() : Object(kTypeId) {}
  ~ocfs_host();

  ocfs_array_ref names = nullptr;       // one CFString, or null
  ocfs_array_ref addressing = nullptr;  // one CFData (a sockaddr), or null
};

namespace ocfs::net {

// Whether `address` holds a complete sockaddr_in / sockaddr_in6 (and copies it out).
bool address_from_data(ocfs_data_ref address, platform::SocketAddress &out);

}  // namespace ocfs::net

#endif  // OCFS_SRC_NET_HOST_HPP
