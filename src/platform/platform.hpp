// The platform layer's interface. Everything that differs between POSIX and Windows (files,
// sockets, error texts, threads, wake-ups) is implemented under src/platform/posix/ or
// src/platform/win/ and reached only through declarations like these; no other folder includes a
// platform header.
#ifndef OCFS_SRC_PLATFORM_PLATFORM_HPP
#define OCFS_SRC_PLATFORM_PLATFORM_HPP

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <opencfstream/library.h>

// Threads, mutexes, condition variables and clocks come from the C++ standard library, which
// covers both platforms (mingw-w64 with its POSIX thread model); only what the standard lacks is
// declared here.
namespace ocfs::platform {

// ---- Threads ----

// A per-thread pointer whose destructor runs when a thread that set it ends (pthread keys, Fiber
// Local Storage on Windows). Construct it once and keep it for the life of the process.
class ThreadSlot {
 public:
  explicit ThreadSlot(void (*destructor)(void *value));
  ThreadSlot(const ThreadSlot &) = delete;
  ThreadSlot &operator=(const ThreadSlot &) = delete;

  void *get() const;
  void set(void *value);

 private:
  unsigned long key_ = 0;
};

// ---- Library set-up ----

// Winsock and OpenSSL, once; see ocfs_library_init. Thread-safe and idempotent.
bool initialize();
void shutdown();

// strerror's text for an <errno.h> value, thread-safely.
std::string errno_text(int error_number);

// ---- Files (for file streams). Descriptors are C runtime ints on both platforms. ----

enum class FileMode { kRead, kWriteTruncate, kWriteAppend };

// Opens `utf8_path`; returns the descriptor, or -1 with `error` set to an errno value. Write
// modes create the file (permissions 0666 before the umask). Descriptors are not inherited.
int file_open(const std::string &utf8_path, FileMode mode, int &error);
// read/write retried on EINTR; -1 with `error` on failure. Lengths are clamped to what one system
// call accepts, so a short count is normal.
std::ptrdiff_t file_read(int fd, void *buffer, std::size_t length, int &error);
std::ptrdiff_t file_write(int fd, const void *buffer, std::size_t length, int &error);
// Seeks to `offset` from the start (or queries the position with `whence_current`); -1 on error.
int64_t file_seek(int fd, int64_t offset, bool whence_current, int &error);
void file_close(int fd);

// The working directory as a native UTF-8 path (empty if unavailable).
std::string current_directory();
// Whether native paths are Windows paths ("C:\\dir\\file") rather than POSIX ones.
bool native_paths_are_windows_style();

// ---- Sockets ----
//
// Every failure is reported as an <errno.h> value: Winsock's WSAE* codes are translated here and
// nowhere else. "Would block" is always EAGAIN.

using Socket = ocfs_socket_native_handle;
inline constexpr Socket kInvalidSocket = OCFS_INVALID_SOCKET;

// The errno value for a native socket error code (identity on POSIX).
int translate_socket_error(int native_error);
// The translated error of the calling thread's last failed socket call.
int last_socket_error();

bool set_nonblocking(Socket socket, bool nonblocking, int &error);
void close_socket(Socket socket);
// Never raises SIGPIPE; retries EINTR; -1 with `error` on failure (EAGAIN when it would block).
std::ptrdiff_t socket_send(Socket socket, const void *data, std::size_t length, int &error);
std::ptrdiff_t socket_recv(Socket socket, void *data, std::size_t length, int &error);
// Looks at the next byte without taking it (MSG_PEEK): 1 when data waits, 0 at end of stream,
// -1 with `error` (EAGAIN when nothing has arrived yet).
int socket_peek(Socket socket, int &error);
// A connected pair of non-blocking stream sockets: AF_UNIX on POSIX, loopback TCP on Windows
// (which has no socketpair). Both ends are close-on-exec / not inherited.
bool socket_pair(Socket pair[2], int &error);

// ---- Connecting (the socket-stream layer) ----

// One resolved address: a copy of a struct sockaddr_in / sockaddr_in6.
struct SocketAddress {
  int family = 0;  // AF_INET / AF_INET6 (the platform's values)
  std::size_t length = 0;
  alignas(8) unsigned char bytes[128] = {};  // >= sizeof(sockaddr_storage) on every platform
};

// getaddrinfo for a TCP connection to `host` (a name or a numeric address) on `port`, in the
// system's preferred order (RFC 6724). False with `eai_error` set to the platform's EAI_* value
// (never 0) on failure; EAI_SYSTEM on POSIX is reported with its errno in `system_error`.
bool resolve_tcp(const std::string &host, uint16_t port, std::vector<SocketAddress> &addresses,
                 int &eai_error, int &system_error);
// The getaddrinfo code that means "no such name" (EAI_NONAME; WSAHOST_NOT_FOUND on Windows).
int eai_no_name();
// gai_strerror's text for an EAI_* value.
std::string eai_text(int eai_error);
// Whether `host` is a numeric IPv4 or IPv6 address.
bool is_numeric_host(const std::string &host);

// A new non-blocking, close-on-exec (not inherited), SIGPIPE-free TCP socket of `family`.
Socket open_tcp_socket(int family, int &error);
// Starts a non-blocking connect: true when it completed at once or is in progress
// (`in_progress` tells which); false with `error` (refused, unreachable...).
bool start_connect(Socket socket, const SocketAddress &address, bool &in_progress, int &error);
// After writability: the connect's outcome (SO_ERROR), 0 when connected.
int connect_result(Socket socket);
// Reads back whether the socket is non-blocking. Windows cannot tell: false ("blocking", the
// default of a new socket) is reported there and `known` set false.
bool is_nonblocking(Socket socket, bool &known);
bool set_no_delay(Socket socket, bool on, int &error);
// The peer's address, false when not connected.
bool peer_address(Socket socket, SocketAddress &address);
// The numeric text of an address ("127.0.0.1", "::1") and its port.
std::string address_text(const SocketAddress &address);
uint16_t address_port(const SocketAddress &address);
// Fills `family` from the bytes of a caller-supplied address; false unless they hold a whole
// sockaddr_in or sockaddr_in6.
bool classify_address(SocketAddress &address);
// Copies a native sockaddr of `length` bytes (from getaddrinfo, getpeername or a caller's CFData);
// false unless it is a whole IPv4 or IPv6 address.
bool copy_address(const void *native, std::size_t length, SocketAddress &address);
bool same_address(const SocketAddress &a, const SocketAddress &b);
void set_address_port(SocketAddress &address, uint16_t port);
// Whether a CFSocketSignature's numbers describe TCP over `address`'s family (PF_INET/PF_INET6,
// SOCK_STREAM, IPPROTO_TCP or 0).
bool is_tcp_signature(int32_t protocol_family, int32_t socket_type, int32_t protocol,
                      const SocketAddress &address);
// Whether `socket` is a valid stream socket (for adopted handles).
bool is_stream_socket(Socket socket);

// ---- Readiness ----

enum PollEvent : unsigned {
  kPollIn = 1,
  kPollOut = 2,
  kPollError = 4,
  kPollHangup = 8,
  // With kPollIn, from a backend that tells the peer's end of stream apart (epoll's EPOLLRDHUP):
  // bytes were waiting when it looked, with no end of stream and no error. Never from poll().
  kPollBytesWaiting = 16,
};

struct PollEntry {
  Socket socket;
  unsigned events;    // kPollIn | kPollOut
  unsigned returned;  // filled in: any PollEvent
};

// poll() on POSIX, WSAPoll() on Windows, with the flag translation in one place. Returns the
// number of ready entries, 0 on timeout (timeout_ms < 0 waits forever), -1 with `error`.
int poll_sockets(PollEntry *entries, std::size_t count, int timeout_ms, int &error);

// Event backends: how a run loop waits for many sockets at once. Interest is registered once and
// changed only when it changes (epoll), or kept in a table scanned per wait (poll/WSAPoll).
class EventBackend {
 public:
  struct Ready {
    Socket socket;
    unsigned events;  // PollEvent bits
  };

  virtual ~EventBackend() = default;
  virtual const char *name() const = 0;
  // Registers `socket` or changes its interest (kPollIn | kPollOut; 0 keeps it registered but
  // silent). Safe to call from any thread while another thread waits.
  virtual bool watch(Socket socket, unsigned interest, int &error) = 0;
  virtual void unwatch(Socket socket) = 0;
  // Waits up to `timeout_ms` (< 0: forever) and appends what is ready. Returns the count, 0 on
  // timeout or interruption, -1 with `error`. One thread waits at a time.
  virtual int wait(int timeout_ms, std::vector<Ready> &ready, int &error) = 0;
};

// The backend called `name` ("epoll" on Linux; "poll" everywhere, which is WSAPoll on Windows;
// "wsapoll" is accepted as its alias), or the platform's best one for an empty name. Null for an
// unknown name or when the system refuses (with `error`).
std::unique_ptr<EventBackend> make_event_backend(std::string_view name, int &error);
// "epoll,poll" on Linux, "poll" elsewhere: what make_event_backend accepts, best first.
std::vector<std::string> event_backend_names();
// The portable backend on top of poll_sockets (shared by every platform).
std::unique_ptr<EventBackend> make_poll_backend();

// A wake-up primitive for the run loop: signal() from any thread makes pollable() readable until
// drain(). eventfd on Linux, a pipe on other POSIX systems, a socket pair on Windows (WSAPoll only
// watches sockets).
class Waker {
 public:
  Waker() = default;
  Waker(const Waker &) = delete;
  Waker &operator=(const Waker &) = delete;
  ~Waker();

  bool open(int &error);
  void signal();
  void drain();
  Socket pollable() const { return read_end_; }

 private:
  Socket read_end_ = kInvalidSocket;
  Socket write_end_ = kInvalidSocket;
};

}  // namespace ocfs::platform

#endif  // OCFS_SRC_PLATFORM_PLATFORM_HPP
