// Socket pairs: connecting, I/O, readiness and lifetime (properties are in pair_properties.cpp).
//
// Locking: the pair's mutex guards its state. Streams never call their kind while holding their
// own lock, so the pair may call signal_event / notify_waiters on a half while holding its own
// (which also keeps the half's pointer valid: a dying half clears it under this lock).
#include "net/socket_pair.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "cf/string.hpp"
#include "net/pair_context.hpp"

namespace ocfs::net {
namespace {

using platform::Socket;
using stream::ErrorRecord;
using stream::Stream;

constexpr unsigned kReadable = platform::kPollIn | platform::kPollError | platform::kPollHangup;
constexpr unsigned kWritable = platform::kPollOut | platform::kPollError | platform::kPollHangup;
// How often a blocking call re-checks what it waits for while a TLS handshake runs.
constexpr int kHandshakeWaitSliceMs = 50;

Stream *retained(Stream *stream) {
  ocfs_retain(stream);
  return stream;
}

Half half_of(const Stream &stream) {
  return stream.direction() == stream::Direction::kRead ? kReadHalf : kWriteHalf;
}

bool pair_open(Stream &stream, ErrorRecord &error, bool &completed) {
  return pair_of(stream).open(stream, error, completed);
}
ocfs_index pair_read(Stream &stream, uint8_t *buffer, ocfs_index length, ErrorRecord &error,
                     bool &at_end) {
  return pair_of(stream).read(buffer, length, error, at_end);
}
bool pair_can_read(Stream &stream) {
  return pair_of(stream).can_read();
}
ocfs_index pair_write(Stream &stream, const uint8_t *buffer, ocfs_index length,
                      ErrorRecord &error) {
  return pair_of(stream).write(buffer, length, error);
}
bool pair_can_write(Stream &stream) {
  return pair_of(stream).can_write();
}
void pair_close(Stream &stream) {
  pair_of(stream).close(half_of(stream));
}
ocfs_type_ref pair_copy_property(Stream &stream, ocfs_string_ref key) {
  return pair_of(stream).copy_property(key);
}
bool pair_set_property(Stream &stream, ocfs_string_ref key, ocfs_type_ref value) {
  return pair_of(stream).set_property(half_of(stream), key, value);
}
bool pair_wait_unscheduled(Stream &stream, bool reading, double timeout, ErrorRecord &error) {
  return pair_of(stream).wait_unscheduled(reading, timeout, error);
}
void pair_finalize(Stream &stream) {
  pair_of(stream).finalize(half_of(stream));
}
void pair_schedule(Stream &stream, ocfs_run_loop_ref loop, ocfs_string_ref mode) {
  pair_of(stream).schedule(half_of(stream), loop, mode);
}
void pair_unschedule(Stream &stream, ocfs_run_loop_ref loop, ocfs_string_ref mode) {
  pair_of(stream).unschedule(half_of(stream), loop, mode);
}

const stream::Callbacks kReadCallbacks = {
    .open = pair_open,
    .read = pair_read,
    .can_read = pair_can_read,
    .close = pair_close,
    .may_block = true,
    .reports_readiness = true,
    .try_before_wait = true,
    .wait_unscheduled = pair_wait_unscheduled,
    .copy_property = pair_copy_property,
    .set_property = pair_set_property,
    .finalize = pair_finalize,
    .schedule = pair_schedule,
    .unschedule = pair_unschedule,
};

const stream::Callbacks kWriteCallbacks = {
    .open = pair_open,
    .write = pair_write,
    .can_write = pair_can_write,
    .close = pair_close,
    .may_block = true,
    .reports_readiness = true,
    .try_before_wait = true,
    .wait_unscheduled = pair_wait_unscheduled,
    .copy_property = pair_copy_property,
    .set_property = pair_set_property,
    .finalize = pair_finalize,
    .schedule = pair_schedule,
    .unschedule = pair_unschedule,
};

}  // namespace

PairContext &pair_of(Stream &stream) {
  return stream.info_as<PairContext>();
}

PairContext::PairContext(const PairTarget &target)
    : target_(target),
      adopted_(target.adopted != platform::kInvalidSocket),
      should_close_(!adopted_) {
  ocfs_retain(target_.cf_host);
}

PairContext::~PairContext() {
  ocfs_release(ssl_context_);
  ocfs_release(tls_dictionary_);
  ocfs_release(stored_);
  ocfs_release(target_.cf_host);
}

void PairContext::attach(Half half, Stream *stream) {
  std::lock_guard lock(mutex_);
  halves_[half] = stream;
  done_[half] = false;
  retain();
}

// ---- Connecting ----

bool PairContext::open(Stream &stream, ErrorRecord &error, bool &completed) {
  std::lock_guard lock(mutex_);
  Half half = half_of(stream);
  switch (state_) {
    case PairState::kFailed:
    case PairState::kClosed:
      error = error_.is_set() ? error_ : ErrorRecord::posix(EBADF);
      return false;
    case PairState::kIdle:
      if (adopted_ ? !adopt_locked(error) : !start_connect_locked(error)) {
        fail_locked(error, half);
        return false;
      }
      break;
    default:
      break;
  }
  opened_[half] = true;
  if (state_ == PairState::kConnected && tls_phase_ == TlsPhase::kConfigured) {
    start_tls_locked(half);  // an adopted socket with TLS set before open
  }
  if (state_ == PairState::kFailed) {
    error = error_;
    return false;
  }
  completed = state_ == PairState::kConnected;
  refresh_interest_locked();
  return true;
}

bool PairContext::adopt_locked(ErrorRecord &error) {
  Socket socket = target_.adopted;
  int code = 0;
  bool known = false;
  adopted_was_nonblocking_ = platform::is_nonblocking(socket, known);
  if (!platform::is_stream_socket(socket)) {
    error = ErrorRecord::posix(ENOTSOCK);
    return false;
  }
  if (!platform::set_nonblocking(socket, true, code)) {
    error = ErrorRecord::posix(code);
    return false;
  }
  become_connected_locked(socket);
  return true;
}

bool PairContext::start_connect_locked(ErrorRecord &error) {
  ConnectRequest request;
  request.host = target_.host;
  request.port = target_.port;
  request.addresses = target_.addresses;
  request.timeout = connect_timeout_;
  Socket connected = connect_at_once(request);
  if (connected != platform::kInvalidSocket) {
    become_connected_locked(connected);  // the open completes at once, as an adopted socket's
    return true;
  }
  // The job's reference on the pair lives as long as the job's callback, which the worker drops
  // after the job has run (or been cancelled, when it is never called).
  retain();
  std::shared_ptr<PairContext> keep(this, [](PairContext *pair) { pair->release(); });
  auto done = [keep](Socket socket, const ErrorRecord &outcome) {
    keep->on_connect_done(socket, outcome);
  };
  job_ = start_connecting(std::move(request), std::move(done));
  if (job_ == nullptr) {
    error = ErrorRecord::posix(EAGAIN);  // no thread could be started
    return false;
  }
  state_ = PairState::kConnecting;
  return true;
}

void PairContext::on_connect_done(Socket socket, const ErrorRecord &error) {
  std::lock_guard lock(mutex_);
  if (state_ != PairState::kConnecting) {  // closed meanwhile
    platform::close_socket(socket);
    return;
  }
  job_.reset();
  if (error.is_set()) {
    fail_locked(error, -1);
    return;
  }
  become_connected_locked(socket);
  for (Half half : {kReadHalf, kWriteHalf}) {
    if (!half_running_locked(half)) continue;
    halves_[half]->signal_event(OCFS_STREAM_EVENT_OPEN_COMPLETED);
    halves_[half]->notify_waiters();
  }
  // As on Apple, OpenCompleted means TCP is connected; a TLS handshake follows.
  if (tls_phase_ == TlsPhase::kConfigured) start_tls_locked(-1);
  refresh_interest_locked();
}

void PairContext::become_connected_locked(Socket socket) {
  socket_ = socket;
  state_ = PairState::kConnected;
  int ignored = 0;
  if (no_delay_) platform::set_no_delay(socket_, true, ignored);
  for (LoopWatch &loop : loops_)
    attach_watch_locked(loop);
}

bool PairContext::half_running_locked(Half half) const {
  return halves_[half] != nullptr && opened_[half] && !done_[half];
}

void PairContext::fail_locked(const ErrorRecord &error, int reporter) {
  if (state_ == PairState::kFailed || state_ == PairState::kClosed) return;
  state_ = PairState::kFailed;
  error_ = error;
  tls_unsent_.clear();
  if (tls_ != nullptr) report_ssl_state_locked(OCFS_SSL_ABORTED);
  for (Half half : {kReadHalf, kWriteHalf}) {
    if (half == reporter || !half_running_locked(half)) continue;
    halves_[half]->signal_event(OCFS_STREAM_EVENT_ERROR_OCCURRED, &error_);
    halves_[half]->notify_waiters();
  }
  refresh_interest_locked();
}

// ---- I/O: no read-ahead; the caller's buffer goes straight to recv ----

ocfs_index PairContext::read(uint8_t *buffer, ocfs_index length, ErrorRecord &error, bool &at_end) {
  Socket socket;
  {
    std::lock_guard lock(mutex_);
    if (state_ != PairState::kConnected) {
      error = error_.is_set() ? error_ : ErrorRecord::posix(ENOTCONN);
      return -1;
    }
    if (tls_phase_ != TlsPhase::kOff)
      return tls_transfer_locked(kReadHalf, buffer, length, error, at_end);
    armed_[kReadHalf] = true;  // before recv: data arriving after it is reported
    refresh_interest_locked();
    socket = socket_;  // stays open: this half is not done while it reads
    count_plain_read();
  }
  int code = 0;
  std::ptrdiff_t count = platform::socket_recv(socket, buffer, static_cast<size_t>(length), code);
  count_plain_read();
  if (count > 0) return count;
  if (count == 0) {
    at_end = true;
    return 0;
  }
  if (code == EAGAIN) return 0;  // not ready after all: the core waits again
  error = ErrorRecord::posix(code);
  std::lock_guard lock(mutex_);
  fail_locked(error, kReadHalf);
  return -1;
}

ocfs_index PairContext::write(const uint8_t *buffer, ocfs_index length, ErrorRecord &error) {
  Socket socket;
  {
    std::lock_guard lock(mutex_);
    if (state_ != PairState::kConnected) {
      error = error_.is_set() ? error_ : ErrorRecord::posix(ENOTCONN);
      return -1;
    }
    if (tls_phase_ != TlsPhase::kOff) {
      bool ignored = false;
      return tls_transfer_locked(kWriteHalf, const_cast<uint8_t *>(buffer), length, error, ignored);
    }
    armed_[kWriteHalf] = true;
    refresh_interest_locked();
    socket = socket_;
  }
  int code = 0;
  std::ptrdiff_t count = platform::socket_send(socket, buffer, static_cast<size_t>(length), code);
  if (count >= 0) return count;
  if (code == EAGAIN) return 0;
  error = ErrorRecord::posix(code);
  std::lock_guard lock(mutex_);
  fail_locked(error, kWriteHalf);
  return -1;
}

bool PairContext::poll_now_locked(unsigned events) {
  platform::PollEntry entry{socket_, events & (platform::kPollIn | platform::kPollOut), 0};
  int error = 0;
  return platform::poll_sockets(&entry, 1, 0, error) > 0 && (entry.returned & events) != 0;
}

// A blocking call on a half that no run loop watches: poll the socket itself. Only what the
// socket shows can end the wait, which is all there is: the pair fails only through socket errors,
// and those make the socket readable and writable.
bool PairContext::wait_unscheduled(bool reading, double timeout, ErrorRecord &error) {
  using Clock = std::chrono::steady_clock;
  auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(timeout));
  for (;;) {
    platform::PollEntry entry{platform::kInvalidSocket,
                              reading ? platform::kPollIn : platform::kPollOut, 0};
    bool handshaking = false;
    {
      std::lock_guard lock(mutex_);
      if (state_ != PairState::kConnected) return true;  // the call reports what happened
      if (tls_phase_ != TlsPhase::kOff) {
        if (reading && tls_phase_ == TlsPhase::kUp && tls_->has_buffered_input() &&
            tls_read_event_locked() != OCFS_STREAM_EVENT_NONE) {
          return true;  // records the engine already holds, which the socket will not show
        }
        entry.events = tls_wait_events_locked(reading);
        if (entry.events == 0) return true;  // the engine can go on at once
        handshaking = tls_phase_ == TlsPhase::kHandshaking;
      }
      entry.socket = socket_;  // stays open: the calling half is not done while it waits
    }
    int wait_ms = -1;
    if (timeout > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        error = ErrorRecord::posix(ETIMEDOUT);
        return false;
      }
      wait_ms = static_cast<int>(std::min<int64_t>(left.count() + 1, 1 << 30));
    }
    // The other half may finish the handshake meanwhile, changing what this call waits for.
    if (handshaking)
      wait_ms = wait_ms < 0 ? kHandshakeWaitSliceMs : std::min(wait_ms, kHandshakeWaitSliceMs);
    int code = 0;
    int ready = platform::poll_sockets(&entry, 1, wait_ms, code);
    if (ready > 0) return true;
    if (ready < 0 && code != EINTR) {
      error = ErrorRecord::posix(code);
      return false;
    }
  }
}

bool PairContext::can_read() {
  std::lock_guard lock(mutex_);
  if (state_ == PairState::kFailed) return true;  // the read reports the error
  if (state_ != PairState::kConnected) return false;
  if (!tls_ready_locked()) return state_ == PairState::kFailed;
  if (tls_phase_ == TlsPhase::kUp) {
    return tls_read_event_locked() != OCFS_STREAM_EVENT_NONE || state_ == PairState::kFailed;
  }
  return poll_now_locked(kReadable);
}

bool PairContext::can_write() {
  std::lock_guard lock(mutex_);
  if (state_ == PairState::kFailed) return true;
  if (state_ != PairState::kConnected) return false;
  if (!tls_ready_locked()) return state_ == PairState::kFailed;
  if (tls_phase_ == TlsPhase::kUp) return tls_writable_locked() || state_ == PairState::kFailed;
  return poll_now_locked(kWritable);
}

// ---- Readiness ----

void PairContext::on_socket_ready(void *context, unsigned events) {
  static_cast<PairContext *>(context)->handle_ready(events);
}

// On the watch's run loop thread. The events go to the clients from here, once the pair's lock is
// released, when that run loop runs in their modes: then a client that reads or writes in its
// callback keeps the socket's interest as it was, and a readiness event costs no system call
// besides the wait and the client's own (and a peek, unless the watch vouches for the bytes).
void PairContext::handle_ready(unsigned events) {
  Stream *running[2] = {nullptr, nullptr};
  {
    std::lock_guard lock(mutex_);
    if (state_ == PairState::kConnected && tls_ready_locked()) {
      if (events & kReadable) wake_locked(kReadHalf, events);
      if (events & kWritable) wake_locked(kWriteHalf);
    }
    refresh_interest_locked();
    for (Half half : {kReadHalf, kWriteHalf}) {
      if (half_running_locked(half)) running[half] = retained(halves_[half]);
    }
  }
  for (Stream *half : running) {
    if (half == nullptr) continue;
    half->deliver_if_here();
    ocfs_release(half);
  }
}

// Tells a half its direction is ready, once until its next read/write, and only if it still is:
// the client may have consumed the data since the backend looked (unless the watch vouches that no
// read ran since: kPollBytesWaiting).
void PairContext::wake_locked(Half half, unsigned events) {
  if (!armed_[half] || !half_running_locked(half)) return;
  if (tls_phase_ == TlsPhase::kConfigured || tls_phase_ == TlsPhase::kHandshaking) return;
  bool tls = tls_phase_ == TlsPhase::kUp;
  ocfs_stream_event_type event = OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES;
  if (half == kReadHalf) {
    if (tls) {
      event = tls_read_event_locked();
    } else if (events & platform::kPollBytesWaiting) {
      event = OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE;  // no peek needed
    } else {
      event = peek_read_event_locked();
    }
  } else if (!(tls ? tls_writable_locked() : poll_now_locked(kWritable))) {
    event = OCFS_STREAM_EVENT_NONE;
  }
  if (event == OCFS_STREAM_EVENT_NONE || state_ != PairState::kConnected) return;
  armed_[half] = false;
  halves_[half]->signal_event(event);
  halves_[half]->notify_waiters();
}

// What the read half should hear, told apart without consuming anything (there is no read-ahead):
// bytes waiting, the peer's end of stream (reported as End at once, as Apple does, rather than as
// a HasBytesAvailable whose read returns 0), nothing yet, or an error (failing the pair).
ocfs_stream_event_type PairContext::peek_read_event_locked() {
  int code = 0;
  int peeked = platform::socket_peek(socket_, code);
  if (peeked > 0) return OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE;
  if (peeked == 0) return OCFS_STREAM_EVENT_END_ENCOUNTERED;
  if (code != EAGAIN) fail_locked(ErrorRecord::posix(code), -1);
  return OCFS_STREAM_EVENT_NONE;
}

unsigned PairContext::wanted_interest_locked(const LoopWatch &loop) const {
  if (state_ != PairState::kConnected) return 0;
  if (tls_phase_ == TlsPhase::kHandshaking) return tls_interest_locked(loop);
  unsigned interest = tls_phase_ == TlsPhase::kUp ? tls_interest_locked(loop) : 0;
  for (const LoopWatch::Entry &entry : loop.entries) {
    if (!armed_[entry.half] || !half_running_locked(entry.half)) continue;
    interest |= entry.half == kReadHalf ? platform::kPollIn : platform::kPollOut;
  }
  return interest;
}

void PairContext::refresh_interest_locked() {
  for (LoopWatch &loop : loops_) {
    if (loop.watch == nullptr) continue;
    unsigned interest = wanted_interest_locked(loop);
    if (interest == loop.interest) continue;
    loop.interest = interest;
    loop.watch->set_interest(interest);
  }
}

bool PairContext::attach_watch_locked(LoopWatch &loop) {
  if (loop.watch != nullptr || socket_ == platform::kInvalidSocket) return loop.watch != nullptr;
  retain();  // the watch's reference, released when the watch is gone for good
  loop.watch = runloop::SocketWatch::create(
      loop.loop, socket_, on_socket_ready, this,
      [](void *context) { static_cast<PairContext *>(context)->release(); }, &plain_reads_);
  if (loop.watch == nullptr) return false;
  loop.interest = 0;
  std::vector<std::string> added;
  for (const LoopWatch::Entry &entry : loop.entries) {
    if (std::find(added.begin(), added.end(), entry.mode) != added.end()) continue;
    added.push_back(entry.mode);
    ocfs_string_ref mode = cf::make_string(entry.mode);
    ocfs_run_loop_add_source(loop.loop, loop.watch->source(), mode);
    ocfs_release(mode);
  }
  return true;
}

void PairContext::detach_watch_locked(LoopWatch &loop) {
  if (loop.watch == nullptr) return;
  loop.watch->destroy();  // invalidates its source, which leaves every mode
  loop.watch = nullptr;
  loop.interest = 0;
}

void PairContext::schedule(Half half, ocfs_run_loop_ref loop_ref, ocfs_string_ref mode) {
  std::lock_guard lock(mutex_);
  if (done_[half] || state_ == PairState::kClosed) return;
  auto it = std::find_if(loops_.begin(), loops_.end(),
                         [&](const LoopWatch &l) { return l.loop == loop_ref; });
  if (it == loops_.end()) {
    loops_.push_back(LoopWatch{});
    it = loops_.end() - 1;
    it->loop = static_cast<ocfs_run_loop_ref>(const_cast<void *>(ocfs_retain(loop_ref)));
  }
  std::string name(cf::utf8_of(mode));
  bool new_mode = std::none_of(it->entries.begin(), it->entries.end(),
                               [&](const LoopWatch::Entry &e) { return e.mode == name; });
  it->entries.push_back(LoopWatch::Entry{name, half});
  armed_[half] = true;  // a new place to deliver to, or a blocking call that needs to hear
  if (it->watch != nullptr && new_mode) {
    ocfs_run_loop_add_source(it->loop, it->watch->source(), mode);
  } else if (it->watch == nullptr && state_ == PairState::kConnected) {
    attach_watch_locked(*it);
  }
  refresh_interest_locked();
}

void PairContext::unschedule(Half half, ocfs_run_loop_ref loop_ref, ocfs_string_ref mode) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(loops_.begin(), loops_.end(),
                         [&](const LoopWatch &l) { return l.loop == loop_ref; });
  if (it == loops_.end()) return;
  std::string name(cf::utf8_of(mode));
  auto entry = std::find_if(it->entries.begin(), it->entries.end(),
                            [&](const auto &e) { return e.mode == name && e.half == half; });
  if (entry == it->entries.end()) return;
  it->entries.erase(entry);
  bool mode_left = std::none_of(it->entries.begin(), it->entries.end(),
                                [&](const LoopWatch::Entry &e) { return e.mode == name; });
  // The watch itself stays (silent, in no mode) until the pair closes: blocking calls schedule
  // and unschedule on every wait, and registering the socket anew each time costs more.
  if (mode_left && it->watch != nullptr) {
    ocfs_run_loop_remove_source(it->loop, it->watch->source(), mode);
  }
  refresh_interest_locked();
}

void PairContext::drop_loop_entries_locked(Half half) {
  for (LoopWatch &loop : loops_) {
    std::erase_if(loop.entries, [&](const LoopWatch::Entry &e) { return e.half == half; });
  }
  for (auto it = loops_.begin(); it != loops_.end();) {
    if (!it->entries.empty()) {
      ++it;
      continue;
    }
    detach_watch_locked(*it);
    ocfs_release(it->loop);
    it = loops_.erase(it);
  }
}

// ---- Lifetime ----

void PairContext::close(Half half) {
  std::lock_guard lock(mutex_);
  if (done_[half]) return;
  done_[half] = true;
  // The core unschedules the half right after; its modes leave the pair's watches now so the
  // other half's watch keeps only what it needs. (Source modes shared with the other half stay.)
  drop_loop_entries_locked(half);
  if (done_[kReadHalf] && done_[kWriteHalf]) {
    release_socket_locked();
  } else {
    refresh_interest_locked();
  }
}

void PairContext::release_socket_locked() {
  if (job_ != nullptr) {
    job_->cancel();  // the job ends without calling back
    job_.reset();
  }
  for (LoopWatch &loop : loops_) {
    detach_watch_locked(loop);
    ocfs_release(loop.loop);
  }
  loops_.clear();
  tls_close_locked();
  if (socket_ != platform::kInvalidSocket) {
    if (should_close_) {
      platform::close_socket(socket_);
    } else if (adopted_) {
      int ignored = 0;
      platform::set_nonblocking(socket_, adopted_was_nonblocking_, ignored);
    }
  }
  socket_ = platform::kInvalidSocket;
  state_ = PairState::kClosed;
}

void PairContext::finalize(Half half) {
  close(half);  // a half released without Close counts as closed
  {
    std::lock_guard lock(mutex_);
    halves_[half] = nullptr;
  }
  release();
}

bool create_socket_pair(const PairTarget &target, ocfs_read_stream_ref *read_stream,
                        ocfs_write_stream_ref *write_stream) {
  auto *pair = new (std::nothrow) PairContext(target);
  if (pair == nullptr) return false;
  pair->retain();  // ours, until both halves hold theirs
  ocfs_read_stream_ref reader = nullptr;
  ocfs_write_stream_ref writer = nullptr;
  bool ok = true;
  if (read_stream != nullptr) {
    reader = stream::make_read_stream(kReadCallbacks, pair);
    if (reader != nullptr) pair->attach(kReadHalf, reader);
    ok = reader != nullptr;
  }
  if (ok && write_stream != nullptr) {
    writer = stream::make_write_stream(kWriteCallbacks, pair);
    if (writer != nullptr) pair->attach(kWriteHalf, writer);
    ok = writer != nullptr;
  }
  if (!ok) {
    ocfs_release(reader);
    ocfs_release(writer);
  }
  if (ok && read_stream != nullptr) *read_stream = reader;
  if (ok && write_stream != nullptr) *write_stream = writer;
  pair->release();
  return ok;
}

}  // namespace ocfs::net
