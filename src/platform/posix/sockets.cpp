#include <cerrno>
#include <memory>
#include <new>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/eventfd.h>
#endif

#include "platform/platform.hpp"

namespace ocfs::platform {
namespace {

// Where MSG_NOSIGNAL is missing (macOS, BSD) SO_NOSIGPIPE is set on each socket instead.
#if defined(MSG_NOSIGNAL)
constexpr int kSendFlags = MSG_NOSIGNAL;
#else
constexpr int kSendFlags = 0;
#endif

bool set_cloexec(int fd) {
  int flags = fcntl(fd, F_GETFD);
  return flags >= 0 && fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == 0;
}

short to_poll_events(unsigned events) {
  short native = 0;
  if (events & kPollIn) native |= POLLIN;
  if (events & kPollOut) native |= POLLOUT;
  return native;
}

unsigned from_poll_events(short native) {
  unsigned events = 0;
  if (native & POLLIN) events |= kPollIn;
  if (native & POLLOUT) events |= kPollOut;
  if (native & (POLLERR | POLLNVAL)) events |= kPollError;
  if (native & POLLHUP) events |= kPollHangup;
  return events;
}

}  // namespace

int translate_socket_error(int native_error) {
  return native_error == EWOULDBLOCK ? EAGAIN : native_error;
}

int last_socket_error() {
  return translate_socket_error(errno);
}

bool set_nonblocking(Socket socket, bool nonblocking, int &error) {
  int flags = fcntl(socket, F_GETFL);
  if (flags < 0 ||
      fcntl(socket, F_SETFL, nonblocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK) < 0) {
    error = errno;
    return false;
  }
  return true;
}

void close_socket(Socket socket) {
  if (socket >= 0) ::close(socket);  // not retried on EINTR: see file_close
}

std::ptrdiff_t socket_send(Socket socket, const void *data, std::size_t length, int &error) {
  ssize_t count;
  do {
    count = ::send(socket, data, length, kSendFlags);
  } while (count < 0 && errno == EINTR);
  if (count < 0) error = last_socket_error();
  return count;
}

std::ptrdiff_t socket_recv(Socket socket, void *data, std::size_t length, int &error) {
  ssize_t count;
  do {
    count = ::recv(socket, data, length, 0);
  } while (count < 0 && errno == EINTR);
  if (count < 0) error = last_socket_error();
  return count;
}

int socket_peek(Socket socket, int &error) {
  char byte;
  ssize_t count;
  do {
    count = ::recv(socket, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  } while (count < 0 && errno == EINTR);
  if (count < 0) error = last_socket_error();
  return static_cast<int>(count);
}

bool socket_pair(Socket pair[2], int &error) {
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) {
    error = errno;
    return false;
  }
  for (int i = 0; i < 2; ++i) {
#if defined(SO_NOSIGPIPE)
    int on = 1;
    setsockopt(pair[i], SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on);
#endif
    if (!set_cloexec(pair[i]) || !set_nonblocking(pair[i], true, error)) {
      if (error == 0) error = errno;
      close_socket(pair[0]);
      close_socket(pair[1]);
      return false;
    }
  }
  return true;
}

int poll_sockets(PollEntry *entries, std::size_t count, int timeout_ms, int &error) {
  constexpr std::size_t kStackEntries = 64;
  pollfd stack[kStackEntries];
  std::unique_ptr<pollfd[]> heap;
  pollfd *fds = stack;
  if (count > kStackEntries) {
    heap.reset(new (std::nothrow) pollfd[count]);
    if (!heap) {
      error = ENOMEM;
      return -1;
    }
    fds = heap.get();
  }
  for (std::size_t i = 0; i < count; ++i) {
    fds[i] = pollfd{entries[i].socket, to_poll_events(entries[i].events), 0};
  }
  int ready = ::poll(fds, static_cast<nfds_t>(count), timeout_ms);
  if (ready < 0) {
    error = errno;  // EINTR included: the caller's loop recomputes its timeout and retries
    return -1;
  }
  for (std::size_t i = 0; i < count; ++i)
    entries[i].returned = from_poll_events(fds[i].revents);
  return ready;
}

Waker::~Waker() {
  if (write_end_ != read_end_) close_socket(write_end_);
  close_socket(read_end_);
}

bool Waker::open(int &error) {
#if defined(__linux__)
  int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) {
    error = errno;
    return false;
  }
  read_end_ = write_end_ = fd;
  return true;
#else
  int fds[2];
  if (::pipe(fds) != 0) {
    error = errno;
    return false;
  }
  for (int fd : fds) {
    if (!set_cloexec(fd) || !set_nonblocking(fd, true, error)) {
      ::close(fds[0]);
      ::close(fds[1]);
      return false;
    }
  }
  read_end_ = fds[0];
  write_end_ = fds[1];
  return true;
#endif
}

void Waker::signal() {
  // A full pipe or a saturated eventfd counter already means "signalled": EAGAIN is fine.
#if defined(__linux__)
  uint64_t one = 1;
  ssize_t ignored = ::write(write_end_, &one, sizeof one);
#else
  char byte = 1;
  ssize_t ignored = ::write(write_end_, &byte, 1);
#endif
  (void)ignored;
}

void Waker::drain() {
#if defined(__linux__)
  // One read takes an eventfd's whole count: a second would only come back with EAGAIN.
  uint64_t count = 0;
  ssize_t ignored = ::read(read_end_, &count, sizeof count);
  (void)ignored;
#else
  char buffer[64];
  while (::read(read_end_, buffer, sizeof buffer) > 0) {
  }
#endif
}

}  // namespace ocfs::platform
