// The generic stream core: status machine and Apple's return conventions for open, close, read,
// write and properties. Clients, run loops and blocking waits are in events.cpp.
#include "stream/stream.hpp"

#include <cerrno>
#include <cmath>

#include <opencfstream/number.h>

#include "cf/classes.hpp"
#include "cf/string.hpp"

namespace ocfs::stream {
namespace {

constexpr ocfs_option_flags bit(ocfs_stream_event_type event) {
  return static_cast<ocfs_option_flags>(event);
}

}  // namespace

Stream::Stream(cf::TypeId type_id, Direction direction, const Callbacks &callbacks, void *info)
    : Object(type_id), direction_(direction), callbacks_(callbacks), info_(info) {}

Stream::~Stream() {
  // A scheduled stream is kept alive by its delivery source, so here it is no longer scheduled.
  close();
  if (callbacks_.finalize != nullptr) callbacks_.finalize(*this);
  release_client();
}

void Stream::set_status_locked(ocfs_stream_status status) {
  // Error is final; Closed may only become Error (Apple's rule).
  if (status_ == OCFS_STREAM_STATUS_ERROR) return;
  if (status_ == OCFS_STREAM_STATUS_CLOSED && status != OCFS_STREAM_STATUS_ERROR) return;
  status_ = status;
}

void Stream::fail(const ErrorRecord &error) {
  signal_event(OCFS_STREAM_EVENT_ERROR_OCCURRED, &error);
}

ocfs_stream_status Stream::status() {
  std::lock_guard lock(mutex_);
  return status_;
}

bool Stream::open() {
  {
    std::lock_guard lock(mutex_);
    if (status_ != OCFS_STREAM_STATUS_NOT_OPEN) return false;
    status_ = OCFS_STREAM_STATUS_OPENING;
  }
  ErrorRecord error;
  bool completed = true;
  bool ok = callbacks_.open == nullptr || callbacks_.open(*this, error, completed);
  if (!ok) {
    fail(error);
    return false;
  }
  if (completed) {
    signal_event(OCFS_STREAM_EVENT_OPEN_COMPLETED);
    signal_readiness(true);
  }
  return true;
}

void Stream::close() {
  bool first_close;
  {
    std::unique_lock lock(mutex_);
    if (status_ == OCFS_STREAM_STATUS_NOT_OPEN || status_ == OCFS_STREAM_STATUS_CLOSED) return;
    wait_for_callback_to_finish(lock);
    first_close = !close_called_;
    close_called_ = true;
    set_status_locked(OCFS_STREAM_STATUS_CLOSED);
    pending_events_ = 0;  // nothing is delivered after close
  }
  if (first_close && callbacks_.close != nullptr) callbacks_.close(*this);
  unschedule_all();
}

void Stream::end_transfer(ocfs_stream_status during) {
  // Back to Open, unless an event during the call (the peer's end, an error reported through the
  // other half) has moved the stream on already. No lock: every check made under the lock treats
  // Reading / Writing and Open alike, and any other status wins the exchange.
  status_.compare_exchange_strong(during, OCFS_STREAM_STATUS_OPEN, std::memory_order_relaxed);
}

bool Stream::is_readable_status() const {
  return status_ == OCFS_STREAM_STATUS_OPEN || status_ == OCFS_STREAM_STATUS_READING ||
         status_ == OCFS_STREAM_STATUS_AT_END;
}

bool Stream::wait_for_open(ErrorRecord &error) {
  // An open that completes later: block on the run loop until it has (no timeout of its own; the
  // kind's open has one).
  return wait_until([](Stream &stream) { return stream.status() != OCFS_STREAM_STATUS_OPENING; }, 0,
                    error);
}

// One lock for the common case (open already), where a status() check before taking it would
// cost a second lock per call.
bool Stream::lock_once_open(std::unique_lock<std::mutex> &lock, ErrorRecord &error) {
  lock.lock();
  if (status_ != OCFS_STREAM_STATUS_OPENING) return true;
  lock.unlock();
  if (!wait_for_open(error)) return false;
  lock.lock();
  return true;
}

bool Stream::wait_while_blocked(bool reading, ErrorRecord &error) {
  if (!callbacks_.may_block) return true;
  if (callbacks_.wait_unscheduled != nullptr) {
    bool scheduled;
    double timeout;
    {
      std::lock_guard lock(mutex_);
      scheduled = !schedules_.empty();
      timeout = reading ? read_timeout_ : write_timeout_;
    }
    // No client can lose an event here, so the kind may wait its own, cheaper way.
    if (!scheduled) return callbacks_.wait_unscheduled(*this, reading, timeout, error);
  }
  if (reading) {
    return wait_until([](Stream &s) { return s.callbacks_.can_read(s); }, read_timeout_, error);
  }
  return wait_until([](Stream &s) { return s.callbacks_.can_write(s); }, write_timeout_, error);
}

void Stream::signal_readiness(bool at_start) {
  if (callbacks_.reports_readiness) return;
  {
    std::lock_guard lock(mutex_);
    if (status_ != OCFS_STREAM_STATUS_OPEN || schedules_.empty()) return;
  }
  bool reading = direction_ == Direction::kRead;
  auto can = reading ? callbacks_.can_read : callbacks_.can_write;
  if (can == nullptr || can(*this)) {
    signal_event(reading ? OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE
                         : OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES);
  } else if (at_start && !callbacks_.may_block) {
    // Nothing will ever come (empty memory, full fixed buffer): as CF, the end right away.
    signal_event(OCFS_STREAM_EVENT_END_ENCOUNTERED);
  }
}

ocfs_index Stream::read(uint8_t *buffer, ocfs_index length) {
  if (length < 0 || (buffer == nullptr && length > 0) || callbacks_.read == nullptr) return -1;
  ErrorRecord error;
  {
    std::unique_lock lock(mutex_, std::defer_lock);
    if (!lock_once_open(lock, error)) return -1;
    if (!is_readable_status()) return -1;
    if (status_ == OCFS_STREAM_STATUS_AT_END || length == 0) return 0;
    pending_events_ &= ~bit(OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);
    status_.store(OCFS_STREAM_STATUS_READING, std::memory_order_relaxed);  // ordered by the lock
  }
  bool at_end = false;
  ocfs_index count = -1;
  bool wait_first = !callbacks_.try_before_wait;
  do {
    if (wait_first && !wait_while_blocked(true, error)) break;
    wait_first = true;
    count = callbacks_.read(*this, buffer, length, error, at_end);
  } while (callbacks_.may_block && count == 0 && !at_end && !error.is_set());
  if (error.is_set() || count < 0) {
    fail(error);
    return -1;
  }
  end_transfer(OCFS_STREAM_STATUS_READING);
  if (at_end) {
    signal_event(OCFS_STREAM_EVENT_END_ENCOUNTERED);
  } else {
    signal_readiness(false);
  }
  return count;
}

const uint8_t *Stream::get_buffer(ocfs_index max_count, ocfs_index *count) {
  if (count == nullptr) return nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!is_readable_status()) {
      *count = -1;
      return nullptr;
    }
    *count = 0;
    if (status_ == OCFS_STREAM_STATUS_AT_END || callbacks_.get_buffer == nullptr) return nullptr;
    pending_events_ &= ~bit(OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);
    status_.store(OCFS_STREAM_STATUS_READING, std::memory_order_relaxed);  // ordered by the lock
  }
  ErrorRecord error;
  bool at_end = false;
  const uint8_t *bytes = callbacks_.get_buffer(*this, max_count, *count, error, at_end);
  if (error.is_set()) {
    fail(error);
    *count = -1;
    return nullptr;
  }
  end_transfer(OCFS_STREAM_STATUS_READING);
  if (at_end) {
    signal_event(OCFS_STREAM_EVENT_END_ENCOUNTERED);
  } else {
    signal_readiness(false);
  }
  return bytes;
}

bool Stream::has_bytes_available() {
  {
    std::lock_guard lock(mutex_);
    if (status_ != OCFS_STREAM_STATUS_OPEN && status_ != OCFS_STREAM_STATUS_READING) return false;
  }
  return callbacks_.can_read == nullptr || callbacks_.can_read(*this);
}

ocfs_index Stream::write(const uint8_t *buffer, ocfs_index length) {
  if (length < 0 || (buffer == nullptr && length > 0) || callbacks_.write == nullptr) return -1;
  ErrorRecord error;
  {
    std::unique_lock lock(mutex_, std::defer_lock);
    if (!lock_once_open(lock, error)) return -1;
    if (status_ != OCFS_STREAM_STATUS_OPEN && status_ != OCFS_STREAM_STATUS_WRITING) return -1;
    if (length == 0) return 0;  // deviation: Apple ends the stream here (docs/COMPAT.md)
    pending_events_ &= ~bit(OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES);
    status_.store(OCFS_STREAM_STATUS_WRITING, std::memory_order_relaxed);  // ordered by the lock
  }
  ocfs_index count = -1;
  bool wait_first = !callbacks_.try_before_wait;
  do {
    if (wait_first && !wait_while_blocked(false, error)) break;
    wait_first = true;
    count = callbacks_.write(*this, buffer, length, error);
  } while (callbacks_.may_block && count == 0 && !error.is_set());
  if (error.is_set() || count < 0) {
    fail(error);
    return -1;
  }
  end_transfer(OCFS_STREAM_STATUS_WRITING);
  if (count == 0) {
    signal_event(OCFS_STREAM_EVENT_END_ENCOUNTERED);
  } else {
    signal_readiness(false);
  }
  return count;
}

bool Stream::can_accept_bytes() {
  {
    std::lock_guard lock(mutex_);
    if (status_ != OCFS_STREAM_STATUS_OPEN && status_ != OCFS_STREAM_STATUS_WRITING) return false;
  }
  return callbacks_.can_write == nullptr || callbacks_.can_write(*this);
}

// The private blocking-timeout keys (CFNumber seconds, 0 = forever) belong to every stream.
bool Stream::timeout_property(ocfs_string_ref key, ocfs_type_ref value, bool set,
                              ocfs_type_ref *out) {
  double *timeout = ocfs_equal(key, ocfs_stream_property_read_timeout)    ? &read_timeout_
                    : ocfs_equal(key, ocfs_stream_property_write_timeout) ? &write_timeout_
                                                                          : nullptr;
  if (timeout == nullptr) return false;
  std::lock_guard lock(mutex_);
  if (!set) {
    *out = ocfs_number_create(nullptr, OCFS_NUMBER_FLOAT64, timeout);
    return true;
  }
  double seconds = 0;
  if (!cf::is_a(value, cf::TypeId::kNumber) ||
      !ocfs_number_get_value(static_cast<ocfs_number_ref>(value), OCFS_NUMBER_FLOAT64, &seconds) ||
      !(seconds >= 0) || !std::isfinite(seconds)) {
    *out = nullptr;  // recognised, but the value is refused
    return true;
  }
  *timeout = seconds;
  *out = value;
  return true;
}

ocfs_type_ref Stream::copy_property(ocfs_string_ref key) {
  if (!cf::is_string(key)) return nullptr;
  ocfs_type_ref value = nullptr;
  if (timeout_property(key, nullptr, false, &value)) return value;
  return callbacks_.copy_property != nullptr ? callbacks_.copy_property(*this, key) : nullptr;
}

bool Stream::set_property(ocfs_string_ref key, ocfs_type_ref value) {
  if (!cf::is_string(key)) return false;
  ocfs_type_ref accepted = nullptr;
  if (timeout_property(key, value, true, &accepted)) {
    // Kinds whose halves share properties (socket pairs) hear of it and pass it on.
    if (accepted != nullptr && callbacks_.set_property != nullptr) {
      callbacks_.set_property(*this, key, value);
    }
    return accepted != nullptr;
  }
  return callbacks_.set_property != nullptr && callbacks_.set_property(*this, key, value);
}

bool Stream::set_blocking_timeout(ocfs_string_ref key, ocfs_type_ref value) {
  ocfs_type_ref accepted = nullptr;
  return timeout_property(key, value, true, &accepted) && accepted != nullptr;
}

ocfs_stream_error Stream::stream_error() {
  std::lock_guard lock(mutex_);
  return ocfs_stream_error{error_.domain, error_.code};
}

ocfs_error_ref Stream::copy_error() {
  ErrorRecord error;
  {
    std::lock_guard lock(mutex_);
    error = error_;
  }
  return error.is_set() ? make_cf_error(error) : nullptr;
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
