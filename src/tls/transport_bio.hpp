// An OpenSSL BIO over a tls::Transport. Would-block becomes BIO retry flags; the transport's
// errno and end of stream are kept for the engine to report precisely.
#ifndef OCFS_SRC_TLS_TRANSPORT_BIO_HPP
#define OCFS_SRC_TLS_TRANSPORT_BIO_HPP

#include <openssl/bio.h>

#include "tls/transport.hpp"

namespace ocfs::tls {

struct TransportState {
  Transport *transport = nullptr;
  int last_error = 0;  // errno of the last failed transport call (not EAGAIN)
  bool end_of_stream = false;
};

// A new BIO reading and writing through `state` (which must outlive it), or null.
BIO *make_transport_bio(TransportState *state);

}  // namespace ocfs::tls

#endif  // OCFS_SRC_TLS_TRANSPORT_BIO_HPP
