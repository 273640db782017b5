// The event backends behind the run loop, each one driven directly with socket pairs.
#include <gtest/gtest.h>

#include <algorithm>

#include "platform/platform.hpp"

namespace {

using namespace ocfs::platform;

class EventBackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ocfs_library_init());
    int error = 0;
    backend_ = make_event_backend(GetParam(), error);
    ASSERT_NE(backend_, nullptr) << "errno " << error;
    ASSERT_TRUE(socket_pair(pair_, error));
  }
  void TearDown() override {
    close_socket(pair_[0]);
    close_socket(pair_[1]);
  }

  unsigned wait_for(Socket socket, int timeout_ms) {
    std::vector<EventBackend::Ready> ready;
    int error = 0;
    EXPECT_GE(backend_->wait(timeout_ms, ready, error), 0) << error;
    unsigned events = 0;
    for (const auto &r : ready) {
      if (r.socket == socket) events |= r.events;
    }
    return events;
  }

  std::unique_ptr<EventBackend> backend_;
  Socket pair_[2] = {kInvalidSocket, kInvalidSocket};
};

TEST_P(EventBackendTest, ReportsReadableAfterData) {
  int error = 0;
  ASSERT_TRUE(backend_->watch(pair_[1], kPollIn, error));
  EXPECT_EQ(wait_for(pair_[1], 0), 0u);
  ASSERT_EQ(socket_send(pair_[0], "x", 1, error), 1);
  EXPECT_NE(wait_for(pair_[1], 2000) & kPollIn, 0u);
}

TEST_P(EventBackendTest, InterestCanBeChangedAndSilenced) {
  int error = 0;
  ASSERT_TRUE(backend_->watch(pair_[0], kPollOut, error));
  EXPECT_NE(wait_for(pair_[0], 2000) & kPollOut, 0u);
  ASSERT_TRUE(backend_->watch(pair_[0], 0, error));  // registered, silent
  EXPECT_EQ(wait_for(pair_[0], 0), 0u);
  ASSERT_TRUE(backend_->watch(pair_[0], kPollOut, error));
  EXPECT_NE(wait_for(pair_[0], 2000) & kPollOut, 0u);
}

TEST_P(EventBackendTest, UnwatchedSocketsAreNotReported) {
  int error = 0;
  ASSERT_TRUE(backend_->watch(pair_[1], kPollIn, error));
  ASSERT_EQ(socket_send(pair_[0], "x", 1, error), 1);
  backend_->unwatch(pair_[1]);
  EXPECT_EQ(wait_for(pair_[1], 0), 0u);
}

TEST_P(EventBackendTest, PeerCloseIsReported) {
  int error = 0;
  ASSERT_TRUE(backend_->watch(pair_[1], kPollIn, error));
  close_socket(pair_[0]);
  pair_[0] = kInvalidSocket;
  EXPECT_NE(wait_for(pair_[1], 2000) & (kPollIn | kPollHangup), 0u);
}

// kPollBytesWaiting promises bytes with no end of stream behind them, so a reader may skip its
// peek: only a backend that sees the peer's end (epoll's EPOLLRDHUP) may give it.
TEST_P(EventBackendTest, BytesWaitingIsReportedOnlyWithoutAnEnd) {
  bool tells_ends_apart = GetParam() == "epoll";
  int error = 0;
  ASSERT_TRUE(backend_->watch(pair_[1], kPollIn, error));
  ASSERT_EQ(socket_send(pair_[0], "x", 1, error), 1);
  unsigned events = wait_for(pair_[1], 2000);
  EXPECT_NE(events & kPollIn, 0u);
  EXPECT_EQ((events & kPollBytesWaiting) != 0, tells_ends_apart) << events;
  close_socket(pair_[0]);  // the byte is still there, and now the end behind it
  pair_[0] = kInvalidSocket;
  events = wait_for(pair_[1], 2000);
  EXPECT_NE(events & kPollIn, 0u);
  EXPECT_EQ(events & kPollBytesWaiting, 0u) << events;
}

TEST_P(EventBackendTest, TimesOut) {
  int error = 0;
  ASSERT_TRUE(backend_->watch(pair_[1], kPollIn, error));
  std::vector<EventBackend::Ready> ready;
  EXPECT_EQ(backend_->wait(20, ready, error), 0);
  EXPECT_TRUE(ready.empty());
}

TEST(EventBackendNames, UnknownNameIsRefused) {
  int error = 0;
  EXPECT_EQ(make_event_backend("kqueue-on-linux", error), nullptr);
  EXPECT_EQ(error, EINVAL);
  auto names = event_backend_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "poll"), names.end());
  auto best = make_event_backend("", error);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->name(), names.front());
}

INSTANTIATE_TEST_SUITE_P(Backends, EventBackendTest,
                         ::testing::ValuesIn(ocfs::platform::event_backend_names()),
                         [](const auto &param_info) { return param_info.param; });

}  // namespace
