// Socket pairs that close themselves, for the platform tests.
#ifndef OCFS_TESTS_PLATFORM_PLATFORM_TEST_UTIL_HPP
#define OCFS_TESTS_PLATFORM_PLATFORM_TEST_UTIL_HPP

#include <gtest/gtest.h>

#include "platform/platform.hpp"

namespace ocfs_test {

struct SocketPair {
  ocfs::platform::Socket ends[2] = {ocfs::platform::kInvalidSocket, ocfs::platform::kInvalidSocket};

  SocketPair() {
    EXPECT_TRUE(ocfs_library_init());
    int error = 0;
    EXPECT_TRUE(ocfs::platform::socket_pair(ends, error)) << "errno " << error;
  }
  ~SocketPair() {
    close(0);
    close(1);
  }
  void close(int i) {
    ocfs::platform::close_socket(ends[i]);
    ends[i] = ocfs::platform::kInvalidSocket;
  }
};

// Polls one socket for `events`; returns what came back (0 on timeout).
inline unsigned poll_one(ocfs::platform::Socket socket, unsigned events, int timeout_ms) {
  ocfs::platform::PollEntry entry{socket, events, 0};
  int error = 0;
  int ready = ocfs::platform::poll_sockets(&entry, 1, timeout_ms, error);
  EXPECT_GE(ready, 0) << "errno " << error;
  return ready > 0 ? entry.returned : 0;
}

}  // namespace ocfs_test

#endif  // OCFS_TESTS_PLATFORM_PLATFORM_TEST_UTIL_HPP
