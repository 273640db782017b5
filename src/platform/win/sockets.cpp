// Winsock behind the platform interface. Every WSAE* code becomes an <errno.h> value here.
#include <winsock2.h>
#include <ws2tcpip.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <new>

#include "platform/platform.hpp"

namespace ocfs::platform {
namespace {

struct ErrorMapping {
  int wsa;
  int posix;
};

constexpr ErrorMapping kErrorMap[] = {
    {WSAEWOULDBLOCK, EAGAIN},
    {WSAEINPROGRESS, EINPROGRESS},
    {WSAEALREADY, EALREADY},
    {WSAENOTSOCK, ENOTSOCK},
    {WSAEDESTADDRREQ, EDESTADDRREQ},
    {WSAEMSGSIZE, EMSGSIZE},
    {WSAEPROTOTYPE, EPROTOTYPE},
    {WSAENOPROTOOPT, ENOPROTOOPT},
    {WSAEPROTONOSUPPORT, EPROTONOSUPPORT},
    {WSAESOCKTNOSUPPORT, EPROTONOSUPPORT},
    {WSAEOPNOTSUPP, EOPNOTSUPP},
    {WSAEPFNOSUPPORT, EAFNOSUPPORT},
    {WSAEAFNOSUPPORT, EAFNOSUPPORT},
    {WSAEADDRINUSE, EADDRINUSE},
    {WSAEADDRNOTAVAIL, EADDRNOTAVAIL},
    {WSAENETDOWN, ENETDOWN},
    {WSAENETUNREACH, ENETUNREACH},
    {WSAENETRESET, ENETRESET},
    {WSAECONNABORTED, ECONNABORTED},
    {WSAECONNRESET, ECONNRESET},
    {WSAENOBUFS, ENOBUFS},
    {WSAEISCONN, EISCONN},
    {WSAENOTCONN, ENOTCONN},
    {WSAESHUTDOWN, EPIPE},
    {WSAEDISCON, EPIPE},
    {WSAETIMEDOUT, ETIMEDOUT},
    {WSAECONNREFUSED, ECONNREFUSED},
    {WSAEHOSTDOWN, EHOSTUNREACH},
    {WSAEHOSTUNREACH, EHOSTUNREACH},
    {WSAELOOP, ELOOP},
    {WSAENAMETOOLONG, ENAMETOOLONG},
    {WSAEINTR, EINTR},
    {WSAEBADF, EBADF},
    {WSAEACCES, EACCES},
    {WSAEFAULT, EFAULT},
    {WSAEINVAL, EINVAL},
    {WSAEMFILE, EMFILE},
    {WSANOTINITIALISED, EINVAL},
};

int clamp_length(std::size_t length) {
  return static_cast<int>(length > INT_MAX ? INT_MAX : length);
}

SHORT to_poll_events(unsigned events) {
  // WSAPoll rejects (WSAEINVAL) anything but these input flags.
  SHORT native = 0;
  if (events & kPollIn) native |= POLLRDNORM;
  if (events & kPollOut) native |= POLLWRNORM;
  return native;
}

unsigned from_poll_events(SHORT native) {
  unsigned events = 0;
  if (native & (POLLRDNORM | POLLRDBAND)) events |= kPollIn;
  if (native & POLLWRNORM) events |= kPollOut;
  if (native & (POLLERR | POLLNVAL)) events |= kPollError;
  if (native & POLLHUP) events |= kPollHangup;
  return events;
}

SOCKET new_tcp_socket() {
  return WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT);
}

// Loopback listener -> connect -> accept, checking that the accepted peer is our own connecting
// socket (another local process could race to connect to the listener).
bool connected_loopback_pair(SOCKET listener, SOCKET pair[2], int &error) {
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int length = sizeof address;
  if (bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length) != 0 ||
      listen(listener, 1) != 0) {
    error = last_socket_error();
    return false;
  }
  pair[0] = new_tcp_socket();
  if (pair[0] == INVALID_SOCKET ||
      connect(pair[0], reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
    error = last_socket_error();
    return false;
  }
  sockaddr_in local = {}, peer = {};
  int local_length = sizeof local, peer_length = sizeof peer;
  pair[1] = accept(listener, reinterpret_cast<sockaddr *>(&peer), &peer_length);
  if (pair[1] == INVALID_SOCKET ||
      getsockname(pair[0], reinterpret_cast<sockaddr *>(&local), &local_length) != 0) {
    error = last_socket_error();
    return false;
  }
  if (local.sin_port != peer.sin_port || local.sin_addr.s_addr != peer.sin_addr.s_addr) {
    error = ECONNREFUSED;
    return false;
  }
  return true;
}

}  // namespace

int translate_socket_error(int native_error) {
  for (const ErrorMapping &mapping : kErrorMap) {
    if (mapping.wsa == native_error) return mapping.posix;
  }
  return native_error > 0 && native_error < WSABASEERR ? native_error : EIO;
}

int last_socket_error() {
  return translate_socket_error(WSAGetLastError());
}

bool set_nonblocking(Socket socket, bool nonblocking, int &error) {
  u_long mode = nonblocking ? 1 : 0;
  if (ioctlsocket(static_cast<SOCKET>(socket), FIONBIO, &mode) != 0) {
    error = last_socket_error();
    return false;
  }
  return true;
}

void close_socket(Socket socket) {
  if (socket != kInvalidSocket) closesocket(static_cast<SOCKET>(socket));
}

std::ptrdiff_t socket_send(Socket socket, const void *data, std::size_t length, int &error) {
  int count =
      ::send(static_cast<SOCKET>(socket), static_cast<const char *>(data), clamp_length(length), 0);
  if (count == SOCKET_ERROR) error = last_socket_error();
  return count;
}

std::ptrdiff_t socket_recv(Socket socket, void *data, std::size_t length, int &error) {
  int count =
      ::recv(static_cast<SOCKET>(socket), static_cast<char *>(data), clamp_length(length), 0);
  if (count == SOCKET_ERROR) error = last_socket_error();
  return count;
}

int socket_peek(Socket socket, int &error) {
  char byte;
  int count =
      ::recv(static_cast<SOCKET>(socket), &byte, 1, MSG_PEEK);  // the socket is non-blocking
  if (count == SOCKET_ERROR) error = last_socket_error();
  return count;
}

bool socket_pair(Socket pair[2], int &error) {
  SOCKET listener = new_tcp_socket();
  SOCKET ends[2] = {INVALID_SOCKET, INVALID_SOCKET};
  bool ok = listener != INVALID_SOCKET && connected_loopback_pair(listener, ends, error);
  if (listener == INVALID_SOCKET) error = last_socket_error();
  if (listener != INVALID_SOCKET) closesocket(listener);
  for (int i = 0; ok && i < 2; ++i) {
    BOOL on = TRUE;  // the ends carry tiny wake-up messages: send them at once
    setsockopt(ends[i], IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char *>(&on), sizeof on);
    ok = set_nonblocking(ends[i], true, error);
  }
  if (!ok) {
    for (SOCKET end : ends) {
      if (end != INVALID_SOCKET) closesocket(end);
    }
    return false;
  }
  pair[0] = ends[0];
  pair[1] = ends[1];
  return true;
}

int poll_sockets(PollEntry *entries, std::size_t count, int timeout_ms, int &error) {
  std::unique_ptr<WSAPOLLFD[]> fds(new (std::nothrow) WSAPOLLFD[count > 0 ? count : 1]);
  if (!fds) {
    error = ENOMEM;
    return -1;
  }
  for (std::size_t i = 0; i < count; ++i) {
    fds[i] =
        WSAPOLLFD{static_cast<SOCKET>(entries[i].socket), to_poll_events(entries[i].events), 0};
  }
  int ready = WSAPoll(fds.get(), static_cast<ULONG>(count), timeout_ms);
  if (ready == SOCKET_ERROR) {
    error = last_socket_error();
    return -1;
  }
  for (std::size_t i = 0; i < count; ++i)
    entries[i].returned = from_poll_events(fds[i].revents);
  return ready;
}

Waker::~Waker() {
  close_socket(write_end_);
  close_socket(read_end_);
}

bool Waker::open(int &error) {
  Socket pair[2];
  if (!socket_pair(pair, error)) return false;
  read_end_ = pair[0];
  write_end_ = pair[1];
  return true;
}

void Waker::signal() {
  // A full socket buffer already means "signalled": WSAEWOULDBLOCK is fine.
  char byte = 1;
  ::send(static_cast<SOCKET>(write_end_), &byte, 1, 0);
}

void Waker::drain() {
  char buffer[64];
  while (::recv(static_cast<SOCKET>(read_end_), buffer, sizeof buffer, 0) > 0) {
  }
}

}  // namespace ocfs::platform
