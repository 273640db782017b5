// What the TLS engine reads ciphertext from and writes it to: the pair's socket in the library,
// an in-memory pipe with quotas and injected failures in the tests. Never OpenSSL's socket BIO,
// which would raise SIGPIPE.
#ifndef OCFS_SRC_TLS_TRANSPORT_HPP
#define OCFS_SRC_TLS_TRANSPORT_HPP

#include <cstddef>

namespace ocfs::tls {

class Transport {
 public:
  virtual ~Transport() = default;
  // Like recv/send on a non-blocking socket: a count (receive: 0 = the peer's end of stream), or
  // -1 with `error` set to an <errno.h> value (EAGAIN: nothing can move now).
  virtual std::ptrdiff_t receive(void *buffer, std::size_t length, int &error) = 0;
  virtual std::ptrdiff_t send(const void *data, std::size_t length, int &error) = 0;
};

}  // namespace ocfs::tls

#endif  // OCFS_SRC_TLS_TRANSPORT_HPP
