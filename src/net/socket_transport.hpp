// The TLS engine's transport over the pair's non-blocking socket (never OpenSSL's socket BIO,
// which raises SIGPIPE: platform::socket_send uses MSG_NOSIGNAL / SO_NOSIGPIPE).
#ifndef OCFS_SRC_NET_SOCKET_TRANSPORT_HPP
#define OCFS_SRC_NET_SOCKET_TRANSPORT_HPP

#include "platform/platform.hpp"
#include "tls/transport.hpp"

namespace ocfs::net {

class SocketTransport final : public tls::Transport {
 public:
  explicit SocketTransport(platform::Socket socket) : socket_(socket) {}
  std::ptrdiff_t receive(void *buffer, std::size_t length, int &error) override {
    return platform::socket_recv(socket_, buffer, length, error);
  }
  std::ptrdiff_t send(const void *data, std::size_t length, int &error) override {
    return platform::socket_send(socket_, data, length, error);
  }

 private:
  platform::Socket socket_;
};

}  // namespace ocfs::net

#endif  // OCFS_SRC_NET_SOCKET_TRANSPORT_HPP
