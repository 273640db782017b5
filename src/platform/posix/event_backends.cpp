// POSIX event backends: epoll on Linux (interest registered once, O(ready) waits) and poll.
#include <cerrno>
#include <new>

#if defined(__linux__)
#include <sys/epoll.h>
#include <unistd.h>
#endif

#include "platform/platform.hpp"

namespace ocfs::platform {
namespace {

#if defined(__linux__)
class EpollBackend final : public EventBackend {
 public:
  ~EpollBackend() override {
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
  }

  bool open(int &error) {
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0) error = errno;
    return epoll_fd_ >= 0;
  }

  const char *name() const override { return "epoll"; }

  bool watch(Socket socket, unsigned interest, int &error) override {
    epoll_event event{};
    event.events = to_epoll(interest);
    event.data.fd = socket;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, socket, &event) == 0) return true;
    if (errno == ENOENT && epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, socket, &event) == 0) return true;
    error = errno;
    return false;
  }

  void unwatch(Socket socket) override { epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, socket, nullptr); }

  int wait(int timeout_ms, std::vector<Ready> &ready, int &error) override {
    epoll_event events[64];
    int count = epoll_wait(epoll_fd_, events, 64, timeout_ms);
    if (count < 0) {
      error = errno;
      return error == EINTR ? 0 : -1;
    }
    for (int i = 0; i < count; ++i) {
      ready.push_back(Ready{events[i].data.fd, from_epoll(events[i].events)});
    }
    return count;
  }

 private:
  static uint32_t to_epoll(unsigned interest) {
    uint32_t events = 0;
    if (interest & kPollIn) events |= EPOLLIN | EPOLLRDHUP;
    if (interest & kPollOut) events |= EPOLLOUT;
    return events;
  }

  static unsigned from_epoll(uint32_t events) {
    unsigned result = 0;
    if (events & (EPOLLIN | EPOLLRDHUP)) result |= kPollIn;
    if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) == EPOLLIN) {
      result |= kPollBytesWaiting;
    }
    if (events & EPOLLOUT) result |= kPollOut;
    if (events & EPOLLERR) result |= kPollError;
    if (events & EPOLLHUP) result |= kPollHangup;
    return result;
  }

  int epoll_fd_ = -1;
};
#endif

}  // namespace

std::unique_ptr<EventBackend> make_event_backend(std::string_view name, int &error) {
#if defined(__linux__)
  if (name.empty() || name == "epoll") {
    std::unique_ptr<EpollBackend> backend(new (std::nothrow) EpollBackend);
    if (!backend) error = ENOMEM;
    if (!backend || !backend->open(error)) return nullptr;
    return backend;
  }
#endif
  if (name.empty() || name == "poll") {
    std::unique_ptr<EventBackend> backend = make_poll_backend();
    if (!backend) error = ENOMEM;
    return backend;
  }
  error = EINVAL;
  return nullptr;
}

std::vector<std::string> event_backend_names() {
#if defined(__linux__)
  return {"epoll", "poll"};
#else
  return {"poll"};
#endif
}

}  // namespace ocfs::platform
