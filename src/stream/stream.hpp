// The generic stream core: one object type per direction, one callbacks table per stream kind,
// Apple's status machine and return conventions in one place. Stream kinds (memory, file, bound
// pair, sockets) only move bytes; they never touch the status directly.
#ifndef OCFS_SRC_STREAM_STREAM_HPP
#define OCFS_SRC_STREAM_STREAM_HPP

#include <condition_variable>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <opencfstream/run_loop.h>
#include <opencfstream/stream.h>

#include "cf/object.hpp"

namespace ocfs::stream {

// What went wrong, as the deprecated CFStreamError pair plus an optional human-readable reason
// (for example OpenSSL's), which CopyError folds into the CFError it builds.
struct ErrorRecord {
  ocfs_index domain = 0;
  int32_t code = 0;
  std::string reason;

  bool is_set() const { return domain != 0 || code != 0; }
  static ErrorRecord posix(int error_number) {
    return ErrorRecord{OCFS_STREAM_ERROR_DOMAIN_POSIX, error_number, {}};
  }
};

class Stream;

// One table per stream kind (the shape of CFReadStreamCallBacks / CFWriteStreamCallBacks). A null
// slot means the capability is absent: no get_buffer -> GetBuffer returns NULL; no can_read /
// can_write -> "maybe" (true); no properties -> CopyProperty NULL, SetProperty false.
struct Callbacks {
  // Starts opening. False on failure with `error` set. Leave `completed` true when the open is
  // done; set it false for an open that finishes later (signalled with OpenCompleted).
  bool (*open)(Stream &stream, ErrorRecord &error, bool &completed) = nullptr;
  ocfs_index (*read)(Stream &stream, uint8_t *buffer, ocfs_index length, ErrorRecord &error,
                     bool &at_end) = nullptr;
  // Returns bytes in place and sets `count`; `max_count` <= 0 means "all that is available".
  const uint8_t *(*get_buffer)(Stream &stream, ocfs_index max_count, ocfs_index &count,
                               ErrorRecord &error, bool &at_end) = nullptr;
  bool (*can_read)(Stream &stream) = nullptr;
  ocfs_index (*write)(Stream &stream, const uint8_t *buffer, ocfs_index length,
                      ErrorRecord &error) = nullptr;
  bool (*can_write)(Stream &stream) = nullptr;
  void (*close)(Stream &stream) = nullptr;
  // True for kinds whose reads or writes can have to wait (bound pairs, sockets): when can_read /
  // can_write says no, the core blocks on the run loop until the kind calls notify_waiters. For
  // these kinds a read or write that moves nothing (0 without `at_end`, no error) means "not
  // ready after all", and the core waits again.
  bool may_block = false;
  // True for kinds that report HasBytesAvailable / CanAcceptBytes themselves, from readiness
  // they watch (sockets): the core then never adds its own after open, schedule, read or write,
  // which would repeat theirs.
  bool reports_readiness = false;
  // For may_block kinds whose read/write safely move nothing when not ready (0, no end): the core
  // tries the call first and waits only when it moved nothing, saving a readiness check per call.
  bool try_before_wait = false;
  // Optional, for may_block kinds: waits until a read (`reading`) or write could proceed, for a
  // stream scheduled on no run loop, without running one (a socket kind polls its socket). False
  // with `error` set on timeout ({POSIX, ETIMEDOUT}; `timeout` 0 = forever) or failure.
  bool (*wait_unscheduled)(Stream &stream, bool reading, double timeout,
                           ErrorRecord &error) = nullptr;
  ocfs_type_ref (*copy_property)(Stream &stream, ocfs_string_ref key) = nullptr;
  bool (*set_property)(Stream &stream, ocfs_string_ref key, ocfs_type_ref value) = nullptr;
  // Frees the kind's state (`info`). Called once, after close if the stream was open.
  void (*finalize)(Stream &stream) = nullptr;
  // The stream joined or left a run-loop mode: a client schedule, or the private mode a blocking
  // call runs the current run loop in. Kinds that watch sockets follow the stream there. Called
  // without the stream's lock, on the calling thread.
  void (*schedule)(Stream &stream, ocfs_run_loop_ref loop, ocfs_string_ref mode) = nullptr;
  void (*unschedule)(Stream &stream, ocfs_run_loop_ref loop, ocfs_string_ref mode) = nullptr;
};

enum class Direction { kRead, kWrite };

// A generic function pointer: the client's callback is stored untyped and cast back to its
// direction's type (read or write) before it is called.
using AnyCallback = void (*)();

struct Client {
  ocfs_option_flags events = 0;
  AnyCallback callback = nullptr;
  ocfs_stream_client_context context{};
};

// Where a stream is scheduled: one entry per (run loop, mode).
struct Schedule {
  ocfs_run_loop_ref loop;
  std::string mode;
};

class Stream : public cf::Object {
 public:
  Stream(cf::TypeId type_id, Direction direction, const Callbacks &callbacks, void *info);
  ~Stream();

  Direction direction() const { return direction_; }
  void *info() const { return info_; }
  template <typename T>
  T &info_as() const {
    return *static_cast<T *>(info_);
  }

  // The public operations, with Apple's return conventions (see include/opencfstream/stream.h).
  ocfs_stream_status status();
  bool open();
  void close();
  ocfs_index read(uint8_t *buffer, ocfs_index length);
  const uint8_t *get_buffer(ocfs_index max_count, ocfs_index *count);
  bool has_bytes_available();
  ocfs_index write(const uint8_t *buffer, ocfs_index length);
  bool can_accept_bytes();
  ocfs_type_ref copy_property(ocfs_string_ref key);
  bool set_property(ocfs_string_ref key, ocfs_type_ref value);
  ocfs_stream_error stream_error();
  ocfs_error_ref copy_error();

  // Clients and run loops (events.cpp).
  bool set_client(ocfs_option_flags events, AnyCallback callback,
                  const ocfs_stream_client_context *context);
  void schedule(ocfs_run_loop_ref loop, ocfs_run_loop_mode mode);
  void unschedule(ocfs_run_loop_ref loop, ocfs_run_loop_mode mode);

  // For stream kinds, from any thread: reports an event. Status effects (OpenCompleted, End,
  // ErrorOccurred) are Apple's and belong to the stream's own thread; other threads only report
  // HasBytesAvailable / CanAcceptBytes. The event is delivered if the client asked for it and the
  // stream is scheduled.
  void signal_event(ocfs_stream_event_type event, const ErrorRecord *error = nullptr);
  // For stream kinds: forgets a HasBytesAvailable / CanAcceptBytes signalled but not delivered
  // yet, which no longer holds (a socket that starts TLS goes quiet until the handshake is done).
  void withdraw_event(ocfs_stream_event_type event);
  // For stream kinds, from any thread: the state a blocked call waits for may have changed.
  void notify_waiters();
  // For stream kinds, after signal_event from a run loop's own thread, holding no lock of theirs:
  // delivers the pending events now if this thread's run loop runs in a mode the stream is
  // scheduled in (as CF does), rather than on the run loop's next pass.
  void deliver_if_here();

  // For stream kinds: sets a blocking-timeout key (_kCFStreamPropertyRead/WriteTimeout) on this
  // stream alone, without calling the kind (a pair passing a value on to its other half).
  bool set_blocking_timeout(ocfs_string_ref key, ocfs_type_ref value);

  // Events signalled and wanted by the client but not delivered yet.
  ocfs_option_flags pending_events();

 private:
  // Status (stream.cpp).
  void set_status_locked(ocfs_stream_status status);
  void fail(const ErrorRecord &error);
  bool is_readable_status() const;
  // After a read or write that began in `during` (Reading / Writing).
  void end_transfer(ocfs_stream_status during);
  bool wait_for_open(ErrorRecord &error);
  // Locks `lock` (on mutex_, unlocked) once no open is under way; false, unlocked, if that wait
  // fails.
  bool lock_once_open(std::unique_lock<std::mutex> &lock, ErrorRecord &error);
  bool wait_while_blocked(bool reading, ErrorRecord &error);
  // After an open or a read/write: tell a scheduled client whether it can go on at once.
  void signal_readiness(bool at_start);
  bool timeout_property(ocfs_string_ref key, ocfs_type_ref value, bool set, ocfs_type_ref *out);

  // Events and waiting (events.cpp).
  void deliver();
  void request_delivery_locked();
  void release_client();
  void unschedule_all();
  void wait_for_callback_to_finish(std::unique_lock<std::mutex> &lock);
  bool wait_until(bool (*ready)(Stream &), double timeout, ErrorRecord &error);
  static void perform_delivery(void *info);

  Direction direction_;
  const Callbacks &callbacks_;
  void *info_;

  std::mutex mutex_;  // everything below; never held while calling a kind or a client
  std::condition_variable callback_done_;
  // Atomic so that a read or write can leave Reading / Writing without the lock (end_transfer);
  // every other change is made under mutex_.
  std::atomic<ocfs_stream_status> status_{OCFS_STREAM_STATUS_NOT_OPEN};
  ErrorRecord error_;
  bool close_called_ = false;
  ocfs_option_flags pending_events_ = 0;
  Client client_;
  bool calling_client_ = false;
  std::thread::id calling_thread_;
  std::vector<Schedule> schedules_;
  ocfs_run_loop_source_ref delivery_source_ = nullptr;  // exists while scheduled
  ocfs_run_loop_source_ref waiter_source_ = nullptr;    // exists while a call blocks
  ocfs_run_loop_ref waiter_loop_ = nullptr;
  double read_timeout_ = 75;   // seconds; 0 = forever (_kCFStreamPropertyReadTimeout)
  double write_timeout_ = 75;  // _kCFStreamPropertyWriteTimeout
};

// A new read or write stream of a kind (+1), or null when memory runs out; `info` then belongs
// to the caller again.
ocfs_read_stream_ref make_read_stream(const Callbacks &callbacks, void *info);
ocfs_write_stream_ref make_write_stream(const Callbacks &callbacks, void *info);

// The CFError for a recorded stream error (see docs/COMPAT.md, "Errors").
ocfs_error_ref make_cf_error(const ErrorRecord &error);

}  // namespace ocfs::stream

struct ocfs_read_stream : ocfs::stream::Stream {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kReadStream;
  using Stream::Stream;
};

struct ocfs_write_stream : ocfs::stream::Stream {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kWriteStream;
  using Stream::Stream;
};

#endif  // OCFS_SRC_STREAM_STREAM_HPP
