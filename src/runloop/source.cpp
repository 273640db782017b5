// Version-0 run-loop sources: signalled from any thread, performed by a run loop that runs in one
// of their modes.
#include <algorithm>

#include "cf/classes.hpp"
#include "cf/string.hpp"
#include "runloop/run_loop.hpp"

using ocfs::runloop::Mode;

ocfs_run_loop_source::~ocfs_run_loop_source() {
  if (context.release != nullptr) context.release(context.info);
}

namespace ocfs::runloop {
namespace {

bool is_scheduled_in(const ocfs_run_loop_source &source, const ocfs_run_loop *loop,
                     const std::string &mode) {
  return std::any_of(source.schedules.begin(), source.schedules.end(),
                     [&](const auto &s) { return s.loop == loop && s.mode == mode; });
}

bool is_scheduled_on(const ocfs_run_loop_source &source, const ocfs_run_loop *loop) {
  return std::any_of(source.schedules.begin(), source.schedules.end(),
                     [&](const auto &s) { return s.loop == loop; });
}

// Queues a signalled source on a run loop (caller holds the source's mutex).
void queue_ready(ocfs_run_loop *loop, ocfs_run_loop_source *source) {
  std::lock_guard lock(loop->mutex);
  loop->ready.push_back(
      static_cast<ocfs_run_loop_source *>(const_cast<void *>(ocfs_retain(source))));
}

void erase_one(std::vector<ocfs_run_loop_source *> &sources, ocfs_run_loop_source *source) {
  auto it = std::find(sources.begin(), sources.end(), source);
  if (it != sources.end()) sources.erase(it);
}

ocfs_string_ref mode_name(const std::string &mode) {
  return cf::make_string(mode);
}

void call_cancel(ocfs_run_loop_source *source, ocfs_run_loop *loop, const std::string &mode) {
  if (source->context.cancel == nullptr) return;
  ocfs_string_ref name = mode_name(mode);
  source->context.cancel(source->context.info, loop, name);
  ocfs_release(name);
}

}  // namespace

bool take_signal_if_performed_here(ocfs_run_loop_source *source) {
  auto *loop = cf::as<ocfs_run_loop>(current_if_any());
  if (loop == nullptr || source == nullptr) return false;
  std::lock_guard source_lock(source->mutex);
  if (!source->valid || !source->signalled) return false;
  std::lock_guard loop_lock(loop->mutex);
  if (loop->running_modes.empty() || !is_scheduled_in(*source, loop, loop->running_modes.back())) {
    return false;
  }
  source->signalled = false;  // its queue entries are skipped: perform_sources re-checks
  return true;
}

void add_source_to_mode(ocfs_run_loop *loop, ocfs_run_loop_source *source,
                        const std::string &mode) {
  {
    std::lock_guard source_lock(source->mutex);
    if (!source->valid || is_scheduled_in(*source, loop, mode)) return;
    source->schedules.push_back({loop, mode});
    std::lock_guard loop_lock(loop->mutex);
    mode_for(loop, mode)
        .sources.push_back(
            static_cast<ocfs_run_loop_source *>(const_cast<void *>(ocfs_retain(source))));
    if (source->signalled) {
      loop->ready.push_back(
          static_cast<ocfs_run_loop_source *>(const_cast<void *>(ocfs_retain(source))));
    }
  }
  if (source->context.schedule != nullptr) {
    ocfs_string_ref name = mode_name(mode);
    source->context.schedule(source->context.info, loop, name);
    ocfs_release(name);
  }
}

// Drops a source's entries from the run loop's signalled queues (caller holds loop->mutex);
// returns how many references that freed.
int forget_signalled(ocfs_run_loop *loop, ocfs_run_loop_source *source) {
  int dropped = 0;
  for (auto *queue : {&loop->ready, &loop->deferred}) {
    auto end = std::remove(queue->begin(), queue->end(), source);
    dropped += static_cast<int>(queue->end() - end);
    queue->erase(end, queue->end());
  }
  return dropped;
}

void remove_source_from_mode(ocfs_run_loop *loop, ocfs_run_loop_source *source,
                             const std::string &mode) {
  int references = 1;  // the mode's
  {
    std::lock_guard source_lock(source->mutex);
    auto &schedules = source->schedules;
    auto it = std::find_if(schedules.begin(), schedules.end(),
                           [&](const auto &s) { return s.loop == loop && s.mode == mode; });
    if (it == schedules.end()) return;
    schedules.erase(it);
    std::lock_guard loop_lock(loop->mutex);
    erase_one(mode_for(loop, mode).sources, source);
    // Gone from this run loop: it must not keep the source alive from its queues either.
    if (!is_scheduled_on(*source, loop)) references += forget_signalled(loop, source);
  }
  call_cancel(source, loop, mode);
  for (int i = 0; i < references; ++i)
    ocfs_release(source);
}

bool perform_sources(ocfs_run_loop *loop, const std::string &mode, bool stop_after_first) {
  std::vector<ocfs_run_loop_source *> batch;
  {
    std::lock_guard lock(loop->mutex);
    batch.swap(loop->ready);
    batch.insert(batch.end(), loop->deferred.begin(), loop->deferred.end());
    loop->deferred.clear();
  }
  std::stable_sort(batch.begin(), batch.end(),
                   [](const auto *a, const auto *b) { return a->order < b->order; });
  bool handled = false;
  std::vector<ocfs_run_loop_source *> keep;
  for (ocfs_run_loop_source *source : batch) {
    bool perform = false;
    bool still_signalled = false;
    {
      std::lock_guard lock(source->mutex);
      perform = !(handled && stop_after_first) && source->valid && source->signalled &&
                is_scheduled_in(*source, loop, mode);
      if (perform) source->signalled = false;
      // Kept for a later run only while it still has a mode on this run loop.
      still_signalled = source->valid && source->signalled && is_scheduled_on(*source, loop);
    }
    if (perform) {
      handled = true;
      // The batch's reference keeps the source alive even if perform releases the last other one.
      if (source->context.perform != nullptr) source->context.perform(source->context.info);
    }
    if (still_signalled) {
      keep.push_back(source);  // signalled for another mode, or left for the next pass
    } else {
      ocfs_release(source);
    }
  }
  if (!keep.empty()) {
    std::lock_guard lock(loop->mutex);
    loop->deferred.insert(loop->deferred.end(), keep.begin(), keep.end());
  }
  return handled;
}

}  // namespace ocfs::runloop

namespace ocfs::cf {

const Class kRunLoopSourceClass = {
    "CFRunLoopSource", destroy_as<ocfs_run_loop_source>, nullptr, nullptr, nullptr, nullptr};

}  // namespace ocfs::cf

using namespace ocfs::runloop;
using ocfs::cf::as;

extern "C" {

ocfs_type_id ocfs_run_loop_source_get_type_id(void) {
  return ocfs::cf::public_type_id(ocfs::cf::TypeId::kRunLoopSource);
}

ocfs_run_loop_source_ref ocfs_run_loop_source_create(ocfs_allocator_ref, ocfs_index order,
                                                     ocfs_run_loop_source_context *context) {
  if (context == nullptr || context->version != 0) return nullptr;
  auto *source = ocfs::cf::make<ocfs_run_loop_source>();
  if (source == nullptr) return nullptr;
  source->order = order;
  source->context = *context;
  if (context->retain != nullptr) {
    source->context.info = const_cast<void *>(context->retain(context->info));
  }
  return source;
}

void ocfs_run_loop_source_signal(ocfs_run_loop_source_ref source_ref) {
  ocfs_run_loop_source *source = as<ocfs_run_loop_source>(source_ref);
  if (source == nullptr) return;
  std::lock_guard lock(source->mutex);
  if (!source->valid || source->signalled) return;
  source->signalled = true;
  std::vector<ocfs_run_loop *> queued;
  for (const auto &schedule : source->schedules) {
    if (std::find(queued.begin(), queued.end(), schedule.loop) != queued.end()) continue;
    queued.push_back(schedule.loop);
    queue_ready(schedule.loop, source);
  }
}

void ocfs_run_loop_source_invalidate(ocfs_run_loop_source_ref source_ref) {
  ocfs_run_loop_source *source = as<ocfs_run_loop_source>(source_ref);
  if (source == nullptr) return;
  std::vector<ocfs_run_loop_source::Schedule> schedules;
  int queued = 0;  // references held by signalled queues
  {
    std::lock_guard lock(source->mutex);
    if (!source->valid) return;
    source->valid = false;
    source->signalled = false;
    schedules.swap(source->schedules);
    for (const auto &schedule : schedules) {
      std::lock_guard loop_lock(schedule.loop->mutex);
      erase_one(mode_for(schedule.loop, schedule.mode).sources, source);
      queued += forget_signalled(schedule.loop, source);
      auto &common = schedule.loop->common_sources;
      auto it = std::find(common.begin(), common.end(), source);
      if (it != common.end()) {
        common.erase(it);
        ocfs_release(source);
      }
    }
  }
  ocfs_retain(source);  // keep it through the cancel callbacks
  for (int i = 0; i < queued; ++i)
    ocfs_release(source);
  for (const auto &schedule : schedules) {
    call_cancel(source, schedule.loop, schedule.mode);
    ocfs_release(source);
  }
  ocfs_release(source);
}

ocfs_bool ocfs_run_loop_source_is_valid(ocfs_run_loop_source_ref source_ref) {
  ocfs_run_loop_source *source = as<ocfs_run_loop_source>(source_ref);
  if (source == nullptr) return OCFS_FALSE;
  std::lock_guard lock(source->mutex);
  return source->valid ? OCFS_TRUE : OCFS_FALSE;
}

ocfs_index ocfs_run_loop_source_get_order(ocfs_run_loop_source_ref source_ref) {
  ocfs_run_loop_source *source = as<ocfs_run_loop_source>(source_ref);
  return source != nullptr ? source->order : 0;
}

void ocfs_run_loop_source_get_context(ocfs_run_loop_source_ref source_ref,
                                      ocfs_run_loop_source_context *context) {
  ocfs_run_loop_source *source = as<ocfs_run_loop_source>(source_ref);
  if (source != nullptr && context != nullptr) *context = source->context;
}

}  // extern "C"
