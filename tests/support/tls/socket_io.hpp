// Internal to ocfs_tls_test_support: non-blocking loopback sockets driven with poll (WSAPoll on
// Windows) in short slices, so every wait ends on readiness, a stop flag or a deadline, and
// OpenSSL calls over such sockets. Include this before any OpenSSL header (winsock2.h must come
// before windows.h).
#ifndef OCFS_TESTS_SUPPORT_TLS_SOCKET_IO_HPP
#define OCFS_TESTS_SUPPORT_TLS_SOCKET_IO_HPP

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace ocfs_test::tls::detail {

#ifdef _WIN32
using socket_t = SOCKET;
constexpr socket_t kInvalidSocket = INVALID_SOCKET;
#else
using socket_t = int;
constexpr socket_t kInvalidSocket = -1;
#endif

using Clock = std::chrono::steady_clock;

int last_socket_error();
bool would_block(int error);
std::string socket_error_text(int error);
void close_socket(socket_t fd);
bool set_nonblocking(socket_t fd);
// Closes with SO_LINGER {1, 0}: the peer gets a TCP RST.
void reset_socket(socket_t fd);
// Half-closes the sending side (the peer reads end of stream).
void shutdown_send(socket_t fd);
// A TCP socket connected (blocking connect, loopback) to host:port, then made non-blocking.
socket_t connect_to(const std::string &host, uint16_t port, std::string &error);

enum class IoStatus {
  kOk,
  kCloseNotify,  // the peer's TLS close_notify (SSL_ERROR_ZERO_RETURN)
  kEof,          // TCP end of stream without close_notify
  kError,        // a socket or TLS error; the text is in IoContext::error
  kTimeout,      // nothing happened for IoContext::timeout
  kStopped,      // the stop flag was raised
  kHelloPaused,  // the server's client-hello callback paused the handshake
};
const char *io_status_name(IoStatus status);

struct IoContext {
  socket_t fd = kInvalidSocket;
  SSL *ssl = nullptr;
  const std::atomic<bool> *stop = nullptr;   // optional
  std::chrono::milliseconds timeout{10000};  // idle limit of each wait
  std::string error;                         // last failure, appended
};

// Waits until fd is ready for `events` (POLLIN / POLLOUT); kOk also on hang-up or error, so the
// next call finds out.
IoStatus wait_ready(IoContext &io, short events);
IoStatus wait_ready_until(IoContext &io, short events, Clock::time_point deadline);

IoStatus send_all_plain(IoContext &io, std::string_view data);
// Reads one line up to and including "\n" (at most max bytes), one byte at a time so nothing
// past the line is consumed.
IoStatus read_line_plain(IoContext &io, std::string &line, size_t max = 4096);
// One recv: some bytes, kEof, or a failure.
IoStatus read_some_plain(IoContext &io, std::string &out);

// OpenSSL calls on io.ssl, retried on WANT_READ / WANT_WRITE.
IoStatus ssl_handshake(IoContext &io);  // SSL_do_handshake (accept or connect state)
IoStatus ssl_read(IoContext &io, std::string &out, size_t max = 16384);
IoStatus ssl_write_all(IoContext &io, std::string_view data);
// Sends close_notify (the first SSL_shutdown call).
IoStatus ssl_send_close_notify(IoContext &io);

}  // namespace ocfs_test::tls::detail

#endif  // OCFS_TESTS_SUPPORT_TLS_SOCKET_IO_HPP
