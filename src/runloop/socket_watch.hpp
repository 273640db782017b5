// Socket readiness on a run loop, delivered through a version-0 source so that it obeys modes
// exactly like every other source: the backend marks the events and signals the watch's source;
// the source's perform, when the run loop runs in one of its modes, hands the events to the
// callback. The interest stays as the owner set it (changes made while the callback runs cost one
// system call at most, after it); if the backend reports the socket again while events still wait
// for their mode, the interest is paused until they are performed, so a level-triggered backend
// does not spin.
#ifndef OCFS_SRC_RUNLOOP_SOCKET_WATCH_HPP
#define OCFS_SRC_RUNLOOP_SOCKET_WATCH_HPP

#include <atomic>
#include <mutex>

#include <opencfstream/run_loop.h>

#include "platform/platform.hpp"

namespace ocfs::runloop {

class SocketWatch {
 public:
  using Callback = void (*)(void *context, unsigned events);

  // Null if the backend refuses the socket. The caller owns the watch until destroy().
  // `release_context` (may be null) runs once the watch is gone for good, after any callback
  // already under way has returned, so a watch may hold a reference on its context; it also runs
  // when create fails.
  // `reads` (may be null) is the owner's count of reads from the socket: one more when a read
  // starts and one more when it ends, so odd while one runs. kPollBytesWaiting reaches the
  // callback only if no read ran between the backend's look and the callback, and never without
  // a count.
  static SocketWatch *create(ocfs_run_loop_ref loop, platform::Socket socket, Callback callback,
                             void *context, void (*release_context)(void *context) = nullptr,
                             const std::atomic<unsigned> *reads = nullptr);

  // What to watch for (platform::kPollIn | kPollOut; 0 = nothing). Any thread.
  void set_interest(unsigned events);
  // The source to add to the modes the readiness should be delivered in. Borrowed.
  ocfs_run_loop_source_ref source() const { return source_; }
  // Unregisters the socket and ends the watch. On the run loop's thread no callback runs after it
  // returns; from another thread a callback already under way may still finish.
  void destroy();

  // Called by the run loop when the backend reports the socket (run loop thread).
  void on_ready(unsigned events);

 private:
  SocketWatch() = default;
  ~SocketWatch();
  void retain() { references_.fetch_add(1, std::memory_order_relaxed); }
  void release();
  void perform();
  void arm(unsigned interest);

  ocfs_run_loop *loop_ = nullptr;
  platform::Socket socket_ = platform::kInvalidSocket;
  Callback callback_ = nullptr;
  void *context_ = nullptr;
  void (*release_context_)(void *context) = nullptr;
  ocfs_run_loop_source_ref source_ = nullptr;
  std::atomic<unsigned> interest_{0};
  std::atomic<unsigned> pending_{0};
  const std::atomic<unsigned> *reads_ = nullptr;
  std::atomic<unsigned> reads_when_reported_{0};  // *reads_ when kPollBytesWaiting was reported
  std::atomic<bool> performing_{false};  // the callback is running (on the run loop's thread)
  std::mutex arm_mutex_;
  unsigned armed_ = 0;  // what the backend watches for now (guarded by arm_mutex_)
  std::atomic<bool> closed_{false};
  std::atomic<int> references_{1};
};

}  // namespace ocfs::runloop

#endif  // OCFS_SRC_RUNLOOP_SOCKET_WATCH_HPP
