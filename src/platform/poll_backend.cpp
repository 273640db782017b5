// The poll backend: a table of watched sockets handed to poll_sockets (poll on POSIX, WSAPoll on
// Windows) on every wait. O(n) per wait by nature; epoll is preferred where it exists.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <new>
#include <thread>

#include "platform/platform.hpp"

namespace ocfs::platform {
namespace {

class PollBackend final : public EventBackend {
 public:
  const char *name() const override { return "poll"; }

  bool watch(Socket socket, unsigned interest, int &) override {
    std::lock_guard lock(mutex_);
    auto it = find(socket);
    if (it != entries_.end()) {
      it->events = interest;
    } else {
      entries_.push_back(PollEntry{socket, interest, 0});
    }
    return true;
  }

  void unwatch(Socket socket) override {
    std::lock_guard lock(mutex_);
    auto it = find(socket);
    if (it == entries_.end()) return;
    *it = entries_.back();
    entries_.pop_back();
  }

  int wait(int timeout_ms, std::vector<Ready> &ready, int &error) override {
    {
      // Interest may change while we wait (a watch is re-armed from another thread, which then
      // wakes the loop); polling a snapshot is enough.
      std::lock_guard lock(mutex_);
      snapshot_.clear();
      for (const PollEntry &entry : entries_) {
        if (entry.events != 0) snapshot_.push_back(entry);
      }
    }
    if (snapshot_.empty()) {
      // WSAPoll rejects an empty set (WSAEINVAL); waiting on nothing is just sleeping.
      std::this_thread::sleep_for(
          std::chrono::milliseconds(timeout_ms < 0 ? 86400000 : timeout_ms));
      return 0;
    }
    int count = poll_sockets(snapshot_.data(), snapshot_.size(), timeout_ms, error);
    if (count < 0) return error == EINTR ? 0 : -1;
    for (const PollEntry &entry : snapshot_) {
      if (entry.returned != 0) ready.push_back(Ready{entry.socket, entry.returned});
    }
    return count;
  }

 private:
  std::vector<PollEntry>::iterator find(Socket socket) {
    return std::find_if(entries_.begin(), entries_.end(),
                        [&](const PollEntry &entry) { return entry.socket == socket; });
  }

  std::mutex mutex_;
  std::vector<PollEntry> entries_;
  std::vector<PollEntry> snapshot_;  // only touched by the waiting thread
};

}  // namespace

std::unique_ptr<EventBackend> make_poll_backend() {
  return std::unique_ptr<EventBackend>(new (std::nothrow) PollBackend);
}

}  // namespace ocfs::platform
