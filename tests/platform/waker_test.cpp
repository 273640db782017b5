// The run loop's wake-up primitive: signalled from any thread, coalesced, drained.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "platform_test_util.hpp"

namespace {

using namespace ocfs::platform;
using ocfs_test::poll_one;

TEST(Waker, SignalMakesItReadableUntilDrained) {
  ASSERT_TRUE(ocfs_library_init());
  Waker waker;
  int error = 0;
  ASSERT_TRUE(waker.open(error)) << error;
  EXPECT_EQ(poll_one(waker.pollable(), kPollIn, 0), 0u);
  waker.signal();
  waker.signal();  // coalesces
  EXPECT_NE(poll_one(waker.pollable(), kPollIn, 1000) & kPollIn, 0u);
  waker.drain();
  EXPECT_EQ(poll_one(waker.pollable(), kPollIn, 0), 0u);
}

TEST(Waker, SignalFromAnotherThreadWakesAPoll) {
  ASSERT_TRUE(ocfs_library_init());
  Waker waker;
  int error = 0;
  ASSERT_TRUE(waker.open(error)) << error;
  std::thread signaller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    waker.signal();
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_NE(poll_one(waker.pollable(), kPollIn, 10000) & kPollIn, 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  signaller.join();
  waker.drain();
}

TEST(Waker, ManySignalsNeverBlockTheSignaller) {
  ASSERT_TRUE(ocfs_library_init());
  Waker waker;
  int error = 0;
  ASSERT_TRUE(waker.open(error));
  for (int i = 0; i < 200000; ++i)
    waker.signal();  // a full pipe/buffer must not block
  waker.drain();
  EXPECT_EQ(poll_one(waker.pollable(), kPollIn, 0), 0u);
}

}  // namespace
