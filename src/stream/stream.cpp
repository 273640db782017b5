// The generic stream core: status machine, return conventions, client registration and the
// public C entry points for every stream kind.
#include "stream/stream.hpp"

#include <cerrno>

#include "cf/classes.hpp"
#include "cf/string.hpp"

namespace ocfs::stream {

Stream::Stream(cf::TypeId type_id, Direction direction, const Callbacks &callbacks, void *info)
    : Object(type_id), direction_(direction), callbacks_(callbacks), info_(info) {}

Stream::~Stream() {
  close();
  if (callbacks_.finalize != nullptr) callbacks_.finalize(*this);
  release_client();
}

void Stream::set_status(ocfs_stream_status status) {
  // Error is final; Closed may only become Error (Apple's rule).
  if (status_ == OCFS_STREAM_STATUS_ERROR) return;
  if (status_ == OCFS_STREAM_STATUS_CLOSED && status != OCFS_STREAM_STATUS_ERROR) return;
  status_ = status;
}

void Stream::fail(const ErrorRecord &error) {
  signal_event(OCFS_STREAM_EVENT_ERROR_OCCURRED, &error);
}

void Stream::signal_event(ocfs_stream_event_type event, const ErrorRecord *error) {
  // Apple's filter: nothing before open or after close/error; only errors once at end; an open
  // completes only while opening.
  if (status_ == OCFS_STREAM_STATUS_NOT_OPEN || status_ == OCFS_STREAM_STATUS_CLOSED ||
      status_ == OCFS_STREAM_STATUS_ERROR) {
    return;
  }
  if (status_ == OCFS_STREAM_STATUS_AT_END && event != OCFS_STREAM_EVENT_ERROR_OCCURRED) return;
  switch (event) {
    case OCFS_STREAM_EVENT_OPEN_COMPLETED:
      if (status_ != OCFS_STREAM_STATUS_OPENING) return;
      set_status(OCFS_STREAM_STATUS_OPEN);
      break;
    case OCFS_STREAM_EVENT_END_ENCOUNTERED:
      set_status(OCFS_STREAM_STATUS_AT_END);
      break;
    case OCFS_STREAM_EVENT_ERROR_OCCURRED:
      error_ = error != nullptr && error->is_set() ? *error : ErrorRecord::posix(EIO);
      set_status(OCFS_STREAM_STATUS_ERROR);
      break;
    default:
      break;
  }
  pending_events_ |= event & client_.events;
}

ocfs_stream_status Stream::status() {
  return status_;
}

bool Stream::open() {
  if (status_ != OCFS_STREAM_STATUS_NOT_OPEN) return false;
  status_ = OCFS_STREAM_STATUS_OPENING;
  ErrorRecord error;
  bool completed = true;
  bool ok = callbacks_.open == nullptr || callbacks_.open(*this, error, completed);
  if (!ok) {
    fail(error);
    return false;
  }
  if (completed) signal_event(OCFS_STREAM_EVENT_OPEN_COMPLETED);
  return true;
}

void Stream::close() {
  if (status_ == OCFS_STREAM_STATUS_NOT_OPEN || status_ == OCFS_STREAM_STATUS_CLOSED) return;
  if (!close_called_) {
    close_called_ = true;
    if (callbacks_.close != nullptr) callbacks_.close(*this);
  }
  set_status(OCFS_STREAM_STATUS_CLOSED);
  pending_events_ = 0;  // nothing is delivered after close
}

bool Stream::is_readable_status() const {
  return status_ == OCFS_STREAM_STATUS_OPEN || status_ == OCFS_STREAM_STATUS_READING ||
         status_ == OCFS_STREAM_STATUS_AT_END;
}

ocfs_index Stream::read(uint8_t *buffer, ocfs_index length) {
  if (length < 0 || (buffer == nullptr && length > 0) || callbacks_.read == nullptr) return -1;
  if (!is_readable_status()) return -1;
  if (status_ == OCFS_STREAM_STATUS_AT_END || length == 0) return 0;
  pending_events_ &= ~static_cast<ocfs_option_flags>(OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);
  status_ = OCFS_STREAM_STATUS_READING;
  ErrorRecord error;
  bool at_end = false;
  ocfs_index count = callbacks_.read(*this, buffer, length, error, at_end);
  if (error.is_set() || count < 0) {
    fail(error);
    return -1;
  }
  set_status(OCFS_STREAM_STATUS_OPEN);
  if (at_end) signal_event(OCFS_STREAM_EVENT_END_ENCOUNTERED);
  return count;
}

const uint8_t *Stream::get_buffer(ocfs_index max_count, ocfs_index *count) {
  if (count == nullptr) return nullptr;
  if (!is_readable_status()) {
    *count = -1;
    return nullptr;
  }
  *count = 0;
  if (status_ == OCFS_STREAM_STATUS_AT_END || callbacks_.get_buffer == nullptr) return nullptr;
  pending_events_ &= ~static_cast<ocfs_option_flags>(OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);
  status_ = OCFS_STREAM_STATUS_READING;
  ErrorRecord error;
  bool at_end = false;
  const uint8_t *bytes = callbacks_.get_buffer(*this, max_count, *count, error, at_end);
  if (error.is_set()) {
    fail(error);
    *count = -1;
    return nullptr;
  }
  set_status(OCFS_STREAM_STATUS_OPEN);
  if (at_end) signal_event(OCFS_STREAM_EVENT_END_ENCOUNTERED);
  return bytes;
}

bool Stream::has_bytes_available() {
  if (status_ != OCFS_STREAM_STATUS_OPEN && status_ != OCFS_STREAM_STATUS_READING) return false;
  return callbacks_.can_read == nullptr || callbacks_.can_read(*this);
}

ocfs_index Stream::write(const uint8_t *buffer, ocfs_index length) {
  if (length < 0 || (buffer == nullptr && length > 0) || callbacks_.write == nullptr) return -1;
  if (status_ != OCFS_STREAM_STATUS_OPEN && status_ != OCFS_STREAM_STATUS_WRITING) return -1;
  if (length == 0) return 0;  // deviation: Apple ends the stream here (docs/COMPAT.md)
  pending_events_ &= ~static_cast<ocfs_option_flags>(OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES);
  status_ = OCFS_STREAM_STATUS_WRITING;
  ErrorRecord error;
  ocfs_index count = callbacks_.write(*this, buffer, length, error);
  if (error.is_set() || count < 0) {
    fail(error);
    return -1;
  }
  set_status(OCFS_STREAM_STATUS_OPEN);
  if (count == 0) signal_event(OCFS_STREAM_EVENT_END_ENCOUNTERED);
  return count;
}

bool Stream::can_accept_bytes() {
  if (status_ != OCFS_STREAM_STATUS_OPEN && status_ != OCFS_STREAM_STATUS_WRITING) return false;
  return callbacks_.can_write == nullptr || callbacks_.can_write(*this);
}

ocfs_type_ref Stream::copy_property(ocfs_string_ref key) {
  if (!cf::is_string(key) || callbacks_.copy_property == nullptr) return nullptr;
  return callbacks_.copy_property(*this, key);
}

bool Stream::set_property(ocfs_string_ref key, ocfs_type_ref value) {
  if (!cf::is_string(key) || callbacks_.set_property == nullptr) return false;
  return callbacks_.set_property(*this, key, value);
}

ocfs_stream_error Stream::stream_error() const {
  return ocfs_stream_error{error_.domain, error_.code};
}

ocfs_error_ref Stream::copy_error() const {
  return error_.is_set() ? make_cf_error(error_) : nullptr;
}

void Stream::release_client() {
  Client old = client_;
  client_ = Client{};
  pending_events_ = 0;
  if (old.context.release != nullptr) old.context.release(old.context.info);
}

bool Stream::set_client(ocfs_option_flags events, AnyCallback callback,
                        const ocfs_stream_client_context *context) {
  // A read stream never reports CanAcceptBytes and a write stream never HasBytesAvailable.
  events &= ~static_cast<ocfs_option_flags>(direction_ == Direction::kRead
                                                ? OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES
                                                : OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);
  if (callback == nullptr || context == nullptr || events == 0) {
    release_client();
    return true;
  }
  Client fresh;
  fresh.events = events;
  fresh.callback = callback;
  fresh.context = *context;
  if (context->retain != nullptr) fresh.context.info = context->retain(context->info);
  release_client();  // after retaining the new info: the same info may be passed again
  client_ = fresh;
  return true;
}

namespace {

template <typename Public>
Public *make_stream(Direction direction, const Callbacks &callbacks, void *info) {
  return cf::make<Public>(Public::kTypeId, direction, callbacks, info);
}

}  // namespace

ocfs_read_stream_ref make_read_stream(const Callbacks &callbacks, void *info) {
  return make_stream<ocfs_read_stream>(Direction::kRead, callbacks, info);
}

ocfs_write_stream_ref make_write_stream(const Callbacks &callbacks, void *info) {
  return make_stream<ocfs_write_stream>(Direction::kWrite, callbacks, info);
}

}  // namespace ocfs::stream

namespace ocfs::cf {

const Class kReadStreamClass = {
    "CFReadStream", destroy_as<ocfs_read_stream>, nullptr, nullptr, nullptr, nullptr};
const Class kWriteStreamClass = {
    "CFWriteStream", destroy_as<ocfs_write_stream>, nullptr, nullptr, nullptr, nullptr};

}  // namespace ocfs::cf
