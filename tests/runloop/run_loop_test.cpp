// CFRunLoop: run results, the common modes, the current mode, stop and wake-up, one run loop per
// thread and what happens when a run loop's thread ends.
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::str;
using ocfs_test::take_text;
using ocfs_test::text;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
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

std::string current_mode_text(ocfs_run_loop_ref loop) {
  return take_text(ocfs_run_loop_copy_current_mode(loop));
}

// What a test source's callbacks saw. Heap-allocated and shared between the test and the source
// (`holders`), so a late release by a run loop never touches freed memory.
struct SourceCalls {
  std::atomic<int> holders{1};
  std::atomic<int> retains{0};
  std::atomic<int> releases{0};
  std::atomic<int> schedules{0};
  std::atomic<int> cancels{0};
  std::atomic<int> performs{0};
  std::mutex mutex;
  std::vector<std::string> scheduled_modes;
  std::vector<std::string> cancelled_modes;
  std::vector<ocfs_run_loop_ref> scheduled_loops;
  std::vector<ocfs_run_loop_ref> cancelled_loops;
  std::vector<std::thread::id> perform_threads;
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
  {
    std::lock_guard lock(calls->mutex);
    calls->perform_threads.push_back(std::this_thread::get_id());
  }
  ++calls->performs;
  if (calls->on_perform) calls->on_perform();
}

// A counting version-0 source; invalidated and released when the test ends.
class TestSource {
 public:
  explicit TestSource(ocfs_index order = 0) : calls_(new SourceCalls) {
    ocfs_run_loop_source_context context{};
    context.version = 0;
    context.info = calls_;
    context.retain = source_retain;
    context.release = source_release;
    context.schedule = source_schedule;
    context.cancel = source_cancel;
    context.perform = source_perform;
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
  void reset() {
    if (source_ == nullptr) return;
    ocfs_run_loop_source_invalidate(source_);
    ocfs_release(source_);
    source_ = nullptr;
  }

 private:
  SourceCalls *calls_;
  ocfs_run_loop_source_ref source_ = nullptr;
};

// Stops `loop` if the test has not finished after `seconds`, so a broken run loop fails the test
// instead of hanging it.
class Watchdog {
 public:
  Watchdog(ocfs_run_loop_ref loop, double seconds)
      : thread_([this, loop, seconds] {
          std::unique_lock lock(mutex_);
          if (!cv_.wait_for(lock, std::chrono::duration<double>(seconds),
                            [this] { return done_; })) {
            fired_ = true;
            ocfs_run_loop_stop(loop);
          }
        }) {}
  ~Watchdog() { disarm(); }
  // True if the watchdog had to stop the loop.
  bool disarm() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    return fired_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::atomic<bool> fired_{false};
  std::thread thread_;
};

// Every test leaves the main thread's default mode empty, so nothing leaks into the next one.
class RunLoopTest : public ::testing::Test {
 protected:
  void TearDown() override {
    EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0, OCFS_FALSE),
              OCFS_RUN_LOOP_RUN_FINISHED);
    EXPECT_EQ(ocfs_run_loop_copy_current_mode(ocfs_run_loop_get_current()), nullptr);
  }
};

class RunLoopThreadTest : public RunLoopTest {};
class RunLoopModeTest : public RunLoopTest {};
class RunLoopCommonModesTest : public RunLoopTest {};
class RunLoopStopTest : public RunLoopTest {};
class RunLoopWakeUpTest : public RunLoopTest {};
class RunLoopBadInputTest : public RunLoopTest {};

void count_timer(ocfs_run_loop_timer_ref, void *info) {
  ++*static_cast<std::atomic<int> *>(info);
}

// ---- Run results --------------------------------------------------------------------------------

TEST_F(RunLoopTest, EmptyModeFinishesAtOnce) {
  auto start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 10, OCFS_FALSE),
            OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 10, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_FINISHED);
  auto never_used = str("RunLoopTest.NeverUsed");
  EXPECT_EQ(ocfs_run_loop_run_in_mode(never_used, 10, OCFS_FALSE), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_LT(seconds_since(start), 1.0);
}

TEST_F(RunLoopTest, CommonModesPseudoModeCannotBeRun) {
  TestSource source;
  ocfs_run_loop_add_source(ocfs_run_loop_get_current(), source, ocfs_run_loop_common_modes);
  source.signal();
  auto start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_common_modes, 10, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(source.performs(), 0);
  // The default mode (a common mode) does run it.
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(RunLoopTest, ModeWithASourceTimesOut) {
  TestSource source;
  auto mode = str("RunLoopTest.TimesOut");
  ocfs_run_loop_add_source(ocfs_run_loop_get_current(), source, mode);
  auto start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(mode, 0.05, OCFS_FALSE), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  double elapsed = seconds_since(start);
  EXPECT_GE(elapsed, 0.045);
  EXPECT_LT(elapsed, 2.0);
  // Zero, negative and NaN times make one pass.
  start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(mode, 0, OCFS_TRUE), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(ocfs_run_loop_run_in_mode(mode, -1, OCFS_TRUE), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_EQ(ocfs_run_loop_run_in_mode(mode, std::nan(""), OCFS_TRUE), OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(source.performs(), 0);
}

TEST_F(RunLoopTest, AbsoluteTimeIsSecondsSince2001) {
  double expected = static_cast<double>(std::time(nullptr)) - 978307200.0;
  double now = ocfs_absolute_time_get_current();
  EXPECT_NEAR(now, expected, 1.5);
  // Sub-second resolution and monotonic enough for timers.
  double later = ocfs_absolute_time_get_current();
  EXPECT_GE(later, now);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GT(ocfs_absolute_time_get_current() - now, 0.015);
}

TEST_F(RunLoopTest, TypeIds) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource source;
  auto timer = own(ocfs_run_loop_timer_create(nullptr, 0, 0, 0, 0, nullptr, nullptr));
  EXPECT_EQ(ocfs_get_type_id(loop), ocfs_run_loop_get_type_id());
  EXPECT_EQ(ocfs_get_type_id(source), ocfs_run_loop_source_get_type_id());
  EXPECT_EQ(ocfs_get_type_id(timer), ocfs_run_loop_timer_get_type_id());
  EXPECT_NE(ocfs_run_loop_get_type_id(), ocfs_run_loop_source_get_type_id());
  EXPECT_NE(ocfs_run_loop_get_type_id(), ocfs_run_loop_timer_get_type_id());
  EXPECT_NE(ocfs_run_loop_source_get_type_id(), ocfs_run_loop_timer_get_type_id());
  EXPECT_NE(ocfs_run_loop_get_type_id(), ocfs_string_get_type_id());
}

// ---- One run loop per thread --------------------------------------------------------------------

TEST_F(RunLoopThreadTest, CurrentIsPerThreadAndStable) {
  ocfs_run_loop_ref main_loop = ocfs_run_loop_get_current();
  ASSERT_NE(main_loop, nullptr);
  EXPECT_EQ(ocfs_run_loop_get_current(), main_loop);
  ocfs_run_loop_ref first = nullptr;
  ocfs_run_loop_ref again = nullptr;
  ocfs_run_loop_ref other = nullptr;
  std::thread([&] {
    first = ocfs_run_loop_get_current();
    again = ocfs_run_loop_get_current();
  }).join();
  std::thread([&] { other = ocfs_run_loop_get_current(); }).join();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first, again);
  EXPECT_NE(first, main_loop);
  EXPECT_NE(other, main_loop);
}

TEST_F(RunLoopThreadTest, MainIsTheMainThreadsRunLoop) {
  // gtest's main() runs the tests on the process's main thread.
  ocfs_run_loop_ref main_loop = ocfs_run_loop_get_main();
  ASSERT_NE(main_loop, nullptr);
  EXPECT_EQ(main_loop, ocfs_run_loop_get_current());
  ocfs_run_loop_ref main_from_worker = nullptr;
  ocfs_run_loop_ref current_of_worker = nullptr;
  std::thread([&] {
    main_from_worker = ocfs_run_loop_get_main();
    current_of_worker = ocfs_run_loop_get_current();
  }).join();
  EXPECT_EQ(main_from_worker, main_loop);
  EXPECT_NE(current_of_worker, main_loop);
}

TEST_F(RunLoopThreadTest, SourceAddedFromAnotherThreadPerformsOnTheRunLoopsThread) {
  TestSource source;
  std::promise<ocfs_run_loop_ref> loop_promise;
  std::promise<void> added;
  std::shared_future<void> added_future = added.get_future().share();
  std::atomic<ocfs_run_loop_run_result> result{0};
  std::thread worker([&] {
    loop_promise.set_value(ocfs_run_loop_get_current());
    added_future.wait();
    result = ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 5, OCFS_TRUE);
  });
  std::thread::id worker_id = worker.get_id();
  ocfs_run_loop_ref loop = loop_promise.get_future().get();
  ocfs_run_loop_add_source(loop, source, ocfs_run_loop_default_mode);
  added.set_value();
  bool waited = wait_until([&] { return ocfs_run_loop_is_waiting(loop) != OCFS_FALSE; });
  source.signal();
  ocfs_run_loop_wake_up(loop);
  worker.join();  // `loop` is gone with its thread from here on

  EXPECT_TRUE(waited);
  EXPECT_EQ(result, OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  ASSERT_EQ(source.performs(), 1);
  std::lock_guard lock(source.calls().mutex);
  EXPECT_EQ(source.calls().perform_threads[0], worker_id);
  ASSERT_EQ(source.calls().scheduled_loops.size(), 1u);
  EXPECT_EQ(source.calls().scheduled_loops[0], loop);
  EXPECT_EQ(source.calls().scheduled_modes[0], "kCFRunLoopDefaultMode");
}

// One round of: a thread adds a signalled source and two timers to its run loop and ends.
void end_thread_with_items_added() {
  TestSource source;
  std::atomic<int> timer_releases{0};
  ocfs_run_loop_timer_context timer_context{};
  timer_context.info = &timer_releases;
  timer_context.release = [](const void *info) {
    ++*static_cast<std::atomic<int> *>(const_cast<void *>(info));
  };
  ocfs_run_loop_timer_ref timer = ocfs_run_loop_timer_create(
      nullptr, ocfs_absolute_time_get_current() + 0.01, 0.01, 0, 0,
      [](ocfs_run_loop_timer_ref, void *) {}, &timer_context);
  ocfs_run_loop_timer_ref common_timer = ocfs_run_loop_timer_create(
      nullptr, ocfs_absolute_time_get_current() + 100, 0, 0, 0, count_timer, nullptr);
  ASSERT_NE(timer, nullptr);
  ASSERT_NE(common_timer, nullptr);
  std::thread([&] {
    ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
    auto other = str("RunLoopThreadTest.Other");
    ocfs_run_loop_add_source(loop, source, ocfs_run_loop_default_mode);
    ocfs_run_loop_add_source(loop, source, other);
    ocfs_run_loop_add_source(loop, source, ocfs_run_loop_common_modes);
    ocfs_run_loop_add_timer(loop, timer, ocfs_run_loop_default_mode);
    ocfs_run_loop_add_timer(loop, common_timer, ocfs_run_loop_common_modes);
    EXPECT_EQ(ocfs_run_loop_run_in_mode(other, 0, OCFS_FALSE), OCFS_RUN_LOOP_RUN_TIMED_OUT);
    source.signal();  // still pending when the thread ends
  }).join();

  // Everything the dead run loop held has been let go: signalling, invalidating and rescheduling
  // from here touch nothing of it.
  source.signal();
  EXPECT_EQ(source.performs(), 0);
  EXPECT_EQ(source.calls().cancels.load(), source.calls().schedules.load());
  ocfs_run_loop_timer_set_next_fire_date(timer, ocfs_absolute_time_get_current());
  ocfs_run_loop_timer_set_next_fire_date(common_timer, ocfs_absolute_time_get_current());
  ocfs_run_loop_timer_invalidate(timer);
  ocfs_run_loop_timer_invalidate(common_timer);
  EXPECT_FALSE(ocfs_run_loop_timer_is_valid(timer));
  source.reset();
  EXPECT_EQ(source.calls().releases, 1);  // no reference leaked by the run loop
  ocfs_release(timer);
  EXPECT_EQ(timer_releases, 1);
  ocfs_release(common_timer);
}

TEST_F(RunLoopThreadTest, EndingTheThreadWithSourcesAndTimersStillAddedIsSafe) {
  for (int round = 0; round < 5 && !HasFailure(); ++round)
    end_thread_with_items_added();
}

TEST_F(RunLoopThreadTest, ManyThreadsCreateAndEndRunLoops) {
  std::vector<std::thread> threads;
  std::atomic<int> handled{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      TestSource source;
      ocfs_run_loop_add_source(ocfs_run_loop_get_current(), source, ocfs_run_loop_default_mode);
      source.signal();
      if (ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 1, OCFS_TRUE) ==
          OCFS_RUN_LOOP_RUN_HANDLED_SOURCE) {
        ++handled;
      }
    });
  }
  for (auto &thread : threads)
    thread.join();
  EXPECT_EQ(handled, 8);
}

// ---- Current mode and all modes -----------------------------------------------------------------

TEST_F(RunLoopModeTest, CurrentModeIsNullWhenNotRunning) {
  EXPECT_EQ(ocfs_run_loop_copy_current_mode(ocfs_run_loop_get_current()), nullptr);
  EXPECT_EQ(ocfs_run_loop_copy_current_mode(ocfs_run_loop_get_main()), nullptr);
}

TEST_F(RunLoopModeTest, CurrentModeInsidePerformIsTheRunningMode) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource source;
  auto mode = str("RunLoopModeTest.Running");
  ocfs_run_loop_add_source(loop, source, mode);
  std::string seen;
  source.calls().on_perform = [&] { seen = current_mode_text(loop); };
  source.signal();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(mode, 1, OCFS_TRUE), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(seen, "RunLoopModeTest.Running");
  EXPECT_EQ(ocfs_run_loop_copy_current_mode(loop), nullptr);
}

TEST_F(RunLoopModeTest, NestedRunReportsTheNestedModeThenTheOuterOne) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource outer;
  TestSource inner;
  auto outer_mode = str("RunLoopModeTest.Outer");
  auto inner_mode = str("RunLoopModeTest.Inner");
  ocfs_run_loop_add_source(loop, outer, outer_mode);
  ocfs_run_loop_add_source(loop, inner, inner_mode);
  std::string before;
  std::string nested;
  std::string after;
  ocfs_run_loop_run_result nested_result = 0;
  inner.calls().on_perform = [&] { nested = current_mode_text(loop); };
  outer.calls().on_perform = [&] {
    before = current_mode_text(loop);
    inner.signal();
    nested_result = ocfs_run_loop_run_in_mode(inner_mode, 1, OCFS_TRUE);
    after = current_mode_text(loop);
  };
  outer.signal();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(outer_mode, 1, OCFS_TRUE), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(nested_result, OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(before, "RunLoopModeTest.Outer");
  EXPECT_EQ(nested, "RunLoopModeTest.Inner");
  EXPECT_EQ(after, "RunLoopModeTest.Outer");
  EXPECT_EQ(inner.performs(), 1);
  EXPECT_EQ(ocfs_run_loop_copy_current_mode(loop), nullptr);
}

TEST_F(RunLoopModeTest, CurrentModeOfAnotherThreadsRunningLoop) {
  TestSource source;
  std::promise<ocfs_run_loop_ref> loop_promise;
  std::atomic<bool> done{false};
  std::thread worker([&] {
    ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
    auto mode = str("RunLoopModeTest.Worker");
    ocfs_run_loop_add_source(loop, source, mode);
    loop_promise.set_value(loop);
    while (!done)
      ocfs_run_loop_run_in_mode(mode, 0.01, OCFS_FALSE);
  });
  ocfs_run_loop_ref loop = loop_promise.get_future().get();
  std::string seen;
  wait_until([&] {
    seen = current_mode_text(loop);
    return seen != "<null>";
  });
  done = true;
  worker.join();
  EXPECT_EQ(seen, "RunLoopModeTest.Worker");
}

// ---- Common modes -------------------------------------------------------------------------------

// These run on a new thread, whose fresh run loop's common modes are not shared with other tests.
TEST_F(RunLoopCommonModesTest, SourceForTheCommonModesJoinsEveryCommonMode) {
  TestSource source;
  std::thread([&] {
    ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
    auto custom = str("Custom");
    ocfs_run_loop_add_source(loop, source, ocfs_run_loop_common_modes);
    EXPECT_TRUE(ocfs_run_loop_contains_source(loop, source, ocfs_run_loop_common_modes));
    EXPECT_TRUE(ocfs_run_loop_contains_source(loop, source, ocfs_run_loop_default_mode));
    EXPECT_FALSE(ocfs_run_loop_contains_source(loop, source, custom));

    source.signal();
    EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0, OCFS_TRUE),
              OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
    EXPECT_EQ(source.performs(), 1);
    EXPECT_EQ(ocfs_run_loop_run_in_mode(custom, 0, OCFS_TRUE), OCFS_RUN_LOOP_RUN_FINISHED);

    ocfs_run_loop_add_common_mode(loop, custom);
    EXPECT_TRUE(ocfs_run_loop_contains_source(loop, source, custom));
    source.signal();
    EXPECT_EQ(ocfs_run_loop_run_in_mode(custom, 0, OCFS_TRUE), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
    EXPECT_EQ(source.performs(), 2);

    // Adding it again for the common modes changes nothing.
    ocfs_run_loop_add_source(loop, source, ocfs_run_loop_common_modes);
    ocfs_run_loop_add_common_mode(loop, custom);
    EXPECT_EQ(source.calls().schedules, 2);
    std::lock_guard lock(source.calls().mutex);
    std::multiset<std::string> scheduled(source.calls().scheduled_modes.begin(),
                                         source.calls().scheduled_modes.end());
    EXPECT_EQ(scheduled, (std::multiset<std::string>{"kCFRunLoopDefaultMode", "Custom"}));
  }).join();
}

TEST_F(RunLoopCommonModesTest, LaterAdditionsForTheCommonModesJoinAnAddedCommonMode) {
  TestSource source;
  std::thread([&] {
    ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
    auto custom = str("Custom");
    ocfs_run_loop_add_common_mode(loop, custom);
    ocfs_run_loop_add_source(loop, source, ocfs_run_loop_common_modes);
    EXPECT_TRUE(ocfs_run_loop_contains_source(loop, source, ocfs_run_loop_default_mode));
    EXPECT_TRUE(ocfs_run_loop_contains_source(loop, source, custom));
    source.signal();
    EXPECT_EQ(ocfs_run_loop_run_in_mode(custom, 0, OCFS_TRUE), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  }).join();
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(RunLoopCommonModesTest, RemovingFromTheCommonModesRemovesFromAllOfThem) {
  TestSource source;
  std::thread([&] {
    ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
    auto custom = str("Custom");
    ocfs_run_loop_add_common_mode(loop, custom);
    ocfs_run_loop_add_source(loop, source, ocfs_run_loop_common_modes);
    ocfs_run_loop_remove_source(loop, source, ocfs_run_loop_common_modes);
    EXPECT_FALSE(ocfs_run_loop_contains_source(loop, source, ocfs_run_loop_common_modes));
    EXPECT_FALSE(ocfs_run_loop_contains_source(loop, source, ocfs_run_loop_default_mode));
    EXPECT_FALSE(ocfs_run_loop_contains_source(loop, source, custom));
    EXPECT_EQ(source.calls().cancels, 2);
    {
      std::lock_guard lock(source.calls().mutex);
      std::multiset<std::string> cancelled(source.calls().cancelled_modes.begin(),
                                           source.calls().cancelled_modes.end());
      EXPECT_EQ(cancelled, (std::multiset<std::string>{"kCFRunLoopDefaultMode", "Custom"}));
    }
    source.signal();
    EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0, OCFS_TRUE),
              OCFS_RUN_LOOP_RUN_FINISHED);
    EXPECT_EQ(ocfs_run_loop_run_in_mode(custom, 0, OCFS_TRUE), OCFS_RUN_LOOP_RUN_FINISHED);
    // Removing it again, or from a mode it is not in, is harmless.
    ocfs_run_loop_remove_source(loop, source, ocfs_run_loop_common_modes);
    ocfs_run_loop_remove_source(loop, source, custom);
    EXPECT_EQ(source.calls().cancels, 2);
  }).join();
  EXPECT_EQ(source.performs(), 0);
}

TEST_F(RunLoopCommonModesTest, CopyAllModesListsTheKnownModes) {
  std::vector<std::string> names;
  std::thread([&] {
    ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
    auto custom = str("Custom");
    ocfs_run_loop_add_common_mode(loop, custom);
    auto modes = own(ocfs_run_loop_copy_all_modes(loop));
    ASSERT_NE(modes.get(), nullptr);
    for (ocfs_index i = 0; i < ocfs_array_get_count(modes); ++i) {
      names.push_back(text(static_cast<ocfs_string_ref>(ocfs_array_get_value_at_index(modes, i))));
    }
  }).join();
  std::multiset<std::string> all(names.begin(), names.end());
  EXPECT_EQ(all.count("kCFRunLoopDefaultMode"), 1u);
  EXPECT_EQ(all.count("Custom"), 1u);
  EXPECT_EQ(all.count("kCFRunLoopCommonModes"), 0u);
}

// ---- Stop ---------------------------------------------------------------------------------------

TEST_F(RunLoopStopTest, FromAnotherThreadWhileWaiting) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource keep_alive;
  ocfs_run_loop_add_source(loop, keep_alive, ocfs_run_loop_default_mode);
  std::atomic<bool> saw_waiting{false};
  std::thread stopper([&] {
    saw_waiting = wait_until([&] { return ocfs_run_loop_is_waiting(loop) != OCFS_FALSE; });
    ocfs_run_loop_stop(loop);
  });
  auto start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 10, OCFS_FALSE),
            OCFS_RUN_LOOP_RUN_STOPPED);
  EXPECT_LT(seconds_since(start), 6.0);
  stopper.join();
  EXPECT_TRUE(saw_waiting);
  EXPECT_FALSE(ocfs_run_loop_is_waiting(loop));
  // The stop was used up.
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0, OCFS_FALSE),
            OCFS_RUN_LOOP_RUN_TIMED_OUT);
}

TEST_F(RunLoopStopTest, BeforeRunningStopsTheNextRunOnly) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource keep_alive;
  ocfs_run_loop_add_source(loop, keep_alive, ocfs_run_loop_default_mode);
  ocfs_run_loop_stop(loop);
  auto start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 10, OCFS_FALSE),
            OCFS_RUN_LOOP_RUN_STOPPED);
  EXPECT_LT(seconds_since(start), 2.0);
  start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0.05, OCFS_FALSE),
            OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_GE(seconds_since(start), 0.045);
}

TEST_F(RunLoopStopTest, FromInsidePerform) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource source;
  ocfs_run_loop_add_source(loop, source, ocfs_run_loop_default_mode);
  source.calls().on_perform = [loop] { ocfs_run_loop_stop(loop); };
  source.signal();
  Watchdog watchdog(loop, 5);
  auto start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 10, OCFS_FALSE),
            OCFS_RUN_LOOP_RUN_STOPPED);
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_FALSE(watchdog.disarm());
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(RunLoopStopTest, StopsOnlyTheInnermostRun) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource outer;
  TestSource inner;
  auto inner_mode = str("RunLoopStopTest.Inner");
  ocfs_run_loop_add_source(loop, outer, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop, inner, inner_mode);
  ocfs_run_loop_run_result nested_result = 0;
  inner.calls().on_perform = [loop] { ocfs_run_loop_stop(loop); };
  outer.calls().on_perform = [&] {
    inner.signal();
    nested_result = ocfs_run_loop_run_in_mode(inner_mode, 10, OCFS_FALSE);
  };
  outer.signal();
  auto start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0.05, OCFS_FALSE),
            OCFS_RUN_LOOP_RUN_TIMED_OUT);
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_EQ(nested_result, OCFS_RUN_LOOP_RUN_STOPPED);
}

TEST_F(RunLoopStopTest, RunReturnsWhenStopped) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource source;
  ocfs_run_loop_add_source(loop, source, ocfs_run_loop_default_mode);
  source.calls().on_perform = [loop] { ocfs_run_loop_stop(loop); };
  source.signal();
  Watchdog watchdog(loop, 5);
  ocfs_run_loop_run();
  EXPECT_FALSE(watchdog.disarm());
  EXPECT_EQ(source.performs(), 1);
}

TEST_F(RunLoopStopTest, RunReturnsWhenStoppedFromAnotherThread) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource source;
  ocfs_run_loop_add_source(loop, source, ocfs_run_loop_default_mode);
  std::thread stopper([&] {
    wait_until([&] { return ocfs_run_loop_is_waiting(loop) != OCFS_FALSE; });
    ocfs_run_loop_stop(loop);
  });
  auto start = Clock::now();
  ocfs_run_loop_run();
  EXPECT_LT(seconds_since(start), 6.0);
  stopper.join();
}

TEST_F(RunLoopStopTest, RunReturnsAtOnceWhenTheDefaultModeIsEmpty) {
  Watchdog watchdog(ocfs_run_loop_get_current(), 5);
  auto start = Clock::now();
  ocfs_run_loop_run();
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_FALSE(watchdog.disarm());
}

TEST_F(RunLoopStopTest, RunReturnsWhenTheLastTimerIsDone) {
  std::atomic<int> fires{0};
  ocfs_run_loop_timer_context context{};
  context.info = &fires;
  auto timer = own(ocfs_run_loop_timer_create(nullptr, ocfs_absolute_time_get_current() + 0.02, 0,
                                              0, 0, count_timer, &context));
  ocfs_run_loop_add_timer(ocfs_run_loop_get_current(), timer, ocfs_run_loop_default_mode);
  Watchdog watchdog(ocfs_run_loop_get_current(), 5);
  ocfs_run_loop_run();
  EXPECT_FALSE(watchdog.disarm());
  EXPECT_EQ(fires, 1);
}

// ---- Wake-up ------------------------------------------------------------------------------------

TEST_F(RunLoopWakeUpTest, SignalAndWakeUpFromAnotherThread) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource source;
  ocfs_run_loop_add_source(loop, source, ocfs_run_loop_default_mode);
  EXPECT_FALSE(ocfs_run_loop_is_waiting(loop));
  std::atomic<bool> saw_waiting{false};
  std::thread helper([&] {
    saw_waiting = wait_until([&] { return ocfs_run_loop_is_waiting(loop) != OCFS_FALSE; });
    source.signal();
    ocfs_run_loop_wake_up(loop);
  });
  auto start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 10, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_LT(seconds_since(start), 6.0);
  helper.join();
  EXPECT_TRUE(saw_waiting);
  EXPECT_EQ(source.performs(), 1);
  EXPECT_FALSE(ocfs_run_loop_is_waiting(loop));
}

TEST_F(RunLoopWakeUpTest, WakeUpWithoutWorkKeepsRunning) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource keep_alive;
  ocfs_run_loop_add_source(loop, keep_alive, ocfs_run_loop_default_mode);
  ocfs_run_loop_wake_up(loop);  // before running: only makes the first wait short
  std::thread helper([&] {
    for (int i = 0; i < 5; ++i) {
      ocfs_run_loop_wake_up(loop);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  auto start = Clock::now();
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0.1, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_TIMED_OUT);
  double elapsed = seconds_since(start);
  helper.join();
  EXPECT_GE(elapsed, 0.095);
  EXPECT_LT(elapsed, 2.0);
  EXPECT_EQ(keep_alive.performs(), 0);
}

// ---- Bad input ----------------------------------------------------------------------------------

TEST_F(RunLoopBadInputTest, NullArgumentsAreIgnored) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource source;
  auto timer = own(ocfs_run_loop_timer_create(nullptr, ocfs_absolute_time_get_current() + 100, 0, 0,
                                              0, nullptr, nullptr));
  EXPECT_EQ(ocfs_run_loop_run_in_mode(nullptr, 1, OCFS_FALSE), OCFS_RUN_LOOP_RUN_FINISHED);
  ocfs_run_loop_stop(nullptr);
  ocfs_run_loop_wake_up(nullptr);
  EXPECT_FALSE(ocfs_run_loop_is_waiting(nullptr));
  EXPECT_EQ(ocfs_run_loop_copy_current_mode(nullptr), nullptr);
  EXPECT_EQ(ocfs_run_loop_copy_all_modes(nullptr), nullptr);
  ocfs_run_loop_add_common_mode(nullptr, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_common_mode(loop, nullptr);
  ocfs_run_loop_add_common_mode(loop, ocfs_run_loop_common_modes);

  ocfs_run_loop_add_source(nullptr, source, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop, nullptr, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop, source, nullptr);
  ocfs_run_loop_remove_source(nullptr, source, ocfs_run_loop_default_mode);
  ocfs_run_loop_remove_source(loop, nullptr, ocfs_run_loop_default_mode);
  ocfs_run_loop_remove_source(loop, source, nullptr);
  EXPECT_FALSE(ocfs_run_loop_contains_source(nullptr, source, ocfs_run_loop_default_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop, nullptr, ocfs_run_loop_default_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop, source, nullptr));

  ocfs_run_loop_add_timer(nullptr, timer, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_timer(loop, nullptr, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_timer(loop, timer, nullptr);
  ocfs_run_loop_remove_timer(nullptr, timer, ocfs_run_loop_default_mode);
  ocfs_run_loop_remove_timer(loop, nullptr, ocfs_run_loop_default_mode);
  ocfs_run_loop_remove_timer(loop, timer, nullptr);
  EXPECT_FALSE(ocfs_run_loop_contains_timer(nullptr, timer, ocfs_run_loop_default_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop, nullptr, ocfs_run_loop_default_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop, timer, nullptr));

  EXPECT_EQ(source.calls().schedules, 0);
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0, OCFS_FALSE),
            OCFS_RUN_LOOP_RUN_FINISHED);
}

TEST_F(RunLoopBadInputTest, ObjectsOfTheWrongTypeAreIgnored) {
  ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
  TestSource source;
  auto timer = own(ocfs_run_loop_timer_create(nullptr, ocfs_absolute_time_get_current() + 100, 0, 0,
                                              0, nullptr, nullptr));
  auto heap_string = str("kCFRunLoopDefaultMode");
  auto number_value = 7;
  auto number = own(ocfs_number_create(nullptr, OCFS_NUMBER_INT, &number_value));
  auto *not_a_loop = reinterpret_cast<ocfs_run_loop_ref>(
      const_cast<void *>(static_cast<const void *>(heap_string.get())));
  auto *constant_not_a_loop = reinterpret_cast<ocfs_run_loop_ref>(
      const_cast<void *>(static_cast<const void *>(ocfs_run_loop_default_mode)));
  auto *timer_as_source = reinterpret_cast<ocfs_run_loop_source_ref>(timer.get());
  auto *source_as_timer = reinterpret_cast<ocfs_run_loop_timer_ref>(source.get());
  auto not_a_mode = reinterpret_cast<ocfs_run_loop_mode>(number.get());

  ocfs_run_loop_stop(not_a_loop);
  ocfs_run_loop_wake_up(constant_not_a_loop);
  EXPECT_FALSE(ocfs_run_loop_is_waiting(not_a_loop));
  EXPECT_EQ(ocfs_run_loop_copy_current_mode(not_a_loop), nullptr);
  EXPECT_EQ(ocfs_run_loop_copy_all_modes(constant_not_a_loop), nullptr);
  ocfs_run_loop_add_source(not_a_loop, source, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop, timer_as_source, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_source(loop, source, not_a_mode);
  ocfs_run_loop_add_timer(loop, source_as_timer, ocfs_run_loop_default_mode);
  ocfs_run_loop_add_timer(loop, timer, not_a_mode);
  ocfs_run_loop_add_common_mode(loop, not_a_mode);
  EXPECT_EQ(ocfs_run_loop_run_in_mode(not_a_mode, 1, OCFS_FALSE), OCFS_RUN_LOOP_RUN_FINISHED);
  EXPECT_FALSE(ocfs_run_loop_contains_source(loop, source, not_a_mode));
  EXPECT_FALSE(ocfs_run_loop_contains_timer(loop, timer, not_a_mode));
  EXPECT_EQ(source.calls().schedules, 0);
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 0, OCFS_FALSE),
            OCFS_RUN_LOOP_RUN_FINISHED);
}

}  // namespace
