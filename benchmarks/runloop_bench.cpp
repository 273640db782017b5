// Run-loop and bound-pair costs against what a program would write by hand on the same machine,
// in the same run:
//  - dispatch: a source signalled and performed on the same thread, against an eventfd written and
//    read back through epoll_wait (the kernel-assisted minimum for "wake my loop, call my code");
//  - ping-pong: two threads bouncing a token through two run loops (signal + wake-up) against two
//    threads bouncing it through two eventfds and epoll;
//  - bound pair: 16 MiB through a bound pair between two threads against a pipe.
// Each case also reports the process's CPU time per iteration (the table's "CPU" column).
#include <benchmark/benchmark.h>

#include <atomic>
#include <thread>
#include <vector>

#include <opencfstream/ocfs.h>

#include "ratio_main.hpp"

#if defined(__linux__)
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace {

using ocfs_bench::ProcessCpu;

// ---- Dispatch on one thread ----

void dispatch_baseline(benchmark::State &state) {
  int event = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  int poller = epoll_create1(EPOLL_CLOEXEC);
  epoll_event interest{};
  interest.events = EPOLLIN;
  epoll_ctl(poller, EPOLL_CTL_ADD, event, &interest);
  uint64_t calls = 0;
  ProcessCpu cpu(state);
  for (auto _ : state) {
    uint64_t one = 1;
    benchmark::DoNotOptimize(write(event, &one, sizeof one));
    epoll_event ready;
    if (epoll_wait(poller, &ready, 1, -1) == 1) {
      uint64_t value;
      benchmark::DoNotOptimize(read(event, &value, sizeof value));
      ++calls;  // the "callback"
    }
  }
  benchmark::DoNotOptimize(calls);
  close(poller);
  close(event);
}

void dispatch_ocfs(benchmark::State &state) {
  uint64_t calls = 0;
  ocfs_run_loop_source_context context = {};
  context.info = &calls;
  context.perform = [](void *info) { ++*static_cast<uint64_t *>(info); };
  ocfs_run_loop_source_ref source = ocfs_run_loop_source_create(nullptr, 0, &context);
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  ocfs_run_loop_add_source(loop, source, ocfs_run_loop_default_mode);
  ProcessCpu cpu(state);
  for (auto _ : state) {
    ocfs_run_loop_source_signal(source);
    ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 1, OCFS_TRUE);
  }
  if (calls != static_cast<uint64_t>(state.iterations()))
    state.SkipWithError("a signal was not performed");
  ocfs_run_loop_source_invalidate(source);
  ocfs_release(source);
}

// ---- Cross-thread ping-pong ----

void ping_pong_baseline(benchmark::State &state) {
  int to_peer = eventfd(0, EFD_CLOEXEC), to_us = eventfd(0, EFD_CLOEXEC);
  std::atomic<bool> stop{false};
  std::thread peer([&] {
    uint64_t value;
    while (read(to_peer, &value, sizeof value) == sizeof value && !stop) {
      uint64_t one = 1;
      benchmark::DoNotOptimize(write(to_us, &one, sizeof one));
    }
  });
  ProcessCpu cpu(state);
  for (auto _ : state) {
    uint64_t one = 1, value;
    benchmark::DoNotOptimize(write(to_peer, &one, sizeof one));
    benchmark::DoNotOptimize(read(to_us, &value, sizeof value));
  }
  stop = true;
  uint64_t one = 1;
  benchmark::DoNotOptimize(write(to_peer, &one, sizeof one));
  peer.join();
  close(to_peer);
  close(to_us);
}

struct Bouncer {
  ocfs_run_loop_source_ref source = nullptr;
  ocfs_run_loop_ref loop = nullptr;
  std::atomic<bool> ready{false};
};

void ping_pong_ocfs(benchmark::State &state) {
  Bouncer peer_side, our_side;
  std::atomic<bool> stop{false};
  std::thread peer([&] {
    ocfs_run_loop_source_context context = {};
    context.info = &our_side;
    context.perform = [](void *info) {  // bounce the token back to the benchmark thread
      auto *target = static_cast<Bouncer *>(info);
      ocfs_run_loop_source_signal(target->source);
      ocfs_run_loop_wake_up(target->loop);
    };
    peer_side.source = ocfs_run_loop_source_create(nullptr, 0, &context);
    peer_side.loop = ocfs_run_loop_get_current();
    ocfs_run_loop_add_source(peer_side.loop, peer_side.source, ocfs_run_loop_default_mode);
    peer_side.ready = true;
    while (!stop)
      ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 1, OCFS_TRUE);
    ocfs_run_loop_source_invalidate(peer_side.source);
    ocfs_release(peer_side.source);
  });
  ocfs_run_loop_source_context context = {};
  context.perform = [](void *) {};
  our_side.source = ocfs_run_loop_source_create(nullptr, 0, &context);
  our_side.loop = ocfs_run_loop_get_current();
  ocfs_run_loop_add_source(our_side.loop, our_side.source, ocfs_run_loop_default_mode);
  while (!peer_side.ready)
    std::this_thread::yield();
  ProcessCpu cpu(state);
  for (auto _ : state) {
    ocfs_run_loop_source_signal(peer_side.source);
    ocfs_run_loop_wake_up(peer_side.loop);
    ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 10, OCFS_TRUE);
  }
  stop = true;
  ocfs_run_loop_wake_up(peer_side.loop);
  peer.join();
  ocfs_run_loop_source_invalidate(our_side.source);
  ocfs_release(our_side.source);
}

// ---- Bulk transfer between two threads ----

constexpr size_t kTotal = 16 << 20;
constexpr size_t kChunk = 64 << 10;

void bound_pair_baseline(benchmark::State &state) {
  std::vector<uint8_t> chunk(kChunk, 7), sink(kChunk);
  ProcessCpu cpu(state);
  for (auto _ : state) {
    int fds[2];
    if (pipe(fds) != 0) state.SkipWithError("pipe");
    std::thread writer([&] {
      for (size_t sent = 0; sent < kTotal;) {
        ssize_t n = write(fds[1], chunk.data(), kChunk);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      close(fds[1]);
    });
    while (read(fds[0], sink.data(), sink.size()) > 0) {
    }
    writer.join();
    close(fds[0]);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kTotal));
}

void bound_pair_ocfs(benchmark::State &state) {
  std::vector<uint8_t> chunk(kChunk, 7), sink(kChunk);
  ProcessCpu cpu(state);
  for (auto _ : state) {
    ocfs_read_stream_ref reader = nullptr;
    ocfs_write_stream_ref writer = nullptr;
    ocfs_stream_create_bound_pair(nullptr, &reader, &writer, kChunk);
    ocfs_read_stream_open(reader);
    ocfs_write_stream_open(writer);
    std::thread producer([&] {
      for (size_t sent = 0; sent < kTotal;) {
        ocfs_index n = ocfs_write_stream_write(writer, chunk.data(), kChunk);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      ocfs_write_stream_close(writer);
    });
    while (ocfs_read_stream_read(reader, sink.data(), static_cast<ocfs_index>(sink.size())) > 0) {
    }
    producer.join();
    ocfs_release(reader);
    ocfs_release(writer);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kTotal));
}

}  // namespace

BENCHMARK(dispatch_baseline)->Name("dispatch/baseline");
BENCHMARK(dispatch_ocfs)->Name("dispatch/ocfs");
BENCHMARK(ping_pong_baseline)->Name("ping_pong/baseline")->UseRealTime();
BENCHMARK(ping_pong_ocfs)->Name("ping_pong/ocfs")->UseRealTime();
BENCHMARK(bound_pair_baseline)->Name("bound_pair_16MiB/baseline")->UseRealTime();
BENCHMARK(bound_pair_ocfs)->Name("bound_pair_16MiB/ocfs")->UseRealTime();
#endif  // __linux__

OCFS_BENCHMARK_MAIN()
