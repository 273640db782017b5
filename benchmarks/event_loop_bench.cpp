// One run loop serving many connections, against an epoll loop written directly over the very same
// sockets, in the same run: N idle connections (100 or 10,000) and 100 active ones.
//
// The far ends live in a child process (the "pinger"), so the 2 × (N + 100) descriptors are split
// between two processes (RLIMIT_NOFILE is 20,000 here) and its CPU time is not the loop's. On each
// active connection the pinger keeps one 64-byte message in flight, stamped with the time it was
// sent (CLOCK_MONOTONIC, shared by both processes); the loop under test reads it, notes the event
// latency (now - stamp) and echoes it, which makes the pinger send the next one. Idle connections
// never carry a byte.
//  - baseline: the sockets in one epoll set (level-triggered, EPOLLIN), epoll_wait for up to 256
//    events, one recv per ready socket, send the echo;
//  - ocfs: every socket adopted by a pair (CFStreamCreatePairWithSocket), the read half scheduled
//    on the current run loop with a HasBytesAvailable client that reads and echoes through the
//    write half; the loop runs with CFRunLoopRunInMode.
// Each case runs 0.2 s untimed (which also drains messages left over from the previous case), then
// 2 s measured: events per second, the 99th-percentile event latency, and the loop thread's CPU
// time per event. The loop runs on CPU 0 and the pinger on CPU 1 (when there are two), so both
// sides work at the same operating point (how many events each wake-up finds). The cost per event
// at N = 10,000 over the cost at N = 100 shows whether the loop stays flat as idle connections are
// added.
#include <benchmark/benchmark.h>

#include "ratio_main.hpp"

#if defined(__linux__)
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/wait.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <vector>

#include "bench_support.hpp"

namespace {

using namespace ocfs_bench;

constexpr int kActive = 100;
constexpr size_t kMessage = 64;
constexpr double kWarmUpSeconds = 0.2;
constexpr double kWindowSeconds = 2.0;

struct Message {
  uint64_t sent_ns;
  char filler[kMessage - sizeof(uint64_t)];
};
static_assert(sizeof(Message) == kMessage);

// ---- The pinger (child process) ----

[[noreturn]] void run_pinger(int active_listener, int idle_listener, int idle, int ready_pipe,
                             int control) {
  PinnedToCpu pinned(1);
  std::vector<int> active, held;
  for (int i = 0; i < kActive; ++i)
    active.push_back(accept4(active_listener, nullptr, nullptr, SOCK_CLOEXEC));
  for (int i = 0; i < idle; ++i)
    held.push_back(accept4(idle_listener, nullptr, nullptr, SOCK_CLOEXEC));
  int poller = epoll_create1(EPOLL_CLOEXEC);
  std::vector<size_t> offset(kActive, 0);
  std::vector<Message> inbox(kActive);
  for (int i = 0; i < kActive; ++i) {
    set_no_delay(active[i]);
    epoll_event interest{};
    interest.events = EPOLLIN;
    interest.data.u32 = static_cast<uint32_t>(i);
    epoll_ctl(poller, EPOLL_CTL_ADD, active[i], &interest);
  }
  epoll_event control_interest{};
  control_interest.events = EPOLLIN;
  control_interest.data.u32 = UINT32_MAX;
  epoll_ctl(poller, EPOLL_CTL_ADD, control, &control_interest);
  Message message{};
  for (int fd : active) {
    message.sent_ns = now_ns();
    send(fd, &message, sizeof message, MSG_NOSIGNAL);
  }
  char ready = 'r';
  if (write(ready_pipe, &ready, 1) != 1) _exit(1);
  epoll_event events[64];
  for (;;) {
    int count = epoll_wait(poller, events, 64, -1);
    for (int e = 0; e < count; ++e) {
      uint32_t i = events[e].data.u32;
      if (i == UINT32_MAX) _exit(0);  // the parent closed the control pipe
      auto *bytes = reinterpret_cast<char *>(&inbox[i]);
      ssize_t n = recv(active[i], bytes + offset[i], kMessage - offset[i], MSG_DONTWAIT);
      if (n == 0) _exit(0);
      if (n < 0) continue;
      offset[i] += static_cast<size_t>(n);
      if (offset[i] < kMessage) continue;
      offset[i] = 0;
      message.sent_ns = now_ns();
      send(active[i], &message, sizeof message, MSG_NOSIGNAL);
    }
  }
}

// The loop side's sockets (active first) and the pinger holding their far ends. One set serves
// both cases of an N, so the baseline and ours run over the same sockets.
class Connections {
 public:
  explicit Connections(int idle) : idle_(idle) {
    raise_fd_limit();
    uint16_t active_port = 0, idle_port = 0;
    int active_listener = listen_loopback(active_port, 4096);
    int idle_listener = listen_loopback(idle_port, 4096);
    int ready[2], control[2];
    if (active_listener < 0 || idle_listener < 0 || pipe2(ready, O_CLOEXEC) != 0 ||
        pipe2(control, O_CLOEXEC) != 0) {
      error_ = "listener or pipe";
      return;
    }
    child_ = fork();
    if (child_ == 0) {
      close(control[1]);
      close(ready[0]);
      run_pinger(active_listener, idle_listener, idle, ready[1], control[0]);
    }
    close(control[0]);
    close(ready[1]);
    control_ = control[1];
    for (int i = 0; i < kActive + idle && error_.empty(); ++i) {
      int fd = connect_loopback(i < kActive ? active_port : idle_port);
      if (fd < 0) error_ = "connect failed after " + std::to_string(i) + " connections";
      fds_.push_back(fd);
    }
    char byte = 0;
    if (error_.empty() && read(ready[0], &byte, 1) != 1) error_ = "the pinger did not start";
    close(ready[0]);
    close(active_listener);
    close(idle_listener);
  }
  ~Connections() {
    for (int fd : fds_)
      if (fd >= 0) close(fd);
    if (control_ >= 0) close(control_);
    if (child_ > 0) {
      kill(child_, SIGTERM);
      waitpid(child_, nullptr, 0);
    }
  }
  Connections(const Connections &) = delete;
  Connections &operator=(const Connections &) = delete;

  int idle() const { return idle_; }
  const std::string &error() const { return error_; }
  const std::vector<int> &fds() const { return fds_; }  // kActive active ones first

  // The set for `idle` idle connections: kept from the previous case when it has the same N.
  static Connections &get(int idle) {
    static std::unique_ptr<Connections> current;
    if (current == nullptr || current->idle() != idle) {
      current.reset();  // the old set's pinger ends before the new one starts
      current = std::make_unique<Connections>(idle);
    }
    return *current;
  }

 private:
  int idle_;
  pid_t child_ = -1;
  int control_ = -1;
  std::vector<int> fds_;
  std::string error_;
};

// What the loop under test records: events and their latencies in the measured window.
struct Recorder {
  bool recording = false;
  uint64_t events = 0;
  std::vector<uint32_t> latencies_ns;

  Recorder() { latencies_ns.reserve(4 << 20); }

  void on_message(const Message &message) {
    if (!recording) return;
    ++events;
    latencies_ns.push_back(static_cast<uint32_t>(
        std::min<uint64_t>(now_ns() - message.sent_ns, std::numeric_limits<uint32_t>::max())));
  }

  void report(benchmark::State &state, uint64_t cpu_ns) {
    state.SetIterationTime(kWindowSeconds);
    if (events == 0) {
      state.SkipWithError("no events");
      return;
    }
    std::sort(latencies_ns.begin(), latencies_ns.end());
    double p99 = latencies_ns[latencies_ns.size() * 99 / 100];
    state.counters["events_per_second"] = double(events) / kWindowSeconds;
    state.counters["p99_us"] = p99 / 1000.0;
    state.counters["ns_per_event"] = double(cpu_ns) / double(events);
  }
};

// One connection's partial message.
struct Inbox {
  Message message;
  size_t offset = 0;
};

// ---- Baseline: epoll over the sockets ----

void event_loop_baseline(benchmark::State &state) {
  Connections &connections = Connections::get(static_cast<int>(state.range(0)));
  if (!connections.error().empty()) {
    state.SkipWithError(connections.error().c_str());
    return;
  }
  const std::vector<int> &fds = connections.fds();
  int poller = epoll_create1(EPOLL_CLOEXEC);
  for (size_t i = 0; i < fds.size(); ++i) {
    set_nonblocking(fds[i], true);
    epoll_event interest{};
    interest.events = EPOLLIN;
    interest.data.u32 = static_cast<uint32_t>(i);
    epoll_ctl(poller, EPOLL_CTL_ADD, fds[i], &interest);
  }
  std::vector<Inbox> inboxes(fds.size());
  Recorder recorder;
  auto run_for = [&](double seconds) {
    uint64_t end = now_ns() + static_cast<uint64_t>(seconds * 1e9);
    epoll_event events[256];
    while (now_ns() < end) {
      int count = epoll_wait(poller, events, 256, 10);
      for (int e = 0; e < count; ++e) {
        uint32_t i = events[e].data.u32;
        Inbox &inbox = inboxes[i];
        ssize_t n = recv(fds[i], reinterpret_cast<char *>(&inbox.message) + inbox.offset,
                         kMessage - inbox.offset, 0);
        if (n <= 0) continue;
        inbox.offset += static_cast<size_t>(n);
        if (inbox.offset < kMessage) continue;
        inbox.offset = 0;
        recorder.on_message(inbox.message);
        send(fds[i], &inbox.message, kMessage, MSG_NOSIGNAL);
      }
    }
  };
  PinnedToCpu pinned(0);
  for (auto _ : state) {
    run_for(kWarmUpSeconds);
    recorder.recording = true;
    uint64_t cpu = thread_cpu_ns();
    run_for(kWindowSeconds);
    recorder.recording = false;
    recorder.report(state, thread_cpu_ns() - cpu);
  }
  close(poller);
  for (int fd : fds)
    set_nonblocking(fd, false);
}

// ---- Ours: a pair per socket on the current run loop ----

struct Connection {
  ocfs_read_stream_ref in = nullptr;
  ocfs_write_stream_ref out = nullptr;
  Inbox inbox;
  Recorder *recorder = nullptr;
};

void on_readable(ocfs_read_stream_ref stream, ocfs_stream_event_type type, void *info) {
  auto *connection = static_cast<Connection *>(info);
  if (type != OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE) return;
  Inbox &inbox = connection->inbox;
  ocfs_index n =
      ocfs_read_stream_read(stream, reinterpret_cast<uint8_t *>(&inbox.message) + inbox.offset,
                            static_cast<ocfs_index>(kMessage - inbox.offset));
  if (n <= 0) return;
  inbox.offset += static_cast<size_t>(n);
  if (inbox.offset < kMessage) return;
  inbox.offset = 0;
  connection->recorder->on_message(inbox.message);
  ocfs_write_stream_write(connection->out, reinterpret_cast<const uint8_t *>(&inbox.message),
                          kMessage);
}

void event_loop_ocfs(benchmark::State &state) {
  Connections &connections = Connections::get(static_cast<int>(state.range(0)));
  if (!connections.error().empty()) {
    state.SkipWithError(connections.error().c_str());
    return;
  }
  const std::vector<int> &fds = connections.fds();
  Recorder recorder;
  std::vector<Connection> pairs(fds.size());
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  for (size_t i = 0; i < fds.size(); ++i) {
    Connection &c = pairs[i];
    c.recorder = &recorder;
    ocfs_stream_create_pair_with_socket(nullptr, fds[i], &c.in, &c.out);
    ocfs_stream_client_context context = {0, &c, nullptr, nullptr, nullptr};
    ocfs_read_stream_set_client(c.in, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE, on_readable, &context);
    ocfs_read_stream_schedule_with_run_loop(c.in, loop, ocfs_run_loop_default_mode);
    if (!ocfs_read_stream_open(c.in) || !ocfs_write_stream_open(c.out)) {
      state.SkipWithError("a pair did not open");
    }
  }
  PinnedToCpu pinned(0);
  for (auto _ : state) {
    ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, kWarmUpSeconds, OCFS_FALSE);
    recorder.recording = true;
    uint64_t cpu = thread_cpu_ns();
    ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, kWindowSeconds, OCFS_FALSE);
    recorder.recording = false;
    recorder.report(state, thread_cpu_ns() - cpu);
  }
  for (Connection &c : pairs) {  // the sockets stay open (not ours to close) for the next case
    ocfs_read_stream_close(c.in);
    ocfs_write_stream_close(c.out);
    ocfs_release(c.in);
    ocfs_release(c.out);
  }
}

// Goal (issue #8): the cost per event flat from 100 to 10,000 connections (here: at most 10% more).
[[maybe_unused]] const bool registered = [] {
  for (int idle : {100, 10000}) {
    std::string name = "event_loop_idle" + std::to_string(idle);
    benchmark::RegisterBenchmark((name + "/baseline").c_str(), event_loop_baseline)
        ->Arg(idle)
        ->Iterations(1)
        ->UseManualTime();
    benchmark::RegisterBenchmark((name + "/ocfs").c_str(), event_loop_ocfs)
        ->Arg(idle)
        ->Iterations(1)
        ->UseManualTime();
    compare({name, "events_per_second", "events/s", 1, Goal::kNone, 0, ""});
    compare({name, "p99_us", "p99 us", 1, Goal::kNone, 0, ""});
    compare({name, "ns_per_event", "CPU ns/event", 1, Goal::kNone, 0, ""});
  }
  return growth("CPU ns/event x", "event_loop_idle100", "event_loop_idle10000", "ns_per_event",
                1.10);
}();

}  // namespace

#endif  // __linux__

OCFS_BENCHMARK_MAIN();
