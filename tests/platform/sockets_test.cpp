// Socket primitives: pairs, non-blocking I/O, error translation, readiness, no SIGPIPE.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#if defined(_WIN32)
#include <winsock2.h>
#else
#include <csignal>
#endif

#include "platform_test_util.hpp"

namespace {

using namespace ocfs::platform;
using ocfs_test::poll_one;
using ocfs_test::SocketPair;

std::string recv_all_available(Socket socket) {
  std::string received;
  char buffer[4096];
  int error = 0;
  std::ptrdiff_t n;
  while ((n = socket_recv(socket, buffer, sizeof buffer, error)) > 0)
    received.append(buffer, n);
  return received;
}

TEST(Sockets, PairCarriesBytesBothWays) {
  SocketPair pair;
  int error = 0;
  EXPECT_EQ(socket_send(pair.ends[0], "ping", 4, error), 4);
  ASSERT_NE(poll_one(pair.ends[1], kPollIn, 1000) & kPollIn, 0u);
  EXPECT_EQ(recv_all_available(pair.ends[1]), "ping");
  EXPECT_EQ(socket_send(pair.ends[1], "pong!", 5, error), 5);
  ASSERT_NE(poll_one(pair.ends[0], kPollIn, 1000) & kPollIn, 0u);
  EXPECT_EQ(recv_all_available(pair.ends[0]), "pong!");
}

TEST(Sockets, EmptyNonBlockingReceiveIsEAGAIN) {
  SocketPair pair;
  char byte;
  int error = 0;
  EXPECT_EQ(socket_recv(pair.ends[0], &byte, 1, error), -1);
  EXPECT_EQ(error, EAGAIN);
}

TEST(Sockets, PeerCloseIsEndOfStream) {
  SocketPair pair;
  pair.close(1);
  unsigned events = poll_one(pair.ends[0], kPollIn, 1000);
  EXPECT_NE(events & (kPollIn | kPollHangup), 0u);
  char byte;
  int error = 0;
  EXPECT_EQ(socket_recv(pair.ends[0], &byte, 1, error), 0);
}

TEST(Sockets, SendingToAClosedPeerFailsWithoutSIGPIPE) {
#if !defined(_WIN32)
  // With SIGPIPE at its default action a raised SIGPIPE would kill this test process.
  struct sigaction previous {};
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &default_action, &previous);
#endif
  SocketPair pair;
  pair.close(1);
  std::vector<char> chunk(65536, 'x');
  int error = 0;
  std::ptrdiff_t result = 0;
  for (int i = 0; i < 64 && result >= 0; ++i) {
    result = socket_send(pair.ends[0], chunk.data(), chunk.size(), error);
  }
  EXPECT_EQ(result, -1);
  EXPECT_TRUE(error == EPIPE || error == ECONNRESET || error == ECONNABORTED) << error;
#if !defined(_WIN32)
  sigaction(SIGPIPE, &previous, nullptr);
#endif
}

TEST(Sockets, FullSendBufferIsEAGAIN) {
  SocketPair pair;
  std::vector<char> chunk(65536, 'y');
  int error = 0;
  std::ptrdiff_t result = 0;
  size_t sent = 0;
  for (int i = 0; i < 4096 && result >= 0; ++i) {
    result = socket_send(pair.ends[0], chunk.data(), chunk.size(), error);
    if (result > 0) sent += static_cast<size_t>(result);
  }
  EXPECT_EQ(result, -1);
  EXPECT_EQ(error, EAGAIN);
  EXPECT_GT(sent, 0u);
  EXPECT_EQ(poll_one(pair.ends[0], kPollOut, 0) & kPollOut, 0u);  // not writable while full
}

TEST(Sockets, PollReportsReadinessAndTimesOut) {
  SocketPair pair;
  EXPECT_EQ(poll_one(pair.ends[1], kPollIn, 0), 0u);
  EXPECT_NE(poll_one(pair.ends[1], kPollOut, 0) & kPollOut, 0u);
  int error = 0;
  ASSERT_EQ(socket_send(pair.ends[0], "z", 1, error), 1);
  EXPECT_NE(poll_one(pair.ends[1], kPollIn, 1000) & kPollIn, 0u);

  PollEntry entries[2] = {{pair.ends[0], kPollIn, 0}, {pair.ends[1], kPollIn, 0}};
  EXPECT_EQ(poll_sockets(entries, 2, 0, error), 1);
  EXPECT_EQ(entries[0].returned, 0u);
  EXPECT_NE(entries[1].returned & kPollIn, 0u);
}

TEST(Sockets, BlockingModeCanBeToggled) {
  SocketPair pair;
  int error = 0;
  EXPECT_TRUE(set_nonblocking(pair.ends[0], false, error));
  EXPECT_TRUE(set_nonblocking(pair.ends[0], true, error));
  char byte;
  EXPECT_EQ(socket_recv(pair.ends[0], &byte, 1, error), -1);
  EXPECT_EQ(error, EAGAIN);
}

TEST(Sockets, OperationsOnAnInvalidSocketReportAnError) {
  int error = 0;
  char byte = 0;
  EXPECT_EQ(socket_send(kInvalidSocket, &byte, 1, error), -1);
  EXPECT_TRUE(error == EBADF || error == ENOTSOCK) << error;
}

#if defined(_WIN32)
TEST(Sockets, WinsockErrorsTranslateToErrnoValues) {
  struct Case {
    int wsa;
    int posix;
  } cases[] = {
      {WSAEWOULDBLOCK, EAGAIN},    {WSAECONNREFUSED, ECONNREFUSED}, {WSAECONNRESET, ECONNRESET},
      {WSAETIMEDOUT, ETIMEDOUT},   {WSAEHOSTUNREACH, EHOSTUNREACH}, {WSAENETUNREACH, ENETUNREACH},
      {WSAEADDRINUSE, EADDRINUSE}, {WSAEINPROGRESS, EINPROGRESS},   {WSAENOTCONN, ENOTCONN},
      {WSAESHUTDOWN, EPIPE},       {WSAENOTSOCK, ENOTSOCK},         {WSAEINTR, EINTR}};
  for (const Case &c : cases)
    EXPECT_EQ(translate_socket_error(c.wsa), c.posix) << c.wsa;
  EXPECT_EQ(translate_socket_error(99999), EIO);
}
#else
TEST(Sockets, PosixErrorsPassThroughExceptWouldBlock) {
  EXPECT_EQ(translate_socket_error(ECONNREFUSED), ECONNREFUSED);
  EXPECT_EQ(translate_socket_error(EWOULDBLOCK), EAGAIN);
}
#endif

}  // namespace
