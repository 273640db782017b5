#include "tls/transport_bio.hpp"

#include <cerrno>

namespace ocfs::tls {
namespace {

TransportState *state_of(BIO *bio) {
  return static_cast<TransportState *>(BIO_get_data(bio));
}

int bio_read(BIO *bio, char *data, size_t length, size_t *count) {
  BIO_clear_retry_flags(bio);
  TransportState *state = state_of(bio);
  int error = 0;
  std::ptrdiff_t n = state->transport->receive(data, length, error);
  if (n > 0) {
    *count = static_cast<size_t>(n);
    return 1;
  }
  if (n == 0) {
    state->end_of_stream = true;
  } else if (error == EAGAIN) {
    BIO_set_retry_read(bio);
  } else {
    state->last_error = error;
  }
  *count = 0;
  return 0;
}

int bio_write(BIO *bio, const char *data, size_t length, size_t *count) {
  BIO_clear_retry_flags(bio);
  TransportState *state = state_of(bio);
  int error = 0;
  std::ptrdiff_t n = state->transport->send(data, length, error);
  if (n >= 0) {
    *count = static_cast<size_t>(n);
    return n > 0 || length == 0 ? 1 : 0;
  }
  if (error == EAGAIN) {
    BIO_set_retry_write(bio);
  } else {
    state->last_error = error;
  }
  *count = 0;
  return 0;
}

long bio_ctrl(BIO *bio, int command, long, void *) {
  switch (command) {
    case BIO_CTRL_FLUSH:
      return 1;  // nothing is buffered here
    case BIO_CTRL_EOF:
      return state_of(bio)->end_of_stream ? 1 : 0;
    default:
      return 0;
  }
}

int bio_create(BIO *bio) {
  BIO_set_init(bio, 1);
  return 1;
}

// Created once and kept for the life of the process, as OpenSSL's own methods are.
const BIO_METHOD *transport_method() {
  static BIO_METHOD *method = [] {
    BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "ocfs transport");
    if (m != nullptr) {
      BIO_meth_set_read_ex(m, bio_read);
      BIO_meth_set_write_ex(m, bio_write);
      BIO_meth_set_ctrl(m, bio_ctrl);
      BIO_meth_set_create(m, bio_create);
    }
    return m;
  }();
  return method;
}

}  // namespace

BIO *make_transport_bio(TransportState *state) {
  const BIO_METHOD *method = transport_method();
  BIO *bio = method != nullptr ? BIO_new(method) : nullptr;
  if (bio != nullptr) BIO_set_data(bio, state);
  return bio;
}

}  // namespace ocfs::tls
