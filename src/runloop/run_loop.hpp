// The run loop's internal structure, shared by run_loop.cpp (running), source.cpp, timer.cpp and
// socket_watch.cpp.
//
// Locking: a source's or timer's mutex may be held while taking a run loop's mutex, never the
// reverse; no lock is held while a callback (perform, timer callout, schedule/cancel) runs.
#ifndef OCFS_SRC_RUNLOOP_RUN_LOOP_HPP
#define OCFS_SRC_RUNLOOP_RUN_LOOP_HPP

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <opencfstream/run_loop.h>

#include "cf/object.hpp"
#include "platform/platform.hpp"

namespace ocfs::runloop {

class SocketWatch;

// A timer's place in a mode's heap. Entries go stale when the timer is rescheduled (generation)
// and are skipped when they reach the top; each entry holds a reference to its timer.
struct TimerEntry {
  ocfs_absolute_time fire_date;
  uint64_t generation;
  ocfs_run_loop_timer *timer;
};

struct Mode {
  std::vector<ocfs_run_loop_source *> sources;  // each retained
  std::vector<ocfs_run_loop_timer *> timers;    // each retained
  std::vector<TimerEntry> heap;                 // min-heap on fire_date

  bool empty() const { return sources.empty() && timers.empty(); }
};

std::string mode_key(ocfs_run_loop_mode mode);
bool is_common_modes(ocfs_run_loop_mode mode);

}  // namespace ocfs::runloop

struct ocfs_run_loop : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kRunLoop;

  ocfs_run_loop() : Object(kTypeId) {}
  ~ocfs_run_loop();

  std::mutex mutex;
  std::map<std::string, ocfs::runloop::Mode> modes;
  std::set<std::string> common_modes;
  std::vector<ocfs_run_loop_source *> common_sources;  // added "for the common modes", retained
  std::vector<ocfs_run_loop_timer *> common_timers;    // likewise
  // Signalled sources not yet looked at (`ready`) and those signalled for a mode that is not
  // running (`deferred`); each entry holds a reference. Never a scan of every source.
  std::vector<ocfs_run_loop_source *> ready;
  std::vector<ocfs_run_loop_source *> deferred;
  std::vector<std::string> running_modes;  // innermost last
  bool stop_requested = false;
  std::atomic<bool> waiting{false};

  ocfs::platform::Waker waker;
  std::unique_ptr<ocfs::platform::EventBackend> backend;
  std::unordered_map<ocfs::platform::Socket, ocfs::runloop::SocketWatch *> watches;
};

struct ocfs_run_loop_source : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kRunLoopSource;

  struct Schedule {
    ocfs_run_loop *loop;
    std::string mode;
  };

  ocfs_run_loop_source() : Object(kTypeId) {}
  ~ocfs_run_loop_source();

  ocfs_index order = 0;
  ocfs_run_loop_source_context context{};
  std::mutex mutex;
  bool valid = true;
  bool signalled = false;
  std::vector<Schedule> schedules;
};

struct ocfs_run_loop_timer : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kRunLoopTimer;

  ocfs_run_loop_timer() : Object(kTypeId) {}
  ~ocfs_run_loop_timer();

  std::mutex mutex;
  ocfs_absolute_time fire_date = 0;
  ocfs_time_interval interval = 0;
  ocfs_index order = 0;
  ocfs_run_loop_timer_callback callout = nullptr;
  ocfs_run_loop_timer_context context{};
  bool valid = true;
  uint64_t generation = 0;
  ocfs_run_loop *loop = nullptr;  // a timer lives in one run loop
  std::vector<std::string> modes;
};

namespace ocfs::runloop {

// Sources (source.cpp).
void add_source_to_mode(ocfs_run_loop *loop, ocfs_run_loop_source *source, const std::string &mode);
void remove_source_from_mode(ocfs_run_loop *loop, ocfs_run_loop_source *source,
                             const std::string &mode);
// Performs the signalled sources scheduled in `mode`, lowest order first (only the first one with
// `stop_after_first`). True if any was performed.
bool perform_sources(ocfs_run_loop *loop, const std::string &mode, bool stop_after_first);

// Timers (timer.cpp).
void add_timer_to_mode(ocfs_run_loop *loop, ocfs_run_loop_timer *timer, const std::string &mode);
void remove_timer_from_mode(ocfs_run_loop *loop, ocfs_run_loop_timer *timer,
                            const std::string &mode);
// Fires the due timers of `mode`; returns the next fire date there (infinity if none).
ocfs_absolute_time fire_due_timers(ocfs_run_loop *loop, const std::string &mode);
ocfs_absolute_time next_fire_date(ocfs_run_loop *loop, const std::string &mode);
void drop_timer_entries(std::vector<TimerEntry> &heap, const ocfs_run_loop_timer *timer);

// The mode a name refers to, created on first use (caller holds loop->mutex).
Mode &mode_for(ocfs_run_loop *loop, const std::string &name);

// Socket readiness reported by the backend (socket_watch.cpp).
void dispatch_ready(ocfs_run_loop *loop, const platform::EventBackend::Ready &ready);

// For a signal raised on a run loop's own thread while it runs (inside another source's perform):
// if the calling thread's run loop runs now in a mode `source` is in, takes the signal back and
// returns true, and the caller performs the work itself, at once, as CF does for a stream
// signalled on its own run loop. Saves the pass through the backend the queued signal would wait
// for. False, with the signal left queued, otherwise.
bool take_signal_if_performed_here(ocfs_run_loop_source *source);

// The calling thread's run loop if it has one (never creates it).
ocfs_run_loop_ref current_if_any();

// Detaches everything from a run loop whose thread is ending.
void tear_down(ocfs_run_loop *loop);

}  // namespace ocfs::runloop

#endif  // OCFS_SRC_RUNLOOP_RUN_LOOP_HPP
