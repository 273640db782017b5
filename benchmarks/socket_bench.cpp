// Socket stream pairs against raw send/recv on the same loopback, in the same run:
//  - write: 8 MiB per iteration written in 64 KiB calls to a peer thread that discards it,
//    through a pair's write stream (blocking style) against send() on a raw socket;
//  - read: 8 MiB per iteration produced by a peer thread, read in 64 KiB calls through a pair's
//    read stream against recv();
//  - ping-pong: a 64-byte message to an echo thread and back, blocking style and run-loop style
//    (events on the current thread's run loop), against send()/recv().
// The peer threads are the same raw code for both sides, so the ratio is our stream's overhead.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include <opencfstream/ocfs.h>

#include "ratio_main.hpp"

#if defined(__linux__)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr size_t kChunk = 64 * 1024;
constexpr size_t kBulk = 8 * 1024 * 1024;
constexpr size_t kMessage = 64;

enum class PeerRole { kDiscard, kProduce, kEcho };

// A loopback listener and one accepted connection served by a thread in `role`.
class Peer {
 public:
  explicit Peer(PeerRole role) : role_(role) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr *>(&address), sizeof address);
    listen(listener_, 1);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr *>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~Peer() {
    thread_.join();
    close(listener_);
  }
  uint16_t port() const { return port_; }

  // A raw client socket connected to the peer (the baseline's side).
  int connect_raw() const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port_);
    connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return fd;
  }

 private:
  void serve() {
    int fd = accept(listener_, nullptr, nullptr);
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    std::vector<char> buffer(kChunk, 'x');
    for (;;) {
      ssize_t n;
      if (role_ == PeerRole::kProduce) {
        n = send(fd, buffer.data(), buffer.size(), MSG_NOSIGNAL);
      } else {
        n = recv(fd, buffer.data(), buffer.size(), 0);
        if (n > 0 && role_ == PeerRole::kEcho) n = send(fd, buffer.data(), n, MSG_NOSIGNAL);
      }
      if (n <= 0) break;
    }
    close(fd);
  }

  PeerRole role_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

struct Pair {
  ocfs_read_stream_ref in = nullptr;
  ocfs_write_stream_ref out = nullptr;

  explicit Pair(uint16_t port) {
    ocfs_stream_create_pair_with_socket_to_host(nullptr, OCFS_STR("127.0.0.1"), port, &in, &out);
    ocfs_write_stream_set_property(out, ocfs_stream_socket_set_no_delay, ocfs_boolean_true);
    ocfs_read_stream_open(in);
    ocfs_write_stream_open(out);
  }
  ~Pair() {
    ocfs_read_stream_close(in);
    ocfs_write_stream_close(out);
    ocfs_release(in);
    ocfs_release(out);
  }
};

bool send_all_raw(int fd, const char *data, size_t length) {
  while (length > 0) {
    ssize_t n = send(fd, data, length, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    length -= static_cast<size_t>(n);
  }
  return true;
}

bool write_all(ocfs_write_stream_ref out, const char *data, size_t length) {
  while (length > 0) {
    ocfs_index n = ocfs_write_stream_write(out, reinterpret_cast<const uint8_t *>(data),
                                           static_cast<ocfs_index>(length));
    if (n <= 0) return false;
    data += n;
    length -= static_cast<size_t>(n);
  }
  return true;
}

bool read_exactly_raw(int fd, char *data, size_t length) {
  while (length > 0) {
    ssize_t n = recv(fd, data, length, 0);
    if (n <= 0) return false;
    data += n;
    length -= static_cast<size_t>(n);
  }
  return true;
}

bool read_exactly(ocfs_read_stream_ref in, char *data, size_t length) {
  while (length > 0) {
    ocfs_index n = ocfs_read_stream_read(in, reinterpret_cast<uint8_t *>(data),
                                         static_cast<ocfs_index>(length));
    if (n <= 0) return false;
    data += n;
    length -= static_cast<size_t>(n);
  }
  return true;
}

// ---- Bulk write ----

void write_baseline(benchmark::State &state) {
  Peer peer(PeerRole::kDiscard);
  int fd = peer.connect_raw();
  std::vector<char> chunk(kChunk, 'a');
  for (auto _ : state) {
    for (size_t sent = 0; sent < kBulk; sent += kChunk) {
      if (!send_all_raw(fd, chunk.data(), chunk.size())) state.SkipWithError("send failed");
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBulk));
  close(fd);
}

void write_ocfs(benchmark::State &state) {
  Peer peer(PeerRole::kDiscard);
  Pair pair(peer.port());
  std::vector<char> chunk(kChunk, 'a');
  for (auto _ : state) {
    for (size_t sent = 0; sent < kBulk; sent += kChunk) {
      if (!write_all(pair.out, chunk.data(), chunk.size())) state.SkipWithError("write failed");
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBulk));
}

// ---- Bulk read ----

void read_baseline(benchmark::State &state) {
  Peer peer(PeerRole::kProduce);
  int fd = peer.connect_raw();
  std::vector<char> chunk(kChunk);
  for (auto _ : state) {
    for (size_t got = 0; got < kBulk;) {
      ssize_t n = recv(fd, chunk.data(), chunk.size(), 0);
      if (n <= 0) {
        state.SkipWithError("recv failed");
        break;
      }
      got += static_cast<size_t>(n);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBulk));
  close(fd);
}

void read_ocfs(benchmark::State &state) {
  Peer peer(PeerRole::kProduce);
  Pair pair(peer.port());
  std::vector<char> chunk(kChunk);
  for (auto _ : state) {
    for (size_t got = 0; got < kBulk;) {
      ocfs_index n = ocfs_read_stream_read(pair.in, reinterpret_cast<uint8_t *>(chunk.data()),
                                           static_cast<ocfs_index>(chunk.size()));
      if (n <= 0) {
        state.SkipWithError("read failed");
        break;
      }
      got += static_cast<size_t>(n);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBulk));
}

// ---- Ping-pong ----

void ping_pong_baseline(benchmark::State &state) {
  Peer peer(PeerRole::kEcho);
  int fd = peer.connect_raw();
  char message[kMessage] = {1}, reply[kMessage];
  for (auto _ : state) {
    if (!send_all_raw(fd, message, kMessage) || !read_exactly_raw(fd, reply, kMessage)) {
      state.SkipWithError("echo failed");
    }
  }
  close(fd);
}

void ping_pong_ocfs(benchmark::State &state) {
  Peer peer(PeerRole::kEcho);
  Pair pair(peer.port());
  char message[kMessage] = {1}, reply[kMessage];
  for (auto _ : state) {
    if (!write_all(pair.out, message, kMessage) || !read_exactly(pair.in, reply, kMessage)) {
      state.SkipWithError("echo failed");
    }
  }
}

// Run-loop style: the write happens in the loop's turn, the reply arrives as HasBytesAvailable.
struct RunLoopEcho {
  ocfs_read_stream_ref in;
  size_t received = 0;
  char reply[kMessage];
};

void on_reply(ocfs_read_stream_ref stream, ocfs_stream_event_type, void *info) {
  auto *echo = static_cast<RunLoopEcho *>(info);
  ocfs_index n = ocfs_read_stream_read(stream, reinterpret_cast<uint8_t *>(echo->reply),
                                       static_cast<ocfs_index>(kMessage - echo->received));
  if (n > 0) echo->received += static_cast<size_t>(n);
  if (n <= 0 || echo->received == kMessage) ocfs_run_loop_stop(ocfs_run_loop_get_current());
}

void ping_pong_runloop_baseline(benchmark::State &state) {
  ping_pong_baseline(state);
}

void ping_pong_runloop_ocfs(benchmark::State &state) {
  Peer peer(PeerRole::kEcho);
  Pair pair(peer.port());
  RunLoopEcho echo{pair.in, 0, {}};
  ocfs_stream_client_context context = {0, &echo, nullptr, nullptr, nullptr};
  ocfs_read_stream_set_client(pair.in, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE, on_reply, &context);
  ocfs_read_stream_schedule_with_run_loop(pair.in, ocfs_run_loop_get_current(),
                                          ocfs_run_loop_default_mode);
  char message[kMessage] = {1};
  for (auto _ : state) {
    echo.received = 0;
    if (!write_all(pair.out, message, kMessage)) state.SkipWithError("write failed");
    while (echo.received < kMessage) {
      if (ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 5, OCFS_FALSE) ==
          OCFS_RUN_LOOP_RUN_TIMED_OUT) {
        state.SkipWithError("no reply");
        break;
      }
    }
  }
  ocfs_read_stream_unschedule_from_run_loop(pair.in, ocfs_run_loop_get_current(),
                                            ocfs_run_loop_default_mode);
  ocfs_read_stream_set_client(pair.in, 0, nullptr, nullptr);
}

}  // namespace

BENCHMARK(write_baseline)->Name("socket_write_8MiB/baseline")->UseRealTime();
BENCHMARK(write_ocfs)->Name("socket_write_8MiB/ocfs")->UseRealTime();
BENCHMARK(read_baseline)->Name("socket_read_8MiB/baseline")->UseRealTime();
BENCHMARK(read_ocfs)->Name("socket_read_8MiB/ocfs")->UseRealTime();
BENCHMARK(ping_pong_baseline)->Name("socket_ping_pong_blocking/baseline")->UseRealTime();
BENCHMARK(ping_pong_ocfs)->Name("socket_ping_pong_blocking/ocfs")->UseRealTime();
BENCHMARK(ping_pong_runloop_baseline)->Name("socket_ping_pong_runloop/baseline")->UseRealTime();
BENCHMARK(ping_pong_runloop_ocfs)->Name("socket_ping_pong_runloop/ocfs")->UseRealTime();

#endif  // __linux__

OCFS_BENCHMARK_MAIN();
