// Run-loop timers: absolute fire dates in per-mode min-heaps, repeating or one-shot.
#include <algorithm>
#include <cmath>
#include <limits>

#include "cf/classes.hpp"
#include "runloop/run_loop.hpp"

ocfs_run_loop_timer::~ocfs_run_loop_timer() {
  if (context.release != nullptr) context.release(context.info);
}

namespace ocfs::runloop {
namespace {

constexpr ocfs_absolute_time kNever = std::numeric_limits<double>::infinity();

bool later(const TimerEntry &a, const TimerEntry &b) {
  return a.fire_date > b.fire_date;
}

ocfs_run_loop_timer *retained(ocfs_run_loop_timer *timer) {
  return static_cast<ocfs_run_loop_timer *>(const_cast<void *>(ocfs_retain(timer)));
}

// Pushes the timer's current fire date into `mode`'s heap (caller holds the timer's and the run
// loop's mutexes).
void push_entry(Mode &mode, ocfs_run_loop_timer *timer) {
  mode.heap.push_back(TimerEntry{timer->fire_date, timer->generation, retained(timer)});
  std::push_heap(mode.heap.begin(), mode.heap.end(), later);
}

// Rescheduling: every mode of the timer gets an entry for the new date; old entries go stale.
void reschedule(ocfs_run_loop_timer *timer) {
  if (timer->loop == nullptr) return;
  std::lock_guard lock(timer->loop->mutex);
  for (const std::string &mode : timer->modes)
    push_entry(mode_for(timer->loop, mode), timer);
}

// Takes the earliest live entry of `mode` that is due at `now`, or null (caller holds
// loop->mutex). Stale entries met on the way are dropped.
ocfs_run_loop_timer *pop_due(Mode &mode, ocfs_absolute_time now, uint64_t &generation) {
  while (!mode.heap.empty() && mode.heap.front().fire_date <= now) {
    std::pop_heap(mode.heap.begin(), mode.heap.end(), later);
    TimerEntry entry = mode.heap.back();
    mode.heap.pop_back();
    bool live = std::find(mode.timers.begin(), mode.timers.end(), entry.timer) != mode.timers.end();
    if (live) {
      generation = entry.generation;
      return entry.timer;  // the entry's reference passes to the caller
    }
    ocfs_release(entry.timer);
  }
  return nullptr;
}

void remove_from_all_modes(ocfs_run_loop_timer *timer);

// Runs one due timer: the callout, then the next fire date or, for a one-shot, invalidation.
void fire(ocfs_run_loop_timer *timer, uint64_t generation, ocfs_absolute_time now) {
  bool one_shot;
  {
    std::lock_guard lock(timer->mutex);
    if (!timer->valid || timer->generation != generation) return;  // rescheduled meanwhile
    one_shot = timer->interval <= 0;  // decided before the callout, as CF does
  }
  if (timer->callout != nullptr) timer->callout(timer, timer->context.info);
  std::lock_guard lock(timer->mutex);
  if (!timer->valid) return;
  if (one_shot) {
    timer->valid = false;  // even if the callout gave it a new date
  } else if (timer->generation != generation) {
    return;  // the callout rescheduled the repeating timer
  } else {
    // Skip missed periods rather than replaying them.
    double periods = std::floor((now - timer->fire_date) / timer->interval) + 1;
    timer->fire_date += std::max(1.0, periods) * timer->interval;
    ++timer->generation;
    reschedule(timer);
  }
  if (!timer->valid) remove_from_all_modes(timer);
}

void remove_from_all_modes(ocfs_run_loop_timer *timer) {  // caller holds timer->mutex
  ocfs_run_loop *loop = timer->loop;
  if (loop == nullptr) return;
  std::vector<ocfs_run_loop_timer *> released;
  {
    std::lock_guard lock(loop->mutex);
    for (const std::string &name : timer->modes) {
      Mode &mode = mode_for(loop, name);
      auto it = std::find(mode.timers.begin(), mode.timers.end(), timer);
      if (it != mode.timers.end()) {
        mode.timers.erase(it);
        released.push_back(timer);
      }
      drop_timer_entries(mode.heap, timer);
    }
    auto &common = loop->common_timers;
    auto it = std::find(common.begin(), common.end(), timer);
    if (it != common.end()) {
      common.erase(it);
      released.push_back(timer);
    }
  }
  timer->modes.clear();
  timer->loop = nullptr;  // free to join another run loop; never points at a dead one
  // Not the last references: the caller holds one while the timer's mutex is held.
  for (ocfs_run_loop_timer *t : released)
    ocfs_release(t);
}

}  // namespace

void drop_timer_entries(std::vector<TimerEntry> &heap, const ocfs_run_loop_timer *timer) {
  auto end = std::remove_if(heap.begin(), heap.end(), [&](const TimerEntry &entry) {
    if (entry.timer != timer) return false;
    ocfs_release(entry.timer);
    return true;
  });
  heap.erase(end, heap.end());
  std::make_heap(heap.begin(), heap.end(), later);
}

void add_timer_to_mode(ocfs_run_loop *loop, ocfs_run_loop_timer *timer, const std::string &mode) {
  {
    std::lock_guard lock(timer->mutex);
    if (!timer->valid || (timer->loop != nullptr && timer->loop != loop)) return;
    if (std::find(timer->modes.begin(), timer->modes.end(), mode) != timer->modes.end()) return;
    timer->loop = loop;
    timer->modes.push_back(mode);
    std::lock_guard loop_lock(loop->mutex);
    Mode &m = mode_for(loop, mode);
    m.timers.push_back(retained(timer));
    push_entry(m, timer);
  }
  ocfs_run_loop_wake_up(loop);  // the new date may be earlier than what the loop waits for
}

void remove_timer_from_mode(ocfs_run_loop *loop, ocfs_run_loop_timer *timer,
                            const std::string &mode) {
  ocfs_run_loop_timer *released = nullptr;
  {
    std::lock_guard lock(timer->mutex);
    auto it = std::find(timer->modes.begin(), timer->modes.end(), mode);
    if (timer->loop != loop || it == timer->modes.end()) return;
    timer->modes.erase(it);
    if (timer->modes.empty()) timer->loop = nullptr;  // as CFRunLoopRemoveTimer
    std::lock_guard loop_lock(loop->mutex);
    Mode &m = mode_for(loop, mode);
    auto found = std::find(m.timers.begin(), m.timers.end(), timer);
    if (found != m.timers.end()) {
      m.timers.erase(found);
      released = timer;
    }
    drop_timer_entries(m.heap, timer);
  }
  ocfs_release(released);
}

ocfs_absolute_time fire_due_timers(ocfs_run_loop *loop, const std::string &mode) {
  ocfs_absolute_time now = ocfs_absolute_time_get_current();
  for (;;) {
    uint64_t generation = 0;
    ocfs_run_loop_timer *timer;
    {
      std::lock_guard lock(loop->mutex);
      timer = pop_due(mode_for(loop, mode), now, generation);
    }
    if (timer == nullptr) break;
    fire(timer, generation, now);
    ocfs_release(timer);
  }
  return next_fire_date(loop, mode);
}

ocfs_absolute_time next_fire_date(ocfs_run_loop *loop, const std::string &mode) {
  std::lock_guard lock(loop->mutex);
  const Mode &m = mode_for(loop, mode);
  return m.heap.empty() ? kNever : m.heap.front().fire_date;
}

}  // namespace ocfs::runloop

namespace ocfs::cf {

const Class kRunLoopTimerClass = {
    "CFRunLoopTimer", destroy_as<ocfs_run_loop_timer>, nullptr, nullptr, nullptr, nullptr};

}  // namespace ocfs::cf

using namespace ocfs::runloop;
using ocfs::cf::as;

extern "C" {

ocfs_type_id ocfs_run_loop_timer_get_type_id(void) {
  return ocfs::cf::public_type_id(ocfs::cf::TypeId::kRunLoopTimer);
}

ocfs_run_loop_timer_ref ocfs_run_loop_timer_create(ocfs_allocator_ref, ocfs_absolute_time fire_date,
                                                   ocfs_time_interval interval, ocfs_option_flags,
                                                   ocfs_index order,
                                                   ocfs_run_loop_timer_callback callout,
                                                   ocfs_run_loop_timer_context *context) {
  if ((context != nullptr && context->version != 0) || std::isnan(fire_date)) return nullptr;
  auto *timer = ocfs::cf::make<ocfs_run_loop_timer>();
  if (timer == nullptr) return nullptr;
  timer->fire_date = fire_date;
  timer->interval = std::isfinite(interval) && interval > 0 ? interval : 0;
  timer->order = order;
  timer->callout = callout;
  if (context != nullptr) {
    timer->context = *context;
    if (context->retain != nullptr) {
      timer->context.info = const_cast<void *>(context->retain(context->info));
    }
  }
  return timer;
}

void ocfs_run_loop_timer_invalidate(ocfs_run_loop_timer_ref timer_ref) {
  ocfs_run_loop_timer *timer = as<ocfs_run_loop_timer>(timer_ref);
  if (timer == nullptr) return;
  ocfs_retain(timer);  // the removals below may drop the last other references
  {
    std::lock_guard lock(timer->mutex);
    if (timer->valid) {
      timer->valid = false;
      remove_from_all_modes(timer);
    }
  }
  ocfs_release(timer);
}

ocfs_bool ocfs_run_loop_timer_is_valid(ocfs_run_loop_timer_ref timer_ref) {
  ocfs_run_loop_timer *timer = as<ocfs_run_loop_timer>(timer_ref);
  if (timer == nullptr) return OCFS_FALSE;
  std::lock_guard lock(timer->mutex);
  return timer->valid ? OCFS_TRUE : OCFS_FALSE;
}

ocfs_absolute_time ocfs_run_loop_timer_get_next_fire_date(ocfs_run_loop_timer_ref timer_ref) {
  ocfs_run_loop_timer *timer = as<ocfs_run_loop_timer>(timer_ref);
  if (timer == nullptr) return 0;
  std::lock_guard lock(timer->mutex);
  return timer->fire_date;
}

void ocfs_run_loop_timer_set_next_fire_date(ocfs_run_loop_timer_ref timer_ref,
                                            ocfs_absolute_time fire_date) {
  ocfs_run_loop_timer *timer = as<ocfs_run_loop_timer>(timer_ref);
  if (timer == nullptr || std::isnan(fire_date)) return;
  ocfs_run_loop *loop;
  {
    std::lock_guard lock(timer->mutex);
    if (!timer->valid) return;
    timer->fire_date = fire_date;
    ++timer->generation;
    reschedule(timer);
    loop = timer->loop;
  }
  if (loop != nullptr) ocfs_run_loop_wake_up(loop);
}

ocfs_time_interval ocfs_run_loop_timer_get_interval(ocfs_run_loop_timer_ref timer_ref) {
  ocfs_run_loop_timer *timer = as<ocfs_run_loop_timer>(timer_ref);
  return timer != nullptr ? timer->interval : 0;
}

ocfs_bool ocfs_run_loop_timer_does_repeat(ocfs_run_loop_timer_ref timer_ref) {
  return ocfs_run_loop_timer_get_interval(timer_ref) > 0 ? OCFS_TRUE : OCFS_FALSE;
}

ocfs_index ocfs_run_loop_timer_get_order(ocfs_run_loop_timer_ref timer_ref) {
  ocfs_run_loop_timer *timer = as<ocfs_run_loop_timer>(timer_ref);
  return timer != nullptr ? timer->order : 0;
}

void ocfs_run_loop_timer_get_context(ocfs_run_loop_timer_ref timer_ref,
                                     ocfs_run_loop_timer_context *context) {
  ocfs_run_loop_timer *timer = as<ocfs_run_loop_timer>(timer_ref);
  if (timer != nullptr && context != nullptr) *context = timer->context;
}

}  // extern "C"
