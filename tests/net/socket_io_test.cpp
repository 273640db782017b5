// Socket stream pairs moving bytes: byte-exact echo in blocking and run-loop style (IPv4 and
// IPv6, 1 byte to 256 MiB), blocking read/write semantics, edge-triggered events, end of stream,
// peer half-close, connection resets (one error for both halves) and 1000 concurrent pairs.
#include "net_test_util.hpp"

using namespace ocfs_test;

namespace {

constexpr size_t kChunk = 256 * 1024;

// ---- Echo ---------------------------------------------------------------------------------------

// Blocking style only: writes `total` pattern bytes (at most kChunk ahead of what came back) and
// checks every byte of the echo, then closes the write half and expects the end of the stream.
void blocking_echo(const Pair &pair, uint64_t total) {
  std::vector<uint8_t> buffer(kChunk);
  uint64_t sent = 0, received = 0;
  while (received < total) {
    if (sent < total && sent - received < kChunk) {
      size_t length = 0;
      const uint8_t *p = pattern_at(
          sent, static_cast<size_t>(std::min<uint64_t>(kChunk - (sent - received), total - sent)),
          length);
      ocfs_index n = ocfs_write_stream_write(pair.write, p, static_cast<ocfs_index>(length));
      ASSERT_GT(n, 0) << "write at " << sent << ", error "
                      << error_text(ocfs_write_stream_get_error(pair.write));
      ASSERT_LE(n, static_cast<ocfs_index>(length));
      sent += static_cast<uint64_t>(n);
    } else {
      auto want = static_cast<ocfs_index>(std::min<uint64_t>(buffer.size(), sent - received));
      ocfs_index n = ocfs_read_stream_read(pair.read, buffer.data(), want);
      ASSERT_GT(n, 0) << "read at " << received << ", error "
                      << error_text(ocfs_read_stream_get_error(pair.read));
      ASSERT_LE(n, want);
      ASSERT_TRUE(pattern_matches(received, buffer.data(), static_cast<size_t>(n)))
          << "wrong bytes at offset " << received;
      received += static_cast<uint64_t>(n);
    }
  }
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_OPEN);
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_OPEN);
  ocfs_read_stream_close(pair.read);
  ocfs_write_stream_close(pair.write);
}

// Run-loop style only: the write half writes on CanAcceptBytes, the read half reads one buffer
// per HasBytesAvailable; the read half closes both halves once the whole echo is back.
void run_loop_echo(const Pair &pair, uint64_t total, double seconds) {
  std::vector<uint8_t> buffer(kChunk);
  uint64_t sent = 0, received = 0;
  std::string failure;
  bool done = false;
  Recorder reads, writes;
  writes.on_event = [&](ocfs_stream_event_type type) {
    if (type == kOpen) return;
    if (type != kCan) {
      failure += "write half got " + event_name(type) + "; ";
      return;
    }
    if (sent == total) return;
    size_t length = 0;
    const uint8_t *p =
        pattern_at(sent, static_cast<size_t>(std::min<uint64_t>(kChunk, total - sent)), length);
    ocfs_index n = ocfs_write_stream_write(pair.write, p, static_cast<ocfs_index>(length));
    if (n <= 0 || n > static_cast<ocfs_index>(length)) {
      failure += "write returned " + std::to_string(n) + "; ";
      return;
    }
    sent += static_cast<uint64_t>(n);
  };
  reads.on_event = [&](ocfs_stream_event_type type) {
    if (type != kHas) return;
    ocfs_index n =
        ocfs_read_stream_read(pair.read, buffer.data(), static_cast<ocfs_index>(buffer.size()));
    if (n <= 0 || static_cast<uint64_t>(n) > sent - received) {
      failure += "read returned " + std::to_string(n) + "; ";
      return;
    }
    if (!pattern_matches(received, buffer.data(), static_cast<size_t>(n)))
      failure += "wrong bytes at " + std::to_string(received) + "; ";
    received += static_cast<uint64_t>(n);
    if (received == total) {
      done = true;
      ocfs_read_stream_close(pair.read);
      ocfs_write_stream_close(pair.write);
    }
  };
  reads.attach(pair.read);
  writes.attach(pair.write);
  auto scheduled = schedule(pair);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  bool finished = run_until([&] { return done || !failure.empty(); }, seconds);
  run_for(0.05);  // nothing comes after close
  EXPECT_TRUE(failure.empty()) << failure;
  ASSERT_TRUE(finished) << "sent " << sent << " received " << received;
  EXPECT_EQ(received, total);
  Events r = reads.events();
  EXPECT_EQ(r.front(), kOpen);
  EXPECT_EQ(r.back(), kHas);
  EXPECT_EQ(count_of(r, kOpen), 1u);
  EXPECT_EQ(count_of(r, kOpen) + count_of(r, kHas), r.size()) << describe(r);
  Events w = writes.events();
  EXPECT_EQ(w.front(), kOpen);
  EXPECT_EQ(count_of(w, kOpen), 1u);
  EXPECT_EQ(count_of(w, kOpen) + count_of(w, kCan), w.size()) << describe(w);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_CLOSED);
  EXPECT_FALSE(reads.reentered());
  EXPECT_FALSE(writes.reentered());
}

struct EchoCase {
  Family family;
  uint64_t size;
  bool run_loop;
};

void PrintTo(const EchoCase &c, std::ostream *os);

std::string echo_case_name(const EchoCase &c) {
  return family_name(c.family) + "_" + std::to_string(c.size) + "B_" +
         (c.run_loop ? "RunLoop" : "Blocking");
}

void PrintTo(const EchoCase &c, std::ostream *os) {
  *os << echo_case_name(c);
}

class SocketEcho : public ::testing::TestWithParam<EchoCase> {};

std::vector<EchoCase> echo_cases() {
  std::vector<EchoCase> cases;
  for (Family family : {Family::kV4, Family::kV6})
    for (uint64_t size : {uint64_t{1}, uint64_t{1000}, uint64_t{65536 + 1}, uint64_t{1} << 20})
      for (bool run_loop : {false, true})
        cases.push_back({family, size, run_loop});
  for (Family family : {Family::kV4, Family::kV6})
    for (bool run_loop : {false, true})
      cases.push_back({family, uint64_t{256} << 20, run_loop});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Sizes, SocketEcho, ::testing::ValuesIn(echo_cases()),
                         [](const auto &p) { return echo_case_name(p.param); });

TEST_P(SocketEcho, EveryByteComesBack) {
  const EchoCase &c = GetParam();
  OCFS_REQUIRE_FAMILY(c.family);
  EchoServer server(c.family);
  ASSERT_TRUE(server.ok());
  Pair pair = pair_to(c.family, server.port());
  ASSERT_NE(pair.read.get(), nullptr);
  auto start = Clock::now();
  if (c.run_loop) {
    run_loop_echo(pair, c.size, 30);
  } else {
    ASSERT_TRUE(ocfs_read_stream_open(pair.read));
    ASSERT_TRUE(ocfs_write_stream_open(pair.write));
    blocking_echo(pair, c.size);
  }
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(15));
}

// ---- Blocking semantics ---------------------------------------------------------------------

TEST(SocketBlocking, AReadReturnsWhatIsThereUpToTheRequestThenZeroAtTheEnd) {
  Flag more, finish;
  ScriptedServer server(Family::kV4, [&](Sock c, int) {
    send_text(c, "hello");
    more.wait();
    send_text(c, "world");
    finish.wait();
  });
  Pair pair = pair_to(Family::kV4, server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ocfs_index n = 0;
  EXPECT_EQ(read_some(pair.read, 100, &n), "hello");
  EXPECT_EQ(n, 5);
  more.set();
  EXPECT_EQ(read_some(pair.read, 2, &n), "wo");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(read_some(pair.read, 100, &n), "rld");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_OPEN);
  finish.set();  // the server closes
  EXPECT_EQ(read_some(pair.read, 100, &n), "");
  EXPECT_EQ(n, 0);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_AT_END);
  EXPECT_EQ(read_some(pair.read, 100, &n), "");
  EXPECT_EQ(n, 0);
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 0), 0);
}

TEST(SocketBlocking, AReadWaitsForTheFirstByte) {
  ScriptedServer server(Family::kV4, [&](Sock c, int) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    send_text(c, "late");
  });
  Pair pair = pair_to(Family::kV4, server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  auto start = Clock::now();
  EXPECT_EQ(read_exact(pair.read, 4), "late");
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(250));
}

TEST(SocketBlocking, HasBytesAvailableAndCanAcceptBytesPoll) {
  Flag send_now, finish;
  ScriptedServer server(Family::kV4, [&](Sock c, int) {
    send_now.wait();
    send_text(c, "!");
    finish.wait();
  });
  Pair pair = pair_to(Family::kV4, server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_EQ(write_text(pair.write, "x"), 1);  // connected now
  EXPECT_TRUE(ocfs_write_stream_can_accept_bytes(pair.write));
  EXPECT_FALSE(ocfs_read_stream_has_bytes_available(pair.read));
  send_now.set();
  auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!ocfs_read_stream_has_bytes_available(pair.read) && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(ocfs_read_stream_has_bytes_available(pair.read));
  EXPECT_EQ(read_exact(pair.read, 1), "!");
  EXPECT_FALSE(ocfs_read_stream_has_bytes_available(pair.read));
  finish.set();
}

TEST(SocketBlocking, APeerHalfCloseEndsTheReadHalfButTheWriteHalfGoesOn) {
  std::string server_got;
  bool server_saw_eof = false;
  ScriptedServer server(Family::kV4, [&](Sock c, int) {
    send_text(c, "last words");
    shutdown_write(c);
    server_saw_eof = recv_until_eof(c, server_got);
  });
  Pair pair = pair_to(Family::kV4, server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_EQ(read_exact(pair.read, 10), "last words");
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), 0);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_AT_END);
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_OPEN);
  EXPECT_TRUE(write_all(pair.write, "a reply"));
  EXPECT_TRUE(write_all(pair.write, " after the end"));
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_OPEN);
  ocfs_write_stream_close(pair.write);
  ocfs_read_stream_close(pair.read);  // both halves closed: the connection goes
  ASSERT_TRUE(server.wait_handled(1));
  EXPECT_TRUE(server_saw_eof);
  EXPECT_EQ(server_got, "a reply after the end");
}

#if defined(_WIN32)
// Under Wine a reset that only a read can see is reported unreliably: Wine's WSAPoll reads from
// the socket to learn its state and so consumes the pending reset, after which the read finds the
// end of the stream or, in some runs, nothing at all until its timeout. Linux reports it exactly
// once to the read, real Windows as WSAECONNRESET (not verifiable here). The write-side reset
// test runs everywhere.
#define OCFS_SKIP_READ_SIDE_RESET_UNDER_WINE() \
  GTEST_SKIP() << "Wine consumes a pending TCP reset in WSAPoll (docs/PLATFORMS.md)"
#else
#define OCFS_SKIP_READ_SIDE_RESET_UNDER_WINE() (void)0
#endif

// The server lets the client's bytes sit unread, then resets the connection (SO_LINGER {1, 0}).
struct ResettingServer {
  Flag reset_now;
  ScriptedServer server{Family::kV4, [this](Sock c, int) {
                          wait_unread(c, 6);
                          reset_now.wait();
                          set_linger_reset(c);  // the server's close sends an RST
                        }};
};

TEST(SocketReset, AResetFailsAReadWithECONNRESETOnBothHalves) {
  OCFS_SKIP_READ_SIDE_RESET_UNDER_WINE();
  ResettingServer peer;
  Pair pair = pair_to(Family::kV4, peer.server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  ASSERT_EQ(write_text(pair.write, "unread"), 6);
  peer.reset_now.set();
  ASSERT_TRUE(peer.server.wait_handled(1));
  uint8_t buffer[16];
  EXPECT_EQ(ocfs_read_stream_read(pair.read, buffer, sizeof buffer), -1);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_ERROR);
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ECONNRESET);
  expect_cf_error(ocfs_read_stream_copy_error(pair.read), "NSPOSIXErrorDomain", ECONNRESET,
                  OCFS_STREAM_ERROR_DOMAIN_POSIX, ECONNRESET);
  // The same error reaches the write half.
  EXPECT_TRUE(run_until(
      [&] { return ocfs_write_stream_get_status(pair.write) == OCFS_STREAM_STATUS_ERROR; }, 2));
  EXPECT_STREAM_ERROR(ocfs_write_stream_get_error(pair.write), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ECONNRESET);
  EXPECT_EQ(write_text(pair.write, "more"), -1);
  EXPECT_STREAM_ERROR(ocfs_write_stream_get_error(pair.write), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ECONNRESET);
}

TEST(SocketReset, AResetFailsAWriteOnBothHalvesWithoutSIGPIPE) {
  ResettingServer peer;
  Pair pair = pair_to(Family::kV4, peer.server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  ASSERT_EQ(write_text(pair.write, "unread"), 6);
  peer.reset_now.set();
  ASSERT_TRUE(peer.server.wait_handled(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the RST has arrived
  std::string chunk(1024, 'z');
  ocfs_index n = 0;
  for (int i = 0; i < 100 && n >= 0; ++i)
    n = write_text(pair.write, chunk);  // a SIGPIPE here would kill the test
  EXPECT_EQ(n, -1);
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_ERROR);
  EXPECT_STREAM_ERROR(ocfs_write_stream_get_error(pair.write), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ECONNRESET);
  EXPECT_TRUE(run_until(
      [&] { return ocfs_read_stream_get_status(pair.read) == OCFS_STREAM_STATUS_ERROR; }, 2));
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ECONNRESET);
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), -1);
}

TEST(SocketReset, OneErrorReachesBothScheduledHalvesOnce) {
  OCFS_SKIP_READ_SIDE_RESET_UNDER_WINE();
  ResettingServer peer;
  Pair pair = pair_to(Family::kV4, peer.server.port());
  Recorder reads, writes;
  std::vector<ocfs_index> read_results;
  reads.on_event = [&](ocfs_stream_event_type type) {
    if (type != kHas) return;
    uint8_t buffer[64];
    read_results.push_back(ocfs_read_stream_read(pair.read, buffer, sizeof buffer));
  };
  reads.attach(pair.read);
  writes.attach(pair.write);
  auto scheduled = schedule(pair);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  ASSERT_TRUE(run_until([&] { return reads.has(kOpen) && writes.has(kCan); }));
  ASSERT_EQ(write_text(pair.write, "unread"), 6);
  run_for(0.1);
  EXPECT_EQ(reads.events(), (Events{kOpen})) << describe(reads.events());
  EXPECT_EQ(writes.events(), (Events{kOpen, kCan, kCan})) << describe(writes.events());
  reads.clear();
  writes.clear();
  peer.reset_now.set();
  ASSERT_TRUE(run_until([&] { return reads.has(kErr) && writes.has(kErr); }, 5))
      << "read " << describe(reads.events()) << " write " << describe(writes.events());
  run_for(0.2);
  // The read half may first hear "readable" (its read then fails); either way one error each.
  Events r = reads.events();
  EXPECT_TRUE(r == (Events{kErr}) || r == (Events{kHas, kErr})) << describe(r);
  for (ocfs_index result : read_results)
    EXPECT_EQ(result, -1);
  EXPECT_EQ(writes.events(), (Events{kErr})) << describe(writes.events());
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ECONNRESET);
  EXPECT_STREAM_ERROR(ocfs_write_stream_get_error(pair.write), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ECONNRESET);
}

// ---- Run-loop events ------------------------------------------------------------------------

TEST(SocketEvents, HasBytesAvailableIsEdgeTriggered) {
  Flag first, second, finish;
  ScriptedServer server(Family::kV4, [&](Sock c, int) {
    first.wait();
    send_text(c, "hello");
    second.wait();
    send_text(c, "world");
    finish.wait();
  });
  Pair pair = pair_to(Family::kV4, server.port());
  Recorder reads, writes;
  reads.attach(pair.read);
  writes.attach(pair.write);
  auto scheduled = schedule(pair);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  ASSERT_TRUE(run_until([&] { return reads.has(kOpen) && writes.has(kCan); }));
  run_for(0.1);
  EXPECT_EQ(reads.events(), (Events{kOpen})) << describe(reads.events());

  first.set();
  ASSERT_TRUE(run_until([&] { return reads.has(kHas); }));
  run_for(0.15);  // unread data is announced once
  EXPECT_EQ(reads.events(), (Events{kOpen, kHas})) << describe(reads.events());
  ocfs_index n = 0;
  EXPECT_EQ(read_some(pair.read, 100, &n), "hello");
  run_for(0.15);  // nothing left: no new event
  EXPECT_EQ(reads.events(), (Events{kOpen, kHas})) << describe(reads.events());

  second.set();
  ASSERT_TRUE(run_until([&] { return reads.count(kHas) == 2; }));
  EXPECT_EQ(read_some(pair.read, 2, &n), "wo");
  ASSERT_TRUE(run_until([&] { return reads.count(kHas) == 3; }, 2))  // bytes remain
      << describe(reads.events());
  EXPECT_EQ(read_some(pair.read, 100, &n), "rld");
  run_for(0.15);
  EXPECT_EQ(reads.events(), (Events{kOpen, kHas, kHas, kHas})) << describe(reads.events());

  finish.set();  // the server closes: the end comes, possibly announced as readable first
  ASSERT_TRUE(run_until([&] { return reads.size() > 4; }));
  if (reads.events().back() == kHas) {
    uint8_t byte = 0;
    EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), 0);
    ASSERT_TRUE(run_until([&] { return reads.has(kEnd); }, 2));
  }
  run_for(0.1);
  Events r = reads.events();
  EXPECT_TRUE(r == (Events{kOpen, kHas, kHas, kHas, kEnd}) ||
              r == (Events{kOpen, kHas, kHas, kHas, kHas, kEnd}))
      << describe(r);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_AT_END);
  EXPECT_EQ(writes.events(), (Events{kOpen, kCan})) << describe(writes.events());
}

// A read half scheduled in the default mode and open (OpenCompleted heard), to a server that sends
// `text` once `send` is set and then holds the connection until the end of the test.
struct ScheduledReadHalf {
  explicit ScheduledReadHalf(std::string text)
      : server(Family::kV4,
               [this, text](Sock c, int) {
                 send.wait();
                 send_text(c, text);
                 finish.wait();
               }),
        pair(pair_to(Family::kV4, server.port())) {
    reads.attach(pair.read);
    ocfs_read_stream_schedule_with_run_loop(pair.read, ocfs_run_loop_get_current(),
                                            ocfs_run_loop_default_mode);
    opened = ocfs_read_stream_open(pair.read) && run_until([&] { return reads.has(kOpen); });
  }
  ~ScheduledReadHalf() {
    finish.set();
    ocfs_read_stream_unschedule_from_run_loop(pair.read, ocfs_run_loop_get_current(),
                                              ocfs_run_loop_default_mode);
  }

  Flag send, finish;
  ScriptedServer server;
  Pair pair;
  Recorder reads;
  bool opened = false;
};

// As CF delivers a socket stream's events from the run loop pass that saw the socket ready (the
// client's callback runs inside that source's perform), one run that returns after a handled
// source has already called the client.
TEST(SocketEvents, TheRunThatSeesTheBytesCallsTheClient) {
  ScheduledReadHalf half("hello");
  ASSERT_TRUE(half.opened);
  half.send.set();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the bytes are here
  EXPECT_EQ(ocfs_run_loop_run_in_mode(ocfs_run_loop_default_mode, 2, OCFS_TRUE),
            OCFS_RUN_LOOP_RUN_HANDLED_SOURCE);
  EXPECT_EQ(half.reads.events(), (Events{kOpen, kHas})) << describe(half.reads.events());
  ocfs_index n = 0;
  EXPECT_EQ(read_some(half.pair.read, 100, &n), "hello");
}

// The same delivery never reaches into a blocking call: the blocked read runs the loop in a
// private mode the client's callback is not scheduled in, so the event waits for the client's mode.
TEST(SocketEvents, ABlockingReadOnAScheduledHalfCallsNoClientMeanwhile) {
  ScheduledReadHalf half("ab");
  ASSERT_TRUE(half.opened);
  std::thread sender([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    half.send.set();
  });
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(half.pair.read, &byte, 1), 1);  // blocks until the bytes come
  sender.join();
  EXPECT_EQ(byte, 'a');
  EXPECT_EQ(half.reads.events(), (Events{kOpen})) << describe(half.reads.events());
  ASSERT_TRUE(run_until([&] { return half.reads.has(kHas); }));  // "b" is announced in its mode
  EXPECT_EQ(half.reads.events(), (Events{kOpen, kHas})) << describe(half.reads.events());
}

TEST(SocketEvents, OnlyRequestedEventsAreDelivered) {
  ScriptedServer server(Family::kV4, [&](Sock c, int) { send_text(c, "data"); });
  Pair pair = pair_to(Family::kV4, server.port());
  Recorder reads, writes;
  reads.attach(pair.read, OCFS_STREAM_EVENT_END_ENCOUNTERED);
  writes.attach(pair.write, OCFS_STREAM_EVENT_OPEN_COMPLETED);
  auto scheduled = schedule(pair);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_EQ(read_exact(pair.read, 4), "data");
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), 0);  // the server has closed
  ASSERT_TRUE(run_until([&] { return reads.has(kEnd) && writes.has(kOpen); }));
  run_for(0.1);
  EXPECT_EQ(reads.events(), (Events{kEnd})) << describe(reads.events());
  EXPECT_EQ(writes.events(), (Events{kOpen})) << describe(writes.events());
}

TEST(SocketEvents, AnUnscheduledPairNeverCallsBack) {
  EchoServer server(Family::kV4);
  Pair pair = pair_to(Family::kV4, server.port());
  Recorder reads, writes;
  reads.attach(pair.read);
  writes.attach(pair.write);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_TRUE(write_all(pair.write, "echo"));
  EXPECT_EQ(read_exact(pair.read, 4), "echo");
  run_for(0.1);
  EXPECT_TRUE(reads.events().empty()) << describe(reads.events());
  EXPECT_TRUE(writes.events().empty()) << describe(writes.events());
}

TEST(SocketEvents, CanAcceptBytesComesBackWhenSpaceAppears) {
  Flag drain;
  std::atomic<uint64_t> server_received{0};
  ScriptedServer server(Family::kV4, [&](Sock c, int) {
    drain.wait(20);
    std::string data;
    for (;;) {
      data.clear();
      if (recv_some(c, data, 1 << 20) <= 0) break;
      server_received += data.size();
    }
  });
  Pair pair = pair_to(Family::kV4, server.port());
  ASSERT_TRUE(ocfs_write_stream_set_property(pair.write, ocfs_stream_property_write_timeout,
                                             number(5)));  // a wrong "can accept" fails fast
  Recorder writes;
  writes.attach(pair.write);
  ocfs_write_stream_schedule_with_run_loop(pair.write, ocfs_run_loop_get_current(), kDefaultMode);
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  ASSERT_TRUE(run_until([&] { return writes.has(kCan); }));
  EXPECT_EQ(write_text(pair.write, "x"), 1);
  run_for(0.1);
  EXPECT_EQ(writes.events(), (Events{kOpen, kCan, kCan})) << describe(writes.events());

  // Fill the connection until it takes nothing more, even after a pause.
  std::string chunk = pattern_string(0, 64 * 1024);
  uint64_t total = 1;
  for (int round = 0; round < 100; ++round) {
    while (ocfs_write_stream_can_accept_bytes(pair.write) && total < (uint64_t{256} << 20)) {
      ocfs_index n = write_text(pair.write, chunk);
      ASSERT_GT(n, 0) << error_text(ocfs_write_stream_get_error(pair.write));
      total += static_cast<uint64_t>(n);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!ocfs_write_stream_can_accept_bytes(pair.write)) break;
  }
  ASSERT_FALSE(ocfs_write_stream_can_accept_bytes(pair.write)) << "wrote " << total;
  writes.clear();
  run_for(0.2);
  EXPECT_TRUE(writes.events().empty()) << describe(writes.events());  // no space, no event

  drain.set();
  ASSERT_TRUE(run_until([&] { return writes.has(kCan); }));
  run_for(0.1);
  EXPECT_EQ(writes.events(), (Events{kCan})) << describe(writes.events());  // once, until a write
  // The connection goes once both halves are done: the never-opened read half by its release.
  ocfs_write_stream_close(pair.write);
  pair.read.reset();
  ASSERT_TRUE(server.wait_handled(1, 20));
  EXPECT_EQ(server_received.load(), total);
}

TEST(SocketEvents, EndEncounteredComesAfterAllTheData) {
  const size_t size = 100 * 1000;
  ScriptedServer server(Family::kV4, [&](Sock c, int) { send_text(c, pattern_string(0, size)); });
  Pair pair = pair_to(Family::kV4, server.port());
  Recorder reads;
  std::vector<uint8_t> received;
  bool zero_before_end = false;
  reads.on_event = [&](ocfs_stream_event_type type) {
    if (type != kHas) return;
    uint8_t buffer[4096];
    ocfs_index n = ocfs_read_stream_read(pair.read, buffer, sizeof buffer);
    if (n > 0) received.insert(received.end(), buffer, buffer + n);
    if (n == 0) zero_before_end = true;
    EXPECT_GE(n, 0);
  };
  reads.attach(pair.read);
  auto scheduled = schedule(pair);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(run_until([&] { return reads.has(kEnd) || reads.has(kErr); }));
  run_for(0.1);
  ASSERT_EQ(received.size(), size);
  EXPECT_TRUE(pattern_matches(0, received.data(), size));
  Events r = reads.events();
  EXPECT_EQ(r.front(), kOpen);
  EXPECT_EQ(r.back(), kEnd) << describe(r);
  EXPECT_EQ(count_of(r, kEnd), 1u);
  EXPECT_EQ(count_of(r, kOpen) + count_of(r, kHas) + count_of(r, kEnd), r.size()) << describe(r);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_AT_END);
  (void)zero_before_end;
}

// ---- Many pairs on one run loop -------------------------------------------------------------

struct EchoPair {
  Pair pair;
  std::string message;
  size_t sent = 0;
  std::string received;
  bool done = false;
  std::string failure;
  Recorder reads, writes;
  ScheduledPair scheduled;  // last: closes the pair before the recorders go
};

TEST(SocketScale, AThousandConcurrentPairsOnOneRunLoopEchoByteExact) {
  EchoServer server(Family::kV4);
  ASSERT_TRUE(server.ok());
  constexpr int kPairs = 1000;
  std::vector<std::unique_ptr<EchoPair>> pairs;
  int done = 0;
  for (int i = 0; i < kPairs; ++i) {
    auto p = std::make_unique<EchoPair>();
    EchoPair *e = p.get();
    e->pair = pair_to(Family::kV4, server.port());
    ASSERT_NE(e->pair.read.get(), nullptr);
    e->message = "pair " + std::to_string(i) + ":" +
                 pattern_string(static_cast<uint64_t>(i) * 1009, 64 + static_cast<size_t>(i % 200));
    e->writes.on_event = [e](ocfs_stream_event_type type) {
      if (type == kOpen) return;
      if (type != kCan) {
        e->failure += "write " + event_name(type) + "; ";
        return;
      }
      if (e->sent == e->message.size()) return;
      ocfs_index n = ocfs_write_stream_write(
          e->pair.write, reinterpret_cast<const uint8_t *>(e->message.data()) + e->sent,
          static_cast<ocfs_index>(e->message.size() - e->sent));
      if (n <= 0) e->failure += "write returned " + std::to_string(n) + "; ";
      if (n > 0) e->sent += static_cast<size_t>(n);
    };
    e->reads.on_event = [e, &done](ocfs_stream_event_type type) {
      if (type != kHas) {
        if (type != kOpen) e->failure += "read " + event_name(type) + "; ";
        return;
      }
      char buffer[512];
      ocfs_index n =
          ocfs_read_stream_read(e->pair.read, reinterpret_cast<uint8_t *>(buffer), sizeof buffer);
      if (n <= 0) {
        e->failure += "read returned " + std::to_string(n) + "; ";
        return;
      }
      e->received.append(buffer, static_cast<size_t>(n));
      if (e->received.size() >= e->message.size() && !e->done) {
        e->done = true;
        ++done;
        ocfs_read_stream_close(e->pair.read);
        ocfs_write_stream_close(e->pair.write);
      }
    };
    e->reads.attach(e->pair.read);
    e->writes.attach(e->pair.write);
    e->scheduled = schedule(e->pair);
    pairs.push_back(std::move(p));
  }
  auto start = Clock::now();
  for (auto &p : pairs) {
    ASSERT_TRUE(ocfs_read_stream_open(p->pair.read));
    ASSERT_TRUE(ocfs_write_stream_open(p->pair.write));
  }
  EXPECT_TRUE(run_until([&] { return done == kPairs; }, 40)) << done << " of " << kPairs;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(20));
  int wrong = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    EchoPair &e = *pairs[i];
    if (e.received != e.message || !e.failure.empty()) {
      if (++wrong <= 5)
        ADD_FAILURE() << "pair " << i << ": " << e.failure << " received " << e.received.size()
                      << " of " << e.message.size() << " bytes, equal " << (e.received == e.message)
                      << ", read events " << describe(e.reads.events());
    }
  }
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(server.accepted(), kPairs);
}

}  // namespace
