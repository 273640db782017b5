// Socket stream pairs: creating and opening them, asynchronous open completion, connect errors
// (refused, ".invalid" names, connect timeout) and the blocking timeouts.
#include "net_test_util.hpp"

using namespace ocfs_test;

namespace {

#ifdef _WIN32
constexpr int32_t kEaiNoName = 11001;  // WSAHOST_NOT_FOUND
#else
constexpr int32_t kEaiNoName = EAI_NONAME;
#endif

// A server that keeps each connection open until the client closes it (or 10 s pass).
ScriptedServer::Handler hold_until_eof() {
  return [](Sock c, int) {
    std::string ignored;
    recv_until_eof(c, ignored);
  };
}

// Opens both halves of a pair whose connect is about to fail. The read half's open starts the
// connect in the background (true); the connect may have failed already when the write half
// opens, and that open then fails at once (false, status ERROR) with the pair's error.
void open_both_failing(const Pair &pair) {
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  if (!ocfs_write_stream_open(pair.write)) {
    EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_ERROR);
  }
  EXPECT_FALSE(ocfs_write_stream_open(pair.write));  // never twice
}

class SocketOpenByFamily : public ::testing::TestWithParam<Family> {};

INSTANTIATE_TEST_SUITE_P(Loopback, SocketOpenByFamily, ::testing::Values(Family::kV4, Family::kV6),
                         [](const auto &p) { return family_name(p.param); });

TEST_P(SocketOpenByFamily, OpenIsAsynchronousAndCompletesOnceOnEachHalf) {
  OCFS_REQUIRE_FAMILY(GetParam());
  ScriptedServer server(GetParam(), hold_until_eof());
  ASSERT_TRUE(server.ok());
  Pair pair = pair_to(GetParam(), server.port());
  ASSERT_NE(pair.read.get(), nullptr);
  ASSERT_NE(pair.write.get(), nullptr);
  Recorder reads, writes;
  reads.attach(pair.read);
  writes.attach(pair.write);
  auto scheduled = schedule(pair);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_NOT_OPEN);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  EXPECT_PRED1(opening_or_open, ocfs_read_stream_get_status(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_PRED1(opening_or_open, ocfs_write_stream_get_status(pair.write));
  EXPECT_FALSE(ocfs_read_stream_open(pair.read));  // no second open
  EXPECT_TRUE(reads.events().empty());             // delivered by the run loop only
  ASSERT_TRUE(run_until([&] { return reads.has(kOpen) && writes.has(kCan); }))
      << "read " << describe(reads.events()) << " write " << describe(writes.events());
  run_for(0.1);
  EXPECT_EQ(reads.events(), (Events{kOpen})) << describe(reads.events());
  EXPECT_EQ(writes.events(), (Events{kOpen, kCan})) << describe(writes.events());
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_OPEN);
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_OPEN);
  for (auto id : reads.threads())
    EXPECT_EQ(id, std::this_thread::get_id());
  for (auto id : writes.threads())
    EXPECT_EQ(id, std::this_thread::get_id());
  EXPECT_FALSE(reads.reentered());
  ocfs_read_stream_close(pair.read);
  ocfs_write_stream_close(pair.write);
  EXPECT_TRUE(server.wait_handled(1));
  EXPECT_EQ(server.handled(), 1);
}

TEST(SocketOpen, AHalfOpenedAfterTheConnectionExistsCompletesAtOnce) {
  ScriptedServer server(Family::kV4, hold_until_eof());
  ASSERT_TRUE(server.ok());
  Pair pair = pair_to(Family::kV4, server.port());
  Recorder reads, writes;
  reads.attach(pair.read);
  writes.attach(pair.write);
  auto scheduled = schedule(pair);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(run_until([&] { return reads.has(kOpen); }));
  run_for(0.05);
  EXPECT_TRUE(writes.events().empty()) << describe(writes.events());  // never opened
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_NOT_OPEN);
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_OPEN);
  ASSERT_TRUE(run_until([&] { return writes.has(kCan); }));
  run_for(0.1);
  EXPECT_EQ(reads.events(), (Events{kOpen})) << describe(reads.events());
  EXPECT_EQ(writes.events(), (Events{kOpen, kCan})) << describe(writes.events());
  EXPECT_EQ(server.handled(), 0);  // still the one connection
}

// A numeric host needs no resolver, and a loopback connect has finished when connect() returns:
// the open completes inside CFReadStreamOpen (no worker thread), and OpenCompleted still comes
// once per half, from the run loop. Winsock may take a moment longer, leaving it to the worker.
TEST_P(SocketOpenByFamily, ANumericLoopbackHostIsOpenWhenOpenReturns) {
  OCFS_REQUIRE_FAMILY(GetParam());
  ScriptedServer server(GetParam(), hold_until_eof());
  ASSERT_TRUE(server.ok());
  Pair pair = pair_to(GetParam(), server.port());
  Recorder reads, writes;
  reads.attach(pair.read);
  writes.attach(pair.write);
  auto scheduled = schedule(pair);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
#if defined(_WIN32)
  EXPECT_PRED1(opening_or_open, ocfs_read_stream_get_status(pair.read));
#else
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_OPEN);
#endif
  EXPECT_TRUE(reads.events().empty());  // delivered by the run loop only
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  ASSERT_TRUE(run_until([&] { return reads.has(kOpen) && writes.has(kCan); }));
  run_for(0.05);
  EXPECT_EQ(reads.events(), (Events{kOpen})) << describe(reads.events());
  EXPECT_EQ(writes.events(), (Events{kOpen, kCan})) << describe(writes.events());
  ocfs_read_stream_close(pair.read);
  ocfs_write_stream_close(pair.write);
  EXPECT_TRUE(server.wait_handled(1));
  EXPECT_EQ(server.handled(), 1);  // one connection: the open made no second attempt
}

TEST(SocketOpen, AnAdoptedConnectedSocketOpensAtOnce) {
  ScriptedServer server(Family::kV4, hold_until_eof());
  ASSERT_TRUE(server.ok());
  Sock s = connect_loopback(Family::kV4, server.port());
  ASSERT_NE(s, kNoSocket);
  {
    Pair pair = pair_with_socket(s);
    ASSERT_NE(pair.read.get(), nullptr);
    ASSERT_NE(pair.write.get(), nullptr);
    Recorder reads, writes;
    reads.attach(pair.read);
    writes.attach(pair.write);
    auto scheduled = schedule(pair);
    ASSERT_TRUE(ocfs_read_stream_open(pair.read));
    EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_OPEN);
    ASSERT_TRUE(ocfs_write_stream_open(pair.write));
    EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_OPEN);
    ASSERT_TRUE(run_until([&] { return reads.has(kOpen) && writes.has(kCan); }));
    run_for(0.1);
    EXPECT_EQ(reads.events(), (Events{kOpen})) << describe(reads.events());
    EXPECT_EQ(writes.events(), (Events{kOpen, kCan})) << describe(writes.events());
    ocfs_read_stream_close(pair.read);
    ocfs_write_stream_close(pair.write);
  }
  close_socket(s);  // adopted sockets are not closed by default
}

TEST(SocketOpen, EventsArriveOnTheRunLoopTheStreamsAreScheduledOn) {
  ScriptedServer server(Family::kV4, hold_until_eof());
  ASSERT_TRUE(server.ok());
  Pair pair = pair_to(Family::kV4, server.port());
  Recorder reads, writes;
  reads.attach(pair.read);
  writes.attach(pair.write);

  std::mutex mutex;
  std::condition_variable cv;
  ocfs_run_loop_ref other_loop = nullptr;
  Flag ready_to_run, finished;
  std::thread::id other_id;
  std::thread other([&] {
    {
      std::lock_guard lock(mutex);
      other_loop = ocfs_run_loop_get_current();
      other_id = std::this_thread::get_id();
      cv.notify_all();
    }
    ready_to_run.wait();
    run_until([&] { return reads.has(kOpen) && writes.has(kCan); });
    run_for(0.1);
    // Leave the run loop: unschedule here, on its own thread.
    ocfs_read_stream_unschedule_from_run_loop(pair.read, ocfs_run_loop_get_current(), kDefaultMode);
    ocfs_write_stream_unschedule_from_run_loop(pair.write, ocfs_run_loop_get_current(),
                                               kDefaultMode);
    finished.set();
  });
  {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return other_loop != nullptr; });
  }
  auto scheduled = schedule(pair, other_loop);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  ready_to_run.set();
  // The main thread's run loop has nothing to do with these streams.
  run_for(0.2);
  EXPECT_TRUE(finished.wait(15));
  other.join();
  EXPECT_EQ(reads.events(), (Events{kOpen})) << describe(reads.events());
  EXPECT_EQ(writes.events(), (Events{kOpen, kCan})) << describe(writes.events());
  for (auto id : reads.threads())
    EXPECT_EQ(id, other_id);
  for (auto id : writes.threads())
    EXPECT_EQ(id, other_id);
}

TEST(SocketOpen, BlockingCallsWhileOpeningWaitForTheOpenWithoutARunningRunLoop) {
  EchoServer server(Family::kV4);
  ASSERT_TRUE(server.ok());
  Pair pair = pair_to(Family::kV4, server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_PRED1(opening_or_open, ocfs_write_stream_get_status(pair.write));
  EXPECT_EQ(write_text(pair.write, "abc"), 3);  // waits for the connection
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_OPEN);
  EXPECT_EQ(read_exact(pair.read, 3), "abc");
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_OPEN);
}

TEST(SocketOpen, AReadWhileOpeningReportsTheOpenFailure) {
  uint16_t port = 0;
  Sock closed = bind_without_listening(Family::kV4, port);
  ASSERT_NE(closed, kNoSocket);
  Pair pair = pair_to(Family::kV4, port);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), -1);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_ERROR);
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ECONNREFUSED);
  close_socket(closed);
}

TEST_P(SocketOpenByFamily, ConnectionRefusedFailsBothHalves) {
  OCFS_REQUIRE_FAMILY(GetParam());
  uint16_t port = 0;
  Sock closed = bind_without_listening(GetParam(), port);
  ASSERT_NE(closed, kNoSocket);
  Pair pair = pair_to(GetParam(), port);
  Recorder reads, writes;
  reads.attach(pair.read);
  writes.attach(pair.write);
  auto scheduled = schedule(pair);
  open_both_failing(pair);
  ASSERT_TRUE(run_until([&] { return reads.has(kErr) && writes.has(kErr); }))
      << "read " << describe(reads.events()) << " write " << describe(writes.events());
  run_for(0.1);
  EXPECT_EQ(reads.events(), (Events{kErr})) << describe(reads.events());
  EXPECT_EQ(writes.events(), (Events{kErr})) << describe(writes.events());
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_ERROR);
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_ERROR);
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ECONNREFUSED);
  EXPECT_STREAM_ERROR(ocfs_write_stream_get_error(pair.write), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ECONNREFUSED);
  expect_cf_error(ocfs_read_stream_copy_error(pair.read), "NSPOSIXErrorDomain", ECONNREFUSED,
                  OCFS_STREAM_ERROR_DOMAIN_POSIX, ECONNREFUSED);
  expect_cf_error(ocfs_write_stream_copy_error(pair.write), "NSPOSIXErrorDomain", ECONNREFUSED,
                  OCFS_STREAM_ERROR_DOMAIN_POSIX, ECONNREFUSED);
  EXPECT_EQ(text(ocfs_error_domain_posix), "NSPOSIXErrorDomain");
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), -1);
  EXPECT_EQ(ocfs_write_stream_write(pair.write, &byte, 1), -1);
  close_socket(closed);
}

TEST(SocketOpen, OnlyTheOpenedHalfHearsOfAFailedConnect) {
  uint16_t port = 0;
  Sock closed = bind_without_listening(Family::kV4, port);
  ASSERT_NE(closed, kNoSocket);
  Pair pair = pair_to(Family::kV4, port);
  Recorder reads, writes;
  reads.attach(pair.read);
  writes.attach(pair.write);
  auto scheduled = schedule(pair);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(run_until([&] { return reads.has(kErr); }));
  run_for(0.1);
  EXPECT_EQ(reads.events(), (Events{kErr}));
  EXPECT_TRUE(writes.events().empty()) << describe(writes.events());
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_NOT_OPEN);
  close_socket(closed);
}

void expect_name_not_found(ocfs_error_ref error) {
  Owned<ocfs_error_ref> owned(error);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(text(ocfs_error_get_domain(error)), "kCFErrorDomainCFNetwork");
  EXPECT_EQ(text(ocfs_error_domain_cfnetwork), "kCFErrorDomainCFNetwork");
  EXPECT_EQ(ocfs_error_get_code(error), OCFS_HOST_ERROR_HOST_NOT_FOUND);
  Owned<ocfs_dictionary_ref> info(ocfs_error_copy_user_info(error));
  ASSERT_NE(info.get(), nullptr);
  EXPECT_EQ(int_value(ocfs_dictionary_get_value(info, ocfs_get_addr_info_failure_key)), kEaiNoName);
  EXPECT_EQ(int_value(ocfs_dictionary_get_value(info, OCFS_STR("_kCFStreamErrorDomainKey"))),
            OCFS_STREAM_ERROR_DOMAIN_NETDB);
  EXPECT_EQ(int_value(ocfs_dictionary_get_value(info, OCFS_STR("_kCFStreamErrorCodeKey"))),
            kEaiNoName);
}

TEST(SocketOpen, InvalidNamesFailWithoutAQuery) {
  EXPECT_EQ(text(ocfs_get_addr_info_failure_key), "kCFGetAddrInfoFailureKey");
  // RFC 6761: every name in .invalid, in any letter case and with or without the final dot.
  for (const char *name : {"nothing.invalid", "Deep.Sub.NOTHING.Invalid", "nothing.invalid."}) {
    SCOPED_TRACE(name);
    Pair pair = pair_to_host(name, 80);
    ASSERT_NE(pair.read.get(), nullptr);
    Recorder reads, writes;
    reads.attach(pair.read);
    writes.attach(pair.write);
    auto scheduled = schedule(pair);
    auto start = Clock::now();
    open_both_failing(pair);
    ASSERT_TRUE(run_until([&] { return reads.has(kErr) && writes.has(kErr); }, 5))
        << "read " << describe(reads.events()) << " write " << describe(writes.events());
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(500));  // no resolver round trip
    run_for(0.05);
    EXPECT_EQ(reads.events(), (Events{kErr})) << describe(reads.events());
    EXPECT_EQ(writes.events(), (Events{kErr})) << describe(writes.events());
    EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_NETDB,
                        kEaiNoName);
    EXPECT_STREAM_ERROR(ocfs_write_stream_get_error(pair.write), OCFS_STREAM_ERROR_DOMAIN_NETDB,
                        kEaiNoName);
    expect_name_not_found(ocfs_read_stream_copy_error(pair.read));
    expect_name_not_found(ocfs_write_stream_copy_error(pair.write));
  }
}

TEST(SocketOpen, AHalfOpenedAfterThePairFailedFailsAtOnceWithTheSameError) {
  Pair pair = pair_to_host("nothing.invalid", 80);
  Recorder reads, writes;
  reads.attach(pair.read);
  writes.attach(pair.write);
  auto scheduled = schedule(pair);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(run_until([&] { return reads.has(kErr); }));
  EXPECT_FALSE(ocfs_write_stream_open(pair.write));
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_ERROR);
  EXPECT_STREAM_ERROR(ocfs_write_stream_get_error(pair.write), OCFS_STREAM_ERROR_DOMAIN_NETDB,
                      kEaiNoName);
  expect_name_not_found(ocfs_write_stream_copy_error(pair.write));
  run_for(0.1);
  EXPECT_EQ(reads.events(), (Events{kErr})) << describe(reads.events());
  EXPECT_EQ(writes.events(), (Events{kErr})) << describe(writes.events());
}

TEST(SocketOpen, ABlockingReadOnAnInvalidNameFails) {
  Pair pair = pair_to_host("nothing.invalid", 443);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  uint8_t byte = 0;
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), -1);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_ERROR);
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_NETDB,
                      kEaiNoName);
}

// A listener whose accept queue is full, so that further connects hang (their SYNs are dropped).
// `refuses` is set instead when this system answers a full queue with a reset.
struct HangingListener {
  Sock listener = kNoSocket;
  uint16_t port = 0;
  std::vector<Sock> fillers;
  bool hangs = false;
  bool refuses = false;

  HangingListener() {
    listener = listen_loopback(Family::kV4, 0, port);
    if (listener == kNoSocket) return;
    for (int i = 0; i < 32 && !hangs && !refuses; ++i) {
      Sock probe = tcp_socket(Family::kV4);
      set_nonblocking(probe, true);
      Address address = loopback_address(Family::kV4, port);
      ::connect(probe, address.get(), address.length);
      if (!wait_writable(probe, 300)) {
        hangs = true;  // this connect hangs: the queue is full
        close_socket(probe);
        break;
      }
      int error = 0;
      SockLen length = sizeof error;
      getsockopt(probe, SOL_SOCKET, SO_ERROR, reinterpret_cast<char *>(&error), &length);
      if (error != 0) {
        refuses = true;
        close_socket(probe);
        break;
      }
      fillers.push_back(probe);  // connected and never accepted: fills the queue
    }
  }
  ~HangingListener() {
    for (Sock s : fillers)
      close_socket(s);
    close_socket(listener);
  }
};

TEST(SocketOpen, ConnectTimeoutFailsBothHalvesWithETIMEDOUT) {
  HangingListener hanging;
  ASSERT_NE(hanging.listener, kNoSocket);
  if (hanging.refuses)
    GTEST_SKIP() << "this system refuses connections to a full listen queue instead of "
                    "dropping them: no hanging connect to time out";
  ASSERT_TRUE(hanging.hangs) << "could not fill the listen queue";
  Pair pair = pair_to(Family::kV4, hanging.port);
  EXPECT_EQ(text(ocfs_stream_property_socket_connect_timeout),
            "kOCFSStreamPropertySocketConnectTimeout");
  ASSERT_TRUE(ocfs_read_stream_set_property(pair.read, ocfs_stream_property_socket_connect_timeout,
                                            number(0.5)));
  // Shared by the pair.
  Owned<ocfs_type_ref> copied(
      ocfs_write_stream_copy_property(pair.write, ocfs_stream_property_socket_connect_timeout));
  EXPECT_EQ(double_value(copied), 0.5);
  Recorder reads, writes;
  reads.attach(pair.read);
  writes.attach(pair.write);
  auto scheduled = schedule(pair);
  auto start = Clock::now();
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_OPENING);
  ASSERT_TRUE(run_until([&] { return reads.has(kErr) && writes.has(kErr); }, 10))
      << "read " << describe(reads.events()) << " write " << describe(writes.events());
  auto elapsed = Clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(450));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  run_for(0.05);
  EXPECT_EQ(reads.events(), (Events{kErr})) << describe(reads.events());
  EXPECT_EQ(writes.events(), (Events{kErr})) << describe(writes.events());
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ETIMEDOUT);
  EXPECT_STREAM_ERROR(ocfs_write_stream_get_error(pair.write), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ETIMEDOUT);
  expect_cf_error(ocfs_read_stream_copy_error(pair.read), "NSPOSIXErrorDomain", ETIMEDOUT,
                  OCFS_STREAM_ERROR_DOMAIN_POSIX, ETIMEDOUT);
}

TEST(SocketOpen, TheConnectTimeoutIsANumber) {
  Pair pair = pair_to(Family::kV4, 9);
  EXPECT_FALSE(ocfs_read_stream_set_property(pair.read, ocfs_stream_property_socket_connect_timeout,
                                             ocfs_boolean_true));
  EXPECT_TRUE(ocfs_write_stream_set_property(
      pair.write, ocfs_stream_property_socket_connect_timeout, number(0)));  // 0: no limit
  Owned<ocfs_type_ref> copied(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_socket_connect_timeout));
  EXPECT_EQ(double_value(copied), 0.0);
}

TEST(SocketOpen, ABlockedReadTimesOutWithETIMEDOUT) {
  Flag done;
  ScriptedServer server(Family::kV4, [&](Sock, int) { done.wait(); });  // never sends
  Pair pair = pair_to(Family::kV4, server.port());
  Owned<ocfs_type_ref> initial(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_read_timeout));
  EXPECT_EQ(double_value(initial), 75.0);
  ASSERT_TRUE(
      ocfs_read_stream_set_property(pair.read, ocfs_stream_property_read_timeout, number(0.3)));
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_EQ(write_text(pair.write, "x"), 1);  // the connection is up
  auto start = Clock::now();
  uint8_t buffer[16];
  EXPECT_EQ(ocfs_read_stream_read(pair.read, buffer, sizeof buffer), -1);
  auto elapsed = Clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(280));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_ERROR);
  EXPECT_STREAM_ERROR(ocfs_read_stream_get_error(pair.read), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ETIMEDOUT);
  done.set();
}

TEST(SocketOpen, ABlockedWriteTimesOutWithETIMEDOUTWhenThePeerDoesNotRead) {
  Flag done;
  ScriptedServer server(Family::kV4, [&](Sock, int) { done.wait(); });  // never reads
  Pair pair = pair_to(Family::kV4, server.port());
  ASSERT_TRUE(
      ocfs_write_stream_set_property(pair.write, ocfs_stream_property_write_timeout, number(0.3)));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  std::string chunk = pattern_string(0, 256 * 1024);
  uint64_t total = 0;
  ocfs_index n = 0;
  auto last_start = Clock::now();
  while (total < (uint64_t{512} << 20)) {
    last_start = Clock::now();
    n = write_text(pair.write, chunk);
    if (n <= 0) break;
    total += static_cast<uint64_t>(n);
  }
  auto elapsed = Clock::now() - last_start;
  EXPECT_EQ(n, -1) << "wrote " << total << " bytes without blocking";
  EXPECT_GT(total, 0u);
  EXPECT_GE(elapsed, std::chrono::milliseconds(280));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_ERROR);
  EXPECT_STREAM_ERROR(ocfs_write_stream_get_error(pair.write), OCFS_STREAM_ERROR_DOMAIN_POSIX,
                      ETIMEDOUT);
  done.set();
}

TEST(SocketOpen, LocalhostReachesTheLoopbackListener) {
  EchoServer server(Family::kV4);
  ASSERT_TRUE(server.ok());
  // Nothing may answer on ::1 with this port: keep it bound (refused) while the test runs.
  Sock v6 = kNoSocket;
  if (ipv6_loopback_available()) {
    v6 = tcp_socket(Family::kV6);
    Address a = loopback_address(Family::kV6, server.port());
    if (bind(v6, a.get(), a.length) != 0) {
      close_socket(v6);
      v6 = kNoSocket;
    }
  }
  Pair pair = pair_to_host("localhost", server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_TRUE(write_all(pair.write, "over localhost"));
  EXPECT_EQ(read_exact(pair.read, 14), "over localhost");
  close_socket(v6);
}

TEST(SocketOpen, OnlyTheLow16BitsOfThePortCount) {
  EchoServer server(Family::kV4);
  ASSERT_TRUE(server.ok());
  Pair pair;
  auto name = str("127.0.0.1");
  ocfs_read_stream_ref r = nullptr;
  ocfs_write_stream_ref w = nullptr;
  ocfs_stream_create_pair_with_socket_to_host(nullptr, name, 0x10000u | server.port(), &r, &w);
  pair.read.reset(r);
  pair.write.reset(w);
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_TRUE(write_all(pair.write, "port"));
  EXPECT_EQ(read_exact(pair.read, 4), "port");
}

TEST(SocketOpen, CreateRejectsBadArgumentsAndClearsTheOutPointers) {
  auto bogus_read = reinterpret_cast<ocfs_read_stream_ref>(uintptr_t{1});
  auto bogus_write = reinterpret_cast<ocfs_write_stream_ref>(uintptr_t{1});
  ocfs_read_stream_ref r = bogus_read;
  ocfs_write_stream_ref w = bogus_write;
  ocfs_stream_create_pair_with_socket_to_host(nullptr, nullptr, 80, &r, &w);
  EXPECT_EQ(r, nullptr);
  EXPECT_EQ(w, nullptr);
  r = bogus_read;
  w = bogus_write;
  ocfs_stream_create_pair_with_socket_to_cf_host(nullptr, nullptr, 80, &r, &w);
  EXPECT_EQ(r, nullptr);
  EXPECT_EQ(w, nullptr);
  r = bogus_read;
  w = bogus_write;
  ocfs_stream_create_pair_with_peer_socket_signature(nullptr, nullptr, &r, &w);
  EXPECT_EQ(r, nullptr);
  EXPECT_EQ(w, nullptr);
  // A datagram signature is not supported.
  Address a = loopback_address(Family::kV4, 9);
  auto address = own(ocfs_data_create(nullptr, reinterpret_cast<const uint8_t *>(&a.storage),
                                      static_cast<ocfs_index>(a.length)));
  ocfs_socket_signature signature = {AF_INET, SOCK_DGRAM, IPPROTO_UDP, address};
  r = bogus_read;
  w = bogus_write;
  ocfs_stream_create_pair_with_peer_socket_signature(nullptr, &signature, &r, &w);
  EXPECT_EQ(r, nullptr);
  EXPECT_EQ(w, nullptr);
}

TEST(SocketOpen, EitherHalfMayBeLeftOut) {
  EchoServer server(Family::kV4);
  ASSERT_TRUE(server.ok());
  auto name = str("127.0.0.1");
  ocfs_read_stream_ref r = nullptr;
  ocfs_stream_create_pair_with_socket_to_host(nullptr, name, server.port(), &r, nullptr);
  auto read_only = own(r);
  ASSERT_NE(r, nullptr);
  ocfs_write_stream_ref w = nullptr;
  ocfs_stream_create_pair_with_socket_to_host(nullptr, name, server.port(), nullptr, &w);
  auto write_only = own(w);
  ASSERT_NE(w, nullptr);
  ASSERT_TRUE(ocfs_write_stream_open(write_only));
  EXPECT_TRUE(write_all(write_only, "w"));
  ocfs_write_stream_close(write_only);  // the only half: the connection closes
  ASSERT_TRUE(ocfs_read_stream_open(read_only));
  EXPECT_PRED1(opening_or_open, ocfs_read_stream_get_status(read_only));
  ocfs_read_stream_close(read_only);
}

// ---- Hosts and the other ways to make a pair -------------------------------------------------

TEST(SocketHost, AHostByNameKeepsItsName) {
  EXPECT_EQ(ocfs_host_create_with_name(nullptr, nullptr), nullptr);
  auto empty = str("");
  EXPECT_EQ(ocfs_host_create_with_name(nullptr, empty), nullptr);
  auto name = str("example.test");
  auto host = own(ocfs_host_create_with_name(nullptr, name));
  ASSERT_NE(host.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(host), ocfs_host_get_type_id());
  ocfs_bool resolved = OCFS_FALSE;
  ocfs_array_ref names = ocfs_host_get_names(host, &resolved);
  ASSERT_NE(names, nullptr);
  EXPECT_TRUE(resolved);  // the names are known
  ASSERT_EQ(ocfs_array_get_count(names), 1);
  EXPECT_TRUE(ocfs_equal(ocfs_array_get_value_at_index(names, 0), name));
  resolved = OCFS_TRUE;
  EXPECT_EQ(ocfs_host_get_addressing(host, &resolved), nullptr);
  EXPECT_FALSE(resolved);
  auto copy = own(ocfs_host_create_copy(nullptr, host));
  ASSERT_NE(copy.get(), nullptr);
  ocfs_array_ref copied_names = ocfs_host_get_names(copy, nullptr);
  ASSERT_NE(copied_names, nullptr);
  EXPECT_TRUE(ocfs_equal(ocfs_array_get_value_at_index(copied_names, 0), name));
}

TEST(SocketHost, AHostByAddressKeepsItsAddress) {
  Address a = loopback_address(Family::kV6, 443);
  auto address = own(ocfs_data_create(nullptr, reinterpret_cast<const uint8_t *>(&a.storage),
                                      static_cast<ocfs_index>(a.length)));
  auto host = own(ocfs_host_create_with_address(nullptr, address));
  ASSERT_NE(host.get(), nullptr);
  ocfs_array_ref addressing = ocfs_host_get_addressing(host, nullptr);
  ASSERT_NE(addressing, nullptr);
  ASSERT_EQ(ocfs_array_get_count(addressing), 1);
  EXPECT_TRUE(ocfs_equal(ocfs_array_get_value_at_index(addressing, 0), address));
  EXPECT_EQ(ocfs_host_get_names(host, nullptr), nullptr);
  const uint8_t junk[3] = {1, 2, 3};
  auto bad = own(ocfs_data_create(nullptr, junk, 3));
  EXPECT_EQ(ocfs_host_create_with_address(nullptr, bad), nullptr);
}

TEST(SocketHost, APairToAHostConnectsAndReportsItsHost) {
  EchoServer server(Family::kV4);
  ASSERT_TRUE(server.ok());
  auto name = str("127.0.0.1");
  auto host = own(ocfs_host_create_with_name(nullptr, name));
  ocfs_read_stream_ref r = nullptr;
  ocfs_write_stream_ref w = nullptr;
  ocfs_stream_create_pair_with_socket_to_cf_host(nullptr, host, server.port(), &r, &w);
  Pair pair{own(r), own(w)};
  ASSERT_NE(r, nullptr);
  ASSERT_NE(w, nullptr);
  Owned<ocfs_type_ref> reported(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_socket_remote_host));
  ASSERT_NE(reported.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(reported), ocfs_host_get_type_id());
  ocfs_array_ref names =
      ocfs_host_get_names(static_cast<ocfs_host_ref>(const_cast<void *>(reported.get())), nullptr);
  ASSERT_NE(names, nullptr);
  EXPECT_TRUE(ocfs_equal(ocfs_array_get_value_at_index(names, 0), name));
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_TRUE(write_all(pair.write, "host"));
  EXPECT_EQ(read_exact(pair.read, 4), "host");
}

TEST(SocketHost, APairToAnAddressHostConnects) {
  OCFS_REQUIRE_FAMILY(Family::kV6);
  EchoServer server(Family::kV6);
  ASSERT_TRUE(server.ok());
  Address a = loopback_address(Family::kV6, server.port());
  auto address = own(ocfs_data_create(nullptr, reinterpret_cast<const uint8_t *>(&a.storage),
                                      static_cast<ocfs_index>(a.length)));
  auto host = own(ocfs_host_create_with_address(nullptr, address));
  ocfs_read_stream_ref r = nullptr;
  ocfs_write_stream_ref w = nullptr;
  ocfs_stream_create_pair_with_socket_to_cf_host(nullptr, host, server.port(), &r, &w);
  Pair pair{own(r), own(w)};
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_TRUE(write_all(pair.write, "v6 host"));
  EXPECT_EQ(read_exact(pair.read, 7), "v6 host");
}

TEST(SocketHost, APairFromASocketSignatureConnects) {
  for (Family family : {Family::kV4, Family::kV6}) {
    if (family == Family::kV6 && !ipv6_loopback_available()) continue;
    SCOPED_TRACE(family_name(family));
    EchoServer server(family);
    ASSERT_TRUE(server.ok());
    Address a = loopback_address(family, server.port());
    auto address = own(ocfs_data_create(nullptr, reinterpret_cast<const uint8_t *>(&a.storage),
                                        static_cast<ocfs_index>(a.length)));
    ocfs_socket_signature signature = {a.family() == AF_INET ? PF_INET : PF_INET6, SOCK_STREAM,
                                       IPPROTO_TCP, address};
    ocfs_read_stream_ref r = nullptr;
    ocfs_write_stream_ref w = nullptr;
    ocfs_stream_create_pair_with_peer_socket_signature(nullptr, &signature, &r, &w);
    Pair pair{own(r), own(w)};
    ASSERT_NE(r, nullptr);
    ASSERT_NE(w, nullptr);
    ASSERT_TRUE(ocfs_read_stream_open(pair.read));
    ASSERT_TRUE(ocfs_write_stream_open(pair.write));
    EXPECT_TRUE(write_all(pair.write, "signature"));
    EXPECT_EQ(read_exact(pair.read, 9), "signature");
  }
}

}  // namespace
