// Helpers for the socket-stream tests: raw loopback sockets, a scripted server and a poll-based
// echo server (each on its own std::thread), run-loop helpers, an event recorder and a byte
// pattern for byte-exact checks of large transfers. Only 127.0.0.1 and ::1 are ever used.
#ifndef OCFS_TESTS_NET_NET_TEST_UTIL_HPP
#define OCFS_TESTS_NET_NET_TEST_UTIL_HPP

#include <gtest/gtest.h>

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <opencfstream/ocfs.h>
#include <opencfstream/socket_stream.h>

#include "cf_error_check.hpp"
#include "cf_test_util.hpp"

namespace ocfs_test {

using Sock = ocfs_socket_native_handle;
constexpr Sock kNoSocket = OCFS_INVALID_SOCKET;
using Clock = std::chrono::steady_clock;

#ifdef _WIN32
using SockLen = int;
#else
using SockLen = socklen_t;
#endif

#ifdef MSG_NOSIGNAL
constexpr int kSendFlags = MSG_NOSIGNAL;  // a peer that went away must not kill the test process
#else
constexpr int kSendFlags = 0;
#endif

// ---- Raw sockets ----------------------------------------------------------------------------

inline int last_socket_error() {
#ifdef _WIN32
  return WSAGetLastError();
#else
  return errno;
#endif
}

inline bool would_block(int error) {
#ifdef _WIN32
  return error == WSAEWOULDBLOCK;
#else
  return error == EAGAIN || error == EWOULDBLOCK;
#endif
}

inline void close_socket(Sock s) {
  if (s == kNoSocket) return;
#ifdef _WIN32
  closesocket(s);
#else
  ::close(s);
#endif
}

enum class Family { kV4, kV6 };

inline const char *loopback_name(Family family) {
  return family == Family::kV4 ? "127.0.0.1" : "::1";
}

inline std::string family_name(Family family) {
  return family == Family::kV4 ? "IPv4" : "IPv6";
}

inline void PrintTo(Family family, std::ostream *os) {
  *os << family_name(family);
}

struct Address {
  sockaddr_storage storage{};
  SockLen length = 0;
  const sockaddr *get() const { return reinterpret_cast<const sockaddr *>(&storage); }
  int family() const { return storage.ss_family; }
};

inline Address loopback_address(Family family, uint16_t port) {
  Address address;
  if (family == Family::kV4) {
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_port = htons(port);
    in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::memcpy(&address.storage, &in, sizeof in);
    address.length = sizeof in;
  } else {
    sockaddr_in6 in6{};
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(port);
    in6.sin6_addr = in6addr_loopback;
    std::memcpy(&address.storage, &in6, sizeof in6);
    address.length = sizeof in6;
  }
  return address;
}

inline uint16_t port_of(const Address &address) {
  if (address.family() == AF_INET)
    return ntohs(reinterpret_cast<const sockaddr_in *>(&address.storage)->sin_port);
  return ntohs(reinterpret_cast<const sockaddr_in6 *>(&address.storage)->sin6_port);
}

inline Address local_address(Sock s) {
  Address address;
  address.length = sizeof address.storage;
  if (getsockname(s, reinterpret_cast<sockaddr *>(&address.storage), &address.length) != 0)
    address.length = 0;
  return address;
}

inline Address peer_address(Sock s) {
  Address address;
  address.length = sizeof address.storage;
  if (getpeername(s, reinterpret_cast<sockaddr *>(&address.storage), &address.length) != 0)
    address.length = 0;
  return address;
}

inline Sock tcp_socket(Family family) {
  ocfs_library_init();  // Winsock
  return socket(family == Family::kV4 ? AF_INET : AF_INET6, SOCK_STREAM, IPPROTO_TCP);
}

inline bool set_nonblocking(Sock s, bool on) {
#ifdef _WIN32
  u_long mode = on ? 1 : 0;
  return ioctlsocket(s, FIONBIO, &mode) == 0;
#else
  int flags = fcntl(s, F_GETFL);
  if (flags < 0) return false;
  flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  return fcntl(s, F_SETFL, flags) == 0;
#endif
}

inline void set_recv_timeout(Sock s, double seconds) {
#ifdef _WIN32
  DWORD ms = static_cast<DWORD>(seconds * 1000);
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char *>(&ms), sizeof ms);
#else
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(seconds);
  tv.tv_usec = static_cast<suseconds_t>((seconds - static_cast<double>(tv.tv_sec)) * 1e6);
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
#endif
}

// Makes the next close send an RST (SO_LINGER {1, 0}).
inline void set_linger_reset(Sock s) {
  linger l{};
  l.l_onoff = 1;
  l.l_linger = 0;
  setsockopt(s, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char *>(&l), sizeof l);
}

inline void shutdown_write(Sock s) {
#ifdef _WIN32
  shutdown(s, SD_SEND);
#else
  shutdown(s, SHUT_WR);
#endif
}

inline void shutdown_both(Sock s) {
#ifdef _WIN32
  shutdown(s, SD_BOTH);
#else
  shutdown(s, SHUT_RDWR);
#endif
}

// Waits up to `ms` for `s` to be readable (or to have an error / EOF pending).
inline bool wait_readable(Sock s, int ms) {
#ifdef _WIN32
  WSAPOLLFD p{};
  p.fd = s;
  p.events = POLLIN;
  return WSAPoll(&p, 1, ms) > 0;
#else
  pollfd p{};
  p.fd = s;
  p.events = POLLIN;
  return ::poll(&p, 1, ms) > 0;
#endif
}

inline bool wait_writable(Sock s, int ms) {
#ifdef _WIN32
  WSAPOLLFD p{};
  p.fd = s;
  p.events = POLLOUT;
  return WSAPoll(&p, 1, ms) > 0;
#else
  pollfd p{};
  p.fd = s;
  p.events = POLLOUT;
  return ::poll(&p, 1, ms) > 0;
#endif
}

inline bool send_all(Sock s, const void *data, size_t length) {
  const char *bytes = static_cast<const char *>(data);
  while (length > 0) {
    int chunk = static_cast<int>(std::min<size_t>(length, 1 << 20));
    auto n = ::send(s, bytes, chunk, kSendFlags);
    if (n <= 0) return false;
    bytes += n;
    length -= static_cast<size_t>(n);
  }
  return true;
}

inline bool send_text(Sock s, const std::string &text) {
  return send_all(s, text.data(), text.size());
}

// One recv: >0 bytes appended, 0 at EOF, -1 on error or timeout (SO_RCVTIMEO).
inline long recv_some(Sock s, std::string &out, size_t max = 65536) {
  std::vector<char> buffer(max);
  auto n = ::recv(s, buffer.data(), static_cast<int>(max), 0);
  if (n > 0) out.append(buffer.data(), static_cast<size_t>(n));
  return static_cast<long>(n);
}

// Reads exactly `count` bytes (false on EOF, error or timeout first).
inline bool recv_exact(Sock s, size_t count, std::string &out) {
  size_t goal = out.size() + count;
  while (out.size() < goal) {
    if (recv_some(s, out, goal - out.size()) <= 0) return false;
  }
  return true;
}

inline std::string recv_exact(Sock s, size_t count) {
  std::string out;
  recv_exact(s, count, out);
  return out;
}

// Reads until EOF; false if an error or timeout came first. `out` gets what was read.
inline bool recv_until_eof(Sock s, std::string &out) {
  for (;;) {
    long n = recv_some(s, out);
    if (n == 0) return true;
    if (n < 0) return false;
  }
}

// Waits until `count` unread bytes are in the socket's receive buffer, without reading them.
inline bool wait_unread(Sock s, size_t count, double seconds = 5) {
  auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  std::vector<char> buffer(count);
  while (Clock::now() < deadline) {
    if (wait_readable(s, 20)) {
      auto n = ::recv(s, buffer.data(), static_cast<int>(count), MSG_PEEK);
      if (n >= static_cast<decltype(n)>(count)) return true;
      if (n <= 0) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  return false;
}

// A listening socket on the loopback address of `family`, port 0; `port` gets the port.
inline Sock listen_loopback(Family family, int backlog, uint16_t &port) {
  Sock s = tcp_socket(family);
  if (s == kNoSocket) return kNoSocket;
  Address address = loopback_address(family, 0);
  if (bind(s, address.get(), address.length) != 0 || listen(s, backlog) != 0) {
    close_socket(s);
    return kNoSocket;
  }
  port = port_of(local_address(s));
  return s;
}

// A socket bound to a loopback port but not listening: connecting to `port` is refused. Keeping
// it bound keeps anybody else from taking the port meanwhile.
inline Sock bind_without_listening(Family family, uint16_t &port) {
  Sock s = tcp_socket(family);
  if (s == kNoSocket) return kNoSocket;
  Address address = loopback_address(family, 0);
  if (bind(s, address.get(), address.length) != 0) {
    close_socket(s);
    return kNoSocket;
  }
  port = port_of(local_address(s));
  return s;
}

// A blocking client connection to loopback `port`.
inline Sock connect_loopback(Family family, uint16_t port) {
  Sock s = tcp_socket(family);
  if (s == kNoSocket) return kNoSocket;
  Address address = loopback_address(family, port);
  if (::connect(s, address.get(), address.length) != 0) {
    close_socket(s);
    return kNoSocket;
  }
  return s;
}

inline bool ipv6_loopback_available() {
  uint16_t port = 0;
  Sock s = bind_without_listening(Family::kV6, port);
  bool ok = s != kNoSocket;
  close_socket(s);
  return ok;
}

// Skips an IPv6 test on a machine without an IPv6 loopback.
#define OCFS_REQUIRE_FAMILY(family)                                                      \
  do {                                                                                   \
    if ((family) == ::ocfs_test::Family::kV6 && !::ocfs_test::ipv6_loopback_available()) \
      GTEST_SKIP() << "no IPv6 loopback (::1) on this machine";                          \
  } while (0)

#ifdef __linux__
// Open descriptors of this process (the directory stream's own one included, every time).
inline int open_fd_count() {
  int count = 0;
  if (DIR *dir = opendir("/proc/self/fd")) {
    while (readdir(dir) != nullptr)
      ++count;
    closedir(dir);
  }
  return count;
}
#endif

// ---- Synchronisation ------------------------------------------------------------------------

// A one-shot flag threads can wait for.
class Flag {
 public:
  void set() {
    std::lock_guard lock(mutex_);
    set_ = true;
    cv_.notify_all();
  }
  bool wait(double seconds = 10) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return set_; });
  }
  bool is_set() {
    std::lock_guard lock(mutex_);
    return set_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool set_ = false;
};

// ---- Servers --------------------------------------------------------------------------------

// Accepts connections one after another and runs `handler` for each on the server thread, with
// a blocking socket (receives time out after 10 s so a broken test cannot hang). The server
// closes the connection when the handler returns: handlers never close it themselves (to reset
// the connection, call set_linger_reset and return).
class ScriptedServer {
 public:
  using Handler = std::function<void(Sock connection, int index)>;

  explicit ScriptedServer(Family family, Handler handler, int backlog = SOMAXCONN)
      : handler_(std::move(handler)) {
    listener_ = listen_loopback(family, backlog, port_);
    if (listener_ != kNoSocket) thread_ = std::thread([this] { run(); });
  }
  ~ScriptedServer() {
    stop_ = true;
    {
      std::lock_guard lock(mutex_);
      if (current_ != kNoSocket) shutdown_both(current_);  // unblocks a handler's recv
    }
    if (thread_.joinable()) thread_.join();
    close_socket(listener_);
  }
  ScriptedServer(const ScriptedServer &) = delete;
  ScriptedServer &operator=(const ScriptedServer &) = delete;

  bool ok() const { return listener_ != kNoSocket; }
  uint16_t port() const { return port_; }
  int handled() const { return handled_; }
  // The port the client of the last accepted connection connected from.
  uint16_t last_peer_port() const { return last_peer_port_; }
  // Set once the handler of connection `index` (0-based) has returned and the socket is closed.
  bool wait_handled(int count, double seconds = 10) const {
    auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    while (handled_ < count) {
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

 private:
  void run() {
    for (int index = 0; !stop_; ++index) {
      Sock connection = kNoSocket;
      while (!stop_ && connection == kNoSocket) {
        if (wait_readable(listener_, 20)) connection = accept(listener_, nullptr, nullptr);
      }
      if (connection == kNoSocket) break;
      set_nonblocking(connection, false);
      set_recv_timeout(connection, 10);
      last_peer_port_ = port_of(peer_address(connection));
      {
        std::lock_guard lock(mutex_);
        current_ = connection;
      }
      if (!stop_) handler_(connection, index);
      {
        std::lock_guard lock(mutex_);
        current_ = kNoSocket;
      }
      close_socket(connection);
      ++handled_;
    }
  }

  Handler handler_;
  Sock listener_ = kNoSocket;
  uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  Sock current_ = kNoSocket;
  std::atomic<int> handled_{0};
  std::atomic<uint16_t> last_peer_port_{0};
};

// Echoes every byte of any number of concurrent connections (one thread, poll, non-blocking
// sockets, at most 1 MiB buffered per connection). A connection is closed after the client's EOF
// once everything has been echoed.
class EchoServer {
 public:
  explicit EchoServer(Family family) {
    listener_ = listen_loopback(family, SOMAXCONN, port_);
    if (listener_ == kNoSocket) return;
    set_nonblocking(listener_, true);
    thread_ = std::thread([this] { run(); });
  }
  ~EchoServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (auto &c : connections_)
      close_socket(c.socket);
    close_socket(listener_);
  }
  EchoServer(const EchoServer &) = delete;
  EchoServer &operator=(const EchoServer &) = delete;

  bool ok() const { return listener_ != kNoSocket; }
  uint16_t port() const { return port_; }
  int accepted() const { return accepted_; }
  int open_connections() const { return open_; }

 private:
  struct Connection {
    Sock socket = kNoSocket;
    std::string pending;
    size_t offset = 0;
    bool eof = false;
  };
  static constexpr size_t kMaxPending = 1 << 20;

  void run() {
    std::vector<char> buffer(256 * 1024);
#ifdef _WIN32
    std::vector<WSAPOLLFD> fds;
#else
    std::vector<pollfd> fds;
#endif
    while (!stop_) {
      fds.clear();
      fds.push_back({});
      fds.back().fd = listener_;
      fds.back().events = POLLIN;
      for (auto &c : connections_) {
        fds.push_back({});
        fds.back().fd = c.socket;
        short events = 0;
        if (!c.eof && c.pending.size() - c.offset < kMaxPending) events |= POLLIN;
        if (c.pending.size() > c.offset) events |= POLLOUT;
        fds.back().events = events;
      }
#ifdef _WIN32
      int ready = WSAPoll(fds.data(), static_cast<ULONG>(fds.size()), 20);
#else
      int ready = ::poll(fds.data(), fds.size(), 20);
#endif
      if (ready <= 0) continue;
      for (size_t i = 1; i < fds.size(); ++i) {
        Connection &c = connections_[i - 1];
        short revents = fds[i].revents;
        bool failed = false;
        if ((revents & (POLLIN | POLLHUP | POLLERR)) != 0 && !c.eof &&
            c.pending.size() - c.offset < kMaxPending) {
          auto n = ::recv(c.socket, buffer.data(), static_cast<int>(buffer.size()), 0);
          if (n > 0) {
            c.pending.append(buffer.data(), static_cast<size_t>(n));
          } else if (n == 0) {
            c.eof = true;
          } else if (!would_block(last_socket_error())) {
            failed = true;
          }
        }
        if (!failed && c.pending.size() > c.offset) {
          auto n = ::send(c.socket, c.pending.data() + c.offset,
                          static_cast<int>(std::min<size_t>(c.pending.size() - c.offset, 1 << 20)),
                          kSendFlags);
          if (n > 0) {
            c.offset += static_cast<size_t>(n);
            if (c.offset == c.pending.size()) {
              c.pending.clear();
              c.offset = 0;
            } else if (c.offset > kMaxPending) {
              c.pending.erase(0, c.offset);
              c.offset = 0;
            }
          } else if (n < 0 && !would_block(last_socket_error())) {
            failed = true;
          }
        }
        if (failed || (c.eof && c.pending.size() == c.offset)) {
          close_socket(c.socket);
          c.socket = kNoSocket;
          --open_;
        }
      }
      connections_.erase(std::remove_if(connections_.begin(), connections_.end(),
                                        [](const Connection &c) { return c.socket == kNoSocket; }),
                         connections_.end());
      if ((fds[0].revents & POLLIN) != 0) {
        for (;;) {
          Sock s = accept(listener_, nullptr, nullptr);
          if (s == kNoSocket) break;
          set_nonblocking(s, true);
          connections_.push_back(Connection{s, {}, 0, false});
          ++accepted_;
          ++open_;
        }
      }
    }
  }

  Sock listener_ = kNoSocket;
  uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::vector<Connection> connections_;  // server thread only
  std::atomic<int> accepted_{0};
  std::atomic<int> open_{0};
};

// ---- CF values --------------------------------------------------------------------------------

inline Owned<ocfs_number_ref> number(double value) {
  return own(ocfs_number_create(nullptr, OCFS_NUMBER_FLOAT64, &value));
}

inline Owned<ocfs_number_ref> int_number(int64_t value) {
  return own(ocfs_number_create(nullptr, OCFS_NUMBER_SINT64, &value));
}

inline double double_value(ocfs_type_ref value) {
  double result = -1;
  if (value == nullptr || ocfs_get_type_id(value) != ocfs_number_get_type_id()) return -12345;
  ocfs_number_get_value(static_cast<ocfs_number_ref>(value), OCFS_NUMBER_FLOAT64, &result);
  return result;
}

inline int64_t int_value(ocfs_type_ref value) {
  int64_t result = -1;
  if (value == nullptr || ocfs_get_type_id(value) != ocfs_number_get_type_id()) return -12345;
  ocfs_number_get_value(static_cast<ocfs_number_ref>(value), OCFS_NUMBER_SINT64, &result);
  return result;
}

inline std::string error_text(ocfs_stream_error e) {
  return "{" + std::to_string(e.domain) + ", " + std::to_string(e.error) + "}";
}

#define EXPECT_STREAM_ERROR(actual, expected_domain, expected_code)     \
  do {                                                                  \
    ocfs_stream_error ocfs_e_ = (actual);                               \
    EXPECT_EQ(ocfs_e_.domain, static_cast<ocfs_index>(expected_domain)) \
        << "error " << ::ocfs_test::error_text(ocfs_e_);                \
    EXPECT_EQ(ocfs_e_.error, static_cast<int32_t>(expected_code))       \
        << "error " << ::ocfs_test::error_text(ocfs_e_);                \
  } while (0)

// ---- Pairs --------------------------------------------------------------------------------------

struct Pair {
  Owned<ocfs_read_stream_ref> read;
  Owned<ocfs_write_stream_ref> write;
};

inline Pair pair_to_host(const char *host, uint16_t port) {
  Pair pair;
  auto name = str(host);
  ocfs_read_stream_ref r = nullptr;
  ocfs_write_stream_ref w = nullptr;
  ocfs_stream_create_pair_with_socket_to_host(nullptr, name, port, &r, &w);
  pair.read.reset(r);
  pair.write.reset(w);
  return pair;
}

inline Pair pair_to(Family family, uint16_t port) {
  return pair_to_host(loopback_name(family), port);
}

inline Pair pair_with_socket(Sock s) {
  Pair pair;
  ocfs_read_stream_ref r = nullptr;
  ocfs_write_stream_ref w = nullptr;
  ocfs_stream_create_pair_with_socket(nullptr, s, &r, &w);
  pair.read.reset(r);
  pair.write.reset(w);
  return pair;
}

// The pair's native handle (kNoSocket when the property is missing or malformed).
inline Sock native_handle(ocfs_read_stream_ref stream) {
  Owned<ocfs_type_ref> data(
      ocfs_read_stream_copy_property(stream, ocfs_stream_property_socket_native_handle));
  if (data.get() == nullptr || ocfs_get_type_id(data) != ocfs_data_get_type_id()) return kNoSocket;
  auto d = static_cast<ocfs_data_ref>(data.get());
  if (ocfs_data_get_length(d) != static_cast<ocfs_index>(sizeof(Sock))) return kNoSocket;
  Sock s;
  std::memcpy(&s, ocfs_data_get_byte_ptr(d), sizeof s);
  return s;
}

inline ocfs_index write_text(ocfs_write_stream_ref stream, const std::string &data) {
  return ocfs_write_stream_write(stream, reinterpret_cast<const uint8_t *>(data.data()),
                                 static_cast<ocfs_index>(data.size()));
}

// Writes everything (blocking); false if a write fails.
inline bool write_all(ocfs_write_stream_ref stream, const std::string &data) {
  size_t done = 0;
  while (done < data.size()) {
    ocfs_index n =
        ocfs_write_stream_write(stream, reinterpret_cast<const uint8_t *>(data.data()) + done,
                                static_cast<ocfs_index>(data.size() - done));
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// One blocking read of at most `max` bytes: the bytes, with `result` the return value.
inline std::string read_some(ocfs_read_stream_ref stream, ocfs_index max, ocfs_index *result) {
  std::string out(static_cast<size_t>(max), '\0');
  ocfs_index n = ocfs_read_stream_read(stream, reinterpret_cast<uint8_t *>(out.data()), max);
  if (result != nullptr) *result = n;
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

// Blocking reads until `count` bytes have come; stops early at EOF or on an error.
inline std::string read_exact(ocfs_read_stream_ref stream, size_t count) {
  std::string out;
  while (out.size() < count) {
    ocfs_index n = 0;
    std::string part = read_some(stream, static_cast<ocfs_index>(count - out.size()), &n);
    if (n <= 0) break;
    out += part;
  }
  return out;
}

// ---- Run loops ----------------------------------------------------------------------------------

const ocfs_run_loop_mode kDefaultMode = ocfs_run_loop_default_mode;

// Runs the current thread's run loop in the default mode until `done` or `seconds` pass.
inline bool run_until(const std::function<bool()> &done, double seconds = 10) {
  auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (Clock::now() > deadline) return false;
    if (ocfs_run_loop_run_in_mode(kDefaultMode, 0.02, OCFS_TRUE) == OCFS_RUN_LOOP_RUN_FINISHED)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// Runs the default mode for `seconds` (to see that nothing more is delivered).
inline void run_for(double seconds) {
  auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < deadline) {
    if (ocfs_run_loop_run_in_mode(kDefaultMode, 0.02, OCFS_FALSE) == OCFS_RUN_LOOP_RUN_FINISHED)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

// Schedules a pair's halves on `loop` (default mode) for the life of the returned guard, which
// closes them when it goes: a scheduled stream stays alive after its last release, and must not
// call back into a test's recorders once they are gone. Declare it after the recorders.
class [[nodiscard]] ScheduledPair {
 public:
  ScheduledPair() = default;
  ScheduledPair(const Pair &pair, ocfs_run_loop_ref loop) {
    if (pair.read) {
      read_ = static_cast<ocfs_read_stream_ref>(const_cast<void *>(ocfs_retain(pair.read)));
      ocfs_read_stream_schedule_with_run_loop(read_, loop, kDefaultMode);
    }
    if (pair.write) {
      write_ = static_cast<ocfs_write_stream_ref>(const_cast<void *>(ocfs_retain(pair.write)));
      ocfs_write_stream_schedule_with_run_loop(write_, loop, kDefaultMode);
    }
  }
  ScheduledPair(ScheduledPair &&other) noexcept
      : read_(std::exchange(other.read_, nullptr)), write_(std::exchange(other.write_, nullptr)) {}
  ScheduledPair &operator=(ScheduledPair &&other) noexcept {
    finish();
    read_ = std::exchange(other.read_, nullptr);
    write_ = std::exchange(other.write_, nullptr);
    return *this;
  }
  ~ScheduledPair() { finish(); }

 private:
  void finish() {
    if (read_ != nullptr) {
      ocfs_read_stream_close(read_);
      ocfs_release(read_);
      read_ = nullptr;
    }
    if (write_ != nullptr) {
      ocfs_write_stream_close(write_);
      ocfs_release(write_);
      write_ = nullptr;
    }
  }
  ocfs_read_stream_ref read_ = nullptr;
  ocfs_write_stream_ref write_ = nullptr;
};

// Right after an asynchronous open: the connect runs on a background thread and may already have
// finished (loopback under load, sanitizers), so OPENING and OPEN are both right; what must never
// be seen is anything else.
inline bool opening_or_open(ocfs_stream_status status) {
  return status == OCFS_STREAM_STATUS_OPENING || status == OCFS_STREAM_STATUS_OPEN;
}

inline ScheduledPair schedule(const Pair &pair,
                              ocfs_run_loop_ref loop = ocfs_run_loop_get_current()) {
  return ScheduledPair(pair, loop);
}

// ---- Events -----------------------------------------------------------------------------------

constexpr ocfs_option_flags kAllEvents =
    OCFS_STREAM_EVENT_OPEN_COMPLETED | OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE |
    OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES | OCFS_STREAM_EVENT_ERROR_OCCURRED |
    OCFS_STREAM_EVENT_END_ENCOUNTERED;

constexpr ocfs_stream_event_type kOpen = OCFS_STREAM_EVENT_OPEN_COMPLETED;
constexpr ocfs_stream_event_type kHas = OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE;
constexpr ocfs_stream_event_type kCan = OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES;
constexpr ocfs_stream_event_type kErr = OCFS_STREAM_EVENT_ERROR_OCCURRED;
constexpr ocfs_stream_event_type kEnd = OCFS_STREAM_EVENT_END_ENCOUNTERED;

using Events = std::vector<ocfs_stream_event_type>;

inline std::string event_name(ocfs_stream_event_type e) {
  switch (e) {
    case kOpen:
      return "OpenCompleted";
    case kHas:
      return "HasBytesAvailable";
    case kCan:
      return "CanAcceptBytes";
    case kErr:
      return "ErrorOccurred";
    case kEnd:
      return "EndEncountered";
    default:
      return "event(" + std::to_string(e) + ")";
  }
}

inline std::string describe(const Events &events) {
  std::string out = "[";
  for (size_t i = 0; i < events.size(); ++i)
    out += (i ? ", " : "") + event_name(events[i]);
  return out + "]";
}

inline size_t count_of(const Events &events, ocfs_stream_event_type e) {
  return static_cast<size_t>(std::count(events.begin(), events.end(), e));
}

// Records a stream's events (the thread they came on too); `on_event` runs inside the callback.
// Events are kept under a lock so that another thread may look at them.
struct Recorder {
  std::function<void(ocfs_stream_event_type)> on_event;

  static void on_read(ocfs_read_stream_ref, ocfs_stream_event_type type, void *info) {
    static_cast<Recorder *>(info)->record(type);
  }
  static void on_write(ocfs_write_stream_ref, ocfs_stream_event_type type, void *info) {
    static_cast<Recorder *>(info)->record(type);
  }
  void record(ocfs_stream_event_type type) {
    {
      std::lock_guard lock(mutex_);
      if (in_callback_) reentered_ = true;
      in_callback_ = true;
      events_.push_back(type);
      threads_.push_back(std::this_thread::get_id());
    }
    if (on_event) on_event(type);
    std::lock_guard lock(mutex_);
    in_callback_ = false;
  }
  void attach(ocfs_read_stream_ref stream, ocfs_option_flags mask = kAllEvents) {
    ocfs_stream_client_context c = {};
    c.info = this;
    ASSERT_TRUE(ocfs_read_stream_set_client(stream, mask, on_read, &c));
  }
  void attach(ocfs_write_stream_ref stream, ocfs_option_flags mask = kAllEvents) {
    ocfs_stream_client_context c = {};
    c.info = this;
    ASSERT_TRUE(ocfs_write_stream_set_client(stream, mask, on_write, &c));
  }
  Events events() {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<std::thread::id> threads() {
    std::lock_guard lock(mutex_);
    return threads_;
  }
  size_t count(ocfs_stream_event_type e) { return count_of(events(), e); }
  bool has(ocfs_stream_event_type e) { return count(e) > 0; }
  size_t size() { return events().size(); }
  void clear() {
    std::lock_guard lock(mutex_);
    events_.clear();
    threads_.clear();
  }
  bool reentered() {
    std::lock_guard lock(mutex_);
    return reentered_;
  }

 private:
  std::mutex mutex_;
  Events events_;
  std::vector<std::thread::id> threads_;
  bool in_callback_ = false;
  bool reentered_ = false;
};

// ---- Byte pattern -------------------------------------------------------------------------------

// Pseudo-random bytes with a period that is not a power of two: the byte at stream offset i is
// table[i % kPatternPeriod], so chunks lost, repeated or reordered show up.
constexpr size_t kPatternPeriod = (size_t{1} << 20) + 13;

inline const std::vector<uint8_t> &pattern_table() {
  static const std::vector<uint8_t> table = [] {
    std::vector<uint8_t> t(kPatternPeriod);
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < t.size(); ++i) {
      x += 0x9E3779B97F4A7C15ull;  // splitmix64
      uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      t[i] = static_cast<uint8_t>((z ^ (z >> 31)) & 0xFF);
    }
    return t;
  }();
  return table;
}

// The pattern from `offset` on: a pointer and how many bytes follow contiguously (<= max).
inline const uint8_t *pattern_at(uint64_t offset, size_t max, size_t &length) {
  size_t start = static_cast<size_t>(offset % kPatternPeriod);
  length = std::min(max, kPatternPeriod - start);
  return pattern_table().data() + start;
}

inline std::string pattern_string(uint64_t offset, size_t length) {
  std::string out;
  while (out.size() < length) {
    size_t n = 0;
    const uint8_t *p = pattern_at(offset + out.size(), length - out.size(), n);
    out.append(reinterpret_cast<const char *>(p), n);
  }
  return out;
}

// Whether `data` equals the pattern at `offset`.
inline bool pattern_matches(uint64_t offset, const uint8_t *data, size_t length) {
  while (length > 0) {
    size_t n = 0;
    const uint8_t *p = pattern_at(offset, length, n);
    if (std::memcmp(p, data, n) != 0) return false;
    offset += n;
    data += n;
    length -= n;
  }
  return true;
}

}  // namespace ocfs_test

#endif  // OCFS_TESTS_NET_NET_TEST_UTIL_HPP
