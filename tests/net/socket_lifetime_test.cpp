// Socket stream pair lifetime: the connection lives until both halves are closed or released,
// adopted sockets are handed back as they came, no descriptor leaks over 1000 pairs, and closing
// or releasing a stream from inside its own callbacks is safe.
#include "net_test_util.hpp"

using namespace ocfs_test;

namespace {

// Records what the client sent until its EOF; `eof` tells whether EOF came (else an error or
// the 10 s receive timeout).
struct CollectingServer {
  std::mutex mutex;
  std::string received;
  std::atomic<bool> eof{false};
  Flag greeted;
  std::string greeting;
  ScriptedServer server;

  explicit CollectingServer(std::string hello = "")
      : greeting(std::move(hello)), server(Family::kV4, [this](Sock c, int) {
          if (!greeting.empty()) send_text(c, greeting);
          for (;;) {
            std::string part;
            long n = recv_some(c, part);
            if (n == 0) eof = true;
            if (n <= 0) break;
            std::lock_guard lock(mutex);
            received += part;
          }
        }) {}
  std::string got() {
    std::lock_guard lock(mutex);
    return received;
  }
  bool wait_for(const std::string &data, double seconds = 5) {
    auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    while (got() != data) {
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }
  bool wait_eof(double seconds = 5) { return server.wait_handled(1, seconds) && eof; }
};

TEST(SocketLifetime, TheConnectionLivesUntilBothHalvesAreClosed) {
  CollectingServer peer;
  Pair pair = pair_to(Family::kV4, peer.server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_TRUE(write_all(pair.write, "a"));
  ASSERT_TRUE(peer.wait_for("a"));
  ocfs_read_stream_close(pair.read);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_CLOSED);
  EXPECT_TRUE(write_all(pair.write, "b"));  // the write half still works
  EXPECT_TRUE(peer.wait_for("ab"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(peer.eof);
  ocfs_write_stream_close(pair.write);
  EXPECT_TRUE(peer.wait_eof());
  EXPECT_EQ(peer.got(), "ab");
}

TEST(SocketLifetime, TheConnectionLivesUntilBothHalvesAreReleased) {
  CollectingServer peer("from the server");
  Pair pair = pair_to(Family::kV4, peer.server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_TRUE(write_all(pair.write, "w"));
  ASSERT_TRUE(peer.wait_for("w"));
  pair.write.reset();                                       // released without close
  EXPECT_EQ(read_exact(pair.read, 15), "from the server");  // the read half still works
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(peer.eof);
  pair.read.reset();
  EXPECT_TRUE(peer.wait_eof());
}

TEST(SocketLifetime, AHalfThatWasNeverCreatedCountsAsClosed) {
  CollectingServer peer("x");
  auto name = str("127.0.0.1");
  ocfs_read_stream_ref r = nullptr;
  ocfs_stream_create_pair_with_socket_to_host(nullptr, name, peer.server.port(), &r, nullptr);
  auto read_only = own(r);
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(ocfs_read_stream_open(read_only));
  EXPECT_EQ(read_exact(read_only, 1), "x");
  ocfs_read_stream_close(read_only);
  EXPECT_TRUE(peer.wait_eof());
}

TEST(SocketLifetime, AClosedPairStaysClosed) {
  EchoServer server(Family::kV4);
  Pair pair = pair_to(Family::kV4, server.port());
  ocfs_read_stream_close(pair.read);  // not open: nothing happens
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_NOT_OPEN);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_TRUE(write_all(pair.write, "q"));
  EXPECT_EQ(read_exact(pair.read, 1), "q");
  ocfs_read_stream_close(pair.read);
  ocfs_write_stream_close(pair.write);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.read), OCFS_STREAM_STATUS_CLOSED);
  EXPECT_EQ(ocfs_write_stream_get_status(pair.write), OCFS_STREAM_STATUS_CLOSED);
  uint8_t byte = 'z';
  EXPECT_EQ(ocfs_read_stream_read(pair.read, &byte, 1), -1);
  EXPECT_EQ(ocfs_write_stream_write(pair.write, &byte, 1), -1);
  EXPECT_FALSE(ocfs_read_stream_open(pair.read));
  EXPECT_EQ(native_handle(pair.read), kNoSocket);  // the socket is gone
}

// ---- Adopted sockets ----------------------------------------------------------------------------

#ifndef _WIN32
bool fd_is_open(Sock s) {
  return fcntl(s, F_GETFD) != -1 || errno != EBADF;
}
bool fd_is_nonblocking(Sock s) {
  return (fcntl(s, F_GETFL) & O_NONBLOCK) != 0;
}
#endif

// Whether a recv on `s` (nothing to read) waits for its 150 ms timeout, i.e. the socket blocks.
bool recv_blocks(Sock s) {
  set_recv_timeout(s, 0.15);
  auto start = Clock::now();
  char byte;
  auto n = ::recv(s, &byte, 1, 0);
  auto elapsed = Clock::now() - start;
  set_recv_timeout(s, 10);
  return n < 0 && elapsed >= std::chrono::milliseconds(100);
}

TEST(SocketLifetime, AnAdoptedSocketIsLeftOpenAndBlockingAsItCame) {
  CollectingServer peer("greeting");
  Sock s = connect_loopback(Family::kV4, peer.server.port());
  ASSERT_NE(s, kNoSocket);
#ifndef _WIN32
  ASSERT_FALSE(fd_is_nonblocking(s));
#endif
  {
    Pair pair = pair_with_socket(s);
    ASSERT_TRUE(ocfs_read_stream_open(pair.read));
    ASSERT_TRUE(ocfs_write_stream_open(pair.write));
    EXPECT_EQ(read_exact(pair.read, 8), "greeting");
    EXPECT_TRUE(write_all(pair.write, "through the pair;"));
    ocfs_read_stream_close(pair.read);
    // pair.write is released without close
  }
#ifndef _WIN32
  EXPECT_TRUE(fd_is_open(s));
  EXPECT_FALSE(fd_is_nonblocking(s));  // blocking mode restored
#endif
  EXPECT_TRUE(recv_blocks(s));
  EXPECT_TRUE(send_text(s, "still mine"));  // the socket still works
  EXPECT_TRUE(peer.wait_for("through the pair;still mine"));
  EXPECT_FALSE(peer.eof);
  close_socket(s);
  EXPECT_TRUE(peer.wait_eof());
}

TEST(SocketLifetime, AnAdoptedNonBlockingSocketStaysNonBlocking) {
  CollectingServer peer;
  Sock s = connect_loopback(Family::kV4, peer.server.port());
  ASSERT_NE(s, kNoSocket);
  ASSERT_TRUE(set_nonblocking(s, true));
  {
    Pair pair = pair_with_socket(s);
    ASSERT_TRUE(ocfs_write_stream_open(pair.write));
    EXPECT_TRUE(write_all(pair.write, "nb"));
    ocfs_write_stream_close(pair.write);
  }
#ifndef _WIN32
  EXPECT_TRUE(fd_is_open(s));
  EXPECT_TRUE(fd_is_nonblocking(s));
  EXPECT_FALSE(recv_blocks(s));
#else
  // Winsock cannot report a socket's blocking mode, so the pair leaves an adopted socket in the
  // default (blocking) mode when it is done (docs/PLATFORMS.md).
  EXPECT_TRUE(recv_blocks(s));
#endif
  EXPECT_TRUE(peer.wait_for("nb"));
  close_socket(s);
}

TEST(SocketLifetime, AnAdoptedSocketIsClosedWhenShouldCloseIsSet) {
  CollectingServer peer;
  Sock s = connect_loopback(Family::kV4, peer.server.port());
  ASSERT_NE(s, kNoSocket);
  {
    Pair pair = pair_with_socket(s);
    ASSERT_TRUE(ocfs_write_stream_set_property(
        pair.write, ocfs_stream_property_should_close_native_socket, ocfs_boolean_true));
    ASSERT_TRUE(ocfs_read_stream_open(pair.read));
    ASSERT_TRUE(ocfs_write_stream_open(pair.write));
    EXPECT_TRUE(write_all(pair.write, "bye"));
    ocfs_write_stream_close(pair.write);
    ocfs_read_stream_close(pair.read);
  }
  EXPECT_TRUE(peer.wait_eof());
  EXPECT_EQ(peer.got(), "bye");
#ifndef _WIN32
  EXPECT_FALSE(fd_is_open(s));
#endif
}

TEST(SocketLifetime, ShouldCloseFalseLeavesAHostPairsSocketOpen) {
  CollectingServer peer;
  Pair pair = pair_to(Family::kV4, peer.server.port());
  ASSERT_TRUE(ocfs_read_stream_set_property(
      pair.read, ocfs_stream_property_should_close_native_socket, ocfs_boolean_false));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_TRUE(write_all(pair.write, "1"));
  Owned<ocfs_type_ref> data(
      ocfs_write_stream_copy_property(pair.write, ocfs_stream_property_socket_native_handle));
  ASSERT_NE(data.get(), nullptr);
  Sock s = kNoSocket;
  std::memcpy(&s, ocfs_data_get_byte_ptr(static_cast<ocfs_data_ref>(data.get())), sizeof s);
  pair.read.reset();
  pair.write.reset();
  EXPECT_TRUE(send_text(s, "2"));  // ours now
  EXPECT_TRUE(peer.wait_for("12"));
  EXPECT_FALSE(peer.eof);
  close_socket(s);
  EXPECT_TRUE(peer.wait_eof());
}

// ---- Descriptor leaks -------------------------------------------------------------------------

TEST(SocketLifetime, AThousandPairsLeaveNoDescriptorBehind) {
  EchoServer server(Family::kV4);
  ASSERT_TRUE(server.ok());
  auto one_pair = [&](int i) {
    Pair pair = pair_to(Family::kV4, server.port());
    ASSERT_NE(pair.read.get(), nullptr);
    ASSERT_TRUE(ocfs_read_stream_open(pair.read));
    ASSERT_TRUE(ocfs_write_stream_open(pair.write));
    uint8_t byte = static_cast<uint8_t>(i);
    ASSERT_EQ(ocfs_write_stream_write(pair.write, &byte, 1), 1);
    uint8_t back = 0;
    ASSERT_EQ(ocfs_read_stream_read(pair.read, &back, 1), 1);
    ASSERT_EQ(back, byte);
    switch (i % 3) {
      case 0:  // close both, then release
        ocfs_read_stream_close(pair.read);
        ocfs_write_stream_close(pair.write);
        break;
      case 1:  // release only
        break;
      default:  // close one half, release both
        ocfs_write_stream_close(pair.write);
        break;
    }
  };
  // Whatever the library keeps for good exists before counting: this thread's run loop (its
  // backend and wake-up descriptors; a wait for an open that already finished never creates it).
  ocfs_run_loop_get_current();
  one_pair(0);
#ifdef __linux__
  // The echo server closes its end once it has seen ours close.
  auto wait_server = Clock::now() + std::chrono::seconds(20);  // generous: CI machines are busy
  while (server.open_connections() != 0 && Clock::now() < wait_server)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  int before = open_fd_count();
#endif
  for (int i = 1; i <= 1000; ++i) {
    SCOPED_TRACE(i);
    one_pair(i);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(server.accepted(), 1001);
#ifdef _WIN32
  GTEST_SKIP() << "Windows has no /proc/self/fd: socket handles cannot be counted portably, so "
                  "only the 1000 echoes were checked";
#else
  // Worker threads and the echo server finish asynchronously: give the count time to settle.
  auto deadline = Clock::now() + std::chrono::seconds(20);
  while ((open_fd_count() != before || server.open_connections() != 0) && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(open_fd_count(), before);
  EXPECT_EQ(server.open_connections(), 0);
#endif
}

// ---- Closing from inside callbacks ----------------------------------------------------------

TEST(SocketCallbacks, ClosingAndReleasingInsideHasBytesAvailableIsSafe) {
  CollectingServer peer("data");
  Pair pair = pair_to(Family::kV4, peer.server.port());
  ocfs_read_stream_ref r = pair.read.get();
  ocfs_write_stream_ref w = pair.write.get();
  ocfs_retain(r);
  ocfs_retain(w);
  pair = Pair{};  // the callback owns the only references now
  Recorder reads;
  std::string got;
  reads.on_event = [&](ocfs_stream_event_type type) {
    if (type != kHas) return;
    char buffer[16];
    ocfs_index n = ocfs_read_stream_read(r, reinterpret_cast<uint8_t *>(buffer), sizeof buffer);
    if (n > 0) got.assign(buffer, static_cast<size_t>(n));
    ocfs_read_stream_close(r);
    ocfs_write_stream_close(w);
    ocfs_release(r);
    ocfs_release(w);
  };
  reads.attach(r);
  ocfs_read_stream_schedule_with_run_loop(r, ocfs_run_loop_get_current(), kDefaultMode);
  ASSERT_TRUE(ocfs_read_stream_open(r));
  ASSERT_TRUE(ocfs_write_stream_open(w));
  ASSERT_TRUE(run_until([&] { return reads.has(kHas); }));
  run_for(0.2);
  EXPECT_EQ(reads.events(), (Events{kOpen, kHas})) << describe(reads.events());
  EXPECT_EQ(got, "data");
  EXPECT_TRUE(peer.wait_eof());  // both halves closed: the socket went
}

TEST(SocketCallbacks, ClosingAndReleasingInsideEndEncounteredIsSafe) {
  ScriptedServer server(Family::kV4, [](Sock c, int) { send_text(c, "bye"); });
  ocfs_read_stream_ref r = nullptr;
  auto name = str("127.0.0.1");
  ocfs_stream_create_pair_with_socket_to_host(nullptr, name, server.port(), &r, nullptr);
  ASSERT_NE(r, nullptr);
  Recorder reads;
  std::string got;
  int after_close = 0;
  bool closed = false;
  reads.on_event = [&](ocfs_stream_event_type type) {
    if (closed) ++after_close;
    if (type == kHas) {
      char buffer[16];
      ocfs_index n = ocfs_read_stream_read(r, reinterpret_cast<uint8_t *>(buffer), sizeof buffer);
      if (n > 0) got.append(buffer, static_cast<size_t>(n));
    } else if (type == kEnd) {
      ocfs_read_stream_close(r);
      ocfs_release(r);
      closed = true;
    }
  };
  reads.attach(r);
  ocfs_read_stream_schedule_with_run_loop(r, ocfs_run_loop_get_current(), kDefaultMode);
  ASSERT_TRUE(ocfs_read_stream_open(r));
  ASSERT_TRUE(run_until([&] { return closed; }));
  run_for(0.2);
  EXPECT_EQ(after_close, 0);
  EXPECT_EQ(got, "bye");
  Events events = reads.events();
  EXPECT_EQ(events.front(), kOpen);
  EXPECT_EQ(events.back(), kEnd) << describe(events);
  EXPECT_EQ(count_of(events, kEnd), 1u);
  EXPECT_EQ(count_of(events, kErr), 0u);
}

TEST(SocketCallbacks, ClosingBothHalvesInsideErrorOccurredIsSafe) {
  uint16_t port = 0;
  Sock closed_port = bind_without_listening(Family::kV4, port);
  ASSERT_NE(closed_port, kNoSocket);
  Pair pair = pair_to(Family::kV4, port);
  ocfs_read_stream_ref r = pair.read.get();
  ocfs_write_stream_ref w = pair.write.get();
  ocfs_retain(r);
  ocfs_retain(w);
  pair = Pair{};
  int callbacks = 0;
  bool closed = false;
  auto on_error = [&](ocfs_stream_event_type type) {
    ++callbacks;
    EXPECT_EQ(type, kErr);
    EXPECT_FALSE(closed) << "a callback after close";
    if (closed) return;
    closed = true;
    ocfs_read_stream_close(r);
    ocfs_write_stream_close(w);
    ocfs_release(r);
    ocfs_release(w);
  };
  Recorder reads, writes;
  reads.on_event = on_error;
  writes.on_event = on_error;
  reads.attach(r);
  writes.attach(w);
  ocfs_read_stream_schedule_with_run_loop(r, ocfs_run_loop_get_current(), kDefaultMode);
  ocfs_write_stream_schedule_with_run_loop(w, ocfs_run_loop_get_current(), kDefaultMode);
  ASSERT_TRUE(ocfs_read_stream_open(r));
  ocfs_write_stream_open(w);  // false if the connect has failed already: ERROR all the same
  ASSERT_TRUE(run_until([&] { return closed; }));
  run_for(0.2);
  EXPECT_EQ(callbacks, 1);  // the other half's pending error died with the close
  close_socket(closed_port);
}

TEST(SocketCallbacks, ClosingInsideOpenCompletedStopsEverything) {
  CollectingServer peer;
  Pair pair = pair_to(Family::kV4, peer.server.port());
  Recorder reads, writes;
  reads.on_event = [&](ocfs_stream_event_type) {
    ocfs_read_stream_close(pair.read);
    ocfs_write_stream_close(pair.write);
  };
  reads.attach(pair.read);
  writes.attach(pair.write);
  ocfs_read_stream_schedule_with_run_loop(pair.read, ocfs_run_loop_get_current(), kDefaultMode);
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));  // opened, never scheduled
  ASSERT_TRUE(run_until([&] { return reads.has(kOpen); }));
  run_for(0.2);
  EXPECT_EQ(reads.events(), (Events{kOpen})) << describe(reads.events());
  EXPECT_TRUE(writes.events().empty());
  EXPECT_TRUE(peer.wait_eof());
}

}  // namespace
