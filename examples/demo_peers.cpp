// The demo's loopback peers: an HTTP CONNECT proxy and a TLS server with two names. The server is
// the project's TLS test server (tests/support/tls), the proxy is written here on the same socket
// helpers, so both build on POSIX and on Windows. See demo_peers.h.
#include "tls/socket_io.hpp"  // first: winsock2.h before anything that includes windows.h

#include "demo_peers.h"

#include <cerrno>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tls/test_certificates.hpp"
#include "tls/tls_test_server.hpp"

namespace {

using namespace ocfs_test::tls;
using namespace ocfs_test::tls::detail;

constexpr const char kDefaultHost[] = "proxy.local";
constexpr const char kSecureHost[] = "secure.example";
constexpr const char kCaName[] = "OpenCFStream Demo CA";

// One printf per line, so lines from the peers' threads never mix with the app's.
void say(const std::string &line) {
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

std::string port_text(uint16_t port) {
  return std::to_string(static_cast<unsigned>(port));
}

// What the proxy did with one accepted connection.
struct Tunnel {
  std::string target;  // the CONNECT request's host:port; empty if none came
  uint64_t to_server = 0;
  uint64_t to_app = 0;
  std::string end;  // how it ended
  bool finished = false;
};

// An HTTP CONNECT proxy on 127.0.0.1: every tunnel goes to the TLS server, whatever host the
// request names (the names are made up and never looked up).
class ConnectProxy {
 public:
  explicit ConnectProxy(uint16_t server_port) : server_port_(server_port) {}
  ~ConnectProxy() { stop(); }
  ConnectProxy(const ConnectProxy &) = delete;
  ConnectProxy &operator=(const ConnectProxy &) = delete;

  bool start(std::string &error);
  uint16_t port() const { return port_; }
  // Waits until every tunnel ended by itself, at most `limit`.
  void wait_idle(std::chrono::milliseconds limit) const;
  std::vector<Tunnel> tunnels() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return tunnels_;
  }
  void stop();

 private:
  void accept_loop();
  void serve(socket_t fd, size_t index);
  void relay(socket_t app, socket_t server, size_t index);
  void finish(size_t index, const std::string &end) {
    std::lock_guard<std::mutex> lock(mutex_);
    tunnels_[index].end = end;
    tunnels_[index].finished = true;
  }

  uint16_t server_port_;
  uint16_t port_ = 0;
  socket_t listener_ = kInvalidSocket;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<Tunnel> tunnels_;
  std::vector<std::thread> workers_;
};

bool ConnectProxy::start(std::string &error) {
  listener_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (listener_ == kInvalidSocket) {
    error = "proxy socket: " + socket_error_text(last_socket_error());
    return false;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(listener_, reinterpret_cast<const sockaddr *>(&address), length) != 0 ||
      listen(listener_, 16) != 0 || !set_nonblocking(listener_) ||
      getsockname(listener_, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
    error = "proxy bind/listen: " + socket_error_text(last_socket_error());
    close_socket(listener_);
    listener_ = kInvalidSocket;
    return false;
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
  return true;
}

void ConnectProxy::accept_loop() {
  IoContext io;
  io.fd = listener_;
  io.stop = &stopping_;
  io.timeout = std::chrono::hours(24);
  while (!stopping_.load()) {
    socket_t fd = ::accept(listener_, nullptr, nullptr);
    if (fd == kInvalidSocket) {
      if (would_block(last_socket_error())) {
        if (wait_ready(io, POLLIN) == IoStatus::kStopped) break;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));  // e.g. ECONNABORTED
      }
      continue;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    size_t index = tunnels_.size();
    tunnels_.emplace_back();
    workers_.emplace_back([this, fd, index] { serve(fd, index); });
  }
}

void ConnectProxy::serve(socket_t fd, size_t index) {
  IoContext io;
  io.fd = fd;
  io.stop = &stopping_;
  io.timeout = std::chrono::seconds(10);
  if (!set_nonblocking(fd)) {
    close_socket(fd);
    finish(index, "could not make the socket non-blocking");
    return;
  }
  // "CONNECT host:port HTTP/1.1", then header lines up to an empty one.
  std::string request;
  IoStatus status = read_line_plain(io, request);
  for (std::string header; status == IoStatus::kOk;) {
    status = read_line_plain(io, header);
    if (header == "\r\n" || header == "\n") break;
  }
  if (status != IoStatus::kOk) {
    close_socket(fd);
    finish(index, std::string("no complete request (") + io_status_name(status) + ")");
    return;
  }
  while (!request.empty() && (request.back() == '\n' || request.back() == '\r'))
    request.pop_back();
  size_t space = request.find(' ');
  size_t second_space = request.find(' ', space == std::string::npos ? space : space + 1);
  std::string method = request.substr(0, space);
  std::string target = space == std::string::npos
                           ? std::string()
                           : request.substr(space + 1, second_space - space - 1);
  if (method != "CONNECT" || target.empty()) {
    say("[proxy] refused \"" + request + "\": not a CONNECT request");
    send_all_plain(io, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
    close_socket(fd);
    finish(index, "refused");
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tunnels_[index].target = target;
  }
  say("[proxy] CONNECT " + target + " -> relaying to the TLS server 127.0.0.1:" +
      port_text(server_port_) + " (the name is not looked up)");
  std::string error;
  socket_t server = connect_to("127.0.0.1", server_port_, error);
  if (server == kInvalidSocket) {
    say("[proxy] cannot reach the TLS server: " + error);
    send_all_plain(io, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    close_socket(fd);
    finish(index, "server unreachable: " + error);
    return;
  }
  if (send_all_plain(io, "HTTP/1.1 200 Connection established\r\n\r\n") != IoStatus::kOk) {
    close_socket(fd);
    close_socket(server);
    finish(index, "the app went away before the 200: " + io.error);
    return;
  }
  relay(fd, server, index);
}

// Copies bytes both ways. An end of stream on one side is passed on as a half-close of the other;
// the tunnel is over when both directions ended. A reset is an end too: a TLS client that closes
// right after its close_notify (as the app does) resets the connection when the server's
// close_notify reaches it, which is normal.
void ConnectProxy::relay(socket_t app, socket_t server, size_t index) {
  const socket_t fds[2] = {app, server};
  const char *const names[2] = {"the app", "the TLS server"};
  bool reading[2] = {true, true};  // direction i: from fds[i] to fds[1 - i]
  bool gone[2] = {false, false};   // fds[i] was reset: nothing more can be sent to it
  uint64_t counts[2] = {0, 0};
  std::string trouble;  // anything other than an end of stream or a reset
  while ((reading[0] || reading[1]) && trouble.empty()) {
    if (stopping_.load()) {
      trouble = "stopped while open";
      break;
    }
#ifdef _WIN32
    WSAPOLLFD entries[2] = {};
#else
    pollfd entries[2] = {};
#endif
    int sides[2] = {0, 0};
    unsigned count = 0;
    for (int i = 0; i < 2; ++i) {
      if (!reading[i]) continue;
      entries[count].fd = fds[i];
      entries[count].events = POLLIN;
      sides[count++] = i;
    }
#ifdef _WIN32
    int ready = WSAPoll(entries, count, 20);
#else
    int ready = ::poll(entries, count, 20);
#endif
    if (ready < 0) {
      int error = last_socket_error();
#ifndef _WIN32
      if (error == EINTR) continue;
#endif
      trouble = "poll: " + socket_error_text(error);
      break;
    }
    for (unsigned k = 0; k < count && trouble.empty(); ++k) {
      if (entries[k].revents == 0) continue;
      int from = sides[k], to = 1 - from;
      char buffer[16384];
      auto received = ::recv(fds[from], buffer, sizeof buffer, 0);
      if (received > 0) {
        counts[from] += static_cast<uint64_t>(received);
        if (gone[to]) continue;  // its peer was reset: drop
        IoContext out;
        out.fd = fds[to];
        out.stop = &stopping_;
        if (send_all_plain(out, std::string_view(buffer, static_cast<size_t>(received))) !=
            IoStatus::kOk)
          gone[to] = true;  // reset; its own recv reports the end
        continue;
      }
      int error = received == 0 ? 0 : last_socket_error();
      if (received < 0 && would_block(error)) continue;
#ifdef _WIN32
      bool reset = error == WSAECONNRESET || error == WSAECONNABORTED;
#else
      bool reset = error == ECONNRESET || error == EPIPE;
#endif
      if (received < 0 && !reset) {
        trouble = std::string("reading from ") + names[from] + ": " + socket_error_text(error);
        break;
      }
      reading[from] = false;
      if (reset) gone[from] = true;
      if (!gone[to]) shutdown_send(fds[to]);
    }
  }
  close_socket(app);
  close_socket(server);
  std::lock_guard<std::mutex> lock(mutex_);
  tunnels_[index].to_server = counts[0];
  tunnels_[index].to_app = counts[1];
  tunnels_[index].end = trouble.empty() ? "closed" : trouble;
  tunnels_[index].finished = true;
}

void ConnectProxy::wait_idle(std::chrono::milliseconds limit) const {
  auto deadline = Clock::now() + limit;
  for (;;) {
    bool busy = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (const Tunnel &tunnel : tunnels_)
        busy = busy || !tunnel.finished;
    }
    if (!busy || Clock::now() >= deadline) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void ConnectProxy::stop() {
  stopping_.store(true);
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    workers.swap(workers_);
  }
  for (std::thread &worker : workers)
    worker.join();
  close_socket(listener_);
  listener_ = kInvalidSocket;
}

struct Peers {
  std::unique_ptr<TestPki> pki;
  std::vector<uint8_t> ca_der;
  std::string ca_subject;
  std::unique_ptr<TlsTestServer> server;
  std::unique_ptr<ConnectProxy> proxy;
  std::string sni;  // storage behind demo_peers_server_hello's strings
  std::string selected_host;
};

Peers *g_peers = nullptr;
std::string g_error;

// The server's record of connection `index` once `ready` holds for it, or the last snapshot.
template <class Ready>
ConnectionRecord wait_for_record(size_t index, unsigned timeout_ms, Ready ready) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    ConnectionRecord record = g_peers->server->connection(index);
    if (ready(record) || Clock::now() >= deadline) return record;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

extern "C" {

int demo_peers_start(void) {
  if (g_peers) return 0;
  try {
    auto peers = std::make_unique<Peers>();
    peers->pki = std::make_unique<TestPki>(kCaName);
    peers->ca_der = peers->pki->ca().der_cert();
    peers->ca_subject = std::string("CN=") + kCaName;
    TlsServerConfig config;
    config.hosts = {{kDefaultHost, peers->pki->good(kDefaultHost)},
                    {kSecureHost, peers->pki->good(kSecureHost)}};
    config.behavior = Behavior::kEcho;
    peers->server = std::make_unique<TlsTestServer>(std::move(config));
    if (!peers->server->ok()) {
      g_error = "TLS server: " + peers->server->setup_error();
      return -1;
    }
    peers->proxy = std::make_unique<ConnectProxy>(peers->server->port());
    if (!peers->proxy->start(g_error)) return -1;
    g_peers = peers.release();
    return 0;
  } catch (const std::exception &e) {
    g_error = e.what();
    return -1;
  }
}

const char *demo_peers_error(void) {
  return g_error.c_str();
}

unsigned short demo_peers_proxy_port(void) {
  return g_peers ? g_peers->proxy->port() : 0;
}

unsigned short demo_peers_server_port(void) {
  return g_peers ? g_peers->server->port() : 0;
}

const unsigned char *demo_peers_ca_der(size_t *length) {
  if (!g_peers) {
    *length = 0;
    return nullptr;
  }
  *length = g_peers->ca_der.size();
  return g_peers->ca_der.data();
}

const char *demo_peers_ca_subject(void) {
  return g_peers ? g_peers->ca_subject.c_str() : "";
}

int demo_peers_server_hello(size_t index, unsigned timeout_ms, const char **sni,
                            const char **selected_host) {
  *sni = "";
  *selected_host = "";
  if (!g_peers) return 0;
  ConnectionRecord record = wait_for_record(
      index, timeout_ms, [](const ConnectionRecord &r) { return r.client_hello_seen; });
  g_peers->sni = record.sni.value_or("");
  g_peers->selected_host = record.selected_host;
  *sni = g_peers->sni.c_str();
  *selected_host = g_peers->selected_host.c_str();
  return record.client_hello_seen ? 1 : 0;
}

void demo_peers_print_server_view(size_t index, unsigned timeout_ms) {
  if (!g_peers) return;
  ConnectionRecord record = wait_for_record(index, timeout_ms, [](const ConnectionRecord &r) {
    return r.handshake_completed || r.finished;
  });
  if (!record.client_hello_seen) {
    say("[server] no ClientHello arrived on connection " + std::to_string(index + 1));
    return;
  }
  std::string line = "[server] ";
  line += record.sni ? "SNI \"" + *record.sni + "\"" : std::string("no SNI");
  line += " -> certificate for " + record.selected_host;
  if (record.selected_host == kDefaultHost &&
      record.sni != std::optional<std::string>(kDefaultHost))
    line += " (the default: no certificate for that name)";
  say(line);
  if (record.handshake_completed) {
    say("[server] handshake done: " + record.protocol + ", " + record.cipher);
  } else if (record.finished) {
    say("[server] handshake failed: " + (record.error.empty() ? record.outcome : record.error));
  } else {
    say("[server] handshake still running after " + std::to_string(timeout_ms) + " ms");
  }
}

void demo_peers_stop(void) {
  if (!g_peers) return;
  g_peers->proxy->wait_idle(std::chrono::seconds(3));
  std::vector<Tunnel> tunnels = g_peers->proxy->tunnels();
  for (size_t i = 0; i < tunnels.size(); ++i) {
    const Tunnel &tunnel = tunnels[i];
    say("[proxy] tunnel " + std::to_string(i + 1) + " (" +
        (tunnel.target.empty() ? std::string("no CONNECT") : tunnel.target) +
        "): " + std::to_string(tunnel.to_server) + " bytes to the server, " +
        std::to_string(tunnel.to_app) + " back, " +
        (tunnel.finished ? tunnel.end : std::string("still open at exit")));
  }
  g_peers->server->wait_handled(g_peers->server->accepted(), std::chrono::seconds(3));
  std::vector<ConnectionRecord> connections = g_peers->server->connections();
  for (size_t i = 0; i < connections.size(); ++i) {
    const ConnectionRecord &record = connections[i];
    std::string line = "[server] connection " + std::to_string(i + 1) + ": SNI " +
                       (record.sni ? "\"" + *record.sni + "\"" : std::string("none")) + ", ";
    if (record.handshake_completed) {
      line += record.protocol + ", echoed " + std::to_string(record.bytes_received) + " bytes, " +
              (record.client_close_notify ? "the app closed with close_notify"
                                          : "the app closed without close_notify");
    } else {
      line += "no TLS session (" + record.outcome + ")";
    }
    say(line);
  }
  g_peers->proxy->stop();
  g_peers->server->stop();
  delete g_peers;
  g_peers = nullptr;
}

}  // extern "C"
