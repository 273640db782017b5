// CFRunLoopSource (version 0): creation and its context, signal and perform, ordering,
// schedule/cancel callbacks, invalidation, and adding, removing and finding sources by mode.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::str;
using ocfs_test::text;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// What a test source's callbacks saw. Heap-allocated and shared between the test and the source
// (`holders`), so a late release by a run loop never touches freed memory.
struct SourceCalls {
  std::atomic<int> holders{1};
  std::atomic<int> retains{0};
  std::atomic<int> releases{0};
  std::atomic<int> equals{0};
  std::atomic<int> hashes{0};
  std::atomic<int> descriptions{0};
  std::atomic<int> schedules{0};
  std::atomic<int> cancels{0};
  std::atomic<int> performs{0};
  std::mutex mutex;
  std::vector<std::string> scheduled_modes;
  std::vector<std::string> cancelled_modes;
  std::vector<ocfs_run_loop_ref> scheduled_loops;
  std::vector<ocfs_run_loop_ref> cancelled_loops;
  std::function<void()> on_perform;  // set before the source can be performed
};

SourceCalls *calls_of(const void *info) {
  return static_cast<SourceCalls *>(const_cast<void *>(info));
}

void drop(SourceCalls *calls) {
  if (calls->holders.fetch_sub(1) == 1) delete calls;
}

const void *source_retain(const void *info) {
  ++calls_of(info)->retains;
  ++calls_of(info)->holders;
  return info;
}

void source_release(const void *info) {
  ++calls_of(info)->releases;
  drop(calls_of(info));
}

ocfs_string_ref source_describe(const void *info) {
  ++calls_of(info)->descriptions;
  return nullptr;
}

ocfs_bool source_equal(const void *a, const void *b) {
  ++calls_of(a)->equals;
  return a == b ? OCFS_TRUE : OCFS_FALSE;
}

ocfs_hash_code source_hash(const void *info) {
  ++calls_of(info)->hashes;
  return 1;
}

void source_schedule(void *info, ocfs_run_loop_ref loop, ocfs_run_loop_mode mode) {
  SourceCalls *calls = calls_of(info);
  std::lock_guard lock(calls->mutex);
  calls->scheduled_modes.push_back(text(mode));
  calls->scheduled_loops.push_back(loop);
  ++calls->schedules;
}

void source_cancel(void *info, ocfs_run_loop_ref loop, ocfs_run_loop_mode mode) {
  SourceCalls *calls = calls_of(info);
  std::lock_guard lock(calls->mutex);
  calls->cancelled_modes.push_back(text(mode));
  calls->cancelled_loops.push_back(loop);
  ++calls->cancels;
}

void source_perform(void *info) {
  SourceCalls *calls = calls_of(info);
  ++calls->performs;
  if (calls->on_perform) calls->on_perform();
}

ocfs_run_loop_source_context counting_context(SourceCalls *calls) {
  ocfs_run_loop_source_context context{};
  context.version = 0;
  context.info = calls;
  context.retain = source_retain;
  context.release = source_release;
  context.copyDescription = source_describe;
  context.equal = source_equal;
  context.hash = source_hash;
  context.schedule = source_schedule;
  context.cancel = source_cancel;
  context.perform = source_perform;
  return context;
}

// A counting version-0 source; invalidated and released when the test ends.
class TestSource {
 public:
  explicit TestSource(ocfs_index order = 0) : calls_(new SourceCalls) {
    ocfs_run_loop_source_context context = counting_context(calls_);
    source_ = ocfs_run_loop_source_create(nullptr, order, &context);
  }
  ~TestSource() {
    reset();
    drop(calls_);
  }
  TestSource(const TestSource &) = delete;
  TestSource &operator=(const TestSource &) = delete;

  ocfs_run_loop_source_ref get() const { return source_; }
  operator ocfs_run_loop_source_ref() const { return source_; }
  SourceCalls &calls() { return *calls_; }
  int performs() const { return calls_->performs; }
  void signal() { ocfs_run_loop_source_signal(source_); }
  // Invalidates and releases the test's reference.
  void reset() {
    if (source_ == nullptr) return;
    ocfs_run_loop_source_invalidate(source_);
    release();
  }
  // Releases the test's reference only.
  void release() {
    ocfs_release(source_);
    source_ = nullptr;
  }

 private:
  SourceCalls *calls_;
  ocfs_run_loop_source_ref source_ = nullptr;
};

ocfs_run_loop_run_result run(ocfs_run_loop_mode mode, double seconds, bool return_after) {
  return ocfs_run_loop_run_in_mode(mode, seconds, return_after ? OCFS_TRUE : OCFS_FALSE);
}

// Every test leaves the main thread's default mode empty, so nothing leaks into the next one.
class SourceTest : public ::testing::Test {
 protected:
  void TearDown() override {
    EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, false), OCFS_RUN_LOOP_RUN_FINISHED);
  }
  ocfs_run_loop_ref loop_ = ocfs_run_loop_get_current();
};

class SourceCreateTest : public SourceTest {};
class SourcePerformTest : public SourceTest {};
class SourceOrderTest : public SourceTest {};
class SourceScheduleTest : public SourceTest {};
class SourceInvalidateTest : public SourceTest {};
class SourceModesTest : public SourceTest {};
class SourceBadInputTest : public SourceTest {};

// ---- Creation and context -----------------------------------------------------------------------

TEST_F(SourceCreateTest, NullContextOrOtherVersionGivesNull) {
  EXPECT_EQ(ocfs_run_loop_source_create(nullptr, 0, nullptr), nullptr);
  SourceCalls *calls = new SourceCalls;
  ocfs_run_loop_source_context context = counting_context(calls);
  context.version = 1;
  EXPECT_EQ(ocfs_run_loop_source_create(nullptr, 0, &context), nullptr);
  context.version = -1;
  EXPECT_EQ(ocfs_run_loop_source_create(nullptr, 0, &context), nullptr);
  EXPECT_EQ(calls->retains, 0);
  drop(calls);
}

TEST_F(SourceCreateTest, ContextIsCopiedAndInfoRetainedOnce) {
  TestSource source(42);
  ASSERT_NE(source.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(source), ocfs_run_loop_source_get_type_id());
  EXPECT_TRUE(ocfs_run_loop_source_is_valid(source));
  EXPECT_EQ(ocfs_run_loop_source_get_order(source), 42);
  EXPECT_EQ(source.calls().retains, 1);
  EXPECT_EQ(source.calls().releases, 0);

  ocfs_run_loop_source_context copy{};
  ocfs_run_loop_source_get_context(source, &copy);
  EXPECT_EQ(copy.version, 0);
  EXPECT_EQ(copy.info, &source.calls());
  EXPECT_EQ(copy.retain, &source_retain);
  EXPECT_EQ(copy.release, &source_release);
  EXPECT_EQ(copy.copyDescription, &source_describe);
  EXPECT_EQ(copy.equal, &source_equal);
  EXPECT_EQ(copy.hash, &source_hash);
  EXPECT_EQ(copy.schedule, &source_schedule);
  EXPECT_EQ(copy.cancel, &source_cancel);
  EXPECT_EQ(copy.perform, &source_perform);
}

TEST_F(SourceCreateTest, RetainedInfoIsWhatRetainReturns) {
  static int other_info = 0;
  ocfs_run_loop_source_context context{};
  int original = 0;
  context.info = &original;
  context.retain = [](const void *) -> const void * { return &other_info; };
  auto source = own(ocfs_run_loop_source_create(nullptr, 0, &context));
  ocfs_run_loop_source_context copy{};
  ocfs_run_loop_source_get_context(source, &copy);
  EXPECT_EQ(copy.info, &other_info);
}

TEST_F(SourceCreateTest, ContextWithoutCallbacksWorks) {
  ocfs_run_loop_source_context context{};
  auto source = own(ocfs_run_loop_source_create(nullptr, -5, &context));
  ASSERT_NE(source.get(), nullptr);
  EXPECT_EQ(ocfs_run_loop_source_get_order(source), -5);
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  ocfs_run_loop_source_signal(source);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  ocfs_run_loop_source_invalidate(source);
}

TEST_F(SourceCreateTest, InfoReleasedOnceWhenTheSourceGoes) {
  TestSource source;
  auto mode = str("SourceCreateTest.Mode");
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop_, source, mode);
  source.signal();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  source.signal();
  ocfs_run_loop_remove_source(loop_, source, ocfs_run_loop_default_mode);
  ocfs_run_loop_remove_source(loop_, source, mode);
  EXPECT_EQ(source.calls().retains, 1);
  EXPECT_EQ(source.calls().releases, 0);
  source.release();  // not invalidated: the last reference goes
  EXPECT_EQ(source.calls().releases, 1);
  EXPECT_EQ(source.calls().retains, 1);
}

TEST_F(SourceCreateTest, RemovedSignalledSourceIsNotKeptByTheRunLoop) {
  TestSource source;
  TestSource keep_alive;
  ocfs_run_loop_add_source(loop_, keep_alive, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  source.signal();
  ocfs_run_loop_remove_source(loop_, source, ocfs_run_loop_default_mode);
  source.release();
  // However lazily the run loop lets go of its references, it has by the time it has run.
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(source.calls().releases, 1);
  EXPECT_EQ(source.performs(), 0);
}

TEST_F(SourceCreateTest, EqualHashAndDescriptionAreNotUsedByTheRunLoop) {
  TestSource first;
  TestSource second;
  auto mode = str("SourceCreateTest.Mode");
  for (TestSource *source : {&first, &second}) {
    ocfs_run_loop_add_source(loop_, *source, ocfs_run_loop_default_mode);
    ocfs_run_loop_add_source(loop_, *source, mode);
    ocfs_run_loop_add_source(loop_, *source, ocfs_run_loop_common_modes);
    EXPECT_TRUE(ocfs_run_loop_contains_source(loop_, *source, mode));
    source->signal();
  }
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  ocfs_run_loop_remove_source(loop_, first, mode);
  ocfs_run_loop_remove_source(loop_, first, ocfs_run_loop_common_modes);
  second.reset();
  for (TestSource *source : {&first, &second}) {
    EXPECT_EQ(source->calls().equals, 0);
    EXPECT_EQ(source->calls().hashes, 0);
    EXPECT_EQ(source->calls().descriptions, 0);
  }
  EXPECT_EQ(first.performs(), 1);
  EXPECT_EQ(second.performs(), 1);
}

// ---- Signal and perform -------------------------------------------------------------------------

TEST_F(SourcePerformTest, SignalThenRunPerformsOnceAndReturnsHandledSource) {
  TestSource source;
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  source.signal();
  auto start = Clock::now();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 5, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(source.performs(), 1);
  // Performed means no longer signalled.
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(SourcePerformTest, SignalsCoalesce) {
  TestSource source;
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  source.signal();
  source.signal();
  source.signal();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(SourcePerformTest, NotPerformedBeforeTheLoopRuns) {
  TestSource source;
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  source.signal();
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(source.performs(), 0);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(SourcePerformTest, WithoutReturnAfterHandledTheRunTimesOut) {
  TestSource source;
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  source.signal();
  auto start = Clock::now();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0.05, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  double elapsed = seconds_since(start);
  EXPECT_GE(elapsed, 0.045);
  EXPECT_LT(elapsed, 2.0);
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(SourcePerformTest, SignalledInPerformIsPerformedAgainLater) {
  TestSource source;
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  source.calls().on_perform = [&source] {
    if (source.performs() < 3) source.signal();
  };
  source.signal();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(source.performs(), 1);
  auto start = Clock::now();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 2, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 2, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(source.performs(), 3);
}

TEST_F(SourcePerformTest, SignalledWhileAnotherModeRunsIsPerformedInItsOwnMode) {
  TestSource mine;
  TestSource other;
  auto my_mode = str("SourcePerformTest.Mine");
  auto other_mode = str("SourcePerformTest.Other");
  ocfs_run_loop_add_source(loop_, mine, my_mode);
  ocfs_run_loop_add_source(loop_, other, other_mode);
  other.calls().on_perform = [&mine] { mine.signal(); };
  other.signal();
  EXPECT_EQ(run(other_mode, 0.03, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(other.performs(), 1);
  EXPECT_EQ(mine.performs(), 0);
  // Still pending: the next run of its mode performs it at once.
  auto start = Clock::now();
  EXPECT_EQ(run(my_mode, 2, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(mine.performs(), 1);
}

TEST_F(SourcePerformTest, SignalledBeforeAnyRunOfAnotherModeIsPerformedInItsOwnMode) {
  TestSource mine;
  TestSource other;
  auto my_mode = str("SourcePerformTest.Mine");
  auto other_mode = str("SourcePerformTest.Other");
  ocfs_run_loop_add_source(loop_, mine, my_mode);
  ocfs_run_loop_add_source(loop_, other, other_mode);
  mine.signal();
  EXPECT_EQ(run(other_mode, 0, true), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(mine.performs(), 0);
  auto start = Clock::now();
  EXPECT_EQ(run(my_mode, 2, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(mine.performs(), 1);
}

TEST_F(SourcePerformTest, SignalledBeforeBeingAddedIsPerformedOnceAdded) {
  TestSource source;
  source.signal();
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 1, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(SourcePerformTest, AddedToAModeWhileSignalledIsPerformedThere) {
  TestSource source;
  auto first_mode = str("SourcePerformTest.First");
  ocfs_run_loop_add_source(loop_, source, first_mode);
  source.signal();
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 1, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(source.performs(), 1);
  // Performed once only, whichever of its modes ran it.
  EXPECT_EQ(run(first_mode, 0, true), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(SourcePerformTest, SourceInTwoModesIsPerformedOncePerSignal) {
  TestSource source;
  auto mode = str("SourcePerformTest.Second");
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop_, source, mode);
  source.signal();
  EXPECT_EQ(run(mode, 0, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(source.performs(), 1);
  source.signal();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(run(mode, 0, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(source.performs(), 2);
}

TEST_F(SourcePerformTest, RemovedWhileSignalledIsNotPerformedUntilAddedBack) {
  TestSource source;
  TestSource keep_alive;
  ocfs_run_loop_add_source(loop_, keep_alive, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  source.signal();
  ocfs_run_loop_remove_source(loop_, source, ocfs_run_loop_default_mode);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(source.performs(), 0);
  // The signal belongs to the source, so it is performed once it is back in a running mode.
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 1, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(SourcePerformTest, PerformMayDropTheLastReference) {
  auto *source = new TestSource;
  SourceCalls *calls = &source->calls();
  ++calls->holders;  // outlive the TestSource
  ocfs_run_loop_add_source(loop_, *source, ocfs_run_loop_default_mode);
  calls->on_perform = [source] { delete source; };  // invalidates and releases
  source->signal();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 1, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(calls->performs, 1);
  EXPECT_EQ(calls->cancels, 1);
  EXPECT_EQ(calls->releases, 1);
  drop(calls);
}

TEST_F(SourcePerformTest, SignalsFromManyThreads) {
  TestSource source;
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  constexpr int kThreads = 4;
  constexpr int kSignals = 500;
  std::atomic<int> finished{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < kSignals; ++j) {
        source.signal();
        ocfs_run_loop_wake_up(loop_);
      }
      ++finished;
    });
  }
  auto start = Clock::now();
  while (finished < kThreads && seconds_since(start) < 10)
    run(ocfs_run_loop_default_mode, 0.01, true);
  for (auto &thread : threads)
    thread.join();
  source.signal();  // the last signal after every thread's is performed too
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 1, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_GE(source.performs(), 1);
  EXPECT_LE(source.performs(), kThreads * kSignals + 1);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_TIMED_OUT);
}

// ---- Order --------------------------------------------------------------------------------------

TEST_F(SourceOrderTest, LowerOrderPerformsFirst) {
  std::vector<int> log;
  TestSource high(5);
  TestSource low(-3);
  TestSource middle(2);
  auto mode = str("SourceOrderTest.Mode");
  for (auto [source, tag] : {std::pair{&high, 5}, std::pair{&low, -3}, std::pair{&middle, 2}}) {
    ocfs_run_loop_add_source(loop_, *source, mode);
    source->calls().on_perform = [&log, value = tag] { log.push_back(value); };
  }
  high.signal();
  middle.signal();
  low.signal();
  EXPECT_EQ(run(mode, 0, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(log, (std::vector<int>{-3, 2, 5}));
}

TEST_F(SourceOrderTest, ReturnAfterHandledPerformsOneSourcePerRun) {
  std::vector<int> log;
  TestSource first(1);
  TestSource second(2);
  auto mode = str("SourceOrderTest.Mode");
  ocfs_run_loop_add_source(loop_, first, mode);
  ocfs_run_loop_add_source(loop_, second, mode);
  first.calls().on_perform = [&log] { log.push_back(1); };
  second.calls().on_perform = [&log] { log.push_back(2); };
  second.signal();
  first.signal();
  auto start = Clock::now();
  EXPECT_EQ(run(mode, 2, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(log, (std::vector<int>{1}));
  EXPECT_EQ(run(mode, 2, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(log, (std::vector<int>{1, 2}));
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(run(mode, 0, true), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(log, (std::vector<int>{1, 2}));
}

// ---- Schedule and cancel ------------------------------------------------------------------------

TEST_F(SourceScheduleTest, ScheduleOnAddCancelOnRemove) {
  TestSource source;
  auto custom = str("SourceScheduleTest.Custom");
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop_, source, custom);
  SourceCalls &calls = source.calls();
  EXPECT_EQ(calls.schedules, 2);
  EXPECT_EQ(calls.cancels, 0);
  {
    std::lock_guard lock(calls.mutex);
    EXPECT_EQ(calls.scheduled_modes,
              (std::vector<std::string>{"kCFRunLoopDefaultMode", "SourceScheduleTest.Custom"}));
    EXPECT_EQ(calls.scheduled_loops, (std::vector<ocfs_run_loop_ref>{loop_, loop_}));
  }
  ocfs_run_loop_remove_source(loop_, source, custom);
  EXPECT_EQ(calls.cancels, 1);
  {
    std::lock_guard lock(calls.mutex);
    EXPECT_EQ(calls.cancelled_modes, (std::vector<std::string>{"SourceScheduleTest.Custom"}));
    EXPECT_EQ(calls.cancelled_loops, (std::vector<ocfs_run_loop_ref>{loop_}));
  }
  ocfs_run_loop_remove_source(loop_, source, ocfs_run_loop_default_mode);
  EXPECT_EQ(calls.cancels, 2);
  EXPECT_EQ(calls.schedules, 2);
  EXPECT_EQ(calls.performs, 0);
}

TEST_F(SourceScheduleTest, ScheduleGetsTheRunLoopItWasAddedTo) {
  TestSource source;
  ocfs_run_loop_ref other = nullptr;
  std::thread([&] {
    other = ocfs_run_loop_get_current();
    ocfs_run_loop_add_source(other, source, ocfs_run_loop_default_mode);
    ocfs_run_loop_remove_source(other, source, ocfs_run_loop_default_mode);
  }).join();
  std::lock_guard lock(source.calls().mutex);
  ASSERT_EQ(source.calls().scheduled_loops.size(), 1u);
  EXPECT_EQ(source.calls().scheduled_loops[0], other);
  EXPECT_NE(other, loop_);
  ASSERT_EQ(source.calls().cancelled_loops.size(), 1u);
  EXPECT_EQ(source.calls().cancelled_loops[0], other);
}

// ---- Invalidation -------------------------------------------------------------------------------

TEST_F(SourceInvalidateTest, RemovesFromEveryModeAndCancelsEach) {
  TestSource source;
  auto custom = str("SourceInvalidateTest.Custom");
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop_, source, custom);
  ocfs_run_loop_run_in_mode(custom, 0, OCFS_FALSE);
  ocfs_run_loop_source_invalidate(source);
  EXPECT_FALSE(ocfs_run_loop_source_is_valid(source));
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_default_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, custom));
  EXPECT_EQ(source.calls().cancels, 2);
  {
    std::lock_guard lock(source.calls().mutex);
    std::vector<std::string> cancelled = source.calls().cancelled_modes;
    std::sort(cancelled.begin(), cancelled.end());
    EXPECT_EQ(cancelled,
              (std::vector<std::string>{"SourceInvalidateTest.Custom", "kCFRunLoopDefaultMode"}));
  }
  EXPECT_EQ(run(custom, 0, false), OCFS_RUN_LOOP_RUN_FINISHED);
  // Twice is harmless.
  ocfs_run_loop_source_invalidate(source);
  EXPECT_EQ(source.calls().cancels, 2);
  EXPECT_EQ(source.calls().releases, 0);
}

TEST_F(SourceInvalidateTest, RemovesFromTheCommonModes) {
  TestSource source;
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_common_modes);
  ocfs_run_loop_source_invalidate(source);
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_common_modes));
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_default_mode));
  EXPECT_EQ(source.calls().cancels, source.calls().schedules.load());
  source.release();
  EXPECT_EQ(source.calls().releases, 1);
}

TEST_F(SourceInvalidateTest, SignalledThenInvalidatedIsNeverPerformed) {
  TestSource source;
  TestSource keep_alive;
  ocfs_run_loop_add_source(loop_, keep_alive, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  source.signal();
  ocfs_run_loop_source_invalidate(source);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  source.signal();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(source.performs(), 0);
  source.release();
  EXPECT_EQ(source.calls().releases, 1);
}

TEST_F(SourceInvalidateTest, InvalidSourceCannotBeAdded) {
  TestSource source;
  ocfs_run_loop_source_invalidate(source);
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_common_modes);
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_default_mode));
  EXPECT_EQ(source.calls().schedules, 0);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_FINISHED);
}

TEST_F(SourceInvalidateTest, InvalidateInsideItsOwnPerform) {
  TestSource source;
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  source.calls().on_perform = [&source] { ocfs_run_loop_source_invalidate(source); };
  source.signal();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 1, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_FALSE(ocfs_run_loop_source_is_valid(source));
  EXPECT_EQ(source.calls().cancels, 1);
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, true), OCFS_RUN_LOOP_RUN_FINISHED);
}

TEST_F(SourceInvalidateTest, FromAnotherThreadWhileTheLoopRuns) {
  TestSource source;
  TestSource keep_alive;
  ocfs_run_loop_add_source(loop_, keep_alive, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  std::thread other([&] {
    for (int i = 0; i < 50; ++i) {
      source.signal();
      ocfs_run_loop_wake_up(loop_);
    }
    ocfs_run_loop_source_invalidate(source);
    ocfs_run_loop_wake_up(loop_);
  });
  auto start = Clock::now();
  while (ocfs_run_loop_source_is_valid(source) && seconds_since(start) < 5)
    run(ocfs_run_loop_default_mode, 0.01, false);
  other.join();
  int performed = source.performs();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0, false), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(source.performs(), performed);
  EXPECT_EQ(source.calls().cancels, 1);
  source.release();
  EXPECT_EQ(source.calls().releases, 1);
}

// ---- Adding, removing, finding ------------------------------------------------------------------

TEST_F(SourceModesTest, ModesCompareByContent) {
  TestSource source;
  auto heap_default = str("kCFRunLoopDefaultMode");
  auto another_heap_default = str("kCFRunLoopDefaultMode");
  ASSERT_NE(heap_default.get(), ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop_, source, heap_default);
  EXPECT_TRUE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_default_mode));
  EXPECT_TRUE(ocfs_run_loop_contains_source(loop_, source, another_heap_default));
  source.signal();
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 1, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  source.signal();
  EXPECT_EQ(run(another_heap_default, 1, true), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(source.performs(), 2);
  // The constant names the same mode: adding it again is not a second entry.
  ocfs_run_loop_add_source(loop_, source, ocfs_run_loop_default_mode);
  EXPECT_EQ(source.calls().schedules, 1);
  ocfs_run_loop_remove_source(loop_, source, another_heap_default);
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_default_mode));
  EXPECT_EQ(source.calls().cancels, 1);
}

TEST_F(SourceModesTest, HeapCommonModesNameIsTheCommonModes) {
  TestSource source;
  auto heap_common = str("kCFRunLoopCommonModes");
  ocfs_run_loop_add_source(loop_, source, heap_common);
  EXPECT_TRUE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_common_modes));
  EXPECT_TRUE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_default_mode));
  ocfs_run_loop_remove_source(loop_, source, heap_common);
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_default_mode));
}

TEST_F(SourceModesTest, AddingTwiceIsOneEntry) {
  TestSource source;
  auto mode = str("SourceModesTest.Twice");
  ocfs_run_loop_add_source(loop_, source, mode);
  ocfs_run_loop_add_source(loop_, source, mode);
  EXPECT_EQ(source.calls().schedules, 1);
  ocfs_run_loop_remove_source(loop_, source, mode);
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, mode));
  EXPECT_EQ(source.calls().cancels, 1);
  EXPECT_EQ(run(mode, 0, false), OCFS_RUN_LOOP_RUN_FINISHED);
}

TEST_F(SourceModesTest, RemovingWhatWasNotAddedIsHarmless) {
  TestSource source;
  TestSource other;
  auto mode = str("SourceModesTest.NotAdded");
  ocfs_run_loop_remove_source(loop_, source, mode);
  ocfs_run_loop_remove_source(loop_, source, ocfs_run_loop_common_modes);
  ocfs_run_loop_add_source(loop_, other, mode);
  ocfs_run_loop_remove_source(loop_, source, mode);
  EXPECT_TRUE(ocfs_run_loop_contains_source(loop_, other, mode));
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, mode));
  EXPECT_EQ(source.calls().cancels, 0);
  EXPECT_EQ(other.calls().cancels, 0);
}

TEST_F(SourceModesTest, ContainsOnlyInTheModesItWasAddedTo) {
  TestSource source;
  auto mode = str("SourceModesTest.Added");
  auto other_mode = str("SourceModesTest.Other");
  ocfs_run_loop_add_source(loop_, source, mode);
  EXPECT_TRUE(ocfs_run_loop_contains_source(loop_, source, mode));
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, other_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_default_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop_, source, ocfs_run_loop_common_modes));
  bool in_other_loop = true;
  std::thread([&] {
    in_other_loop =
        ocfs_run_loop_contains_source(ocfs_run_loop_get_current(), source, mode) != OCFS_FALSE;
  }).join();
  EXPECT_FALSE(in_other_loop);
}

// ---- Bad input ----------------------------------------------------------------------------------

TEST_F(SourceBadInputTest, NullSourceIsIgnored) {
  ocfs_run_loop_source_signal(nullptr);
  ocfs_run_loop_source_invalidate(nullptr);
  EXPECT_FALSE(ocfs_run_loop_source_is_valid(nullptr));
  EXPECT_EQ(ocfs_run_loop_source_get_order(nullptr), 0);
  ocfs_run_loop_source_context context{};
  context.version = 7;
  ocfs_run_loop_source_get_context(nullptr, &context);
  EXPECT_EQ(context.version, 7);
  TestSource source;
  ocfs_run_loop_source_get_context(source, nullptr);
}

TEST_F(SourceBadInputTest, ObjectsOfTheWrongTypeAreIgnored) {
  auto string = str("not a source");
  auto *fake = reinterpret_cast<ocfs_run_loop_source_ref>(
      const_cast<void *>(static_cast<const void *>(string.get())));
  auto *constant_fake = reinterpret_cast<ocfs_run_loop_source_ref>(
      const_cast<void *>(static_cast<const void *>(ocfs_run_loop_default_mode)));
  ocfs_run_loop_source_signal(fake);
  ocfs_run_loop_source_signal(constant_fake);
  ocfs_run_loop_source_invalidate(fake);
  EXPECT_FALSE(ocfs_run_loop_source_is_valid(fake));
  EXPECT_FALSE(ocfs_run_loop_source_is_valid(constant_fake));
  EXPECT_EQ(ocfs_run_loop_source_get_order(fake), 0);
  ocfs_run_loop_source_context context{};
  context.version = 7;
  ocfs_run_loop_source_get_context(fake, &context);
  EXPECT_EQ(context.version, 7);
  EXPECT_EQ(text(string), "not a source");
}

}  // namespace
