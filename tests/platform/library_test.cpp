// ocfs_library_init / ocfs_library_shutdown: idempotent and thread-safe.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "platform_test_util.hpp"

namespace {

TEST(Library, InitIsIdempotentAcrossThreads) {
  std::atomic<int> successes{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j)
        successes += ocfs_library_init() ? 1 : 0;
    });
  }
  for (auto &thread : threads)
    thread.join();
  EXPECT_EQ(successes.load(), 800);
}

TEST(Library, ShutdownIsIdempotentAndInitStartsOver) {
  ASSERT_TRUE(ocfs_library_init());
  ocfs_library_shutdown();
  ocfs_library_shutdown();
  ASSERT_TRUE(ocfs_library_init());
  ocfs_test::SocketPair pair;  // sockets work again after a re-init
  int error = 0;
  EXPECT_EQ(ocfs::platform::socket_send(pair.ends[0], "x", 1, error), 1);
}

TEST(Library, ErrnoTextIsTheCLibrarysText) {
  EXPECT_EQ(ocfs::platform::errno_text(ENOENT), std::strerror(ENOENT));
  EXPECT_FALSE(ocfs::platform::errno_text(123456).empty());
}

}  // namespace
