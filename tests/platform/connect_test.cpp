// Connecting: resolution of numeric addresses and "localhost", non-blocking connects to loopback
// listeners, refused connects and the socket queries around them. Only 127.0.0.1 and ::1 are ever
// touched; no name but "localhost" is resolved, so no DNS traffic is sent.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include "platform_test_util.hpp"

namespace {

using namespace ocfs::platform;
using ocfs_test::poll_one;

#if defined(_WIN32)
using NativeLength = int;
#else
using NativeLength = socklen_t;
#endif

// Closes a socket at the end of a scope.
struct ScopedSocket {
  Socket socket = kInvalidSocket;
  explicit ScopedSocket(Socket s = kInvalidSocket) : socket(s) {}
  ScopedSocket(const ScopedSocket &) = delete;
  ScopedSocket &operator=(const ScopedSocket &) = delete;
  ~ScopedSocket() { close_socket(socket); }
};

// The loopback address of `family` on `port` (0: any port).
SocketAddress loopback(int family, uint16_t port) {
  SocketAddress address;
  address.family = family;
  if (family == AF_INET) {
    sockaddr_in native = {};
    native.sin_family = AF_INET;
    native.sin_port = htons(port);
    native.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.length = sizeof native;
    std::memcpy(address.bytes, &native, sizeof native);
  } else {
    sockaddr_in6 native = {};
    native.sin6_family = AF_INET6;
    native.sin6_port = htons(port);
    native.sin6_addr = in6addr_loopback;
    address.length = sizeof native;
    std::memcpy(address.bytes, &native, sizeof native);
  }
  return address;
}

// A TCP socket bound to the loopback address of `family` on a port the system picks, listening
// when `listening` (otherwise connects to it are refused). `address` is where it is bound.
struct LoopbackSocket {
  ScopedSocket socket;
  SocketAddress address;
  int error = 0;  // why bind/listen failed (errno value)

  LoopbackSocket(int family, bool listening) {
    EXPECT_TRUE(ocfs_library_init());
    socket.socket = open_tcp_socket(family, error);
    if (socket.socket == kInvalidSocket) return;
    SocketAddress any_port = loopback(family, 0);
    NativeLength length = static_cast<NativeLength>(sizeof address.bytes);
    if (bind(socket.socket, reinterpret_cast<const sockaddr *>(any_port.bytes),
             static_cast<NativeLength>(any_port.length)) != 0 ||
        getsockname(socket.socket, reinterpret_cast<sockaddr *>(address.bytes), &length) != 0 ||
        (listening && listen(socket.socket, 8) != 0)) {
      error = last_socket_error();
      close_socket(socket.socket);
      socket.socket = kInvalidSocket;
      return;
    }
    address.family = family;
    address.length = static_cast<std::size_t>(length);
  }
  bool ok() const { return socket.socket != kInvalidSocket; }
};

bool is_loopback(const SocketAddress &address) {
  std::string text = address_text(address);
  if (address.family == AF_INET) return text.rfind("127.", 0) == 0;
  return address.family == AF_INET6 && text == "::1";
}

// Starts a connect to `address` and waits for its outcome: 0 when connected, else an errno value.
int connect_and_wait(Socket socket, const SocketAddress &address) {
  bool in_progress = false;
  int error = 0;
  if (!start_connect(socket, address, in_progress, error)) {
    EXPECT_NE(error, 0);
    return error;
  }
  if (in_progress) {
    // A refused connect may be reported as an error or a hang-up rather than writability.
    unsigned events = poll_one(socket, kPollOut, 10000);
    EXPECT_NE(events & (kPollOut | kPollError | kPollHangup), 0u) << "connect did not finish";
  }
  return connect_result(socket);
}

// Connects to a listener of `family` and checks the addresses both ends see.
void connect_to_loopback_listener(int family, const char *expected_text) {
  LoopbackSocket listener(family, true);
  if (family == AF_INET6 && !listener.ok() &&
      (listener.error == EAFNOSUPPORT || listener.error == EADDRNOTAVAIL)) {
    GTEST_SKIP() << "no IPv6 loopback here (errno " << listener.error << ")";
  }
  ASSERT_TRUE(listener.ok()) << "errno " << listener.error;
  uint16_t port = address_port(listener.address);
  ASSERT_NE(port, 0);

  int error = 0;
  ScopedSocket client(open_tcp_socket(family, error));
  ASSERT_NE(client.socket, kInvalidSocket) << "errno " << error;
  EXPECT_TRUE(is_stream_socket(client.socket));
  ASSERT_EQ(connect_and_wait(client.socket, listener.address), 0);

  SocketAddress peer;
  ASSERT_TRUE(peer_address(client.socket, peer));
  EXPECT_EQ(peer.family, family);
  EXPECT_EQ(address_text(peer), expected_text);
  EXPECT_EQ(address_port(peer), port);

  // The listener has the connection queued: accept it and close both ends.
  ASSERT_NE(poll_one(listener.socket.socket, kPollIn, 10000) & kPollIn, 0u);
  ScopedSocket accepted(accept(listener.socket.socket, nullptr, nullptr));
  EXPECT_NE(accepted.socket, kInvalidSocket) << "errno " << last_socket_error();
  EXPECT_TRUE(is_stream_socket(accepted.socket));
}

TEST(Connect, ResolvesNumericIPv4) {
  ASSERT_TRUE(ocfs_library_init());
  std::vector<SocketAddress> addresses;
  int eai_error = 0, system_error = 0;
  ASSERT_TRUE(resolve_tcp("127.0.0.1", 8080, addresses, eai_error, system_error))
      << eai_text(eai_error);
  ASSERT_EQ(addresses.size(), 1u);
  EXPECT_EQ(addresses[0].family, AF_INET);
  EXPECT_EQ(addresses[0].length, sizeof(sockaddr_in));
  EXPECT_EQ(address_text(addresses[0]), "127.0.0.1");
  EXPECT_EQ(address_port(addresses[0]), 8080);
}

TEST(Connect, ResolvesNumericIPv6) {
  ASSERT_TRUE(ocfs_library_init());
  std::vector<SocketAddress> addresses;
  int eai_error = 0, system_error = 0;
  ASSERT_TRUE(resolve_tcp("::1", 443, addresses, eai_error, system_error)) << eai_text(eai_error);
  ASSERT_EQ(addresses.size(), 1u);
  EXPECT_EQ(addresses[0].family, AF_INET6);
  EXPECT_EQ(addresses[0].length, sizeof(sockaddr_in6));
  EXPECT_EQ(address_text(addresses[0]), "::1");
  EXPECT_EQ(address_port(addresses[0]), 443);
}

TEST(Connect, ResolvesLocalhostToLoopbackAddresses) {
  ASSERT_TRUE(ocfs_library_init());
  std::vector<SocketAddress> addresses;
  int eai_error = 0, system_error = 0;
  ASSERT_TRUE(resolve_tcp("localhost", 65535, addresses, eai_error, system_error))
      << eai_text(eai_error);
  ASSERT_FALSE(addresses.empty());
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    const SocketAddress &address = addresses[i];
    EXPECT_TRUE(address.family == AF_INET || address.family == AF_INET6) << address.family;
    EXPECT_TRUE(is_loopback(address)) << address_text(address);
    EXPECT_EQ(address_port(address), 65535);
    for (std::size_t j = 0; j < i; ++j) {  // duplicates are dropped
      EXPECT_FALSE(addresses[j].length == address.length &&
                   std::memcmp(addresses[j].bytes, address.bytes, address.length) == 0);
    }
  }
}

TEST(Connect, ResolveReplacesPreviousResults) {
  ASSERT_TRUE(ocfs_library_init());
  std::vector<SocketAddress> addresses(3);
  int eai_error = 0, system_error = 0;
  ASSERT_TRUE(resolve_tcp("127.0.0.1", 1, addresses, eai_error, system_error));
  EXPECT_EQ(addresses.size(), 1u);
}

TEST(Connect, EmptyHostIsNoName) {
  ASSERT_TRUE(ocfs_library_init());
  std::vector<SocketAddress> addresses;
  int eai_error = 0, system_error = 0;
  EXPECT_FALSE(resolve_tcp("", 80, addresses, eai_error, system_error));
  EXPECT_EQ(eai_error, eai_no_name());
  EXPECT_TRUE(addresses.empty());
}

TEST(Connect, OverlongHostIsNoNameWithoutAskingTheResolver) {
  ASSERT_TRUE(ocfs_library_init());
  std::vector<SocketAddress> addresses;
  int eai_error = 0, system_error = 0;
  EXPECT_FALSE(resolve_tcp(std::string(1025, 'a'), 80, addresses, eai_error, system_error));
  EXPECT_EQ(eai_error, eai_no_name());
  EXPECT_TRUE(addresses.empty());
}

TEST(Connect, NoNameHasAText) {
  EXPECT_NE(eai_no_name(), 0);
  EXPECT_FALSE(eai_text(eai_no_name()).empty());
}

TEST(Connect, NumericHostsAreRecognised) {
  EXPECT_TRUE(is_numeric_host("127.0.0.1"));
  EXPECT_TRUE(is_numeric_host("0.0.0.0"));
  EXPECT_TRUE(is_numeric_host("::1"));
  EXPECT_TRUE(is_numeric_host("::"));
  EXPECT_TRUE(is_numeric_host("fe80::1"));
  EXPECT_TRUE(is_numeric_host("2001:db8::8a2e:370:7334"));
  EXPECT_TRUE(is_numeric_host("::ffff:192.0.2.1"));
  EXPECT_FALSE(is_numeric_host(""));
  EXPECT_FALSE(is_numeric_host("localhost"));
  EXPECT_FALSE(is_numeric_host("example.com"));
  EXPECT_FALSE(is_numeric_host("256.0.0.1"));
  EXPECT_FALSE(is_numeric_host("1.2.3"));
  EXPECT_FALSE(is_numeric_host("[::1]"));
  EXPECT_FALSE(is_numeric_host("127.0.0.1:80"));
  EXPECT_FALSE(is_numeric_host(std::string("127.0.0.1\0x", 11)));
}

TEST(Connect, ConnectsToAnIPv4LoopbackListener) {
  connect_to_loopback_listener(AF_INET, "127.0.0.1");
}

TEST(Connect, ConnectsToAnIPv6LoopbackListener) {
  connect_to_loopback_listener(AF_INET6, "::1");
}

TEST(Connect, ConnectToAClosedPortIsRefused) {
  // A bound socket that does not listen: its port is closed, and no one else can take it.
  LoopbackSocket closed(AF_INET, false);
  ASSERT_TRUE(closed.ok()) << "errno " << closed.error;
  int error = 0;
  ScopedSocket client(open_tcp_socket(AF_INET, error));
  ASSERT_NE(client.socket, kInvalidSocket) << "errno " << error;
  EXPECT_EQ(connect_and_wait(client.socket, closed.address), ECONNREFUSED);
  SocketAddress peer;
  EXPECT_FALSE(peer_address(client.socket, peer));
}

TEST(Connect, NewSocketsAreNonBlockingStreamSockets) {
  ASSERT_TRUE(ocfs_library_init());
  int error = 0;
  ScopedSocket socket(open_tcp_socket(AF_INET, error));
  ASSERT_NE(socket.socket, kInvalidSocket) << "errno " << error;
  EXPECT_TRUE(is_stream_socket(socket.socket));
  bool known = true;
  bool nonblocking = is_nonblocking(socket.socket, known);
#if defined(_WIN32)
  EXPECT_FALSE(known);
  EXPECT_FALSE(nonblocking);
#else
  EXPECT_TRUE(known);
  EXPECT_TRUE(nonblocking);
  ASSERT_TRUE(set_nonblocking(socket.socket, false, error));
  EXPECT_FALSE(is_nonblocking(socket.socket, known));
  EXPECT_TRUE(known);
#endif
  // Not connected yet: no peer.
  SocketAddress peer;
  EXPECT_FALSE(peer_address(socket.socket, peer));
}

TEST(Connect, NoDelayCanBeSet) {
  ASSERT_TRUE(ocfs_library_init());
  int error = 0;
  ScopedSocket socket(open_tcp_socket(AF_INET, error));
  ASSERT_NE(socket.socket, kInvalidSocket) << "errno " << error;
  EXPECT_TRUE(set_no_delay(socket.socket, true, error)) << "errno " << error;
  EXPECT_TRUE(set_no_delay(socket.socket, false, error)) << "errno " << error;
}

TEST(Connect, OnlyStreamSocketsAreStreamSockets) {
  ASSERT_TRUE(ocfs_library_init());
  EXPECT_FALSE(is_stream_socket(kInvalidSocket));
  ScopedSocket datagram(static_cast<Socket>(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)));
  ASSERT_NE(datagram.socket, kInvalidSocket) << "errno " << last_socket_error();
  EXPECT_FALSE(is_stream_socket(datagram.socket));
}

TEST(Connect, UnknownFamilyCannotBeOpened) {
  ASSERT_TRUE(ocfs_library_init());
  int error = 0;
  EXPECT_EQ(open_tcp_socket(-1, error), kInvalidSocket);
  EXPECT_NE(error, 0);
}

TEST(Connect, AddressesOfUnknownFamiliesHaveNoTextOrPort) {
  SocketAddress address;
  EXPECT_EQ(address_text(address), "");
  EXPECT_EQ(address_port(address), 0);
}

}  // namespace
