// The connector on its own (internal): the address order, the Happy-Eyeballs race between a
// stalled address and a good one, failover after a refusal, the connect timeout, ".invalid" names,
// cancellation, and the fast path on the caller's thread for numeric addresses. Loopback only:
// 127.0.0.1 and ::1.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include "net/connector.hpp"

namespace {

using namespace ocfs::net;
using ocfs::platform::Socket;
using ocfs::platform::SocketAddress;
using ocfs::stream::ErrorRecord;
using Clock = std::chrono::steady_clock;

#if defined(_WIN32)
using NativeLength = int;
#else
using NativeLength = socklen_t;
#endif

SocketAddress loopback(int family) {
  SocketAddress address;
  address.family = family;
  if (family == AF_INET) {
    sockaddr_in native = {};
    native.sin_family = AF_INET;
    native.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.length = sizeof native;
    std::memcpy(address.bytes, &native, sizeof native);
  } else {
    sockaddr_in6 native = {};
    native.sin6_family = AF_INET6;
    native.sin6_addr = in6addr_loopback;
    address.length = sizeof native;
    std::memcpy(address.bytes, &native, sizeof native);
  }
  return address;
}

// A socket bound to a loopback port: listening normally, not listening ("refused"), or listening
// with a backlog filled by connections nobody accepts ("stalled": new SYNs are dropped).
class Endpoint {
 public:
  enum Kind { kListening, kRefusing, kStalled };

  Endpoint(int family, Kind kind) {
    EXPECT_TRUE(ocfs_library_init());
    int error = 0;
    socket_ = ocfs::platform::open_tcp_socket(family, error);
    SocketAddress any = loopback(family);
    NativeLength length = static_cast<NativeLength>(sizeof address_.bytes);
    EXPECT_EQ(bind(socket_, reinterpret_cast<const sockaddr *>(any.bytes),
                   static_cast<NativeLength>(any.length)),
              0);
    EXPECT_EQ(getsockname(socket_, reinterpret_cast<sockaddr *>(address_.bytes), &length), 0);
    address_.length = static_cast<size_t>(length);
    address_.family = family;
    if (kind == kRefusing) return;
    EXPECT_EQ(listen(socket_, kind == kStalled ? 0 : 8), 0);
    if (kind == kStalled) fill_backlog();
  }
  ~Endpoint() {
    for (Socket filler : fillers_)
      ocfs::platform::close_socket(filler);
    ocfs::platform::close_socket(socket_);
  }
  const SocketAddress &address() const { return address_; }

 private:
  void fill_backlog() {
    // Linux queues backlog + 1 connections; a few more make sure every slot is taken.
    for (int i = 0; i < 4; ++i) {
      int error = 0;
      bool in_progress = false;
      Socket filler = ocfs::platform::open_tcp_socket(address_.family, error);
      ocfs::platform::start_connect(filler, address_, in_progress, error);
      fillers_.push_back(filler);
    }
  }

  Socket socket_ = ocfs::platform::kInvalidSocket;
  SocketAddress address_;
  std::vector<Socket> fillers_;
};

// Runs one connect and waits for its outcome.
struct Outcome {
  std::mutex mutex;
  std::condition_variable done;
  bool finished = false;
  Socket socket = ocfs::platform::kInvalidSocket;
  ErrorRecord error;
  SocketAddress peer;
  double seconds = 0;

  ~Outcome() { ocfs::platform::close_socket(socket); }

  void run(ConnectRequest request) {
    Clock::time_point started = Clock::now();
    auto job =
        start_connecting(std::move(request), [this, started](Socket s, const ErrorRecord &e) {
          std::lock_guard lock(mutex);
          socket = s;
          error = e;
          if (s != ocfs::platform::kInvalidSocket) ocfs::platform::peer_address(s, peer);
          seconds = std::chrono::duration<double>(Clock::now() - started).count();
          finished = true;
          done.notify_all();
        });
    ASSERT_NE(job, nullptr);
    std::unique_lock lock(mutex);
    ASSERT_TRUE(done.wait_for(lock, std::chrono::seconds(20), [&] { return finished; }));
  }
};

TEST(ConnectorTest, InterleavesFamiliesKeepingTheFirstFamilyFirst) {
  SocketAddress v6 = loopback(AF_INET6), v4 = loopback(AF_INET);
  auto order = interleave_families({v6, v6, v6, v4});
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order[0].family, AF_INET6);
  EXPECT_EQ(order[1].family, AF_INET);
  EXPECT_EQ(order[2].family, AF_INET6);
  EXPECT_EQ(order[3].family, AF_INET6);
  order = interleave_families({v4, v6});
  EXPECT_EQ(order[0].family, AF_INET);
  EXPECT_EQ(order[1].family, AF_INET6);
  EXPECT_TRUE(interleave_families({}).empty());
}

TEST(ConnectorTest, RecognisesTheInvalidDomain) {
  EXPECT_TRUE(is_invalid_domain("nothing.invalid"));
  EXPECT_TRUE(is_invalid_domain("a.b.INVALID."));
  EXPECT_TRUE(is_invalid_domain("invalid"));
  EXPECT_FALSE(is_invalid_domain("invalid.example"));
  EXPECT_FALSE(is_invalid_domain("notinvalid"));
  EXPECT_FALSE(is_invalid_domain("127.0.0.1"));
}

TEST(ConnectorTest, InvalidDomainFailsWithNoNameWithoutResolving) {
  ConnectRequest request;
  request.host = "host.invalid";
  request.port = 80;
  Outcome outcome;
  outcome.run(request);
  EXPECT_EQ(outcome.error.domain, OCFS_STREAM_ERROR_DOMAIN_NETDB);
  EXPECT_EQ(outcome.error.code, ocfs::platform::eai_no_name());
  EXPECT_EQ(outcome.socket, ocfs::platform::kInvalidSocket);
}

TEST(ConnectorTest, RefusedAddressFailsOverToTheNextAtOnce) {
  Endpoint refusing(AF_INET6, Endpoint::kRefusing);
  Endpoint good(AF_INET, Endpoint::kListening);
  ConnectRequest request;
  request.addresses = {refusing.address(), good.address()};
  Outcome outcome;
  outcome.run(request);
  ASSERT_FALSE(outcome.error.is_set()) << outcome.error.code;
  EXPECT_EQ(outcome.peer.family, AF_INET);
  EXPECT_EQ(ocfs::platform::address_port(outcome.peer),
            ocfs::platform::address_port(good.address()));
  EXPECT_LT(outcome.seconds, 0.2);  // a refusal does not wait for the stagger
}

TEST(ConnectorTest, StalledAddressLosesTheRaceAfterTheStagger) {
  Endpoint stalled(AF_INET, Endpoint::kStalled);
  Endpoint good(AF_INET6, Endpoint::kListening);
  ConnectRequest request;
  request.addresses = {stalled.address(), good.address()};
  Outcome outcome;
  outcome.run(request);
  ASSERT_FALSE(outcome.error.is_set()) << outcome.error.code;
  EXPECT_EQ(outcome.peer.family, AF_INET6);
  EXPECT_GE(outcome.seconds, 0.24);  // the second attempt starts 250 ms after the first
  EXPECT_LT(outcome.seconds, 5.0);
}

TEST(ConnectorTest, AllRefusedReportsTheLastError) {
  Endpoint first(AF_INET, Endpoint::kRefusing);
  Endpoint second(AF_INET6, Endpoint::kRefusing);
  ConnectRequest request;
  request.addresses = {first.address(), second.address()};
  Outcome outcome;
  outcome.run(request);
  EXPECT_EQ(outcome.error.domain, OCFS_STREAM_ERROR_DOMAIN_POSIX);
  EXPECT_EQ(outcome.error.code, ECONNREFUSED);
}

TEST(ConnectorTest, TimesOutWhenNoAddressAnswers) {
  Endpoint stalled(AF_INET, Endpoint::kStalled);
  ConnectRequest request;
  request.addresses = {stalled.address()};
  request.timeout = 0.3;
  Outcome outcome;
  outcome.run(request);
  EXPECT_EQ(outcome.error.domain, OCFS_STREAM_ERROR_DOMAIN_POSIX);
  EXPECT_EQ(outcome.error.code, ETIMEDOUT);
  EXPECT_GE(outcome.seconds, 0.29);
  EXPECT_LT(outcome.seconds, 3.0);
}

TEST(ConnectorTest, CancelledJobNeverReports) {
  Endpoint stalled(AF_INET, Endpoint::kStalled);
  ConnectRequest request;
  request.addresses = {stalled.address()};
  request.timeout = 0.3;
  std::mutex mutex;
  bool called = false;
  auto job = start_connecting(request, [&](Socket s, const ErrorRecord &) {
    ocfs::platform::close_socket(s);
    std::lock_guard lock(mutex);
    called = true;
  });
  ASSERT_NE(job, nullptr);
  job->cancel();
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  std::lock_guard lock(mutex);
  EXPECT_FALSE(called);
}

// ---- The fast path: connect_at_once ----

std::string numeric_text(const SocketAddress &address) {
  return ocfs::platform::address_text(address);
}

TEST(ConnectAtOnceTest, ConnectsANumericLoopbackHostOnTheCallingThread) {
  for (int family : {AF_INET, AF_INET6}) {
    Endpoint good(family, Endpoint::kListening);
    ConnectRequest request;
    request.host = numeric_text(good.address());
    request.port = ocfs::platform::address_port(good.address());
    Socket socket = connect_at_once(request);
#if defined(_WIN32)
    // Winsock may finish a loopback connect a moment after connect() returns: then the attempt
    // is in flight and the background race completes it.
    if (socket == ocfs::platform::kInvalidSocket) {
      ASSERT_NE(request.in_flight, nullptr) << request.host;
      Outcome outcome;
      outcome.run(request);
      ASSERT_FALSE(outcome.error.is_set()) << outcome.error.code;
      EXPECT_EQ(ocfs::platform::address_port(outcome.peer), request.port);
      continue;
    }
#endif
    ASSERT_NE(socket, ocfs::platform::kInvalidSocket) << request.host;
    SocketAddress peer;
    ASSERT_TRUE(ocfs::platform::peer_address(socket, peer));
    EXPECT_EQ(ocfs::platform::address_port(peer), request.port);
    EXPECT_EQ(peer.family, family);
    EXPECT_EQ(request.in_flight, nullptr);
    ocfs::platform::close_socket(socket);
  }
}

TEST(ConnectAtOnceTest, NamesAndSeveralAddressesAreLeftToTheBackground) {
  Endpoint good(AF_INET, Endpoint::kListening);
  ConnectRequest named;
  named.host = "localhost";  // resolving may block: never on the caller's thread
  named.port = ocfs::platform::address_port(good.address());
  EXPECT_EQ(connect_at_once(named), ocfs::platform::kInvalidSocket);
  EXPECT_TRUE(named.addresses.empty());
  EXPECT_EQ(named.in_flight, nullptr);

  Endpoint other(AF_INET6, Endpoint::kListening);
  ConnectRequest raced;  // a race between addresses is the background's job
  raced.addresses = {good.address(), other.address()};
  EXPECT_EQ(connect_at_once(raced), ocfs::platform::kInvalidSocket);
  EXPECT_EQ(raced.in_flight, nullptr);
}

TEST(ConnectAtOnceTest, AnAttemptFailedAtOnceIsMadeAgainAndReportedByTheBackground) {
  Endpoint refusing(AF_INET, Endpoint::kRefusing);
  ConnectRequest request;
  request.host = "127.0.0.1";
  request.port = ocfs::platform::address_port(refusing.address());
  EXPECT_EQ(connect_at_once(request), ocfs::platform::kInvalidSocket);
  ASSERT_EQ(request.addresses.size(), 1u);  // parsed, so the background does not resolve again
  Outcome outcome;
  outcome.run(request);
  EXPECT_EQ(outcome.error.domain, OCFS_STREAM_ERROR_DOMAIN_POSIX);
  EXPECT_EQ(outcome.error.code, ECONNREFUSED);
}

TEST(ConnectAtOnceTest, AnAttemptStillInFlightIsTakenOverByTheRace) {
  Endpoint stalled(AF_INET, Endpoint::kStalled);
  ConnectRequest request;
  request.addresses = {stalled.address()};
  request.timeout = 0.3;
  EXPECT_EQ(connect_at_once(request), ocfs::platform::kInvalidSocket);
  ASSERT_NE(request.in_flight, nullptr);
  std::shared_ptr<InFlightSocket> in_flight = request.in_flight;
  Outcome outcome;
  outcome.run(request);
  EXPECT_EQ(outcome.error.code, ETIMEDOUT);
  EXPECT_GE(outcome.seconds, 0.29);
  // The race took the socket (and closed it when it gave up): nothing is left to close here.
  EXPECT_EQ(in_flight->take(), ocfs::platform::kInvalidSocket);
}

}  // namespace
