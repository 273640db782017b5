// An in-memory duplex connection for driving two TLS sessions in one thread: byte queues with a
// per-call quota (short reads and writes), an orderly end, an injected reset, and a tap that sees
// every byte each side sent (to check that nothing went out in clear).
#ifndef OCFS_TESTS_TLS_MEMORY_TRANSPORT_HPP
#define OCFS_TESTS_TLS_MEMORY_TRANSPORT_HPP

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <deque>
#include <string>

#include "tls/transport.hpp"

namespace ocfs_test {

class MemoryLink;

// One side of a MemoryLink.
class MemoryEnd : public ocfs::tls::Transport {
 public:
  std::ptrdiff_t receive(void *buffer, std::size_t length, int &error) override;
  std::ptrdiff_t send(const void *data, std::size_t length, int &error) override;

  std::size_t quota = SIZE_MAX;  // most bytes one call moves
  std::string sent_log;          // everything this side ever sent

 private:
  friend class MemoryLink;
  std::deque<uint8_t> *inbox = nullptr;
  std::deque<uint8_t> *outbox = nullptr;
  const bool *peer_closed = nullptr;
  bool *closed = nullptr;
  const int *injected_error = nullptr;
};

class MemoryLink {
 public:
  MemoryLink() {
    client.inbox = &to_client_;
    client.outbox = &to_server_;
    client.peer_closed = &server_closed_;
    client.closed = &client_closed_;
    client.injected_error = &error_;
    server.inbox = &to_server_;
    server.outbox = &to_client_;
    server.peer_closed = &client_closed_;
    server.closed = &server_closed_;
    server.injected_error = &error_;
  }
  MemoryEnd client, server;

  void close_server() { server_closed_ = true; }          // the client then reads its end of stream
  void reset(int error = ECONNRESET) { error_ = error; }  // every later call fails
  std::size_t pending_to_client() const { return to_client_.size(); }

 private:
  std::deque<uint8_t> to_client_, to_server_;
  bool client_closed_ = false, server_closed_ = false;
  int error_ = 0;
};

inline std::ptrdiff_t MemoryEnd::receive(void *buffer, std::size_t length, int &error) {
  if (*injected_error != 0) {
    error = *injected_error;
    return -1;
  }
  if (inbox->empty()) {
    if (*peer_closed) return 0;
    error = EAGAIN;
    return -1;
  }
  std::size_t n = std::min({length, inbox->size(), quota});
  std::copy_n(inbox->begin(), n, static_cast<uint8_t *>(buffer));
  inbox->erase(inbox->begin(), inbox->begin() + static_cast<std::ptrdiff_t>(n));
  return static_cast<std::ptrdiff_t>(n);
}

inline std::ptrdiff_t MemoryEnd::send(const void *data, std::size_t length, int &error) {
  if (*injected_error != 0 || *closed) {
    error = *injected_error != 0 ? *injected_error : EPIPE;
    return -1;
  }
  std::size_t n = std::min(length, quota);
  const auto *bytes = static_cast<const uint8_t *>(data);
  outbox->insert(outbox->end(), bytes, bytes + n);
  sent_log.append(reinterpret_cast<const char *>(bytes), n);
  return static_cast<std::ptrdiff_t>(n);
}

}  // namespace ocfs_test

#endif  // OCFS_TESTS_TLS_MEMORY_TRANSPORT_HPP
