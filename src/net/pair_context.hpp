// The state one socket pair shares between its two halves (see socket_pair.hpp). Internal to
// src/net/.
#ifndef OCFS_SRC_NET_PAIR_CONTEXT_HPP
#define OCFS_SRC_NET_PAIR_CONTEXT_HPP

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/socket_pair.hpp"
#include "net/socket_transport.hpp"
#include "net/ssl_context.hpp"
#include "net/tls_settings.hpp"
#include "runloop/socket_watch.hpp"
#include "stream/stream.hpp"
#include "tls/session.hpp"

namespace ocfs::net {

enum Half { kReadHalf = 0, kWriteHalf = 1 };

enum class PairState {
  kIdle,        // created, no half opened yet
  kConnecting,  // a background connect is under way
  kConnected,   // the socket is ready for I/O
  kFailed,      // connect or I/O failed: `error` says why
  kClosed       // both halves are done; the socket is gone
};

// TLS on the pair's connection (pair_tls.cpp).
enum class TlsPhase {
  kOff,          // plaintext
  kConfigured,   // settings are set; the handshake starts once the socket is connected
  kHandshaking,  // the handshake runs: no HasBytesAvailable / CanAcceptBytes meanwhile
  kUp            // application data flows through the engine
};

// Where one run loop sees the pair: the modes each half is scheduled in there, and the watch on
// the socket once it exists.
struct LoopWatch {
  struct Entry {
    std::string mode;
    Half half;
  };
  ocfs_run_loop_ref loop = nullptr;  // retained
  std::vector<Entry> entries;
  runloop::SocketWatch *watch = nullptr;
  unsigned interest = 0;
};

class PairContext {
 public:
  explicit PairContext(const PairTarget &target);
  ~PairContext();
  PairContext(const PairContext &) = delete;
  PairContext &operator=(const PairContext &) = delete;

  void retain() { references_.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (references_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  // The stream-core callbacks (socket_pair.cpp), one per operation.
  bool open(stream::Stream &stream, stream::ErrorRecord &error, bool &completed);
  ocfs_index read(uint8_t *buffer, ocfs_index length, stream::ErrorRecord &error, bool &at_end);
  ocfs_index write(const uint8_t *buffer, ocfs_index length, stream::ErrorRecord &error);
  bool wait_unscheduled(bool reading, double timeout, stream::ErrorRecord &error);
  bool can_read();
  bool can_write();
  void close(Half half);
  void finalize(Half half);
  void schedule(Half half, ocfs_run_loop_ref loop, ocfs_string_ref mode);
  void unschedule(Half half, ocfs_run_loop_ref loop, ocfs_string_ref mode);

  // Properties (pair_properties.cpp): shared by both halves.
  ocfs_type_ref copy_property(ocfs_string_ref key);
  bool set_property(Half from, ocfs_string_ref key, ocfs_type_ref value);

  void attach(Half half, stream::Stream *stream);

 private:
  friend struct PairAccess;

  // Connecting.
  bool start_connect_locked(stream::ErrorRecord &error);
  bool adopt_locked(stream::ErrorRecord &error);
  void on_connect_done(platform::Socket socket, const stream::ErrorRecord &error);
  void become_connected_locked(platform::Socket socket);
  // Failure: record once, tell every opened half that is still running (except `reporter`,
  // which the core fails itself).
  void fail_locked(const stream::ErrorRecord &error, int reporter);
  bool half_running_locked(Half half) const;

  // Readiness.
  static void on_socket_ready(void *context, unsigned events);
  void handle_ready(unsigned events);
  void wake_locked(Half half, unsigned events = 0);
  ocfs_stream_event_type peek_read_event_locked();
  unsigned wanted_interest_locked(const LoopWatch &loop) const;
  void refresh_interest_locked();
  bool attach_watch_locked(LoopWatch &loop);
  void detach_watch_locked(LoopWatch &loop);
  void drop_loop_entries_locked(Half half);
  void release_socket_locked();
  bool poll_now_locked(unsigned events);

  // Properties helpers (pair_properties.cpp).
  ocfs_type_ref copy_remote_host_name_locked();
  ocfs_type_ref copy_remote_port_locked();

  // TLS (pair_tls.cpp). The engine is used under mutex_ only: both halves share it.
  enum class Progress { kFailed, kPending, kDone };
  bool set_tls_settings_locked(ocfs_type_ref settings);
  bool set_security_level_locked(ocfs_type_ref level);
  bool set_ssl_context_locked(ocfs_type_ref context);
  ocfs_type_ref copy_ssl_context_locked();
  void report_ssl_state_locked(int state);
  bool tls_settings_frozen_locked() const;
  void start_tls_locked(int reporter);
  Progress drive_handshake_locked(int reporter, stream::ErrorRecord &error);
  void keep_peer_chain_locked();
  void tls_up_locked();
  bool tls_ready_locked();
  ocfs_index tls_transfer_locked(Half half, uint8_t *buffer, ocfs_index length,
                                 stream::ErrorRecord &error, bool &at_end);
  ocfs_index tls_read_locked(uint8_t *buffer, ocfs_index length, stream::ErrorRecord &error,
                             bool &at_end);
  ocfs_index tls_write_locked(const uint8_t *buffer, ocfs_index length, stream::ErrorRecord &error);
  Progress flush_unsent_locked(int reporter, stream::ErrorRecord &error);
  ocfs_stream_event_type tls_read_event_locked();
  bool tls_writable_locked();
  unsigned tls_wait_events_locked(bool reading) const;
  unsigned tls_interest_locked(const LoopWatch &loop) const;
  void tls_close_locked();
  std::optional<std::string> tls_peer_name_locked() const;
  std::string tls_destination_locked() const;
  ocfs_type_ref copy_tls_property_locked(ocfs_string_ref key, bool &known);
  ocfs_type_ref copy_peer_certificates() const;
  bool set_tls_property_locked(ocfs_string_ref key, ocfs_type_ref value, bool &known);

  std::atomic<int> references_{0};
  std::mutex mutex_;  // everything below

  // What the pair connects to (fixed at creation).
  PairTarget target_;
  bool adopted_;

  PairState state_ = PairState::kIdle;
  platform::Socket socket_ = platform::kInvalidSocket;
  bool adopted_was_nonblocking_ = false;
  stream::ErrorRecord error_;
  std::shared_ptr<ConnectJob> job_;

  stream::Stream *halves_[2] = {nullptr, nullptr};  // while each stream lives
  bool opened_[2] = {false, false};
  bool done_[2] = {true, true};  // closed, released, or never created
  bool armed_[2] = {true, true};
  // Plaintext reads from the socket: one more as each starts and as it ends (see SocketWatch).
  // A store, not a read-modify-write (which costs a locked instruction twice per read): reads of
  // a half come from one thread at a time, Apple's rule for streams.
  std::atomic<unsigned> plain_reads_{0};
  void count_plain_read() {
    plain_reads_.store(plain_reads_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }
  std::vector<LoopWatch> loops_;

  // Properties.
  ocfs_mutable_dictionary_ref stored_ = nullptr;  // no-op keys, as set, for copy
  bool should_close_;
  bool no_delay_ = false;
  double connect_timeout_ = 75;

  // TLS.
  TlsPhase tls_phase_ = TlsPhase::kOff;
  TlsSettings tls_settings_;
  ocfs_type_ref tls_dictionary_ = nullptr;       // the settings as last set (copy, and equality)
  std::optional<std::string> socket_peer_name_;  // _kCFStreamPropertySocketPeerName
  // _kCFStreamPropertySSLClientSideAuthentication (servers)
  tls::ClientAuthentication client_authentication_ = tls::ClientAuthentication::kNever;
  std::unique_ptr<SocketTransport> tls_transport_;
  std::unique_ptr<tls::Session> tls_;
  tls::Want tls_want_ = tls::Want::kNothing;  // what the engine waits for
  // Plaintext of a record the engine holds but could not send yet: OpenSSL wants the very same
  // bytes again, and the app has been told they are written.
  std::vector<uint8_t> tls_unsent_;
  std::vector<tls::Der> peer_chain_;  // kept after the engine is gone, and after a failure
  std::optional<std::string> tls_peer_name_used_;  // what the handshake checked (for SecTrust)
  // kCFStreamPropertySSLContext (retained): set by the app, or made when the app copies it.
  ocfs_ssl_context *ssl_context_ = nullptr;
};

PairContext &pair_of(stream::Stream &stream);

}  // namespace ocfs::net

#endif  // OCFS_SRC_NET_PAIR_CONTEXT_HPP
