// Socket readiness delivered through a run-loop source: modes, pausing and destruction.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "platform/platform.hpp"
#include "runloop/run_loop.hpp"
#include "runloop/socket_watch.hpp"

#include <opencfstream/ocfs.h>

namespace {

using namespace ocfs::platform;
using ocfs::runloop::SocketWatch;

struct Seen {
  int calls = 0;
  unsigned events = 0;
};

void record(void *context, unsigned events) {
  auto *seen = static_cast<Seen *>(context);
  ++seen->calls;
  seen->events |= events;
}

class SocketWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ocfs_library_init());
    int error = 0;
    ASSERT_TRUE(socket_pair(pair_, error));
    loop_ = ocfs_run_loop_get_current();
    watch_ = SocketWatch::create(loop_, pair_[1], record, &seen_);
    ASSERT_NE(watch_, nullptr);
  }
  void TearDown() override {
    if (watch_ != nullptr) watch_->destroy();
    close_socket(pair_[0]);
    close_socket(pair_[1]);
  }
  void send_byte() {
    int error = 0;
    ASSERT_EQ(socket_send(pair_[0], "x", 1, error), 1);
  }
  void drain() {
    char buffer[16];
    int error = 0;
    while (socket_recv(pair_[1], buffer, sizeof buffer, error) > 0) {
    }
  }

  Socket pair_[2] = {kInvalidSocket, kInvalidSocket};
  ocfs_run_loop_ref loop_ = nullptr;
  SocketWatch *watch_ = nullptr;
  Seen seen_;
};

TEST_F(SocketWatchTest, ReadinessReachesTheCallbackInTheSourcesMode) {
  ocfs_run_loop_add_source(loop_, watch_->source(), ocfs_run_loop_default_mode);
  watch_->set_interest(kPollIn);
  send_byte();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 2, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(seen_.calls, 1);
  EXPECT_NE(seen_.events & kPollIn, 0u);
}

TEST_F(SocketWatchTest, ReadinessWaitsForItsModeWithoutSpinning) {
  ocfs_run_loop_add_source(loop_, watch_->source(), OCFS_STR("SocketMode"));
  // Another mode keeps running: the ready socket must neither call back there nor keep the loop
  // busy (the run below would return HANDLED_SOURCE for the keep-alive source if it spun).
  ocfs_run_loop_source_context context = {};
  context.perform = [](void *) {};
  auto *keep_alive = ocfs_run_loop_source_create(nullptr, 0, &context);
  ocfs_run_loop_add_source(loop_, keep_alive, ocfs_run_loop_default_mode);
  watch_->set_interest(kPollIn);
  send_byte();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0.05, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(seen_.calls, 0);
  EXPECT_EQ(ocfs_run_loop_run_in_mode(OCFS_STR("SocketMode"), 2, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(seen_.calls, 1);
  ocfs_run_loop_source_invalidate(keep_alive);
  ocfs_release(keep_alive);
}

TEST_F(SocketWatchTest, LevelReadinessRepeatsUntilConsumed) {
  ocfs_run_loop_add_source(loop_, watch_->source(), ocfs_run_loop_default_mode);
  watch_->set_interest(kPollIn);
  send_byte();
  ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 2, OCFS_TRUE);
  ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 2, OCFS_TRUE);
  EXPECT_EQ(seen_.calls, 2);  // still readable: reported again after being re-armed
  drain();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0.05, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(seen_.calls, 2);
}

TEST_F(SocketWatchTest, NoInterestNoCallback) {
  ocfs_run_loop_add_source(loop_, watch_->source(), ocfs_run_loop_default_mode);
  send_byte();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0.05, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(seen_.calls, 0);
}

TEST_F(SocketWatchTest, WritableIsReported) {
  ocfs_run_loop_add_source(loop_, watch_->source(), ocfs_run_loop_default_mode);
  watch_->set_interest(kPollOut);
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 2, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_NE(seen_.events & kPollOut, 0u);
}

TEST_F(SocketWatchTest, DestroyedWatchNeverCallsBack) {
  ocfs_run_loop_add_source(loop_, watch_->source(), ocfs_run_loop_default_mode);
  watch_->set_interest(kPollIn);
  send_byte();
  ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0, OCFS_FALSE);  // readiness noticed
  int calls_before = seen_.calls;
  watch_->destroy();
  watch_ = nullptr;
  send_byte();
  ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0.02, OCFS_FALSE);
  EXPECT_LE(seen_.calls, 1);
  EXPECT_EQ(seen_.calls, calls_before);
}

// kPollBytesWaiting (from a backend that gives it) reaches the callback only while the owner's
// read count shows no read since the backend looked.
class SocketWatchReadCountTest : public SocketWatchTest {
 protected:
  void SetUp() override {
    SocketWatchTest::SetUp();
    watch_->destroy();
    watch_ = SocketWatch::create(loop_, pair_[1], record, &seen_, nullptr, &reads_);
    ASSERT_NE(watch_, nullptr);
    ocfs_run_loop_add_source(loop_, watch_->source(), OCFS_STR("SocketMode"));
    watch_->set_interest(kPollIn);
    send_byte();
  }
  static bool backend_gives_bytes_waiting() {
    auto *loop = ocfs::cf::as<ocfs_run_loop>(ocfs_run_loop_get_current());
    return std::string(loop->backend->name()) == "epoll";
  }
  // Lets the backend report the byte while the watch's mode is not running, then performs it.
  unsigned report_then_perform(unsigned reads_between) {
    run_default_briefly();
    reads_ += reads_between;
    EXPECT_EQ(ocfs_run_loop_run_in_mode(OCFS_STR("SocketMode"), 2, OCFS_TRUE),
              OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
    EXPECT_EQ(seen_.calls, 1);
    return seen_.events;
  }
  void run_default_briefly() {
    ocfs_run_loop_source_context context = {};
    context.perform = [](void *) {};
    auto *keep_alive = ocfs_run_loop_source_create(nullptr, 0, &context);
    ocfs_run_loop_add_source(loop_, keep_alive, ocfs_run_loop_default_mode);
    ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0.02, OCFS_FALSE);  // the backend looks
    ocfs_run_loop_source_invalidate(keep_alive);
    ocfs_release(keep_alive);
  }

  std::atomic<unsigned> reads_{0};
};

TEST_F(SocketWatchReadCountTest, BytesWaitingReachesTheCallbackWhenNoReadRanSince) {
  unsigned events = report_then_perform(0);
  EXPECT_NE(events & kPollIn, 0u);
  EXPECT_EQ((events & kPollBytesWaiting) != 0, backend_gives_bytes_waiting()) << events;
}

TEST_F(SocketWatchReadCountTest, AReadSinceTheReportDropsBytesWaiting) {
  unsigned events = report_then_perform(2);  // one whole read between
  EXPECT_NE(events & kPollIn, 0u);
  EXPECT_EQ(events & kPollBytesWaiting, 0u) << events;
}

TEST_F(SocketWatchReadCountTest, AReadUnderWayWhenTheBackendLooksDropsBytesWaiting) {
  reads_ = 1;  // a read has started and not ended
  unsigned events = report_then_perform(0);
  EXPECT_NE(events & kPollIn, 0u);
  EXPECT_EQ(events & kPollBytesWaiting, 0u) << events;
}

TEST_F(SocketWatchTest, WithoutAReadCountBytesWaitingNeverReachesTheCallback) {
  ocfs_run_loop_add_source(loop_, watch_->source(), ocfs_run_loop_default_mode);
  watch_->set_interest(kPollIn);
  send_byte();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 2, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_NE(seen_.events & kPollIn, 0u);
  EXPECT_EQ(seen_.events & kPollBytesWaiting, 0u);
}

TEST(SocketWatchCreate, RefusesBadArguments) {
  EXPECT_EQ(SocketWatch::create(nullptr, 0, record, nullptr), nullptr);
  EXPECT_EQ(SocketWatch::create(ocfs_run_loop_get_current(), kInvalidSocket, record, nullptr),
            nullptr);
}

}  // namespace
