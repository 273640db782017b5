// CFRunLoopTimer: creation and its context, one-shot and repeating firing, skipped periods,
// rescheduling, modes (including the common modes), removal and invalidation.
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <future>
#include <limits>
#include <memory>
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

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double now() {
  return ocfs_absolute_time_get_current();
}

// Polls `predicate` every millisecond for at most `timeout` seconds.
template <typename Predicate>
bool wait_until(Predicate predicate, double timeout = 5.0) {
  auto start = Clock::now();
  while (!predicate()) {
    if (seconds_since(start) > timeout) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// What a test timer's context and callout saw. Heap-allocated and shared between the test and the
// timer (`holders`), so a late release never touches freed memory.
struct TimerCalls {
  std::atomic<int> holders{1};
  std::atomic<int> retains{0};
  std::atomic<int> releases{0};
  std::atomic<int> fires{0};
  std::mutex mutex;
  std::vector<double> fire_times;  // the absolute time at each fire
  std::vector<double> fire_dates;  // the timer's fire date, read inside the callout
  std::vector<ocfs_run_loop_timer_ref> timers;
  std::vector<std::thread::id> threads;
  std::function<void(ocfs_run_loop_timer_ref)> on_fire;  // set before the timer can fire
};

TimerCalls *calls_of(const void *info) {
  return static_cast<TimerCalls *>(const_cast<void *>(info));
}

void drop(TimerCalls *calls) {
  if (calls->holders.fetch_sub(1) == 1) delete calls;
}

const void *timer_retain(const void *info) {
  ++calls_of(info)->retains;
  ++calls_of(info)->holders;
  return info;
}

void timer_release(const void *info) {
  ++calls_of(info)->releases;
  drop(calls_of(info));
}

void timer_fired(ocfs_run_loop_timer_ref timer, void *info) {
  TimerCalls *calls = calls_of(info);
  {
    std::lock_guard lock(calls->mutex);
    calls->fire_times.push_back(now());
    calls->fire_dates.push_back(ocfs_run_loop_timer_get_next_fire_date(timer));
    calls->timers.push_back(timer);
    calls->threads.push_back(std::this_thread::get_id());
  }
  ++calls->fires;
  if (calls->on_fire) calls->on_fire(timer);
}

ocfs_run_loop_timer_context counting_context(TimerCalls *calls) {
  ocfs_run_loop_timer_context context{};
  context.version = 0;
  context.info = calls;
  context.retain = timer_retain;
  context.release = timer_release;
  return context;
}

// A counting timer; invalidated and released when the test ends.
class TestTimer {
 public:
  explicit TestTimer(ocfs_absolute_time fire_date, ocfs_time_interval interval = 0,
                     ocfs_index order = 0)
      : calls_(new TimerCalls) {
    ocfs_run_loop_timer_context context = counting_context(calls_);
    timer_ =
        ocfs_run_loop_timer_create(nullptr, fire_date, interval, 0, order, timer_fired, &context);
  }
  ~TestTimer() {
    reset();
    drop(calls_);
  }
  TestTimer(const TestTimer &) = delete;
  TestTimer &operator=(const TestTimer &) = delete;

  ocfs_run_loop_timer_ref get() const { return timer_; }
  operator ocfs_run_loop_timer_ref() const { return timer_; }
  TimerCalls &calls() { return *calls_; }
  int fires() const { return calls_->fires; }
  // Invalidates and releases the test's reference.
  void reset() {
    if (timer_ == nullptr) return;
    ocfs_run_loop_timer_invalidate(timer_);
    release();
  }
  // Releases the test's reference only.
  void release() {
    ocfs_release(timer_);
    timer_ = nullptr;
  }

 private:
  TimerCalls *calls_;
  ocfs_run_loop_timer_ref timer_ = nullptr;
};

ocfs_run_loop_run_result run(ocfs_run_loop_mode mode, double seconds, bool return_after = false) {
  return ocfs_run_loop_run_in_mode(mode, seconds, return_after ? OCFS_TRUE : OCFS_FALSE);
}

// How far `value` is from a whole number.
double off_whole(double value) {
  return std::fabs(value - std::round(value));
}

// A source that only keeps a mode from being empty.
class KeepAlive {
 public:
  KeepAlive(ocfs_run_loop_ref loop, ocfs_run_loop_mode mode) {
    ocfs_run_loop_source_context context{};
    source_ = ocfs_run_loop_source_create(nullptr, 0, &context);
    ocfs_run_loop_add_source(loop, source_, mode);
  }
  ~KeepAlive() {
    ocfs_run_loop_source_invalidate(source_);
    ocfs_release(source_);
  }
  KeepAlive(const KeepAlive &) = delete;
  KeepAlive &operator=(const KeepAlive &) = delete;

 private:
  ocfs_run_loop_source_ref source_;
};

// Every test leaves the main thread's default mode empty, so nothing leaks into the next one.
class TimerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    EXPECT_EQ(run(ocfs_run_loop_default_mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  }
  ocfs_run_loop_ref loop_ = ocfs_run_loop_get_current();
};

class TimerCreateTest : public TimerTest {};
class TimerFireTest : public TimerTest {};
class TimerRescheduleTest : public TimerTest {};
class TimerModesTest : public TimerTest {};
class TimerInvalidateTest : public TimerTest {};
class TimerBadInputTest : public TimerTest {};

// ---- Creation and context -----------------------------------------------------------------------

TEST_F(TimerCreateTest, Getters) {
  double date = now() + 100;
  TestTimer repeating(date, 0.25, 7);
  ASSERT_NE(repeating.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(repeating), ocfs_run_loop_timer_get_type_id());
  EXPECT_TRUE(ocfs_run_loop_timer_is_valid(repeating));
  EXPECT_EQ(ocfs_run_loop_timer_get_next_fire_date(repeating), date);
  EXPECT_EQ(ocfs_run_loop_timer_get_interval(repeating), 0.25);
  EXPECT_TRUE(ocfs_run_loop_timer_does_repeat(repeating));
  EXPECT_EQ(ocfs_run_loop_timer_get_order(repeating), 7);

  TestTimer one_shot(date, 0, -2);
  EXPECT_EQ(ocfs_run_loop_timer_get_interval(one_shot), 0);
  EXPECT_FALSE(ocfs_run_loop_timer_does_repeat(one_shot));
  EXPECT_EQ(ocfs_run_loop_timer_get_order(one_shot), -2);

  TestTimer negative(date, -1);
  EXPECT_FALSE(ocfs_run_loop_timer_does_repeat(negative));
  EXPECT_LE(ocfs_run_loop_timer_get_interval(negative), 0);
}

TEST_F(TimerCreateTest, ContextIsCopiedAndInfoRetainedOnce) {
  TestTimer timer(now() + 100);
  EXPECT_EQ(timer.calls().retains, 1);
  EXPECT_EQ(timer.calls().releases, 0);
  ocfs_run_loop_timer_context copy{};
  copy.version = 5;
  ocfs_run_loop_timer_get_context(timer, &copy);
  EXPECT_EQ(copy.version, 0);
  EXPECT_EQ(copy.info, &timer.calls());
  EXPECT_EQ(copy.retain, &timer_retain);
  EXPECT_EQ(copy.release, &timer_release);
  EXPECT_EQ(copy.copyDescription, nullptr);
}

TEST_F(TimerCreateTest, InfoReleasedOnceWhenTheTimerGoes) {
  TestTimer timer(now() - 1);
  auto mode = str("TimerCreateTest.Mode");
  ocfs_run_loop_add_timer(loop_, timer, mode);
  ocfs_run_loop_add_timer(loop_, timer, ocfs_run_loop_default_mode);
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);  // fired, gone from both modes
  EXPECT_EQ(timer.fires(), 1);
  EXPECT_EQ(timer.calls().releases, 0);
  timer.release();
  EXPECT_EQ(timer.calls().retains, 1);
  EXPECT_EQ(timer.calls().releases, 1);
}

TEST_F(TimerCreateTest, RunLoopKeepsAnAddedTimerAlive) {
  TestTimer timer(now() + 0.01);
  TimerCalls &calls = timer.calls();
  auto mode = str("TimerCreateTest.Mode");
  ocfs_run_loop_add_timer(loop_, timer, mode);
  timer.release();
  EXPECT_EQ(calls.releases, 0);
  EXPECT_EQ(run(mode, 2), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(calls.fires, 1);
  EXPECT_EQ(calls.releases, 1);
}

TEST_F(TimerCreateTest, NullContextWorks) {
  static std::atomic<int> fires{0};
  static std::atomic<void *> seen_info{reinterpret_cast<void *>(1)};
  fires = 0;
  auto timer = own(ocfs_run_loop_timer_create(
      nullptr, now() - 1, 0, 0, 0,
      [](ocfs_run_loop_timer_ref, void *info) {
        seen_info = info;
        ++fires;
      },
      nullptr));
  ASSERT_NE(timer.get(), nullptr);
  ocfs_run_loop_timer_context copy{};
  copy.info = &copy;
  ocfs_run_loop_timer_get_context(timer, &copy);
  EXPECT_EQ(copy.info, nullptr);
  EXPECT_EQ(copy.retain, nullptr);
  auto mode = str("TimerCreateTest.Mode");
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(fires, 1);
  EXPECT_EQ(seen_info.load(), nullptr);
}

TEST_F(TimerCreateTest, NullCalloutWorks) {
  auto timer = own(ocfs_run_loop_timer_create(nullptr, now() - 1, 0, 0, 0, nullptr, nullptr));
  ASSERT_NE(timer.get(), nullptr);
  auto mode = str("TimerCreateTest.Mode");
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_FALSE(ocfs_run_loop_timer_is_valid(timer));
}

TEST_F(TimerCreateTest, OtherContextVersionOrNaNDateGivesNull) {
  TimerCalls *calls = new TimerCalls;
  ocfs_run_loop_timer_context context = counting_context(calls);
  context.version = 1;
  EXPECT_EQ(ocfs_run_loop_timer_create(nullptr, now(), 0, 0, 0, timer_fired, &context), nullptr);
  context.version = 0;
  EXPECT_EQ(ocfs_run_loop_timer_create(nullptr, std::nan(""), 0, 0, 0, timer_fired, &context),
            nullptr);
  EXPECT_EQ(ocfs_run_loop_timer_create(nullptr, std::nan(""), 1, 0, 0, nullptr, nullptr), nullptr);
  EXPECT_EQ(calls->retains, 0);
  drop(calls);
}

// ---- Firing -------------------------------------------------------------------------------------

TEST_F(TimerFireTest, OneShotFiresOnceAtItsDateThenIsInvalidAndGone) {
  auto mode = str("TimerFireTest.OneShot");
  double date = now() + 0.03;
  TestTimer timer(date);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_TRUE(ocfs_run_loop_contains_timer(loop_, timer, mode));
  // A mode with only a timer is not empty: the run waits for it, and finishes once the one-shot
  // timer is done and the mode is empty.
  auto start = Clock::now();
  EXPECT_EQ(run(mode, 5), OCFS_RUN_LOOP_RUN_FINISHED);
  double elapsed = seconds_since(start);
  EXPECT_GE(elapsed, 0.025);
  EXPECT_LT(elapsed, 2.0);
  ASSERT_EQ(timer.fires(), 1);
  std::lock_guard lock(timer.calls().mutex);
  EXPECT_GE(timer.calls().fire_times[0], date);
  EXPECT_EQ(timer.calls().fire_dates[0], date);
  EXPECT_EQ(timer.calls().timers[0], timer.get());
  EXPECT_EQ(timer.calls().threads[0], std::this_thread::get_id());
  EXPECT_FALSE(ocfs_run_loop_timer_is_valid(timer));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, mode));
}

TEST_F(TimerFireTest, RepeatingFiresEveryIntervalAndAdvancesItsDate) {
  auto mode = str("TimerFireTest.Repeating");
  constexpr double kInterval = 0.02;
  double first = now() + kInterval;
  TestTimer timer(first, kInterval);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_EQ(run(mode, 0.15), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_TRUE(ocfs_run_loop_timer_is_valid(timer));
  EXPECT_TRUE(ocfs_run_loop_contains_timer(loop_, timer, mode));
  std::lock_guard lock(timer.calls().mutex);
  const std::vector<double> &dates = timer.calls().fire_dates;
  const std::vector<double> &times = timer.calls().fire_times;
  ASSERT_GE(dates.size(), 3u);
  EXPECT_EQ(dates[0], first);
  for (size_t i = 0; i < dates.size(); ++i) {
    EXPECT_GE(times[i], dates[i]) << "fire " << i << " came early";
    if (i == 0) continue;
    double periods = (dates[i] - dates[i - 1]) / kInterval;
    EXPECT_GE(periods, 0.999) << "fire " << i;
    EXPECT_LT(off_whole(periods), 1e-3) << "fire " << i << ": " << periods << " periods";
  }
  double next = ocfs_run_loop_timer_get_next_fire_date(timer);
  EXPECT_GT(next, dates.back());
  EXPECT_LT(off_whole((next - first) / kInterval), 1e-3);
}

TEST_F(TimerFireTest, PastDateFiresAtTheNextRun) {
  auto mode = str("TimerFireTest.Past");
  TestTimer timer(now() - 10);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  auto start = Clock::now();
  EXPECT_EQ(run(mode, 5), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(timer.fires(), 1);
}

TEST_F(TimerFireTest, MissedPeriodsAreSkipped) {
  auto mode = str("TimerFireTest.Missed");
  constexpr double kInterval = 0.01;
  double first = now();
  TestTimer timer(first, kInterval);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  double before = now();
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  double after = now();
  EXPECT_EQ(timer.fires(), 1);  // not once per missed period
  double next = ocfs_run_loop_timer_get_next_fire_date(timer);
  EXPECT_GT(next, before);
  EXPECT_LE(next, after + kInterval);
  EXPECT_LT(off_whole((next - first) / kInterval), 1e-3) << "the schedule keeps its phase";
  // And it goes on from there.
  EXPECT_EQ(run(mode, 0.05), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_GE(timer.fires(), 2);
  EXPECT_LE(timer.fires(), 1 + 6 + 1);
}

TEST_F(TimerFireTest, TimersDoNotCountAsHandledSources) {
  auto mode = str("TimerFireTest.NotASource");
  TestTimer timer(now(), 0.01);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  auto start = Clock::now();
  EXPECT_EQ(run(mode, 0.05, true), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_GE(seconds_since(start), 0.045);
  EXPECT_GE(timer.fires(), 1);
}

TEST_F(TimerFireTest, EarlierTimerFiresFirst) {
  auto mode = str("TimerFireTest.Order");
  std::vector<int> log;
  double base = now() - 1;
  TestTimer late(base + 0.5);
  TestTimer early(base);
  late.calls().on_fire = [&log](ocfs_run_loop_timer_ref) { log.push_back(2); };
  early.calls().on_fire = [&log](ocfs_run_loop_timer_ref) { log.push_back(1); };
  ocfs_run_loop_add_timer(loop_, late, mode);
  ocfs_run_loop_add_timer(loop_, early, mode);
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(log, (std::vector<int>{1, 2}));
}

TEST_F(TimerFireTest, FiresOnTheThreadOfItsRunLoop) {
  TestTimer timer(now() + 0.01);
  std::thread::id worker_id;
  ocfs_run_loop_run_result result = 0;
  std::thread worker([&] {
    worker_id = std::this_thread::get_id();
    ocfs_run_loop_add_timer(ocfs_run_loop_get_current(), timer, ocfs_run_loop_default_mode);
    result = run(ocfs_run_loop_default_mode, 2);
  });
  worker.join();
  EXPECT_EQ(result, OCFS_RUN_LOOP_RUN_FINISHED);
  ASSERT_EQ(timer.fires(), 1);
  std::lock_guard lock(timer.calls().mutex);
  EXPECT_EQ(timer.calls().threads[0], worker_id);
}

// ---- Rescheduling -------------------------------------------------------------------------------

TEST_F(TimerRescheduleTest, EarlierDateFiresSooner) {
  auto mode = str("TimerRescheduleTest.Earlier");
  TestTimer timer(now() + 1000);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  double date = now() + 0.02;
  ocfs_run_loop_timer_set_next_fire_date(timer, date);
  EXPECT_EQ(ocfs_run_loop_timer_get_next_fire_date(timer), date);
  auto start = Clock::now();
  EXPECT_EQ(run(mode, 5), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_LT(seconds_since(start), 2.0);
  ASSERT_EQ(timer.fires(), 1);
  std::lock_guard lock(timer.calls().mutex);
  EXPECT_GE(timer.calls().fire_times[0], date);
}

TEST_F(TimerRescheduleTest, LaterDatePostpones) {
  auto mode = str("TimerRescheduleTest.Later");
  TestTimer timer(now() + 0.01);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  ocfs_run_loop_timer_set_next_fire_date(timer, now() + 1000);
  EXPECT_EQ(run(mode, 0.05), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(timer.fires(), 0);
  EXPECT_TRUE(ocfs_run_loop_timer_is_valid(timer));
  // Repeatedly moved: only the last date counts.
  double date = now() - 1;
  ocfs_run_loop_timer_set_next_fire_date(timer, now() - 2);
  ocfs_run_loop_timer_set_next_fire_date(timer, now() + 500);
  ocfs_run_loop_timer_set_next_fire_date(timer, date);
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  ASSERT_EQ(timer.fires(), 1);
  std::lock_guard lock(timer.calls().mutex);
  EXPECT_EQ(timer.calls().fire_dates[0], date);
}

TEST_F(TimerRescheduleTest, DateSetBeforeAddingIsUsed) {
  auto mode = str("TimerRescheduleTest.BeforeAdding");
  TestTimer timer(now() + 1000);
  ocfs_run_loop_timer_set_next_fire_date(timer, now() - 1);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(timer.fires(), 1);
}

TEST_F(TimerRescheduleTest, FromAnotherThreadWakesTheLoop) {
  auto mode = str("TimerRescheduleTest.OtherThread");
  TestTimer timer(now() + 1000);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  std::atomic<bool> saw_waiting{false};
  std::thread other([&] {
    saw_waiting = wait_until([&] { return ocfs_run_loop_is_waiting(loop_) != OCFS_FALSE; });
    ocfs_run_loop_timer_set_next_fire_date(timer, now());
  });
  auto start = Clock::now();
  EXPECT_EQ(run(mode, 10), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_LT(seconds_since(start), 6.0);
  other.join();
  EXPECT_TRUE(saw_waiting);
  EXPECT_EQ(timer.fires(), 1);
}

TEST_F(TimerRescheduleTest, AddedFromAnotherThreadWakesTheLoop) {
  auto mode = str("TimerRescheduleTest.AddedLater");
  KeepAlive keep_alive(loop_, mode);
  TestTimer timer(now());
  std::atomic<bool> saw_waiting{false};
  std::thread other([&] {
    saw_waiting = wait_until([&] { return ocfs_run_loop_is_waiting(loop_) != OCFS_FALSE; });
    ocfs_run_loop_add_timer(loop_, timer, mode);
  });
  timer.calls().on_fire = [this](ocfs_run_loop_timer_ref) { ocfs_run_loop_stop(loop_); };
  auto start = Clock::now();
  EXPECT_EQ(run(mode, 10), OCFS_RUN_LOOP_RUN_STOPPED);
  EXPECT_LT(seconds_since(start), 6.0);
  other.join();
  EXPECT_TRUE(saw_waiting);
  EXPECT_EQ(timer.fires(), 1);
}

TEST_F(TimerRescheduleTest, LaterDateSetInTheCalloutIsKept) {
  auto mode = str("TimerRescheduleTest.InCallout");
  TestTimer timer(now() - 1, 60);  // overdue once; the next fire is far away
  double later = now() + 1000;
  timer.calls().on_fire = [later](ocfs_run_loop_timer_ref self) {
    ocfs_run_loop_timer_set_next_fire_date(self, later);
  };
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_EQ(run(mode, 0.05), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(timer.fires(), 1);
  EXPECT_EQ(ocfs_run_loop_timer_get_next_fire_date(timer), later);
}

TEST_F(TimerRescheduleTest, OneShotRescheduledInItsCalloutIsStillInvalidated) {
  // Apple decides before the callout that a one-shot timer is invalidated after it.
  auto mode = str("TimerRescheduleTest.OneShotInCallout");
  TestTimer timer(now() - 1);
  timer.calls().on_fire = [](ocfs_run_loop_timer_ref self) {
    ocfs_run_loop_timer_set_next_fire_date(self, now() + 0.01);
  };
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_EQ(run(mode, 0.1), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(timer.fires(), 1);
  EXPECT_FALSE(ocfs_run_loop_timer_is_valid(timer));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, mode));
}

// ---- Modes --------------------------------------------------------------------------------------

TEST_F(TimerModesTest, FiresOnlyInItsModes) {
  auto mode = str("TimerModesTest.Mine");
  auto other_mode = str("TimerModesTest.Other");
  KeepAlive keep_alive(loop_, other_mode);
  TestTimer timer(now() - 1);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_EQ(run(other_mode, 0.03), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(timer.fires(), 0);
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(timer.fires(), 1);
}

TEST_F(TimerModesTest, OneShotInTwoModesFiresOnce) {
  auto mode = str("TimerModesTest.First");
  auto other_mode = str("TimerModesTest.Second");
  TestTimer timer(now() - 1);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  ocfs_run_loop_add_timer(loop_, timer, other_mode);
  EXPECT_EQ(run(other_mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(timer.fires(), 1);
}

TEST_F(TimerModesTest, ContainsTimerComparesModesByContent) {
  auto mode = str("TimerModesTest.Contains");
  auto same_mode = str("TimerModesTest.Contains");
  auto other_mode = str("TimerModesTest.Other");
  TestTimer timer(now() + 1000);
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, mode));
  ocfs_run_loop_add_timer(loop_, timer, mode);
  ocfs_run_loop_add_timer(loop_, timer, same_mode);  // the same mode: one entry
  EXPECT_TRUE(ocfs_run_loop_contains_timer(loop_, timer, same_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, other_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, ocfs_run_loop_default_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, ocfs_run_loop_common_modes));
  ocfs_run_loop_remove_timer(loop_, timer, same_mode);
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, mode));
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);

  auto heap_default = str("kCFRunLoopDefaultMode");
  ocfs_run_loop_add_timer(loop_, timer, heap_default);
  EXPECT_TRUE(ocfs_run_loop_contains_timer(loop_, timer, ocfs_run_loop_default_mode));
  ocfs_run_loop_remove_timer(loop_, timer, ocfs_run_loop_default_mode);
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, heap_default));
}

TEST_F(TimerModesTest, RemovedTimerStopsFiringButStaysValid) {
  auto mode = str("TimerModesTest.Removed");
  TestTimer timer(now() - 1, 60);  // overdue once; the next fire is far away
  ocfs_run_loop_add_timer(loop_, timer, mode);
  ocfs_run_loop_remove_timer(loop_, timer, mode);
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, mode));
  EXPECT_EQ(run(mode, 0.03), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(timer.fires(), 0);
  EXPECT_TRUE(ocfs_run_loop_timer_is_valid(timer));
  // Removing again is harmless; adding back makes it fire.
  ocfs_run_loop_remove_timer(loop_, timer, mode);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(timer.fires(), 1);
  ocfs_run_loop_remove_timer(loop_, timer, mode);
}

TEST_F(TimerModesTest, RemovedWhileRunningStopsFiring) {
  auto mode = str("TimerModesTest.RemovedInCallout");
  KeepAlive keep_alive(loop_, mode);
  TestTimer timer(now() - 1, 0.005);
  timer.calls().on_fire = [this, &mode](ocfs_run_loop_timer_ref self) {
    ocfs_run_loop_remove_timer(loop_, self, mode);
  };
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_EQ(run(mode, 0.05), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(timer.fires(), 1);
  EXPECT_TRUE(ocfs_run_loop_timer_is_valid(timer));
}

TEST_F(TimerModesTest, InCommonModesFiresInTheDefaultMode) {
  TestTimer timer(now() - 1, 60);  // overdue once; the next fire is far away
  ocfs_run_loop_add_timer(loop_, timer, ocfs_run_loop_common_modes);
  EXPECT_TRUE(ocfs_run_loop_contains_timer(loop_, timer, ocfs_run_loop_common_modes));
  EXPECT_TRUE(ocfs_run_loop_contains_timer(loop_, timer, ocfs_run_loop_default_mode));
  EXPECT_EQ(run(ocfs_run_loop_default_mode, 0), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(timer.fires(), 1);
  ocfs_run_loop_remove_timer(loop_, timer, ocfs_run_loop_common_modes);
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, ocfs_run_loop_common_modes));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, ocfs_run_loop_default_mode));
  EXPECT_TRUE(ocfs_run_loop_timer_is_valid(timer));
}

TEST_F(TimerModesTest, InCommonModesJoinsAnAddedCommonMode) {
  TestTimer timer(now() - 1, 60);  // overdue once; the next fire is far away
  bool contained = false;
  ocfs_run_loop_run_result result = 0;
  std::thread([&] {
    ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
    auto custom = str("Custom");
    ocfs_run_loop_add_timer(loop, timer, ocfs_run_loop_common_modes);
    ocfs_run_loop_add_common_mode(loop, custom);
    contained = ocfs_run_loop_contains_timer(loop, timer, custom) != OCFS_FALSE;
    result = run(custom, 0);
    timer.reset();  // while its run loop is alive
  }).join();
  EXPECT_TRUE(contained);
  EXPECT_EQ(result, OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(timer.fires(), 1);
}

TEST_F(TimerModesTest, TimerBelongsToOneRunLoopAtATime) {
  auto mode = str("TimerModesTest.OneLoop");
  TestTimer timer(now() + 1000);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  bool in_other = true;
  std::thread([&] {
    ocfs_run_loop_ref other = ocfs_run_loop_get_current();
    ocfs_run_loop_add_timer(other, timer, mode);
    in_other = ocfs_run_loop_contains_timer(other, timer, mode) != OCFS_FALSE;
  }).join();
  EXPECT_FALSE(in_other);
  EXPECT_TRUE(ocfs_run_loop_contains_timer(loop_, timer, mode));
  ocfs_run_loop_remove_timer(loop_, timer, mode);
}

TEST_F(TimerModesTest, RemovedFromEveryModeItCanMoveToAnotherRunLoop) {
  // Apple forgets a timer's run loop when it leaves the last mode there.
  auto mode = str("TimerModesTest.Move");
  TestTimer timer(now() - 1);
  std::promise<void> removed;
  std::promise<void> finish;
  std::shared_future<void> finish_future = finish.get_future().share();
  std::thread worker([&] {
    ocfs_run_loop_ref other = ocfs_run_loop_get_current();
    ocfs_run_loop_add_timer(other, timer, mode);
    ocfs_run_loop_remove_timer(other, timer, mode);
    removed.set_value();
    finish_future.wait();  // the worker's run loop outlives the checks below
  });
  removed.get_future().wait();
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_TRUE(ocfs_run_loop_contains_timer(loop_, timer, mode));
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(timer.fires(), 1);
  timer.reset();
  finish.set_value();
  worker.join();
}

TEST_F(TimerModesTest, RemovedTimerOutlivesItsFormerRunLoop) {
  // Leaving its last mode unties the timer from that run loop (as on Apple): once the run loop's
  // thread has ended, the timer is still usable, and another run loop can take it.
  auto mode = str("TimerModesTest.Outlives");
  auto timer = std::make_shared<TestTimer>(now() + 1000);
  std::thread([&] {
    ocfs_run_loop_ref other = ocfs_run_loop_get_current();
    ocfs_run_loop_add_timer(other, *timer, mode);
    ocfs_run_loop_remove_timer(other, *timer, mode);
  }).join();
  // The rest runs on a helper thread so that a library hang fails the test instead of blocking
  // it; on a hang the helper (and the timer) are abandoned.
  struct Outcome {
    bool contained = false;
    ocfs_run_loop_run_result result = 0;
    int fires = 0;
  };
  auto outcome = std::make_shared<Outcome>();
  auto mode_name = std::make_shared<Owned<ocfs_string_ref>>(str("TimerModesTest.Outlives"));
  std::packaged_task<void()> task([timer, outcome, mode_name] {
    ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
    ocfs_run_loop_timer_set_next_fire_date(*timer, now() - 1);
    ocfs_run_loop_add_timer(loop, *timer, *mode_name);
    outcome->contained = ocfs_run_loop_contains_timer(loop, *timer, *mode_name) != OCFS_FALSE;
    outcome->result = run(*mode_name, 0);
    outcome->fires = timer->fires();
    timer->reset();
  });
  std::future<void> finished = task.get_future();
  std::thread helper(std::move(task));
  if (finished.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    helper.detach();
    FAIL() << "the timer hung after its former run loop's thread ended";
  }
  helper.join();
  EXPECT_TRUE(outcome->contained);
  EXPECT_EQ(outcome->result, OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(outcome->fires, 1);
}

// ---- Invalidation -------------------------------------------------------------------------------

TEST_F(TimerInvalidateTest, InItsOwnCalloutStopsIt) {
  auto mode = str("TimerInvalidateTest.InCallout");
  TestTimer timer(now() - 1, 60);  // overdue once; the next fire is far away
  timer.calls().on_fire = [](ocfs_run_loop_timer_ref self) {
    ocfs_run_loop_timer_invalidate(self);
  };
  ocfs_run_loop_add_timer(loop_, timer, mode);
  auto start = Clock::now();
  EXPECT_EQ(run(mode, 2), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(timer.fires(), 1);
  EXPECT_FALSE(ocfs_run_loop_timer_is_valid(timer));
}

TEST_F(TimerInvalidateTest, RemovesFromEveryModeAndCannotBeAddedAgain) {
  auto mode = str("TimerInvalidateTest.Modes");
  TestTimer timer(now() - 1, 60);  // overdue once; the next fire is far away
  ocfs_run_loop_add_timer(loop_, timer, mode);
  ocfs_run_loop_add_timer(loop_, timer, ocfs_run_loop_common_modes);
  ocfs_run_loop_timer_invalidate(timer);
  EXPECT_FALSE(ocfs_run_loop_timer_is_valid(timer));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, mode));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, ocfs_run_loop_common_modes));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, ocfs_run_loop_default_mode));
  ocfs_run_loop_timer_invalidate(timer);  // twice is harmless
  ocfs_run_loop_add_timer(loop_, timer, mode);
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop_, timer, mode));
  ocfs_run_loop_timer_set_next_fire_date(timer, now() - 1);
  EXPECT_EQ(run(mode, 0), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(timer.fires(), 0);
  timer.release();
  EXPECT_EQ(timer.calls().releases, 1);
}

TEST_F(TimerInvalidateTest, FromAnotherThreadWhileTheLoopRuns) {
  auto mode = str("TimerInvalidateTest.OtherThread");
  KeepAlive keep_alive(loop_, mode);
  TestTimer timer(now(), 0.002);
  ocfs_run_loop_add_timer(loop_, timer, mode);
  std::thread other([&] {
    wait_until([&] { return timer.fires() >= 3; });
    ocfs_run_loop_timer_invalidate(timer);
  });
  auto start = Clock::now();
  while (ocfs_run_loop_timer_is_valid(timer) && seconds_since(start) < 5)
    run(mode, 0.01);
  other.join();
  int fired = timer.fires();
  EXPECT_GE(fired, 3);
  EXPECT_EQ(run(mode, 0.02), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(timer.fires(), fired);
  timer.release();
  EXPECT_EQ(timer.calls().releases, 1);
}

// ---- Bad input ----------------------------------------------------------------------------------

TEST_F(TimerBadInputTest, NullTimerIsIgnored) {
  ocfs_run_loop_timer_invalidate(nullptr);
  EXPECT_FALSE(ocfs_run_loop_timer_is_valid(nullptr));
  EXPECT_EQ(ocfs_run_loop_timer_get_next_fire_date(nullptr), 0);
  ocfs_run_loop_timer_set_next_fire_date(nullptr, now());
  EXPECT_EQ(ocfs_run_loop_timer_get_interval(nullptr), 0);
  EXPECT_FALSE(ocfs_run_loop_timer_does_repeat(nullptr));
  EXPECT_EQ(ocfs_run_loop_timer_get_order(nullptr), 0);
  ocfs_run_loop_timer_context context{};
  context.version = 7;
  ocfs_run_loop_timer_get_context(nullptr, &context);
  EXPECT_EQ(context.version, 7);
  TestTimer timer(now() + 100);
  ocfs_run_loop_timer_get_context(timer, nullptr);
}

TEST_F(TimerBadInputTest, NaNDateIsIgnoredBySetNextFireDate) {
  double date = now() + 100;
  TestTimer timer(date);
  ocfs_run_loop_timer_set_next_fire_date(timer, std::nan(""));
  EXPECT_EQ(ocfs_run_loop_timer_get_next_fire_date(timer), date);
}

TEST_F(TimerBadInputTest, ObjectsOfTheWrongTypeAreIgnored) {
  auto string = str("not a timer");
  auto *fake = reinterpret_cast<ocfs_run_loop_timer_ref>(
      const_cast<void *>(static_cast<const void *>(string.get())));
  auto *constant_fake = reinterpret_cast<ocfs_run_loop_timer_ref>(
      const_cast<void *>(static_cast<const void *>(ocfs_run_loop_default_mode)));
  ocfs_run_loop_timer_invalidate(fake);
  ocfs_run_loop_timer_invalidate(constant_fake);
  EXPECT_FALSE(ocfs_run_loop_timer_is_valid(fake));
  EXPECT_EQ(ocfs_run_loop_timer_get_next_fire_date(fake), 0);
  ocfs_run_loop_timer_set_next_fire_date(fake, now());
  EXPECT_EQ(ocfs_run_loop_timer_get_interval(constant_fake), 0);
  EXPECT_EQ(ocfs_run_loop_timer_get_order(fake), 0);
  ocfs_run_loop_timer_context context{};
  context.version = 7;
  ocfs_run_loop_timer_get_context(fake, &context);
  EXPECT_EQ(context.version, 7);
  EXPECT_EQ(ocfs_test::text(string), "not a timer");
}

}  // namespace
