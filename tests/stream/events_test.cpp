// Stream events on run loops: which events, in which order, when, on which thread, and never
// after close / unschedule / client removal. Every test runs once per event backend.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "stream_test_util.hpp"

using namespace ocfs_test;

namespace {

constexpr ocfs_option_flags kAll =
    OCFS_STREAM_EVENT_OPEN_COMPLETED | OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE |
    OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES | OCFS_STREAM_EVENT_ERROR_OCCURRED |
    OCFS_STREAM_EVENT_END_ENCOUNTERED;

const ocfs_run_loop_mode kDefault = ocfs_run_loop_default_mode;

// Records every event a stream's client receives; an optional hook runs inside the callback.
struct Recorder {
  std::vector<ocfs_stream_event_type> events;
  std::function<void(ocfs_stream_event_type)> on_event;
  std::thread::id thread;

  static void on_read(ocfs_read_stream_ref, ocfs_stream_event_type type, void *info) {
    static_cast<Recorder *>(info)->record(type);
  }
  static void on_write(ocfs_write_stream_ref, ocfs_stream_event_type type, void *info) {
    static_cast<Recorder *>(info)->record(type);
  }
  void record(ocfs_stream_event_type type) {
    events.push_back(type);
    thread = std::this_thread::get_id();
    if (on_event) on_event(type);
  }
  ocfs_stream_client_context context() {
    ocfs_stream_client_context c = {};
    c.info = this;
    return c;
  }
  void attach(ocfs_read_stream_ref stream, ocfs_option_flags mask = kAll) {
    auto c = context();
    ASSERT_TRUE(ocfs_read_stream_set_client(stream, mask, on_read, &c));
  }
  void attach(ocfs_write_stream_ref stream, ocfs_option_flags mask = kAll) {
    auto c = context();
    ASSERT_TRUE(ocfs_write_stream_set_client(stream, mask, on_write, &c));
  }
};

using Events = std::vector<ocfs_stream_event_type>;

// Runs the current thread's default mode until nothing more happens for a moment.
void run_until_idle() {
  while (ocfs_run_loop_run_in_mode(kDefault, 0.02, OCFS_TRUE) == OCFS_RUN_LOOP_RUN_HANDLED_SOURCE) {
  }
}

const uint8_t kBytes[] = {'a', 'b', 'c', 'd'};

Owned<ocfs_read_stream_ref> memory_reader(ocfs_index length = 4) {
  return own(
      ocfs_read_stream_create_with_bytes_no_copy(nullptr, kBytes, length, ocfs_allocator_null));
}

TEST(StreamEvents, OpenCompletedThenHasBytesInBitOrder) {
  auto stream = memory_reader();
  Recorder recorder;
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  EXPECT_TRUE(recorder.events.empty());  // delivered by the run loop, not from inside open
  run_until_idle();
  EXPECT_EQ(recorder.events,
            (Events{OCFS_STREAM_EVENT_OPEN_COMPLETED, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE}));
  EXPECT_EQ(recorder.thread, std::this_thread::get_id());
}

TEST(StreamEvents, UnscheduledStreamNeverCallsBackUntilScheduled) {
  auto stream = memory_reader();
  Recorder recorder;
  recorder.attach(stream);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  run_until_idle();
  EXPECT_TRUE(recorder.events.empty());
  // Scheduling an open stream tells the client what it can do now.
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  run_until_idle();
  EXPECT_EQ(recorder.events, (Events{OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE}));
  ocfs_read_stream_close(stream);
}

TEST(StreamEvents, OnlyRequestedEventsAreDelivered) {
  auto stream = memory_reader();
  Recorder recorder;
  recorder.attach(stream, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  run_until_idle();
  EXPECT_EQ(recorder.events, (Events{OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE}));
  ocfs_read_stream_close(stream);
}

TEST(StreamEvents, ReadingInTheCallbackDrivesTheStreamToItsEnd) {
  auto stream = memory_reader();
  Recorder recorder;
  std::string received;
  recorder.on_event = [&](ocfs_stream_event_type type) {
    if (type != OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE) return;
    uint8_t byte;
    ocfs_index n = ocfs_read_stream_read(stream, &byte, 1);  // one byte per event
    if (n > 0) received += static_cast<char>(byte);
  };
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  run_until_idle();
  EXPECT_EQ(received, "abcd");
  // Each read re-signals HasBytesAvailable while bytes remain; the last one ends the stream.
  EXPECT_EQ(recorder.events,
            (Events{OCFS_STREAM_EVENT_OPEN_COMPLETED, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE,
                    OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE,
                    OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE, OCFS_STREAM_EVENT_END_ENCOUNTERED}));
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_AT_END);
  ocfs_read_stream_close(stream);
}

TEST(StreamEvents, AReadClearsAPendingHasBytesAvailable) {
  auto stream = memory_reader();
  Recorder recorder;
  recorder.attach(stream,
                  OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE | OCFS_STREAM_EVENT_END_ENCOUNTERED);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));  // HasBytesAvailable is now pending
  uint8_t buffer[8];
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, sizeof buffer), 4);  // reads everything
  run_until_idle();
  EXPECT_EQ(recorder.events, (Events{OCFS_STREAM_EVENT_END_ENCOUNTERED}));
  ocfs_read_stream_close(stream);
}

TEST(StreamEvents, EmptyMemoryStreamEndsAtOpenWhenScheduled) {
  auto stream = memory_reader(0);
  Recorder recorder;
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_AT_END);  // as CF
  run_until_idle();
  EXPECT_EQ(recorder.events,
            (Events{OCFS_STREAM_EVENT_OPEN_COMPLETED, OCFS_STREAM_EVENT_END_ENCOUNTERED}));
  ocfs_read_stream_close(stream);
}

TEST(StreamEvents, FixedBufferWriterReportsSpaceThenTheError) {
  uint8_t buffer[4];
  auto stream = own(ocfs_write_stream_create_with_buffer(nullptr, buffer, sizeof buffer));
  Recorder recorder;
  recorder.attach(stream);
  ocfs_write_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_write_stream_open(stream));
  run_until_idle();
  EXPECT_EQ(recorder.events,
            (Events{OCFS_STREAM_EVENT_OPEN_COMPLETED, OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES}));
  recorder.events.clear();
  EXPECT_EQ(ocfs_write_stream_write(stream, kBytes, 4), 4);  // full: no CanAcceptBytes
  run_until_idle();
  EXPECT_TRUE(recorder.events.empty());
  EXPECT_EQ(ocfs_write_stream_write(stream, kBytes, 1), -1);
  run_until_idle();
  EXPECT_EQ(recorder.events, (Events{OCFS_STREAM_EVENT_ERROR_OCCURRED}));
  ocfs_write_stream_close(stream);
}

TEST(StreamEvents, CloseInsideACallbackStopsFurtherCallbacks) {
  auto stream = memory_reader();
  Recorder recorder;
  recorder.on_event = [&](ocfs_stream_event_type) { ocfs_read_stream_close(stream); };
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));  // OpenCompleted and HasBytes both pending
  run_until_idle();
  EXPECT_EQ(recorder.events, (Events{OCFS_STREAM_EVENT_OPEN_COMPLETED}));
}

TEST(StreamEvents, UnscheduleInsideACallbackStopsFurtherCallbacks) {
  auto stream = memory_reader();
  Recorder recorder;
  recorder.on_event = [&](ocfs_stream_event_type) {
    ocfs_read_stream_unschedule_from_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  };
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  run_until_idle();
  EXPECT_EQ(recorder.events, (Events{OCFS_STREAM_EVENT_OPEN_COMPLETED}));
  ocfs_read_stream_close(stream);
}

TEST(StreamEvents, RemovingTheClientDropsQueuedEvents) {
  auto stream = memory_reader();
  Recorder recorder;
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));  // events queued, not delivered yet
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, 0, nullptr, nullptr));
  run_until_idle();
  EXPECT_TRUE(recorder.events.empty());
  ocfs_read_stream_close(stream);
}

TEST(StreamEvents, ClosingWithQueuedEventsDeliversNothing) {
  auto stream = memory_reader();
  Recorder recorder;
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  ocfs_read_stream_close(stream);
  run_until_idle();
  EXPECT_TRUE(recorder.events.empty());
}

TEST(StreamEvents, ReleasingTheStreamInsideItsCallbackIsSafe) {
  // Our only reference; it is released inside the callback.
  ocfs_read_stream_ref stream =
      ocfs_read_stream_create_with_bytes_no_copy(nullptr, kBytes, 4, ocfs_allocator_null);
  Recorder recorder;
  int after_release = 0;
  recorder.on_event = [&](ocfs_stream_event_type type) {
    if (type == OCFS_STREAM_EVENT_OPEN_COMPLETED) {
      ocfs_release(stream);  // the scheduled stream lives on through its run-loop source
      ++after_release;
      EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);
      ocfs_read_stream_close(stream);  // closing unschedules: the last reference goes
    }
  };
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  run_until_idle();
  EXPECT_EQ(after_release, 1);
  EXPECT_EQ(recorder.events, (Events{OCFS_STREAM_EVENT_OPEN_COMPLETED}));
}

TEST(StreamEvents, TheClientIsNeverReentered) {
  auto stream = memory_reader();
  Recorder recorder;
  int depth = 0, max_depth = 0;
  recorder.on_event = [&](ocfs_stream_event_type type) {
    ++depth;
    max_depth = std::max(max_depth, depth);
    if (type == OCFS_STREAM_EVENT_OPEN_COMPLETED) {
      // A nested run of the same mode from inside the callback must not call the client again.
      ocfs_run_loop_run_in_mode(kDefault, 0.02, OCFS_FALSE);
    }
    --depth;
  };
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  run_until_idle();
  EXPECT_EQ(max_depth, 1);
  EXPECT_EQ(recorder.events,
            (Events{OCFS_STREAM_EVENT_OPEN_COMPLETED, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE}));
  ocfs_read_stream_close(stream);
}

TEST(StreamEvents, EventsFollowTheModesTheStreamIsScheduledIn) {
  auto stream = memory_reader();
  Recorder recorder;
  recorder.attach(stream);
  ocfs_run_loop_mode custom = OCFS_STR("CustomMode");
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), custom);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  // The default mode has nothing of the stream: nothing is delivered there.
  EXPECT_NE(ocfs_run_loop_run_in_mode(kDefault, 0.02, OCFS_TRUE), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_TRUE(recorder.events.empty());
  EXPECT_EQ(ocfs_run_loop_run_in_mode(custom, 1, OCFS_TRUE), OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(recorder.events.size(), 2u);
  ocfs_read_stream_close(stream);
}

TEST(StreamEvents, CommonModesReachTheDefaultMode) {
  auto stream = memory_reader();
  Recorder recorder;
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(),
                                          ocfs_run_loop_common_modes);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  run_until_idle();
  EXPECT_EQ(recorder.events.size(), 2u);
  ocfs_read_stream_close(stream);
}

TEST(StreamEvents, FileStreamsSignalReadinessAndTheirEnd) {
  TempDir dir;
  write_file(dir.file("f"), "xy");
  auto stream = own(ocfs_read_stream_create_with_file(nullptr, file_url(dir.file("f"))));
  Recorder recorder;
  std::string received;
  recorder.on_event = [&](ocfs_stream_event_type type) {
    uint8_t buffer[1];
    if (type == OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE &&
        ocfs_read_stream_read(stream, buffer, 1) == 1) {
      received += static_cast<char>(buffer[0]);
    }
  };
  recorder.attach(stream);
  ocfs_read_stream_schedule_with_run_loop(stream, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  run_until_idle();
  EXPECT_EQ(received, "xy");
  EXPECT_EQ(recorder.events.front(), OCFS_STREAM_EVENT_OPEN_COMPLETED);
  EXPECT_EQ(recorder.events.back(), OCFS_STREAM_EVENT_END_ENCOUNTERED);
  ocfs_read_stream_close(stream);
}

// A bound pair across threads: the reader is scheduled on this thread's run loop, a writer thread
// writes; the reader's client gets HasBytesAvailable, reads everything and then sees the end.
TEST(StreamEvents, BoundPairDeliversAcrossThreads) {
  ocfs_read_stream_ref read_half = nullptr;
  ocfs_write_stream_ref write_half = nullptr;
  ocfs_stream_create_bound_pair(nullptr, &read_half, &write_half, 64);
  auto reader = own(read_half);
  auto writer = own(write_half);
  Recorder recorder;
  std::string received;
  bool ended = false;
  recorder.on_event = [&](ocfs_stream_event_type type) {
    if (type == OCFS_STREAM_EVENT_END_ENCOUNTERED) ended = true;
    if (type != OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE) return;
    uint8_t buffer[16];
    ocfs_index n = ocfs_read_stream_read(reader, buffer, sizeof buffer);
    if (n > 0) received.append(buffer, buffer + n);
  };
  recorder.attach(reader);
  ocfs_read_stream_schedule_with_run_loop(reader, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(reader));
  ASSERT_TRUE(ocfs_write_stream_open(writer));

  std::string message;
  for (int i = 0; i < 200; ++i)
    message += "chunk-" + std::to_string(i) + ";";
  std::thread producer([&] {
    for (size_t sent = 0; sent < message.size();) {
      auto n =
          ocfs_write_stream_write(writer, reinterpret_cast<const uint8_t *>(message.data()) + sent,
                                  static_cast<ocfs_index>(message.size() - sent));
      ASSERT_GT(n, 0);
      sent += static_cast<size_t>(n);
    }
    ocfs_write_stream_close(writer);
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!ended && std::chrono::steady_clock::now() < deadline) {
    ocfs_run_loop_run_in_mode(kDefault, 0.5, OCFS_TRUE);
  }
  producer.join();
  EXPECT_TRUE(ended);
  EXPECT_EQ(received, message);
  ocfs_read_stream_close(reader);
}

TEST(StreamEvents, BlockedReadTimesOutWithETIMEDOUT) {
  ocfs_read_stream_ref read_half = nullptr;
  ocfs_write_stream_ref write_half = nullptr;
  ocfs_stream_create_bound_pair(nullptr, &read_half, &write_half, 64);
  auto reader = own(read_half);
  auto writer = own(write_half);
  double timeout = 0.05;
  auto number = own(ocfs_number_create(nullptr, OCFS_NUMBER_FLOAT64, &timeout));
  EXPECT_TRUE(ocfs_read_stream_set_property(reader, ocfs_stream_property_read_timeout, number));
  auto copied = own(ocfs_read_stream_copy_property(reader, ocfs_stream_property_read_timeout));
  double back = 0;
  ASSERT_TRUE(ocfs_number_get_value(static_cast<ocfs_number_ref>(copied.get()), OCFS_NUMBER_FLOAT64,
                                    &back));
  EXPECT_EQ(back, 0.05);
  ASSERT_TRUE(ocfs_read_stream_open(reader));
  ASSERT_TRUE(ocfs_write_stream_open(writer));
  auto start = std::chrono::steady_clock::now();
  uint8_t byte;
  EXPECT_EQ(ocfs_read_stream_read(reader, &byte, 1), -1);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(45));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  EXPECT_EQ(ocfs_read_stream_get_status(reader), OCFS_STREAM_STATUS_ERROR);
  expect_cf_error(ocfs_read_stream_copy_error(reader), "NSPOSIXErrorDomain", ETIMEDOUT, 1,
                  ETIMEDOUT);
}

TEST(StreamEvents, TimeoutPropertiesRefuseBadValues) {
  auto stream = memory_reader();
  double negative = -1;
  auto bad = own(ocfs_number_create(nullptr, OCFS_NUMBER_FLOAT64, &negative));
  EXPECT_FALSE(ocfs_read_stream_set_property(stream, ocfs_stream_property_read_timeout, bad));
  EXPECT_FALSE(
      ocfs_read_stream_set_property(stream, ocfs_stream_property_read_timeout, OCFS_STR("10")));
  EXPECT_FALSE(ocfs_read_stream_set_property(stream, ocfs_stream_property_write_timeout, nullptr));
  double zero = 0;  // forever
  auto forever = own(ocfs_number_create(nullptr, OCFS_NUMBER_FLOAT64, &zero));
  EXPECT_TRUE(
      ocfs_read_stream_set_property(stream, str("_kCFStreamPropertyWriteTimeout"), forever));
  auto value = own(ocfs_read_stream_copy_property(stream, ocfs_stream_property_read_timeout));
  double back = 0;
  ASSERT_TRUE(
      ocfs_number_get_value(static_cast<ocfs_number_ref>(value.get()), OCFS_NUMBER_FLOAT64, &back));
  EXPECT_EQ(back, 75);  // the default
}

// A blocking read on a stream that is also scheduled loses no event: the blocked read runs a
// private mode, so the client's events wait for the client's mode.
TEST(StreamEvents, BlockingReadWhileScheduledLosesNoEvent) {
  ocfs_read_stream_ref read_half = nullptr;
  ocfs_write_stream_ref write_half = nullptr;
  ocfs_stream_create_bound_pair(nullptr, &read_half, &write_half, 64);
  auto reader = own(read_half);
  auto writer = own(write_half);
  Recorder recorder;
  recorder.attach(reader, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);
  ocfs_read_stream_schedule_with_run_loop(reader, ocfs_run_loop_get_current(), kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(reader));
  ASSERT_TRUE(ocfs_write_stream_open(writer));
  std::thread producer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    ASSERT_EQ(ocfs_write_stream_write(writer, kBytes, 2), 2);
  });
  uint8_t buffer[8];
  EXPECT_EQ(ocfs_read_stream_read(reader, buffer, 1), 1);  // blocks until the producer writes
  producer.join();
  EXPECT_TRUE(recorder.events.empty());  // nothing delivered inside the blocking call
  run_until_idle();
  // The second byte is still there: the client hears about it in its own mode.
  EXPECT_EQ(recorder.events, (Events{OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE}));
  ocfs_read_stream_close(reader);
}

TEST(StreamEvents, StreamScheduledOnAnotherThreadsRunLoopCallsBackThere) {
  auto stream = memory_reader();
  Recorder recorder;  // only touched by the runner thread until it is joined
  std::atomic<int> delivered{0};
  recorder.on_event = [&](ocfs_stream_event_type) { ++delivered; };
  recorder.attach(stream);
  std::atomic<ocfs_run_loop_ref> other_loop{nullptr};
  std::atomic<bool> done{false};
  std::thread runner([&] {
    ocfs_run_loop_ref loop = ocfs_run_loop_get_current();
    ocfs_run_loop_source_context keep = {};
    keep.perform = [](void *) {};
    auto *source = ocfs_run_loop_source_create(nullptr, 0, &keep);  // keeps the mode non-empty
    ocfs_run_loop_add_source(loop, source, kDefault);
    other_loop = loop;
    while (!done)
      ocfs_run_loop_run_in_mode(kDefault, 0.05, OCFS_FALSE);
    ocfs_run_loop_source_invalidate(source);
    ocfs_release(source);
  });
  while (other_loop == nullptr)
    std::this_thread::yield();
  ocfs_read_stream_schedule_with_run_loop(stream, other_loop, kDefault);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (delivered < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Closing from this thread waits for a callback in progress on the runner thread.
  ocfs_read_stream_close(stream);
  done = true;
  runner.join();
  EXPECT_EQ(recorder.events,
            (Events{OCFS_STREAM_EVENT_OPEN_COMPLETED, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE}));
  EXPECT_NE(recorder.thread, std::this_thread::get_id());
}

}  // namespace
