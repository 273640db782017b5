#include "tls/socket_io.hpp"
#include "tls/test_certificates.hpp"

#include <openssl/err.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

namespace ocfs_test::tls::detail {
namespace {

#ifdef MSG_NOSIGNAL
constexpr int kSendFlags = MSG_NOSIGNAL;
#else
constexpr int kSendFlags = 0;
#endif

constexpr std::chrono::milliseconds kSlice{20};

void append_error(IoContext &io, const std::string &text) {
  if (!io.error.empty()) io.error += "; ";
  io.error += text;
}

bool stopped(const IoContext &io) {
  return io.stop && io.stop->load();
}

// Runs one OpenSSL I/O call until it completes or fails; `n` gets its positive result.
template <class Op>
IoStatus drive(IoContext &io, Op op, int &n) {
  for (;;) {
    ERR_clear_error();
#ifndef _WIN32
    errno = 0;
#else
    WSASetLastError(0);
#endif
    int result = op();
    if (result > 0) {
      n = result;
      return IoStatus::kOk;
    }
    int error = SSL_get_error(io.ssl, result);
    int saved_socket_error = last_socket_error();
    IoStatus status = IoStatus::kOk;
    switch (error) {
      case SSL_ERROR_WANT_READ:
        status = wait_ready(io, POLLIN);
        if (status != IoStatus::kOk) return status;
        continue;
      case SSL_ERROR_WANT_WRITE:
        status = wait_ready(io, POLLOUT);
        if (status != IoStatus::kOk) return status;
        continue;
      case SSL_ERROR_ZERO_RETURN:
        return IoStatus::kCloseNotify;
      case SSL_ERROR_WANT_CLIENT_HELLO_CB:
        return IoStatus::kHelloPaused;
      case SSL_ERROR_SYSCALL: {
        std::string text = openssl_error_text();
        if (text.empty() && saved_socket_error == 0) return IoStatus::kEof;
        append_error(io, "syscall: " + socket_error_text(saved_socket_error) +
                             (text.empty() ? "" : " " + text));
        return IoStatus::kError;
      }
      case SSL_ERROR_SSL: {
        unsigned long code = ERR_peek_error();
        if (ERR_GET_LIB(code) == ERR_LIB_SSL &&
            ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
          ERR_clear_error();
          return IoStatus::kEof;
        }
        append_error(io, openssl_error_text());
        return IoStatus::kError;
      }
      default:
        append_error(io, "SSL_get_error " + std::to_string(error) + " " + openssl_error_text());
        return IoStatus::kError;
    }
  }
}

}  // namespace

int last_socket_error() {
#ifdef _WIN32
  return WSAGetLastError();
#else
  return errno;
#endif
}

bool would_block(int error) {
#ifdef _WIN32
  return error == WSAEWOULDBLOCK;
#else
  return error == EAGAIN || error == EWOULDBLOCK;
#endif
}

std::string socket_error_text(int error) {
#ifdef _WIN32
  return "WSA error " + std::to_string(error);
#else
  return std::string(std::strerror(error)) + " (" + std::to_string(error) + ")";
#endif
}

void close_socket(socket_t fd) {
  if (fd == kInvalidSocket) return;
#ifdef _WIN32
  closesocket(fd);
#else
  ::close(fd);
#endif
}

bool set_nonblocking(socket_t fd) {
#ifdef _WIN32
  u_long on = 1;
  return ioctlsocket(fd, FIONBIO, &on) == 0;
#else
  int flags = fcntl(fd, F_GETFL, 0);
  return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
#endif
}

void reset_socket(socket_t fd) {
  struct linger option {};
  option.l_onoff = 1;
  option.l_linger = 0;
  setsockopt(fd, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char *>(&option), sizeof option);
  close_socket(fd);
}

void shutdown_send(socket_t fd) {
#ifdef _WIN32
  shutdown(fd, SD_SEND);
#else
  shutdown(fd, SHUT_WR);
#endif
}

socket_t connect_to(const std::string &host, uint16_t port, std::string &error) {
  sockaddr_storage address{};
  socklen_t length = 0;
  auto *v4 = reinterpret_cast<sockaddr_in *>(&address);
  auto *v6 = reinterpret_cast<sockaddr_in6 *>(&address);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    length = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    length = sizeof(sockaddr_in6);
  } else {
    error = "not a numeric address: " + host;
    return kInvalidSocket;
  }
  socket_t fd = socket(address.ss_family, SOCK_STREAM, IPPROTO_TCP);
  if (fd == kInvalidSocket) {
    error = "socket: " + socket_error_text(last_socket_error());
    return kInvalidSocket;
  }
  if (connect(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0) {
    error = "connect: " + socket_error_text(last_socket_error());
    close_socket(fd);
    return kInvalidSocket;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char *>(&one), sizeof one);
  if (!set_nonblocking(fd)) {
    error = "non-blocking: " + socket_error_text(last_socket_error());
    close_socket(fd);
    return kInvalidSocket;
  }
  return fd;
}

const char *io_status_name(IoStatus status) {
  switch (status) {
    case IoStatus::kOk:
      return "ok";
    case IoStatus::kCloseNotify:
      return "close_notify";
    case IoStatus::kEof:
      return "eof";
    case IoStatus::kError:
      return "error";
    case IoStatus::kTimeout:
      return "timeout";
    case IoStatus::kStopped:
      return "stopped";
    case IoStatus::kHelloPaused:
      return "hello-paused";
  }
  return "?";
}

IoStatus wait_ready(IoContext &io, short events) {
  return wait_ready_until(io, events, Clock::now() + io.timeout);
}

IoStatus wait_ready_until(IoContext &io, short events, Clock::time_point deadline) {
  for (;;) {
    if (stopped(io)) return IoStatus::kStopped;
    auto now = Clock::now();
    if (now >= deadline) return IoStatus::kTimeout;
    auto slice = std::min<Clock::duration>(kSlice, deadline - now);
    int milliseconds = static_cast<int>(std::max<long long>(
        1, std::chrono::duration_cast<std::chrono::milliseconds>(slice).count()));
#ifdef _WIN32
    WSAPOLLFD entry{};
    entry.fd = io.fd;
    entry.events = events;
    int ready = WSAPoll(&entry, 1, milliseconds);
#else
    pollfd entry{};
    entry.fd = io.fd;
    entry.events = events;
    int ready = ::poll(&entry, 1, milliseconds);
#endif
    if (ready > 0) return IoStatus::kOk;
    if (ready < 0) {
      int error = last_socket_error();
#ifndef _WIN32
      if (error == EINTR) continue;
#endif
      append_error(io, "poll: " + socket_error_text(error));
      return IoStatus::kError;
    }
  }
}

IoStatus send_all_plain(IoContext &io, std::string_view data) {
  while (!data.empty()) {
    int chunk = static_cast<int>(std::min<size_t>(data.size(), 1 << 20));
    auto sent = ::send(io.fd, data.data(), chunk, kSendFlags);
    if (sent > 0) {
      data.remove_prefix(static_cast<size_t>(sent));
      continue;
    }
    int error = last_socket_error();
    if (sent < 0 && would_block(error)) {
      IoStatus status = wait_ready(io, POLLOUT);
      if (status != IoStatus::kOk) return status;
      continue;
    }
    append_error(io, "send: " + socket_error_text(error));
    return IoStatus::kError;
  }
  return IoStatus::kOk;
}

IoStatus read_some_plain(IoContext &io, std::string &out) {
  char buffer[16384];
  for (;;) {
    auto received = ::recv(io.fd, buffer, sizeof buffer, 0);
    if (received > 0) {
      out.append(buffer, static_cast<size_t>(received));
      return IoStatus::kOk;
    }
    if (received == 0) return IoStatus::kEof;
    int error = last_socket_error();
    if (!would_block(error)) {
      append_error(io, "recv: " + socket_error_text(error));
      return IoStatus::kError;
    }
    IoStatus status = wait_ready(io, POLLIN);
    if (status != IoStatus::kOk) return status;
  }
}

IoStatus read_line_plain(IoContext &io, std::string &line, size_t max) {
  line.clear();
  while (line.size() < max) {
    char byte = 0;
    auto received = ::recv(io.fd, &byte, 1, 0);
    if (received == 1) {
      line.push_back(byte);
      if (byte == '\n') return IoStatus::kOk;
      continue;
    }
    if (received == 0) return IoStatus::kEof;
    int error = last_socket_error();
    if (!would_block(error)) {
      append_error(io, "recv: " + socket_error_text(error));
      return IoStatus::kError;
    }
    IoStatus status = wait_ready(io, POLLIN);
    if (status != IoStatus::kOk) return status;
  }
  append_error(io, "line longer than " + std::to_string(max) + " bytes");
  return IoStatus::kError;
}

IoStatus ssl_handshake(IoContext &io) {
  int n = 0;
  return drive(
      io, [&] { return SSL_do_handshake(io.ssl); }, n);
}

IoStatus ssl_read(IoContext &io, std::string &out, size_t max) {
  std::string buffer(max, '\0');
  int n = 0;
  IoStatus status = drive(
      io, [&] { return SSL_read(io.ssl, buffer.data(), static_cast<int>(max)); }, n);
  if (status == IoStatus::kOk) out.append(buffer.data(), static_cast<size_t>(n));
  return status;
}

IoStatus ssl_write_all(IoContext &io, std::string_view data) {
  while (!data.empty()) {
    int chunk = static_cast<int>(std::min<size_t>(data.size(), 1 << 20));
    int n = 0;
    IoStatus status = drive(
        io, [&] { return SSL_write(io.ssl, data.data(), chunk); }, n);
    if (status != IoStatus::kOk) return status;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return IoStatus::kOk;
}

IoStatus ssl_send_close_notify(IoContext &io) {
  for (;;) {
    ERR_clear_error();
    int result = SSL_shutdown(io.ssl);
    if (result >= 0) return IoStatus::kOk;  // 0: sent, the peer's not yet seen; 1: both done
    int error = SSL_get_error(io.ssl, result);
    if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ) {
      // WANT_READ after our close_notify went out means "sent"; only a blocked write retries.
      if (SSL_get_shutdown(io.ssl) & SSL_SENT_SHUTDOWN && error == SSL_ERROR_WANT_READ)
        return IoStatus::kOk;
      IoStatus status = wait_ready(io, error == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN);
      if (status != IoStatus::kOk) return status;
      continue;
    }
    append_error(io, "SSL_shutdown: " + openssl_error_text());
    return IoStatus::kError;
  }
}

}  // namespace ocfs_test::tls::detail
