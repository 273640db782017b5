// Socket-address helpers that are the same on every platform: sockaddr_in and sockaddr_in6 have
// the same layout under Winsock and POSIX; only the headers differ.
#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#define OCFS_INET_NTOP InetNtopA
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#define OCFS_INET_NTOP ::inet_ntop
#endif

#include <cstring>

#include "platform/platform.hpp"

namespace ocfs::platform {
namespace {

using Family = decltype(sockaddr::sa_family);  // sa_family_t; ADDRESS_FAMILY on Windows

Family family_of_bytes(const SocketAddress &address) {
  sockaddr header;
  std::memcpy(&header, address.bytes, sizeof header.sa_family + offsetof(sockaddr, sa_family));
  return header.sa_family;
}

}  // namespace

bool same_address(const SocketAddress &a, const SocketAddress &b) {
  return a.family == b.family && a.length == b.length &&
         std::memcmp(a.bytes, b.bytes, a.length) == 0;
}

bool copy_address(const void *native, std::size_t length, SocketAddress &address) {
  if (native == nullptr || length == 0 || length > sizeof address.bytes) return false;
  SocketAddress candidate;
  std::memcpy(candidate.bytes, native, length);
  candidate.length = length;
  if (!classify_address(candidate)) return false;
  address = candidate;
  return true;
}

bool classify_address(SocketAddress &address) {
  if (address.length < offsetof(sockaddr, sa_family) + sizeof(Family)) return false;
  Family family = family_of_bytes(address);
  std::size_t needed = family == AF_INET    ? sizeof(sockaddr_in)
                       : family == AF_INET6 ? sizeof(sockaddr_in6)
                                            : 0;
  if (needed == 0 || address.length < needed) return false;
  address.length = needed;
  address.family = family;
  return true;
}

std::string address_text(const SocketAddress &address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.family == AF_INET && address.length >= sizeof(sockaddr_in)) {
    sockaddr_in native;
    std::memcpy(&native, address.bytes, sizeof native);
    if (OCFS_INET_NTOP(AF_INET, &native.sin_addr, text, sizeof text) != nullptr) return text;
  } else if (address.family == AF_INET6 && address.length >= sizeof(sockaddr_in6)) {
    sockaddr_in6 native;
    std::memcpy(&native, address.bytes, sizeof native);
    if (OCFS_INET_NTOP(AF_INET6, &native.sin6_addr, text, sizeof text) != nullptr) return text;
  }
  return {};
}

uint16_t address_port(const SocketAddress &address) {
  uint16_t network_order = 0;
  if (address.family == AF_INET && address.length >= sizeof(sockaddr_in)) {
    std::memcpy(&network_order, address.bytes + offsetof(sockaddr_in, sin_port), 2);
  } else if (address.family == AF_INET6 && address.length >= sizeof(sockaddr_in6)) {
    std::memcpy(&network_order, address.bytes + offsetof(sockaddr_in6, sin6_port), 2);
  }
  return ntohs(network_order);
}

void set_address_port(SocketAddress &address, uint16_t port) {
  uint16_t network_order = htons(port);
  std::size_t offset = address.family == AF_INET6 ? offsetof(sockaddr_in6, sin6_port)
                                                  : offsetof(sockaddr_in, sin_port);
  std::memcpy(address.bytes + offset, &network_order, sizeof network_order);
}

bool is_tcp_signature(int32_t protocol_family, int32_t socket_type, int32_t protocol,
                      const SocketAddress &address) {
  return protocol_family == address.family && socket_type == SOCK_STREAM &&
         (protocol == 0 || protocol == IPPROTO_TCP);
}

}  // namespace ocfs::platform
