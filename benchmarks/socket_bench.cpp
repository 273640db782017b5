// Socket stream pairs against the baseline on the same loopback, in the same run, plain and over
// TLS 1.3 (TLS_AES_128_GCM_SHA256 on both sides; see bench_support.hpp for both clients):
//  - write: 8 MiB per iteration in 1 KiB or 64 KiB calls to a peer that discards it, through a
//    pair's write stream (blocking style) against send() / SSL_write() on a blocking socket;
//  - read: 8 MiB per iteration produced by the peer, read in 1 KiB or 64 KiB calls through a
//    pair's read stream against recv() / SSL_read();
//  - ping-pong: a 64-byte message to an echo peer and back. Blocking style: blocking read and
//    write on both sides. Run-loop style: the reply arrives as HasBytesAvailable on the current
//    thread's run loop, whose handler reads it and sends the next message, against a hand-written
//    epoll loop doing the same (epoll_wait, one read, send);
//  - handshakes: one connection per iteration (TCP connect, TLS 1.3 handshake, a 1-byte echo,
//    close with close_notify), full (the peer issues no ticket) or resumed (the previous
//    connection's ticket: our pair's session cache, SSL_set_session for the baseline); and full
//    handshakes verified against the system's roots (the system's CA bundle with the test CA
//    added, through SSL_CERT_FILE) instead of one anchor, as most applications run.
// The peer is the same code for both sides, so each ratio is our stream's overhead. Each case also
// reports the whole process's CPU time per iteration (client, peer and the library's own threads),
// compared in the table's "CPU" column: a steadier view of the overhead on a busy machine.
#include <benchmark/benchmark.h>

#include <type_traits>
#include <vector>

#include "ratio_main.hpp"

#if defined(__linux__)
#include <sys/epoll.h>

#include "bench_support.hpp"

namespace {

using namespace ocfs_bench;

constexpr size_t kBulk = 8 * 1024 * 1024;
constexpr size_t kMessage = 64;

// ---- Bulk transfer ----

template <typename Client, Security kSecurity, size_t kChunk>
void bulk_write(benchmark::State &state) {
  PinnedToCpu pinned(0);  // and the peer on CPU 1: see PinnedToCpu
  Peer peer(Role::kDiscard, kSecurity, 1, 1);
  Client client(peer.port(), kSecurity);
  std::string failure = warm_up(client, Role::kDiscard, kSecurity);
  if (!failure.empty()) state.SkipWithError(failure.c_str());
  std::vector<char> chunk(kChunk, 'a');
  ProcessCpu cpu(state);
  for (auto _ : state) {
    for (size_t sent = 0; sent < kBulk; sent += kChunk) {
      if (!write_all(client, chunk.data(), chunk.size())) {
        state.SkipWithError("write failed");
        break;
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBulk));
}

template <typename Client, Security kSecurity, size_t kChunk>
void bulk_read(benchmark::State &state) {
  PinnedToCpu pinned(0);  // and the peer on CPU 1: see PinnedToCpu
  Peer peer(Role::kProduce, kSecurity, 1, 1);
  Client client(peer.port(), kSecurity);
  std::string failure = warm_up(client, Role::kProduce, kSecurity);
  if (!failure.empty()) state.SkipWithError(failure.c_str());
  std::vector<char> chunk(kChunk);
  ProcessCpu cpu(state);
  for (auto _ : state) {
    for (size_t got = 0; got < kBulk;) {
      long n = client.read_some(chunk.data(), chunk.size());
      if (n <= 0) {
        state.SkipWithError("read failed");
        break;
      }
      got += static_cast<size_t>(n);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBulk));
}

// ---- Ping-pong, blocking style ----

template <typename Client, Security kSecurity>
void ping_pong_blocking(benchmark::State &state) {
  Peer peer(Role::kEcho, kSecurity);
  Client client(peer.port(), kSecurity);
  std::string failure = warm_up(client, Role::kEcho, kSecurity);
  if (!failure.empty()) state.SkipWithError(failure.c_str());
  char message[kMessage] = {1}, reply[kMessage];
  ProcessCpu cpu(state);
  for (auto _ : state) {
    if (!write_all(client, message, kMessage) || !read_exactly(client, reply, kMessage)) {
      state.SkipWithError("echo failed");
      break;
    }
  }
}

// ---- Ping-pong, run-loop style ----
//
// Everything happens in the event handler, as in an event-driven program: the reply's arrival
// reads it and sends the next message. The loop runs for a batch of kBatch round trips, then
// stops (Google Benchmark counts each round trip as one iteration).

constexpr int64_t kBatch = 100;

// The baseline: a non-blocking socket in an epoll set; each wake-up is followed by one read
// (SSL_read for TLS, which may find only part of a record and wait again).
template <Security kSecurity>
void ping_pong_event_loop_baseline(benchmark::State &state) {
  Peer peer(Role::kEcho, kSecurity);
  RawClient client(peer.port(), kSecurity);
  std::string failure = warm_up(client, Role::kEcho, kSecurity);
  if (!failure.empty()) state.SkipWithError(failure.c_str());
  client.set_nonblocking();
  int poller = epoll_create1(EPOLL_CLOEXEC);
  epoll_event interest{};
  interest.events = EPOLLIN;
  epoll_ctl(poller, EPOLL_CTL_ADD, client.fd(), &interest);
  char message[kMessage] = {1}, reply[kMessage];
  ProcessCpu cpu(state);
  while (state.KeepRunningBatch(kBatch)) {
    int64_t done = 0;
    size_t got = 0;
    if (!write_all(client, message, kMessage)) state.SkipWithError("write failed");
    while (done < kBatch) {
      epoll_event ready;
      if (epoll_wait(poller, &ready, 1, 5000) != 1) {
        state.SkipWithError("no reply");
        break;
      }
      ERR_clear_error();
      long n = kSecurity == Security::kTls
                   ? SSL_read(client.ssl(), reply + got, static_cast<int>(kMessage - got))
                   : recv(client.fd(), reply + got, kMessage - got, 0);
      if (n > 0) got += static_cast<size_t>(n);
      if (got < kMessage) continue;
      got = 0;
      if (++done < kBatch) write_all(client, message, kMessage);
    }
  }
  close(poller);
}

// Ours: the read half scheduled on the current thread's run loop; HasBytesAvailable reads the
// reply and writes the next message through the (unscheduled) write half.
struct RunLoopEcho {
  OcfsClient *client = nullptr;
  int64_t done = 0;
  size_t received = 0;
  bool failed = false;
  char message[kMessage] = {1};
  char reply[kMessage];
};

void on_reply(ocfs_read_stream_ref stream, ocfs_stream_event_type type, void *info) {
  auto *echo = static_cast<RunLoopEcho *>(info);
  ocfs_index n = 0;
  if (type == OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE) {
    n = ocfs_read_stream_read(stream, reinterpret_cast<uint8_t *>(echo->reply + echo->received),
                              static_cast<ocfs_index>(kMessage - echo->received));
  }
  if (n <= 0) {
    echo->failed = true;
    ocfs_run_loop_stop(ocfs_run_loop_get_current());
    return;
  }
  echo->received += static_cast<size_t>(n);
  if (echo->received < kMessage) return;
  echo->received = 0;
  if (++echo->done == kBatch) {
    ocfs_run_loop_stop(ocfs_run_loop_get_current());
  } else if (!write_all(*echo->client, echo->message, kMessage)) {
    echo->failed = true;
  }
}

template <Security kSecurity>
void ping_pong_run_loop_ocfs(benchmark::State &state) {
  Peer peer(Role::kEcho, kSecurity);
  OcfsClient client(peer.port(), kSecurity);
  std::string failure = warm_up(client, Role::kEcho, kSecurity);
  if (!failure.empty()) state.SkipWithError(failure.c_str());
  RunLoopEcho echo;
  echo.client = &client;
  ocfs_stream_client_context context = {0, &echo, nullptr, nullptr, nullptr};
  ocfs_read_stream_set_client(client.in,
                              OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE |
                                  OCFS_STREAM_EVENT_END_ENCOUNTERED |
                                  OCFS_STREAM_EVENT_ERROR_OCCURRED,
                              on_reply, &context);
  ocfs_read_stream_schedule_with_run_loop(client.in, ocfs_run_loop_get_current(),
                                          ocfs_run_loop_default_mode);
  ProcessCpu cpu(state);
  while (state.KeepRunningBatch(kBatch)) {
    echo.done = 0;
    if (!write_all(client, echo.message, kMessage)) state.SkipWithError("write failed");
    while (echo.done < kBatch && !echo.failed) {
      if (ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 5, OCFS_FALSE) ==
          OCFS_RUN_LOOP_RUN_TIMED_OUT) {
        echo.failed = true;
      }
    }
    if (echo.failed) {
      state.SkipWithError("no reply");
      break;
    }
  }
  ocfs_read_stream_unschedule_from_run_loop(client.in, ocfs_run_loop_get_current(),
                                            ocfs_run_loop_default_mode);
  ocfs_read_stream_set_client(client.in, 0, nullptr, nullptr);
}

// ---- Handshakes ----

template <typename Client, bool kResume, Trust kTrust = Trust::kTestAnchor>
void handshake(benchmark::State &state) {
  Peer peer(Role::kEcho, Security::kTls, kResume ? 1 : 0);
  SSL_SESSION *session = nullptr;  // the baseline's; our pair keeps its own
  int64_t resumed = 0;
  ProcessCpu cpu(state);
  for (auto _ : state) {
    Client client(peer.port(), Security::kTls, session, kTrust);
    char byte = 'h';
    if (!write_all(client, &byte, 1) || !read_exactly(client, &byte, 1)) {
      state.SkipWithError("handshake or echo failed");
      break;
    }
    resumed += client.session_reused() ? 1 : 0;
    if constexpr (kResume && std::is_same_v<Client, RawClient>) {
      SSL_SESSION_free(session);
      session = SSL_get1_session(client.ssl());
    }
  }
  SSL_SESSION_free(session);
  int64_t expected = kResume ? state.iterations() - 1 : 0;
  if (resumed != expected) state.SkipWithError("not every handshake was of the intended kind");
}

constexpr Security kPlain = Security::kPlain;
constexpr Security kTls = Security::kTls;
constexpr size_t k1K = 1024;
constexpr size_t k64K = 64 * 1024;

// Each case with its goal (issue #8): throughput at least 0.95 of raw, latency at most 1.1 of raw,
// handshakes at least 0.95 of raw.
bool throughput(const std::string &name, BenchmarkFunction baseline, BenchmarkFunction ours) {
  return register_pair(name, baseline, ours) &&
         compare({name, "rate", "MB/s", 1, Goal::kRatioAtLeast, 0.95, ""});
}
bool latency(const std::string &name, BenchmarkFunction baseline, BenchmarkFunction ours) {
  return register_pair(name, baseline, ours) &&
         compare({name, "time", "us/round trip", 1, Goal::kRatioAtMost, 1.10, ""});
}
bool handshakes(const std::string &name, BenchmarkFunction baseline, BenchmarkFunction ours) {
  return register_pair(name, baseline, ours, 0.5) &&
         compare({name, "rate", "handshakes/s", 1, Goal::kRatioAtLeast, 0.95, ""});
}

[[maybe_unused]] const bool registered =
    throughput("socket_write_1KiB", bulk_write<RawClient, kPlain, k1K>,
               bulk_write<OcfsClient, kPlain, k1K>) &&
    throughput("socket_write_64KiB", bulk_write<RawClient, kPlain, k64K>,
               bulk_write<OcfsClient, kPlain, k64K>) &&
    throughput("socket_read_1KiB", bulk_read<RawClient, kPlain, k1K>,
               bulk_read<OcfsClient, kPlain, k1K>) &&
    throughput("socket_read_64KiB", bulk_read<RawClient, kPlain, k64K>,
               bulk_read<OcfsClient, kPlain, k64K>) &&
    throughput("tls_write_1KiB", bulk_write<RawClient, kTls, k1K>,
               bulk_write<OcfsClient, kTls, k1K>) &&
    throughput("tls_write_64KiB", bulk_write<RawClient, kTls, k64K>,
               bulk_write<OcfsClient, kTls, k64K>) &&
    throughput("tls_read_1KiB", bulk_read<RawClient, kTls, k1K>,
               bulk_read<OcfsClient, kTls, k1K>) &&
    throughput("tls_read_64KiB", bulk_read<RawClient, kTls, k64K>,
               bulk_read<OcfsClient, kTls, k64K>) &&
    latency("socket_ping_pong_blocking", ping_pong_blocking<RawClient, kPlain>,
            ping_pong_blocking<OcfsClient, kPlain>) &&
    latency("socket_ping_pong_run_loop", ping_pong_event_loop_baseline<kPlain>,
            ping_pong_run_loop_ocfs<kPlain>) &&
    latency("tls_ping_pong_blocking", ping_pong_blocking<RawClient, kTls>,
            ping_pong_blocking<OcfsClient, kTls>) &&
    latency("tls_ping_pong_run_loop", ping_pong_event_loop_baseline<kTls>,
            ping_pong_run_loop_ocfs<kTls>) &&
    handshakes("tls_handshake_full", handshake<RawClient, false>, handshake<OcfsClient, false>) &&
    handshakes("tls_handshake_resumed", handshake<RawClient, true>, handshake<OcfsClient, true>) &&
    handshakes("tls_handshake_system_trust", handshake<RawClient, false, Trust::kSystem>,
               handshake<OcfsClient, false, Trust::kSystem>);

}  // namespace

#endif  // __linux__

OCFS_BENCHMARK_MAIN();
