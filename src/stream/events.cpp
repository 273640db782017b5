// Stream clients and run loops: scheduling, event delivery through a run-loop source, and the
// blocking waits that run the current run loop in a private mode.
//
// Delivery rules (Apple's): an event reaches the client only if the client asked for it and the
// stream is scheduled; pending events coalesce and are delivered lowest bit first, each at most
// once per pass; the client is never re-entered; after Close, the last Unschedule or
// SetClient(NULL) returns, no callback runs (a call from another thread waits for a callback in
// progress to finish).
#include <algorithm>
#include <cerrno>

#include "cf/string.hpp"
#include "runloop/run_loop.hpp"
#include "stream/stream.hpp"

namespace ocfs::stream {
namespace {

const ocfs_string_ref kBlockingMode = OCFS_STR("_kCFStreamBlockingOpenMode");

constexpr ocfs_stream_event_type kEventsInOrder[] = {
    OCFS_STREAM_EVENT_OPEN_COMPLETED, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE,
    OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES, OCFS_STREAM_EVENT_ERROR_OCCURRED,
    OCFS_STREAM_EVENT_END_ENCOUNTERED};

ocfs_run_loop_source_ref retained(ocfs_run_loop_source_ref source) {
  return static_cast<ocfs_run_loop_source_ref>(const_cast<void *>(ocfs_retain(source)));
}

ocfs_run_loop_source_ref make_waiter_source() {
  ocfs_run_loop_source_context context = {};
  context.perform = [](void *) {};  // being performed is the point: the blocked run returns
  return ocfs_run_loop_source_create(nullptr, 0, &context);
}

}  // namespace

ocfs_option_flags Stream::pending_events() {
  std::lock_guard lock(mutex_);
  return pending_events_;
}

void Stream::withdraw_event(ocfs_stream_event_type event) {
  std::lock_guard lock(mutex_);
  pending_events_ &= ~static_cast<ocfs_option_flags>(event);
}

void Stream::signal_event(ocfs_stream_event_type event, const ErrorRecord *error) {
  std::lock_guard lock(mutex_);
  // Apple's filter: nothing before open or after close/error; only errors once at end; an open
  // completes only while opening.
  if (status_ == OCFS_STREAM_STATUS_NOT_OPEN || status_ == OCFS_STREAM_STATUS_CLOSED ||
      status_ == OCFS_STREAM_STATUS_ERROR) {
    return;
  }
  if (status_ == OCFS_STREAM_STATUS_AT_END && event != OCFS_STREAM_EVENT_ERROR_OCCURRED) return;
  switch (event) {
    case OCFS_STREAM_EVENT_OPEN_COMPLETED:
      if (status_ != OCFS_STREAM_STATUS_OPENING) return;
      set_status_locked(OCFS_STREAM_STATUS_OPEN);
      break;
    case OCFS_STREAM_EVENT_END_ENCOUNTERED:
      set_status_locked(OCFS_STREAM_STATUS_AT_END);
      break;
    case OCFS_STREAM_EVENT_ERROR_OCCURRED:
      error_ = error != nullptr && error->is_set() ? *error : ErrorRecord::posix(EIO);
      set_status_locked(OCFS_STREAM_STATUS_ERROR);
      break;
    default:
      break;
  }
  // As CF: an event the client did not ask for, or that comes while the stream is not scheduled,
  // is dropped (a stream tells a newly scheduled client what it can do: signal_readiness).
  ocfs_option_flags wanted = event & client_.events;
  if (wanted == 0 || schedules_.empty()) return;
  pending_events_ |= wanted;
  request_delivery_locked();
}

void Stream::request_delivery_locked() {
  if (delivery_source_ == nullptr || pending_events_ == 0) return;
  ocfs_run_loop_source_signal(delivery_source_);
  ocfs_run_loop_ref current = runloop::current_if_any();
  for (const Schedule &schedule : schedules_) {
    // The current thread's loop checks its ready queue before it waits: no wake-up needed.
    if (schedule.loop != current) ocfs_run_loop_wake_up(schedule.loop);
  }
}

void Stream::deliver_if_here() {
  ocfs_run_loop_source_ref source;
  {
    std::lock_guard lock(mutex_);
    if (pending_events_ == 0 || delivery_source_ == nullptr || calling_client_) return;
    source = retained(delivery_source_);
  }
  bool here = runloop::take_signal_if_performed_here(cf::as<ocfs_run_loop_source>(source));
  ocfs_release(source);
  if (here) deliver();
}

void Stream::perform_delivery(void *info) {
  static_cast<Stream *>(info)->deliver();
}

void Stream::deliver() {
  ocfs_retain(this);  // a callback may release the stream's last outside reference
  for (ocfs_stream_event_type event : kEventsInOrder) {
    AnyCallback callback;
    void *info;
    {
      std::lock_guard lock(mutex_);
      if (calling_client_) break;  // a nested run inside our own callback: deliver later
      if ((pending_events_ & event) == 0) continue;
      pending_events_ &= ~event;
      if (client_.callback == nullptr || status_ == OCFS_STREAM_STATUS_CLOSED ||
          schedules_.empty()) {
        pending_events_ = 0;
        break;
      }
      callback = client_.callback;
      info = client_.context.info;
      calling_client_ = true;
      calling_thread_ = std::this_thread::get_id();
    }
    if (direction_ == Direction::kRead) {
      reinterpret_cast<ocfs_read_stream_client_callback>(callback)(
          static_cast<ocfs_read_stream *>(this), event, info);
    } else {
      reinterpret_cast<ocfs_write_stream_client_callback>(callback)(
          static_cast<ocfs_write_stream *>(this), event, info);
    }
    {
      std::lock_guard lock(mutex_);
      calling_client_ = false;
    }
    callback_done_.notify_all();
  }
  {
    std::lock_guard lock(mutex_);
    if (!calling_client_) request_delivery_locked();  // events raised during the callbacks
  }
  ocfs_release(this);
}

void Stream::wait_for_callback_to_finish(std::unique_lock<std::mutex> &lock) {
  // From the delivering thread itself (inside the callback) there is nothing to wait for.
  callback_done_.wait(
      lock, [&] { return !calling_client_ || calling_thread_ == std::this_thread::get_id(); });
}

void Stream::release_client() {
  Client old;
  {
    std::unique_lock lock(mutex_);
    wait_for_callback_to_finish(lock);
    old = client_;
    client_ = Client{};
    pending_events_ = 0;
  }
  if (old.context.release != nullptr) old.context.release(old.context.info);
}

bool Stream::set_client(ocfs_option_flags events, AnyCallback callback,
                        const ocfs_stream_client_context *context) {
  // A read stream never reports CanAcceptBytes and a write stream never HasBytesAvailable.
  events &= ~static_cast<ocfs_option_flags>(direction_ == Direction::kRead
                                                ? OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES
                                                : OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);
  if (callback == nullptr || context == nullptr || events == 0) {
    release_client();
    return true;
  }
  Client fresh;
  fresh.events = events;
  fresh.callback = callback;
  fresh.context = *context;
  if (context->retain != nullptr) fresh.context.info = context->retain(context->info);
  Client old;
  {
    std::unique_lock lock(mutex_);
    wait_for_callback_to_finish(lock);
    old = client_;
    client_ = fresh;
    pending_events_ = 0;
  }
  // After the new info is retained: the same info may be passed again.
  if (old.context.release != nullptr) old.context.release(old.context.info);
  return true;
}

void Stream::schedule(ocfs_run_loop_ref loop, ocfs_run_loop_mode mode) {
  if (!cf::is_a(loop, cf::TypeId::kRunLoop) || !cf::is_string(mode)) return;
  std::string key(cf::utf8_of(mode));
  ocfs_run_loop_source_ref source;
  bool first;
  {
    std::lock_guard lock(mutex_);
    if (status_ == OCFS_STREAM_STATUS_CLOSED) return;
    auto same = [&](const Schedule &s) { return s.loop == loop && s.mode == key; };
    if (std::any_of(schedules_.begin(), schedules_.end(), same)) return;
    if (delivery_source_ == nullptr) {
      // The source holds the stream: a scheduled stream lives until unscheduled or closed.
      ocfs_run_loop_source_context context = {};
      context.info = this;
      context.retain = ocfs_retain;
      context.release = ocfs_release;
      context.perform = perform_delivery;
      delivery_source_ = ocfs_run_loop_source_create(nullptr, 0, &context);
      if (delivery_source_ == nullptr) return;
    }
    schedules_.push_back(Schedule{loop, key});
    first = schedules_.size() == 1;
    source = retained(delivery_source_);
  }
  ocfs_run_loop_add_source(loop, source, mode);
  ocfs_release(source);
  if (callbacks_.schedule != nullptr) callbacks_.schedule(*this, loop, mode);
  {
    std::lock_guard lock(mutex_);
    request_delivery_locked();  // events that were waiting for a run loop
  }
  if (first) signal_readiness(true);
}

void Stream::unschedule(ocfs_run_loop_ref loop, ocfs_run_loop_mode mode) {
  if (!cf::is_a(loop, cf::TypeId::kRunLoop) || !cf::is_string(mode)) return;
  std::string key(cf::utf8_of(mode));
  ocfs_run_loop_source_ref source;
  bool last;
  {
    std::unique_lock lock(mutex_);
    auto it = std::find_if(schedules_.begin(), schedules_.end(),
                           [&](const Schedule &s) { return s.loop == loop && s.mode == key; });
    if (it == schedules_.end()) return;
    wait_for_callback_to_finish(lock);
    schedules_.erase(it);
    last = schedules_.empty();
    source = delivery_source_;
    if (last) delivery_source_ = nullptr;  // the reference moves to `source`
    if (!last) ocfs_retain(source);
  }
  ocfs_retain(this);  // the source's reference to the stream may be the last one
  if (callbacks_.unschedule != nullptr) callbacks_.unschedule(*this, loop, mode);
  ocfs_run_loop_remove_source(loop, source, mode);
  if (last) ocfs_run_loop_source_invalidate(source);
  ocfs_release(source);
  ocfs_release(this);
}

void Stream::unschedule_all() {
  std::vector<Schedule> schedules;
  {
    std::lock_guard lock(mutex_);
    schedules = schedules_;
  }
  // Never true while the stream is being destroyed (a scheduled stream is kept alive by its
  // source), so the reference below never revives a dying stream.
  if (schedules.empty()) return;
  ocfs_retain(this);
  for (const Schedule &schedule : schedules) {
    ocfs_string_ref mode = cf::make_string(schedule.mode);
    unschedule(schedule.loop, mode);
    ocfs_release(mode);
  }
  ocfs_release(this);
}

bool Stream::wait_until(bool (*ready)(Stream &), double timeout, ErrorRecord &error) {
  if (ready(*this)) return true;
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  ocfs_run_loop_source_ref waiter = make_waiter_source();
  if (loop == nullptr || waiter == nullptr) {
    ocfs_release(waiter);
    error = ErrorRecord::posix(ENOMEM);
    return false;
  }
  {
    std::lock_guard lock(mutex_);
    waiter_source_ = waiter;
    waiter_loop_ = loop;
  }
  ocfs_run_loop_add_source(loop, waiter, kBlockingMode);
  if (callbacks_.schedule != nullptr) callbacks_.schedule(*this, loop, kBlockingMode);
  ocfs_absolute_time deadline = ocfs_absolute_time_get_current() + timeout;
  bool ok = false;
  for (;;) {
    if (ready(*this)) {
      ok = true;
      break;
    }
    double remaining = timeout > 0 ? deadline - ocfs_absolute_time_get_current() : 1e10;
    if (remaining <= 0) {
      error = ErrorRecord::posix(ETIMEDOUT);
      break;
    }
    ocfs_run_loop_run_in_mode(kBlockingMode, remaining, OCFS_TRUE);
  }
  if (callbacks_.unschedule != nullptr) callbacks_.unschedule(*this, loop, kBlockingMode);
  {
    std::lock_guard lock(mutex_);
    waiter_source_ = nullptr;
    waiter_loop_ = nullptr;
  }
  ocfs_run_loop_source_invalidate(waiter);
  ocfs_release(waiter);
  return ok;
}

void Stream::notify_waiters() {
  ocfs_run_loop_source_ref waiter;
  ocfs_run_loop_ref loop;
  {
    std::lock_guard lock(mutex_);
    if (waiter_source_ == nullptr) return;
    waiter = retained(waiter_source_);
    loop = waiter_loop_;
  }
  ocfs_run_loop_source_signal(waiter);
  // From the waiting thread itself (a socket watch performed inside the blocked call's run) the
  // loop looks at its ready queue before it waits again: no wake-up needed.
  if (loop != runloop::current_if_any()) ocfs_run_loop_wake_up(loop);
  ocfs_release(waiter);
}

}  // namespace ocfs::stream
