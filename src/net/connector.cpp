#include "net/connector.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>

#include <opencfstream/socket_stream.h>

#include "net/worker_pool.hpp"

namespace ocfs::net {
namespace {

using Clock = std::chrono::steady_clock;
using platform::Socket;
using platform::SocketAddress;
using stream::ErrorRecord;

constexpr auto kAttemptStagger = std::chrono::milliseconds(250);
// How often a waiting worker looks at its cancel flag.
constexpr auto kCancelCheck = std::chrono::milliseconds(50);

struct Attempt {
  Socket socket;
};

ErrorRecord netdb_error(int eai_error, int system_error) {
  if (system_error != 0) return ErrorRecord::posix(system_error);
  ErrorRecord error{OCFS_STREAM_ERROR_DOMAIN_NETDB, eai_error, platform::eai_text(eai_error)};
  return error;
}

bool resolve(ConnectRequest &request, ErrorRecord &error) {
  if (!request.addresses.empty()) return true;
  if (is_invalid_domain(request.host)) {
    error = ErrorRecord{OCFS_STREAM_ERROR_DOMAIN_NETDB, platform::eai_no_name(),
                        "\"" + request.host + "\" is in the reserved .invalid domain"};
    return false;
  }
  int eai_error = 0;
  int system_error = 0;
  if (!platform::resolve_tcp(request.host, request.port, request.addresses, eai_error,
                             system_error)) {
    error = netdb_error(eai_error, system_error);
    return false;
  }
  if (request.addresses.empty()) {
    error = netdb_error(platform::eai_no_name(), 0);
    return false;
  }
  return true;
}

int milliseconds_until(Clock::time_point when, Clock::time_point now) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(when - now).count();
  return left <= 0 ? 0 : static_cast<int>(left) + 1;  // round up: never wake just before `when`
}

// One Happy-Eyeballs race. Returns the winning socket, or kInvalidSocket with `error`.
class Race {
 public:
  Race(const ConnectRequest &request, const ConnectJob &job, Clock::time_point deadline,
       bool has_deadline)
      : order_(interleave_families(request.addresses)),
        job_(job),
        deadline_(deadline),
        has_deadline_(has_deadline) {
    // connect_at_once's attempt on the only address goes on here.
    Socket in_flight = request.in_flight ? request.in_flight->take() : platform::kInvalidSocket;
    if (in_flight != platform::kInvalidSocket) {
      pending_.push_back(in_flight);
      next_ = order_.size();
    }
  }
  ~Race() {
    for (Socket socket : pending_)
      platform::close_socket(socket);
  }

  Socket run(ErrorRecord &error) {
    Clock::time_point next_start = Clock::now();
    for (;;) {
      if (job_.cancelled()) return platform::kInvalidSocket;
      Clock::time_point now = Clock::now();
      if (has_deadline_ && now >= deadline_) {
        error = ErrorRecord::posix(ETIMEDOUT);
        return platform::kInvalidSocket;
      }
      if (next_ < order_.size() && (pending_.empty() || now >= next_start)) {
        std::size_t in_flight = pending_.size();
        Socket winner = start_next();
        if (winner != platform::kInvalidSocket) return winner;
        // An attempt that failed at once gives way to the next one at once.
        next_start = pending_.size() > in_flight ? now + kAttemptStagger : now;
        continue;
      }
      if (pending_.empty()) {
        error = ErrorRecord::posix(last_error_);
        return platform::kInvalidSocket;
      }
      Socket winner = wait(wait_budget(now, next_start));
      if (winner != platform::kInvalidSocket) return winner;
      if (failed_now_) next_start = Clock::now();  // a failure starts the next attempt at once
    }
  }

 private:
  Socket start_next() {
    const SocketAddress &address = order_[next_++];
    int error = 0;
    Socket socket = platform::open_tcp_socket(address.family, error);
    if (socket == platform::kInvalidSocket) {
      last_error_ = error;
      return platform::kInvalidSocket;
    }
    bool in_progress = false;
    if (!platform::start_connect(socket, address, in_progress, error)) {
      platform::close_socket(socket);
      last_error_ = error;
      return platform::kInvalidSocket;
    }
    if (!in_progress) return socket;
    pending_.push_back(socket);
    return platform::kInvalidSocket;
  }

  int wait_budget(Clock::time_point now, Clock::time_point next_start) const {
    Clock::time_point until = now + kCancelCheck;
    if (next_ < order_.size()) until = std::min(until, next_start);
    if (has_deadline_) until = std::min(until, deadline_);
    return milliseconds_until(until, now);
  }

  // Polls the attempts in flight; the first connected one wins, failed ones are dropped. Quiet
  // sockets are asked for their error too: WSAPoll before Windows 10 2004 never reports a
  // failed connect, so without this a refusal there would wait for the timeout.
  Socket wait(int timeout_ms) {
    failed_now_ = false;
    std::vector<platform::PollEntry> entries;
    for (Socket socket : pending_)
      entries.push_back({socket, platform::kPollOut, 0});
    int error = 0;
    if (platform::poll_sockets(entries.data(), entries.size(), timeout_ms, error) < 0) {
      return platform::kInvalidSocket;  // EINTR and the like: the loop re-checks everything
    }
    Socket winner = platform::kInvalidSocket;
    for (const platform::PollEntry &entry : entries) {
      int result = platform::connect_result(entry.socket);
      if (entry.returned == 0 && result == 0) continue;  // still in progress
      if (result == 0 && winner == platform::kInvalidSocket) {
        winner = entry.socket;
      } else if (result != 0) {
        last_error_ = result;
        failed_now_ = true;
        platform::close_socket(entry.socket);
      } else {
        continue;
      }
      pending_.erase(std::find(pending_.begin(), pending_.end(), entry.socket));
    }
    return winner;
  }

  std::vector<SocketAddress> order_;
  const ConnectJob &job_;
  Clock::time_point deadline_;
  bool has_deadline_;
  std::size_t next_ = 0;
  std::vector<Socket> pending_;
  int last_error_ = ECONNREFUSED;
  bool failed_now_ = false;
};

void connect_in_background(ConnectRequest &request, const ConnectJob &job, const ConnectDone &done,
                           Clock::time_point started) {
  bool has_deadline = request.timeout > 0;
  Clock::time_point deadline =
      started + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(has_deadline ? request.timeout : 0));
  ErrorRecord error;
  Socket socket = platform::kInvalidSocket;
  if (resolve(request, error)) {
    if (has_deadline && Clock::now() >= deadline) {
      error = ErrorRecord::posix(ETIMEDOUT);
    } else {
      socket = Race(request, job, deadline, has_deadline).run(error);
    }
  }
  if (job.cancelled()) {
    platform::close_socket(socket);
    return;
  }
  done(socket, error);
}

}  // namespace

std::vector<SocketAddress> interleave_families(const std::vector<SocketAddress> &addresses) {
  if (addresses.empty()) return {};
  int first_family = addresses.front().family;
  std::vector<SocketAddress> first, other, order;
  for (const SocketAddress &address : addresses) {
    (address.family == first_family ? first : other).push_back(address);
  }
  for (std::size_t i = 0; i < std::max(first.size(), other.size()); ++i) {
    if (i < first.size()) order.push_back(first[i]);
    if (i < other.size()) order.push_back(other[i]);
  }
  return order;
}

bool is_invalid_domain(const std::string &host) {
  std::string name = host;
  if (!name.empty() && name.back() == '.') name.pop_back();  // the root label
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  constexpr std::string_view kSuffix = ".invalid";
  return name == "invalid" ||
         (name.size() > kSuffix.size() &&
          name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0);
}

Socket connect_at_once(ConnectRequest &request) {
  if (request.addresses.empty() && platform::is_numeric_host(request.host)) {
    int eai_error = 0;
    int system_error = 0;  // a numeric host is parsed, never looked up
    platform::resolve_tcp(request.host, request.port, request.addresses, eai_error, system_error);
  }
  if (request.addresses.size() != 1) return platform::kInvalidSocket;
  const SocketAddress &address = request.addresses.front();
  int error = 0;
  Socket socket = platform::open_tcp_socket(address.family, error);
  if (socket == platform::kInvalidSocket) return platform::kInvalidSocket;
  bool in_progress = false;
  bool started = platform::start_connect(socket, address, in_progress, error);
  if (started && in_progress) {
    platform::PollEntry entry{socket, platform::kPollOut, 0};
    if (platform::poll_sockets(&entry, 1, 0, error) <= 0 || entry.returned == 0) {
      request.in_flight = std::make_shared<InFlightSocket>(socket);
      return platform::kInvalidSocket;
    }
    started = platform::connect_result(socket) == 0;
  }
  if (!started) {
    platform::close_socket(socket);
    return platform::kInvalidSocket;
  }
  return socket;
}

std::shared_ptr<ConnectJob> start_connecting(ConnectRequest request, ConnectDone done) {
  auto job = std::make_shared<ConnectJob>();
  Clock::time_point started = Clock::now();
  bool queued = run_in_background(
      [job, request = std::move(request), done = std::move(done), started]() mutable {
        connect_in_background(request, *job, done, started);
      });
  return queued ? job : nullptr;
}

}  // namespace ocfs::net
