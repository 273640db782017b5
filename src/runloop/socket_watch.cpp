#include "runloop/socket_watch.hpp"

#include <new>

#include "runloop/run_loop.hpp"

namespace ocfs::runloop {

SocketWatch *SocketWatch::create(ocfs_run_loop_ref loop_ref, platform::Socket socket,
                                 Callback callback, void *context,
                                 void (*release_context)(void *context),
                                 const std::atomic<unsigned> *reads) {
  auto *loop = cf::as<ocfs_run_loop>(loop_ref);
  SocketWatch *watch = nullptr;
  if (loop != nullptr && socket != platform::kInvalidSocket && callback != nullptr) {
    watch = new (std::nothrow) SocketWatch;
  }
  if (watch == nullptr) {
    if (release_context != nullptr) release_context(context);
    return nullptr;
  }
  watch->loop_ = loop;
  watch->socket_ = socket;
  watch->callback_ = callback;
  watch->context_ = context;
  watch->release_context_ = release_context;
  watch->reads_ = reads;
  // The source holds a reference to the watch, so a perform already under way on the run loop
  // never sees it freed.
  ocfs_run_loop_source_context source_context = {};
  source_context.info = watch;
  source_context.retain = [](const void *info) {
    static_cast<SocketWatch *>(const_cast<void *>(info))->retain();
    return info;
  };
  source_context.release = [](const void *info) {
    static_cast<SocketWatch *>(const_cast<void *>(info))->release();
  };
  source_context.perform = [](void *info) { static_cast<SocketWatch *>(info)->perform(); };
  watch->source_ = ocfs_run_loop_source_create(nullptr, 0, &source_context);
  int error = 0;
  if (watch->source_ == nullptr || !loop->backend->watch(socket, 0, error)) {
    ocfs_release(watch->source_);
    watch->release();
    return nullptr;
  }
  std::lock_guard lock(loop->mutex);
  loop->watches[socket] = watch;
  return watch;
}

SocketWatch::~SocketWatch() {
  if (release_context_ != nullptr) release_context_(context_);
}

void SocketWatch::release() {
  if (references_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
}

void SocketWatch::arm(unsigned interest) {
  // Serialised, and skipped when the backend already has it: each change is a system call with
  // epoll, and a readiness cycle would otherwise pay several.
  std::lock_guard lock(arm_mutex_);
  if (interest == armed_) return;
  int error = 0;
  loop_->backend->watch(socket_, interest, error);
  armed_ = interest;
}

void SocketWatch::set_interest(unsigned events) {
  if (closed_.load(std::memory_order_acquire)) return;
  interest_.store(events);
  // While events wait for delivery, or the callback runs, perform() arms with the latest interest
  // once it is done: changes made meanwhile (the callback's own) cost no system call.
  if (pending_.load() == 0 && !performing_.load()) arm(events);
  // A poll backend picks up a new interest on its next wait; only a wait under way on another
  // thread needs waking for it.
  if (current_if_any() != loop_) ocfs_run_loop_wake_up(loop_);
}

void SocketWatch::on_ready(unsigned events) {
  if (closed_.load(std::memory_order_acquire)) return;
  if (events & platform::kPollBytesWaiting) {
    unsigned reads = reads_ != nullptr ? reads_->load(std::memory_order_acquire) : 1;
    if (reads % 2 == 0) {
      reads_when_reported_.store(reads, std::memory_order_relaxed);
    } else {
      events &= ~platform::kPollBytesWaiting;  // a read under way may take them
    }
  }
  // Reported again before the earlier events were performed (the source waits for a mode that
  // is not running): paused until they are, so a level-triggered backend does not spin. A watch
  // whose events are performed on the pass after each wait is never paused: its owner lowers the
  // interest itself when it has nothing to deliver.
  if (pending_.fetch_or(events, std::memory_order_acq_rel) != 0) arm(0);
  ocfs_run_loop_source_signal(source_);
}

void SocketWatch::perform() {
  unsigned events = pending_.exchange(0);
  if (closed_.load(std::memory_order_acquire)) return;
  if ((events & platform::kPollBytesWaiting) &&
      reads_->load(std::memory_order_acquire) !=
          reads_when_reported_.load(std::memory_order_relaxed)) {
    events &= ~platform::kPollBytesWaiting;  // read since: maybe nothing is left
  }
  if (events != 0) {
    performing_.store(true);
    callback_(context_, events);
    performing_.store(false);  // before reading the interest: see set_interest
  }
  if (!closed_.load(std::memory_order_acquire)) arm(interest_.load());
}

void SocketWatch::destroy() {
  closed_.store(true, std::memory_order_release);
  {
    std::lock_guard lock(loop_->mutex);
    loop_->watches.erase(socket_);
  }
  loop_->backend->unwatch(socket_);
  ocfs_run_loop_source_invalidate(source_);
  ocfs_release(source_);
  release();
}

void dispatch_ready(ocfs_run_loop *loop, const platform::EventBackend::Ready &ready) {
  SocketWatch *watch;
  {
    std::lock_guard lock(loop->mutex);
    auto it = loop->watches.find(ready.socket);
    if (it == loop->watches.end()) return;
    watch = it->second;
  }
  watch->on_ready(ready.events);
}

}  // namespace ocfs::runloop
