// CFRunLoop: one per thread, modes, the run algorithm, stop and wake-up.
#include "runloop/run_loop.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "cf/classes.hpp"
#include "cf/string.hpp"
#include "runloop/socket_watch.hpp"

namespace ocfs::runloop {
namespace {

// Apple's reference date, 2001-01-01 00:00:00 UTC, in seconds after the Unix epoch.
constexpr double kAbsoluteTimeEpoch = 978307200.0;
constexpr ocfs_absolute_time kForever = std::numeric_limits<double>::infinity();

std::mutex g_main_mutex;
ocfs_run_loop *g_main_loop = nullptr;  // never released
// Captured during static initialisation, which runs on the thread that loads the library.
const std::thread::id g_main_thread = std::this_thread::get_id();

ocfs_run_loop *new_run_loop() {
  ocfs_library_init();
  auto *loop = cf::make<ocfs_run_loop>();
  if (loop == nullptr) return nullptr;
  int error = 0;
  // OCFS_EVENT_BACKEND picks the backend ("epoll", "poll"); the tests run once with each.
  const char *wanted = std::getenv("OCFS_EVENT_BACKEND");
  loop->backend = platform::make_event_backend(wanted != nullptr ? wanted : "", error);
  if (!loop->backend) loop->backend = platform::make_event_backend("", error);
  if (!loop->backend || !loop->waker.open(error) ||
      !loop->backend->watch(loop->waker.pollable(), platform::kPollIn, error)) {
    ocfs_release(loop);
    return nullptr;
  }
  loop->common_modes.insert(mode_key(ocfs_run_loop_default_mode));
  return loop;
}

// Releases a thread's run loop when the thread ends (the main run loop is kept). A native
// thread slot rather than a C++ thread_local object: mingw-w64 frees thread_local storage before
// running such destructors.
void end_thread_run_loop(void *value) {
  auto *loop = static_cast<ocfs_run_loop *>(value);
  {
    std::lock_guard lock(g_main_mutex);  // the main thread may be creating it right now
    if (loop == nullptr || loop == g_main_loop) return;
  }
  tear_down(loop);
  ocfs_release(loop);
}

platform::ThreadSlot &run_loop_slot() {
  static platform::ThreadSlot slot(end_thread_run_loop);  // never destroyed before the threads
  return slot;
}

ocfs_run_loop *main_loop() {
  std::lock_guard lock(g_main_mutex);
  if (g_main_loop == nullptr) g_main_loop = new_run_loop();
  return g_main_loop;
}

ocfs_run_loop *current_loop() {
  auto *loop = static_cast<ocfs_run_loop *>(run_loop_slot().get());
  if (loop == nullptr) {
    loop = std::this_thread::get_id() == g_main_thread ? main_loop() : new_run_loop();
    run_loop_slot().set(loop);
  }
  return loop;
}

bool mode_is_empty(ocfs_run_loop *loop, const std::string &mode) {
  std::lock_guard lock(loop->mutex);
  auto it = loop->modes.find(mode);
  return it == loop->modes.end() || it->second.empty();
}

bool take_stop_request(ocfs_run_loop *loop) {
  std::lock_guard lock(loop->mutex);
  bool stop = loop->stop_requested;
  loop->stop_requested = false;
  return stop;
}

// Milliseconds to wait: until the deadline or the next timer, nothing when work is queued.
int wait_timeout_ms(ocfs_run_loop *loop, ocfs_absolute_time deadline,
                    ocfs_absolute_time next_timer) {
  {
    std::lock_guard lock(loop->mutex);
    if (!loop->ready.empty() || loop->stop_requested) return 0;
  }
  ocfs_absolute_time until = std::min(deadline, next_timer);
  if (until == kForever) return -1;
  double seconds = until - ocfs_absolute_time_get_current();
  if (seconds <= 0) return 0;
  double ms = std::ceil(seconds * 1000.0);
  return ms > 86400000.0 ? 86400000 : static_cast<int>(ms);  // re-checked each day at most
}

void wait_for_events(ocfs_run_loop *loop, int timeout_ms) {
  std::vector<platform::EventBackend::Ready> ready;
  int error = 0;
  loop->waiting.store(true, std::memory_order_release);
  loop->backend->wait(timeout_ms, ready, error);
  loop->waiting.store(false, std::memory_order_release);
  for (const auto &event : ready) {
    if (event.socket == loop->waker.pollable()) {
      loop->waker.drain();
    } else {
      dispatch_ready(loop, event);
    }
  }
}

ocfs_run_loop_run_result run(ocfs_run_loop *loop, const std::string &mode, double seconds,
                             bool return_after_source_handled) {
  if (mode_is_empty(loop, mode)) return OCFS_RUN_LOOP_RUN_FINISHED;
  {
    std::lock_guard lock(loop->mutex);
    loop->running_modes.push_back(mode);
  }
  ocfs_absolute_time deadline = std::isfinite(seconds) && seconds < 1e10
                                    ? ocfs_absolute_time_get_current() + seconds
                                    : kForever;
  // Each pass performs what is already signalled before it waits, as CF does, so a source left
  // pending by an earlier run of another mode never waits for the timeout.
  ocfs_run_loop_run_result result = 0;
  bool polled = false;
  for (;;) {
    if (take_stop_request(loop)) {
      result = OCFS_RUN_LOOP_RUN_STOPPED;
      break;
    }
    bool handled = perform_sources(loop, mode, return_after_source_handled);
    if (handled && return_after_source_handled) {
      result = OCFS_RUN_LOOP_RUN_HANDLED_SOURCE;
      break;
    }
    ocfs_absolute_time next_timer = fire_due_timers(loop, mode);
    if (take_stop_request(loop)) {
      result = OCFS_RUN_LOOP_RUN_STOPPED;
      break;
    }
    if (mode_is_empty(loop, mode)) {
      result = OCFS_RUN_LOOP_RUN_FINISHED;
      break;
    }
    if (polled && ocfs_absolute_time_get_current() >= deadline) {
      result = OCFS_RUN_LOOP_RUN_TIMED_OUT;
      break;
    }
    // Sockets are polled at least once per run, even with a zero timeout.
    wait_for_events(loop, handled ? 0 : wait_timeout_ms(loop, deadline, next_timer));
    polled = true;
  }
  std::lock_guard lock(loop->mutex);
  loop->running_modes.pop_back();
  return result;
}

template <typename Item>
void add_for_common_modes(ocfs_run_loop *loop, Item *item, std::vector<Item *> &common,
                          void (*add)(ocfs_run_loop *, Item *, const std::string &)) {
  std::set<std::string> modes;
  {
    std::lock_guard lock(loop->mutex);
    if (std::find(common.begin(), common.end(), item) != common.end()) return;
    common.push_back(static_cast<Item *>(const_cast<void *>(ocfs_retain(item))));
    modes = loop->common_modes;
  }
  for (const std::string &mode : modes)
    add(loop, item, mode);
}

template <typename Item>
void remove_for_common_modes(ocfs_run_loop *loop, Item *item, std::vector<Item *> &common,
                             void (*remove)(ocfs_run_loop *, Item *, const std::string &)) {
  std::set<std::string> modes;
  {
    std::lock_guard lock(loop->mutex);
    auto it = std::find(common.begin(), common.end(), item);
    if (it == common.end()) return;
    common.erase(it);
    modes = loop->common_modes;
  }
  for (const std::string &mode : modes)
    remove(loop, item, mode);
  ocfs_release(item);
}

template <typename Item>
bool mode_contains(ocfs_run_loop *loop, const std::string &mode, Item *item,
                   std::vector<Item *> Mode::*items) {
  std::lock_guard lock(loop->mutex);
  auto it = loop->modes.find(mode);
  if (it == loop->modes.end()) return false;
  const auto &list = it->second.*items;
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

std::string mode_key(ocfs_run_loop_mode mode) {
  return std::string(cf::utf8_of(mode));
}

bool is_common_modes(ocfs_run_loop_mode mode) {
  return ocfs_equal(mode, ocfs_run_loop_common_modes) != 0;
}

Mode &mode_for(ocfs_run_loop *loop, const std::string &name) {
  return loop->modes[name];
}

ocfs_run_loop_ref current_if_any() {
  return static_cast<ocfs_run_loop *>(run_loop_slot().get());
}

void tear_down(ocfs_run_loop *loop) {
  std::vector<std::pair<ocfs_run_loop_source *, std::string>> sources;
  std::vector<ocfs_run_loop_timer *> timers;
  {
    std::lock_guard lock(loop->mutex);
    for (auto &[name, mode] : loop->modes) {
      for (auto *source : mode.sources)
        sources.emplace_back(source, name);
      for (auto *timer : mode.timers)
        timers.push_back(timer);
    }
  }
  for (auto &[source, name] : sources) {
    ocfs_retain(source);
    remove_source_from_mode(loop, source, name);
    ocfs_release(source);
  }
  for (auto *timer : timers) {
    ocfs_retain(timer);
    ocfs_run_loop_timer_invalidate(timer);
    ocfs_release(timer);
  }
  std::vector<const void *> released;
  {
    std::lock_guard lock(loop->mutex);
    for (auto *item : loop->common_sources)
      released.push_back(item);
    for (auto *item : loop->common_timers)
      released.push_back(item);
    for (auto *item : loop->ready)
      released.push_back(item);
    for (auto *item : loop->deferred)
      released.push_back(item);
    for (auto &[name, mode] : loop->modes) {
      for (const TimerEntry &entry : mode.heap)
        released.push_back(entry.timer);
      mode.heap.clear();
    }
    loop->common_sources.clear();
    loop->common_timers.clear();
    loop->ready.clear();
    loop->deferred.clear();
  }
  for (const void *item : released)
    ocfs_release(item);
}

}  // namespace ocfs::runloop

ocfs_run_loop::~ocfs_run_loop() {
  ocfs::runloop::tear_down(this);
  if (backend && waker.pollable() != ocfs::platform::kInvalidSocket) {
    backend->unwatch(waker.pollable());
  }
}

namespace ocfs::cf {

const Class kRunLoopClass = {
    "CFRunLoop", destroy_as<ocfs_run_loop>, nullptr, nullptr, nullptr, nullptr,
};

}  // namespace ocfs::cf

using namespace ocfs::runloop;
using ocfs::cf::as;

extern "C" {

const ocfs_string_ref ocfs_run_loop_default_mode = OCFS_STR("kCFRunLoopDefaultMode");
const ocfs_string_ref ocfs_run_loop_common_modes = OCFS_STR("kCFRunLoopCommonModes");

ocfs_absolute_time ocfs_absolute_time_get_current(void) {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration<double>(since_epoch).count() - kAbsoluteTimeEpoch;
}

ocfs_type_id ocfs_run_loop_get_type_id(void) {
  return ocfs::cf::public_type_id(ocfs::cf::TypeId::kRunLoop);
}

ocfs_run_loop_ref ocfs_run_loop_get_current(void) {
  return current_loop();
}

ocfs_run_loop_ref ocfs_run_loop_get_main(void) {
  return main_loop();
}

void ocfs_run_loop_run(void) {
  ocfs_run_loop_run_result result;
  do {
    result = ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 1e10, OCFS_FALSE);
  } while (result != OCFS_RUN_LOOP_RUN_STOPPED && result != OCFS_RUN_LOOP_RUN_FINISHED);
}

ocfs_run_loop_run_result ocfs_run_loop_run_in_mode(ocfs_run_loop_mode mode,
                                                   ocfs_time_interval seconds,
                                                   ocfs_bool return_after_source_handled) {
  ocfs_run_loop *loop = current_loop();
  // The common-modes pseudo-mode cannot be run, as on Apple.
  if (loop == nullptr || !ocfs::cf::is_string(mode) || is_common_modes(mode)) {
    return OCFS_RUN_LOOP_RUN_FINISHED;
  }
  return run(loop, mode_key(mode), std::isnan(seconds) ? 0 : seconds,
             return_after_source_handled != 0);
}

void ocfs_run_loop_stop(ocfs_run_loop_ref run_loop) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  if (loop == nullptr) return;
  {
    std::lock_guard lock(loop->mutex);
    loop->stop_requested = true;
  }
  loop->waker.signal();
}

void ocfs_run_loop_wake_up(ocfs_run_loop_ref run_loop) {
  if (ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop)) loop->waker.signal();
}

ocfs_bool ocfs_run_loop_is_waiting(ocfs_run_loop_ref run_loop) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  return loop != nullptr && loop->waiting.load(std::memory_order_acquire) ? OCFS_TRUE : OCFS_FALSE;
}

ocfs_run_loop_mode ocfs_run_loop_copy_current_mode(ocfs_run_loop_ref run_loop) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  if (loop == nullptr) return nullptr;
  std::lock_guard lock(loop->mutex);
  if (loop->running_modes.empty()) return nullptr;
  return ocfs::cf::make_string(loop->running_modes.back());
}

ocfs_array_ref ocfs_run_loop_copy_all_modes(ocfs_run_loop_ref run_loop) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  if (loop == nullptr) return nullptr;
  std::vector<const void *> names;
  {
    std::lock_guard lock(loop->mutex);
    std::set<std::string> all(loop->common_modes.begin(), loop->common_modes.end());
    for (const auto &[name, mode] : loop->modes)
      all.insert(name);
    for (const std::string &name : all)
      names.push_back(ocfs::cf::make_string(name));
  }
  ocfs_array_ref array = ocfs_array_create(
      nullptr, names.data(), static_cast<ocfs_index>(names.size()), &ocfs_type_array_callbacks);
  for (const void *name : names)
    ocfs_release(name);
  return array;
}

void ocfs_run_loop_add_common_mode(ocfs_run_loop_ref run_loop, ocfs_run_loop_mode mode) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  if (loop == nullptr || !ocfs::cf::is_string(mode) || is_common_modes(mode)) return;
  std::string key = mode_key(mode);
  std::vector<ocfs_run_loop_source *> sources;
  std::vector<ocfs_run_loop_timer *> timers;
  {
    std::lock_guard lock(loop->mutex);
    if (!loop->common_modes.insert(key).second) return;
    for (auto *source : loop->common_sources)
      sources.push_back(source);
    for (auto *timer : loop->common_timers)
      timers.push_back(timer);
    for (auto *item : sources)
      ocfs_retain(item);
    for (auto *item : timers)
      ocfs_retain(item);
  }
  for (auto *source : sources) {
    add_source_to_mode(loop, source, key);
    ocfs_release(source);
  }
  for (auto *timer : timers) {
    add_timer_to_mode(loop, timer, key);
    ocfs_release(timer);
  }
}

void ocfs_run_loop_add_source(ocfs_run_loop_ref run_loop, ocfs_run_loop_source_ref source_ref,
                              ocfs_run_loop_mode mode) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  ocfs_run_loop_source *source = as<ocfs_run_loop_source>(source_ref);
  if (loop == nullptr || source == nullptr || !ocfs::cf::is_string(mode)) return;
  if (is_common_modes(mode)) {
    add_for_common_modes(loop, source, loop->common_sources, add_source_to_mode);
  } else {
    add_source_to_mode(loop, source, mode_key(mode));
  }
}

void ocfs_run_loop_remove_source(ocfs_run_loop_ref run_loop, ocfs_run_loop_source_ref source_ref,
                                 ocfs_run_loop_mode mode) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  ocfs_run_loop_source *source = as<ocfs_run_loop_source>(source_ref);
  if (loop == nullptr || source == nullptr || !ocfs::cf::is_string(mode)) return;
  if (is_common_modes(mode)) {
    remove_for_common_modes(loop, source, loop->common_sources, remove_source_from_mode);
  } else {
    remove_source_from_mode(loop, source, mode_key(mode));
  }
}

ocfs_bool ocfs_run_loop_contains_source(ocfs_run_loop_ref run_loop,
                                        ocfs_run_loop_source_ref source_ref,
                                        ocfs_run_loop_mode mode) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  ocfs_run_loop_source *source = as<ocfs_run_loop_source>(source_ref);
  if (loop == nullptr || source == nullptr || !ocfs::cf::is_string(mode)) return OCFS_FALSE;
  if (is_common_modes(mode)) {
    std::lock_guard lock(loop->mutex);
    auto &common = loop->common_sources;
    return std::find(common.begin(), common.end(), source) != common.end();
  }
  return mode_contains(loop, mode_key(mode), source, &Mode::sources);
}

void ocfs_run_loop_add_timer(ocfs_run_loop_ref run_loop, ocfs_run_loop_timer_ref timer_ref,
                             ocfs_run_loop_mode mode) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  ocfs_run_loop_timer *timer = as<ocfs_run_loop_timer>(timer_ref);
  if (loop == nullptr || timer == nullptr || !ocfs::cf::is_string(mode)) return;
  if (is_common_modes(mode)) {
    add_for_common_modes(loop, timer, loop->common_timers, add_timer_to_mode);
  } else {
    add_timer_to_mode(loop, timer, mode_key(mode));
  }
}

void ocfs_run_loop_remove_timer(ocfs_run_loop_ref run_loop, ocfs_run_loop_timer_ref timer_ref,
                                ocfs_run_loop_mode mode) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  ocfs_run_loop_timer *timer = as<ocfs_run_loop_timer>(timer_ref);
  if (loop == nullptr || timer == nullptr || !ocfs::cf::is_string(mode)) return;
  if (is_common_modes(mode)) {
    remove_for_common_modes(loop, timer, loop->common_timers, remove_timer_from_mode);
  } else {
    remove_timer_from_mode(loop, timer, mode_key(mode));
  }
}

ocfs_bool ocfs_run_loop_contains_timer(ocfs_run_loop_ref run_loop,
                                       ocfs_run_loop_timer_ref timer_ref, ocfs_run_loop_mode mode) {
  ocfs_run_loop *loop = as<ocfs_run_loop>(run_loop);
  ocfs_run_loop_timer *timer = as<ocfs_run_loop_timer>(timer_ref);
  if (loop == nullptr || timer == nullptr || !ocfs::cf::is_string(mode)) return OCFS_FALSE;
  if (is_common_modes(mode)) {
    std::lock_guard lock(loop->mutex);
    auto &common = loop->common_timers;
    return std::find(common.begin(), common.end(), timer) != common.end();
  }
  return mode_contains(loop, mode_key(mode), timer, &Mode::timers);
}

}  // extern "C"
