// Outgoing TCP connections for the socket-stream layer: name resolution, non-blocking connects
// and the socket queries around them.
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/platform.hpp"

namespace ocfs::platform {
namespace {

// Longer host names are refused without asking the resolver (DNS names stop at 253 bytes).
constexpr std::size_t kMaxHostLength = 1024;

static_assert(sizeof(SocketAddress::bytes) >= sizeof(sockaddr_storage),
              "SocketAddress must hold any socket address");

// Needed only where socket() takes no SOCK_CLOEXEC.
[[maybe_unused]] bool set_cloexec(int fd) {
  int flags = fcntl(fd, F_GETFD);
  return flags >= 0 && fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == 0;
}

}  // namespace

bool resolve_tcp(const std::string &host, uint16_t port, std::vector<SocketAddress> &addresses,
                 int &eai_error, int &system_error) {
  addresses.clear();
  system_error = 0;
  if (host.empty() || host.size() > kMaxHostLength || host.find('\0') != std::string::npos) {
    eai_error = EAI_NONAME;
    return false;
  }
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  hints.ai_flags = AI_NUMERICSERV;  // no AI_ADDRCONFIG: a loopback-only machine still gets "::1"
  const std::string service = std::to_string(port);
  addrinfo *list = nullptr;
  int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
  if (status != 0) {
    if (status == EAI_SYSTEM) system_error = errno != 0 ? errno : EIO;
    eai_error = status;
    return false;
  }
  for (const addrinfo *entry = list; entry != nullptr; entry = entry->ai_next) {
    SocketAddress address;
    if (!copy_address(entry->ai_addr, entry->ai_addrlen, address)) continue;
    bool duplicate = false;
    for (const SocketAddress &seen : addresses)
      duplicate = duplicate || same_address(seen, address);
    if (!duplicate) addresses.push_back(address);
  }
  ::freeaddrinfo(list);
  if (addresses.empty()) {
    eai_error = EAI_NONAME;
    return false;
  }
  return true;
}

int eai_no_name() {
  return EAI_NONAME;
}

std::string eai_text(int eai_error) {
  const char *text = ::gai_strerror(eai_error);  // static texts: thread-safe
  return text != nullptr ? text : "Unknown error";
}

bool is_numeric_host(const std::string &host) {
  if (host.empty() || host.find('\0') != std::string::npos) return false;
  unsigned char buffer[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

Socket open_tcp_socket(int family, int &error) {
#if defined(SOCK_CLOEXEC) && defined(SOCK_NONBLOCK)
  int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP);
  if (fd < 0) {
    error = last_socket_error();
    return kInvalidSocket;
  }
#else
  int fd = ::socket(family, SOCK_STREAM, IPPROTO_TCP);
  if (fd < 0) {
    error = last_socket_error();
    return kInvalidSocket;
  }
  if (!set_cloexec(fd)) {
    error = errno;
    ::close(fd);
    return kInvalidSocket;
  }
  if (!set_nonblocking(fd, true, error)) {
    ::close(fd);
    return kInvalidSocket;
  }
#endif
#if defined(SO_NOSIGPIPE)
  int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on) != 0) {
    error = last_socket_error();
    ::close(fd);
    return kInvalidSocket;
  }
#endif
  return fd;
}

bool start_connect(Socket socket, const SocketAddress &address, bool &in_progress, int &error) {
  in_progress = false;
  if (address.length == 0 || address.length > sizeof address.bytes) {
    error = EINVAL;
    return false;
  }
  if (::connect(socket, reinterpret_cast<const sockaddr *>(address.bytes),
                static_cast<socklen_t>(address.length)) == 0) {
    return true;
  }
  // An interrupted connect carries on asynchronously, like EINPROGRESS.
  if (errno == EINPROGRESS || errno == EINTR) {
    in_progress = true;
    return true;
  }
  error = last_socket_error();
  return false;
}

int connect_result(Socket socket) {
  int value = 0;
  socklen_t length = sizeof value;
  if (getsockopt(socket, SOL_SOCKET, SO_ERROR, &value, &length) != 0) return last_socket_error();
  return value == 0 ? 0 : translate_socket_error(value);
}

bool is_nonblocking(Socket socket, bool &known) {
  int flags = fcntl(socket, F_GETFL);
  known = flags >= 0;
  return known && (flags & O_NONBLOCK) != 0;
}

bool set_no_delay(Socket socket, bool on, int &error) {
  int value = on ? 1 : 0;
  if (setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &value, sizeof value) != 0) {
    error = last_socket_error();
    return false;
  }
  return true;
}

bool peer_address(Socket socket, SocketAddress &address) {
  address = SocketAddress{};
  sockaddr_storage storage = {};
  socklen_t length = sizeof storage;
  if (getpeername(socket, reinterpret_cast<sockaddr *>(&storage), &length) != 0) return false;
  return copy_address(reinterpret_cast<const sockaddr *>(&storage), length, address);
}

bool is_stream_socket(Socket socket) {
  if (socket == kInvalidSocket) return false;
  int type = 0;
  socklen_t length = sizeof type;
  return getsockopt(socket, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == SOCK_STREAM;
}

}  // namespace ocfs::platform
