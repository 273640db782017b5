// TLS on a socket pair (DESIGN contracts 4 to 13): settings, the handshake gating, STARTTLS on an
// open connection, encrypted I/O and close_notify. The engine (tls::Session) is shared by both
// halves and only used under the pair's mutex; it never blocks, so holding the mutex is short.
#include <algorithm>
#include <cerrno>

#include <opencfstream/array.h>
#include <opencfstream/number.h>
#include <opencfstream/socket_stream.h>

#include "cf/string.hpp"
#include "security/security.hpp"
#include "net/pair_context.hpp"
#include "net/property_values.hpp"
#include "tls/status_codes.hpp"

namespace ocfs::net {
namespace {

using stream::ErrorRecord;

// At most one record's plaintext per engine write, so a write the socket cannot take yet leaves
// a bounded copy behind (tls_unsent_).
constexpr std::size_t kRecordPlaintext = 16384;

unsigned poll_events_for(tls::Want want) {
  switch (want) {
    case tls::Want::kRead:
      return platform::kPollIn;
    case tls::Want::kWrite:
      return platform::kPollOut;
    default:
      return 0;
  }
}

bool is_read_only_tls_key(ocfs_string_ref key) {
  for (ocfs_string_ref known :
       {ocfs_stream_property_ssl_peer_certificates, ocfs_stream_property_ssl_peer_trust,
        ocfs_stream_property_ssl_truncated, ocfs_stream_property_ssl_protocol_version,
        ocfs_stream_property_ssl_cipher_suite, ocfs_stream_property_ssl_alpn_protocol,
        ocfs_stream_property_ssl_session_reused, ocfs_stream_property_ssl_peer_subject}) {
    if (is_key(key, known)) return true;
  }
  return false;
}

// SSLAuthenticate numbers <-> the engine's modes; null for anything else (or not a CFNumber).
std::optional<tls::ClientAuthentication> client_authentication_of(ocfs_type_ref value) {
  int64_t code = -1;
  if (!cf::is_a(value, cf::TypeId::kNumber)) return std::nullopt;
  ocfs_number_get_value(static_cast<ocfs_number_ref>(value), OCFS_NUMBER_SINT64, &code);
  switch (code) {
    case OCFS_SSL_NEVER_AUTHENTICATE:
      return tls::ClientAuthentication::kNever;
    case OCFS_SSL_ALWAYS_AUTHENTICATE:
      return tls::ClientAuthentication::kAlways;
    case OCFS_SSL_TRY_AUTHENTICATE:
      return tls::ClientAuthentication::kTry;
    default:
      return std::nullopt;
  }
}

int64_t client_authentication_code(tls::ClientAuthentication mode) {
  switch (mode) {
    case tls::ClientAuthentication::kAlways:
      return OCFS_SSL_ALWAYS_AUTHENTICATE;
    case tls::ClientAuthentication::kTry:
      return OCFS_SSL_TRY_AUTHENTICATE;
    default:
      return OCFS_SSL_NEVER_AUTHENTICATE;
  }
}

}  // namespace

// ---- Settings ----

// The handshake has started (or the pair is over): the configuration can no longer change.
bool PairContext::tls_settings_frozen_locked() const {
  return tls_ != nullptr || state_ == PairState::kFailed || state_ == PairState::kClosed;
}

bool PairContext::set_tls_settings_locked(ocfs_type_ref settings) {
  if (tls_settings_frozen_locked()) {
    // The same settings again (set on both halves) are accepted as a no-op.
    return settings != nullptr && tls_dictionary_ != nullptr &&
           ocfs_equal(settings, tls_dictionary_) != 0;
  }
  TlsSettings parsed;
  std::string why;
  if (settings != nullptr &&
      !read_tls_settings(static_cast<ocfs_dictionary_ref>(settings), parsed, why)) {
    return false;  // the settings in force stay as they were
  }
  ocfs_release(tls_dictionary_);
  tls_dictionary_ = settings != nullptr ? ocfs_dictionary_create_copy(
                                              nullptr, static_cast<ocfs_dictionary_ref>(settings))
                                        : nullptr;
  tls_settings_ = std::move(parsed);
  tls_phase_ = tls_settings_.enabled ? TlsPhase::kConfigured : TlsPhase::kOff;
  if (tls_phase_ == TlsPhase::kConfigured && state_ == PairState::kConnected) {
    start_tls_locked(-1);  // STARTTLS: the connection is already open
  }
  return true;
}

bool PairContext::set_security_level_locked(ocfs_type_ref level) {
  if (level == nullptr) return set_tls_settings_locked(nullptr);
  if (!cf::is_string(level)) return false;
  const void *key = ocfs_stream_ssl_level;
  const void *value = level;
  ocfs_dictionary_ref settings =
      ocfs_dictionary_create(nullptr, &key, &value, 1, &ocfs_type_dictionary_key_callbacks,
                             &ocfs_type_dictionary_value_callbacks);
  bool accepted = settings != nullptr && set_tls_settings_locked(settings);
  ocfs_release(settings);
  return accepted;
}

// A context set on the pair turns TLS on with its configuration laid over the settings (or the
// defaults); NULL removes it. Like the settings, only until the handshake starts.
bool PairContext::set_ssl_context_locked(ocfs_type_ref value) {
  if (value != nullptr && !cf::is_a(value, cf::TypeId::kSslContext)) return false;
  auto *context = static_cast<ocfs_ssl_context *>(const_cast<void *>(value));
  if (tls_settings_frozen_locked()) return context != nullptr && context == ssl_context_;
  if (context != nullptr && tls_phase_ == TlsPhase::kOff) {
    ocfs_dictionary_ref defaults =
        ocfs_dictionary_create(nullptr, nullptr, nullptr, 0, &ocfs_type_dictionary_key_callbacks,
                               &ocfs_type_dictionary_value_callbacks);
    std::string why;
    bool read = defaults != nullptr && read_tls_settings(defaults, tls_settings_, why);
    ocfs_release(defaults);
    if (!read) return false;
  }
  ocfs_retain(context);
  ocfs_release(ssl_context_);
  ssl_context_ = context;
  if (context == nullptr) return true;
  tls_phase_ = TlsPhase::kConfigured;
  if (state_ == PairState::kConnected) start_tls_locked(-1);
  return true;
}

// The pair's context: NULL without TLS; made on first use (the settings' side) otherwise.
ocfs_type_ref PairContext::copy_ssl_context_locked() {
  if (ssl_context_ == nullptr && tls_phase_ != TlsPhase::kOff) {
    ssl_context_ = static_cast<ocfs_ssl_context *>(ocfs_ssl_context_create(
        nullptr, tls_settings_.config.server ? OCFS_SSL_SERVER_SIDE : OCFS_SSL_CLIENT_SIDE,
        OCFS_SSL_STREAM_TYPE));
    if (ssl_context_ != nullptr && tls_phase_ != TlsPhase::kConfigured) {
      report_ssl_state_locked(tls_phase_ == TlsPhase::kUp ? OCFS_SSL_CONNECTED
                                                          : OCFS_SSL_HANDSHAKE);
    }
  }
  return ocfs_retain(ssl_context_);
}

void PairContext::report_ssl_state_locked(int state) {
  if (ssl_context_ == nullptr) return;
  bool up = state == OCFS_SSL_CONNECTED && tls_ != nullptr;
  report_ssl_state(*ssl_context_, state, up ? tls_->protocol_version_number() : 0,
                   up ? tls_->cipher_id() : 0);
}

// DESIGN contract 7: the settings' name (or kCFNull: none), then the private peer-name property,
// then the host the pair was created with. A pair over an adopted socket has no default name.
std::optional<std::string> PairContext::tls_peer_name_locked() const {
  switch (tls_settings_.peer_name_source) {
    case PeerNameSource::kSettings:
      return tls_settings_.settings_peer_name;
    case PeerNameSource::kNone:
      return std::nullopt;
    case PeerNameSource::kPairDefault:
      break;
  }
  if (socket_peer_name_.has_value()) return socket_peer_name_;
  if (!adopted_ && !target_.host.empty()) return target_.host;
  return std::nullopt;
}

// Where the connection goes, for the session cache: the host and port the pair was made with, or
// the peer's address for an adopted socket. (No proxy yet: when SOCKS / CONNECT come, the proxy
// joins the key.)
std::string PairContext::tls_destination_locked() const {
  if (!adopted_) {
    std::string host = target_.host;
    if (host.empty() && !target_.addresses.empty()) {
      host = platform::address_text(target_.addresses.front());
    }
    return host + ":" + std::to_string(target_.port);
  }
  platform::SocketAddress peer;
  if (!platform::peer_address(socket_, peer)) return "";
  return platform::address_text(peer) + ":" + std::to_string(platform::address_port(peer));
}

// ---- The handshake ----

void PairContext::start_tls_locked(int reporter) {
  tls::Config config = tls_settings_.config;
  config.peer_name = tls_peer_name_locked();
  config.resumption_key = tls_destination_locked();
  config.client_authentication = client_authentication_;
  if (ssl_context_ != nullptr) apply_ssl_context(*ssl_context_, config);  // the context wins
  tls_peer_name_used_ = config.peer_name;
  // No read-ahead happens in plaintext, so bytes already waiting now were sent before the server
  // could have seen our ClientHello: never TLS data, possibly injected (the STARTTLS injection
  // class, CVE-2011-0411). They are never delivered; the upgrade fails. (A server's peer speaks
  // first: waiting bytes are its ClientHello, and anything else fails in the engine.)
  int code = 0;
  if (!config.server && platform::socket_peek(socket_, code) > 0) {
    fail_locked(ErrorRecord{OCFS_STREAM_ERROR_DOMAIN_SSL, tls::kErrSSLProtocol,
                            "plaintext arrived before the TLS handshake started; it was discarded "
                            "(possible injection before STARTTLS)"},
                reporter);
    return;
  }
  ErrorRecord error;
  tls_transport_ = std::make_unique<SocketTransport>(socket_);
  tls_ = tls::Session::create(config, *tls_transport_, error);
  if (tls_ == nullptr) {
    fail_locked(error, reporter);
    return;
  }
  tls_phase_ = TlsPhase::kHandshaking;
  report_ssl_state_locked(OCFS_SSL_HANDSHAKE);
  // Readiness from the plaintext phase no longer holds; the first HasBytesAvailable or
  // CanAcceptBytes after the handshake is the "TLS is up" signal.
  for (Half half : {kReadHalf, kWriteHalf}) {
    armed_[half] = true;
    if (halves_[half] == nullptr) continue;
    halves_[half]->withdraw_event(OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);
    halves_[half]->withdraw_event(OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES);
  }
  drive_handshake_locked(reporter, error);
}

PairContext::Progress PairContext::drive_handshake_locked(int reporter, ErrorRecord &error) {
  tls::Want want = tls::Want::kNothing;
  bool done = tls_->handshake(want, error);
  if (error.is_set()) {
    keep_peer_chain_locked();  // still readable after a failure, for the app's own checks
    fail_locked(error, reporter);
    return Progress::kFailed;
  }
  if (!done) {
    tls_want_ = want;
    refresh_interest_locked();
    return Progress::kPending;
  }
  keep_peer_chain_locked();
  tls_up_locked();
  return Progress::kDone;
}

void PairContext::keep_peer_chain_locked() {
  if (peer_chain_.empty() && tls_ != nullptr) peer_chain_ = tls_->peer_chain();
}

void PairContext::tls_up_locked() {
  tls_phase_ = TlsPhase::kUp;
  tls_want_ = tls::Want::kNothing;
  report_ssl_state_locked(OCFS_SSL_CONNECTED);
  for (Half half : {kReadHalf, kWriteHalf}) {
    wake_locked(half);
    if (half_running_locked(half)) halves_[half]->notify_waiters();
  }
  refresh_interest_locked();
}

// ---- Encrypted I/O ----

// False while a handshake is in the way (after giving it a step); true when I/O can go on, in
// plaintext or through the engine.
bool PairContext::tls_ready_locked() {
  if (tls_phase_ == TlsPhase::kOff || tls_phase_ == TlsPhase::kUp) return true;
  if (tls_phase_ != TlsPhase::kHandshaking) return false;
  ErrorRecord error;
  return drive_handshake_locked(-1, error) == Progress::kDone;
}

// A read or write on a pair with TLS on: it first moves the handshake on (the call waits,
// returning 0, until it is done), then goes through the engine.
ocfs_index PairContext::tls_transfer_locked(Half half, uint8_t *buffer, ocfs_index length,
                                            ErrorRecord &error, bool &at_end) {
  if (tls_phase_ == TlsPhase::kHandshaking) {
    Progress progress = drive_handshake_locked(half, error);
    if (progress == Progress::kFailed) return -1;
    if (progress == Progress::kPending) {
      armed_[half] = true;
      refresh_interest_locked();
      return 0;
    }
  }
  if (state_ != PairState::kConnected) {
    // The handshake finished, and the wake-up that follows it already found the connection
    // failed (an alert right behind the server's last handshake message).
    error = error_;
    return -1;
  }
  if (tls_phase_ != TlsPhase::kUp) return 0;
  return half == kReadHalf ? tls_read_locked(buffer, length, error, at_end)
                           : tls_write_locked(buffer, length, error);
}

ocfs_index PairContext::tls_read_locked(uint8_t *buffer, ocfs_index length, ErrorRecord &error,
                                        bool &at_end) {
  armed_[kReadHalf] = true;
  tls::Want want = tls::Want::kNothing;
  std::ptrdiff_t count = tls_->read(buffer, static_cast<std::size_t>(length), want, at_end, error);
  if (error.is_set()) {
    fail_locked(error, kReadHalf);
    return -1;
  }
  if (count > 0 && tls_->has_buffered_input()) {
    // Data (or the peer's close_notify) is left inside the engine: the socket will not show it,
    // so say so now.
    ocfs_stream_event_type next = tls_read_event_locked();
    if (next != OCFS_STREAM_EVENT_NONE && state_ == PairState::kConnected) {
      armed_[kReadHalf] = false;
      halves_[kReadHalf]->signal_event(next);
    }
  }
  refresh_interest_locked();
  return count;
}

ocfs_index PairContext::tls_write_locked(const uint8_t *buffer, ocfs_index length,
                                         ErrorRecord &error) {
  armed_[kWriteHalf] = true;
  Progress flushed = flush_unsent_locked(kWriteHalf, error);
  if (flushed != Progress::kDone) {
    refresh_interest_locked();
    return flushed == Progress::kFailed ? -1 : 0;
  }
  std::size_t chunk = std::min(static_cast<std::size_t>(length), kRecordPlaintext);
  tls::Want want = tls::Want::kNothing;
  std::ptrdiff_t count = tls_->write(buffer, chunk, want, error);
  if (error.is_set()) {
    fail_locked(error, kWriteHalf);
    return -1;
  }
  if (count > 0) return count;
  // The engine has taken the record and waits for the socket; it must be offered the same bytes
  // again. Keep them and report them written (as Apple does): they go out before anything else.
  tls_unsent_.assign(buffer, buffer + chunk);
  refresh_interest_locked();
  return static_cast<ocfs_index>(chunk);
}

PairContext::Progress PairContext::flush_unsent_locked(int reporter, ErrorRecord &error) {
  while (!tls_unsent_.empty()) {
    tls::Want want = tls::Want::kNothing;
    std::ptrdiff_t count = tls_->write(tls_unsent_.data(), tls_unsent_.size(), want, error);
    if (error.is_set()) {
      tls_unsent_.clear();
      fail_locked(error, reporter);
      return Progress::kFailed;
    }
    if (count == 0) return Progress::kPending;
    tls_unsent_.erase(tls_unsent_.begin(), tls_unsent_.begin() + count);
  }
  if (tls_unsent_.capacity() != 0) std::vector<uint8_t>().swap(tls_unsent_);  // idle: no buffer
  return Progress::kDone;
}

// What the read half should hear once TLS is up: decrypted bytes (buffered or in a record that
// arrived), the end (close_notify, or a TCP end: see truncated()), or nothing yet (a partial
// record, a session ticket).
ocfs_stream_event_type PairContext::tls_read_event_locked() {
  if (tls_->has_buffered_plaintext()) return OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE;
  tls::Want want = tls::Want::kNothing;
  bool at_end = false;
  ErrorRecord error;
  std::ptrdiff_t count = tls_->peek(want, at_end, error);
  if (count > 0) return OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE;
  if (at_end) return OCFS_STREAM_EVENT_END_ENCOUNTERED;
  if (error.is_set()) fail_locked(error, -1);
  return OCFS_STREAM_EVENT_NONE;
}

bool PairContext::tls_writable_locked() {
  ErrorRecord error;
  if (flush_unsent_locked(-1, error) != Progress::kDone) return false;
  return poll_now_locked(platform::kPollOut | platform::kPollError | platform::kPollHangup);
}

// What a blocking call on an unscheduled half polls the socket for.
unsigned PairContext::tls_wait_events_locked(bool reading) const {
  if (tls_phase_ == TlsPhase::kHandshaking) return poll_events_for(tls_want_);
  if (!reading && !tls_unsent_.empty()) return platform::kPollOut;
  return reading ? platform::kPollIn : platform::kPollOut;
}

// What the engine itself needs from the socket on behalf of a loop's halves: the handshake's
// direction, or writability to flush a held record.
unsigned PairContext::tls_interest_locked(const LoopWatch &loop) const {
  bool someone_here =
      std::any_of(loop.entries.begin(), loop.entries.end(),
                  [&](const LoopWatch::Entry &e) { return half_running_locked(e.half); });
  if (!someone_here) return 0;
  if (tls_phase_ == TlsPhase::kHandshaking) return poll_events_for(tls_want_);
  return tls_unsent_.empty() ? 0u : static_cast<unsigned>(platform::kPollOut);
}

// Both halves are done: whatever is held goes out, then close_notify (best effort: the socket
// is non-blocking and closes right after).
void PairContext::tls_close_locked() {
  if (tls_ != nullptr && tls_phase_ == TlsPhase::kUp && state_ == PairState::kConnected) {
    ErrorRecord ignored;
    flush_unsent_locked(-1, ignored);
    if (state_ == PairState::kConnected) tls_->send_close_notify();
  }
  if (tls_ != nullptr) report_ssl_state_locked(OCFS_SSL_CLOSED);
  tls_.reset();
  tls_transport_.reset();
  tls_unsent_.clear();
}

// ---- Properties ----

// kCFStreamPropertySSLPeerCertificates: SecCertificates, leaf first.
ocfs_type_ref PairContext::copy_peer_certificates() const {
  if (peer_chain_.empty()) return nullptr;
  ocfs_mutable_array_ref chain = ocfs_array_create_mutable(nullptr, 0, &ocfs_type_array_callbacks);
  for (const tls::Der &der : peer_chain_) {
    ocfs_data_ref data = ocfs_data_create(nullptr, der.data(), static_cast<ocfs_index>(der.size()));
    ocfs_certificate_ref certificate = ocfs_certificate_create_with_data(nullptr, data);
    if (certificate != nullptr && chain != nullptr) ocfs_array_append_value(chain, certificate);
    ocfs_release(certificate);
    ocfs_release(data);
  }
  return chain;
}

ocfs_type_ref PairContext::copy_tls_property_locked(ocfs_string_ref key, bool &known) {
  known = true;
  bool complete = tls_ != nullptr && tls_->handshake_complete();
  if (is_key(key, ocfs_stream_property_socket_security_level)) {
    if (tls_phase_ == TlsPhase::kOff) return ocfs_retain(ocfs_stream_socket_security_level_none);
    if (complete) return ocfs_retain(level_for_protocol(tls_->protocol_version()));
    return ocfs_retain(tls_settings_.level != nullptr
                           ? tls_settings_.level
                           : ocfs_stream_socket_security_level_negotiated_ssl);
  }
  if (is_key(key, ocfs_stream_property_ssl_settings)) return ocfs_retain(tls_dictionary_);
  if (is_key(key, ocfs_stream_property_ssl_context)) return copy_ssl_context_locked();
  if (is_key(key, ocfs_stream_property_socket_peer_name)) {
    return socket_peer_name_.has_value() ? cf::make_string(*socket_peer_name_) : nullptr;
  }
  if (is_key(key, ocfs_stream_property_ssl_client_side_authentication)) {
    return copy_number(client_authentication_code(client_authentication_));
  }
  if (is_key(key, ocfs_stream_property_ssl_peer_certificates)) return copy_peer_certificates();
  if (is_key(key, ocfs_stream_property_ssl_peer_trust)) {
    // From the first "TLS is up" event on (also with validation off, and after a failure): a
    // trust over the chain the peer sent, with an SSL policy for the name the handshake checked.
    return peer_chain_.empty() ? nullptr
                               : security::make_peer_trust(peer_chain_, tls_peer_name_used_);
  }
  if (is_key(key, ocfs_stream_property_ssl_peer_subject)) {
    return peer_chain_.empty() ? nullptr : copy_string(tls::certificate_subject(peer_chain_[0]));
  }
  if (is_key(key, ocfs_stream_property_ssl_truncated)) {
    return complete ? copy_boolean(tls_->truncated()) : nullptr;
  }
  if (is_key(key, ocfs_stream_property_ssl_protocol_version)) {
    return complete ? copy_string(tls_->protocol_version()) : nullptr;
  }
  if (is_key(key, ocfs_stream_property_ssl_cipher_suite)) {
    return complete ? copy_string(tls_->cipher()) : nullptr;
  }
  if (is_key(key, ocfs_stream_property_ssl_alpn_protocol)) {
    return complete ? copy_string(tls_->alpn_selected()) : nullptr;
  }
  if (is_key(key, ocfs_stream_property_ssl_session_reused)) {
    return complete ? copy_boolean(tls_->session_reused()) : nullptr;
  }
  known = false;
  return nullptr;
}

bool PairContext::set_tls_property_locked(ocfs_string_ref key, ocfs_type_ref value, bool &known) {
  known = true;
  if (is_key(key, ocfs_stream_property_ssl_settings)) return set_tls_settings_locked(value);
  if (is_key(key, ocfs_stream_property_ssl_context)) return set_ssl_context_locked(value);
  if (is_key(key, ocfs_stream_property_socket_security_level)) {
    return set_security_level_locked(value);
  }
  if (is_key(key, ocfs_stream_property_socket_peer_name)) {
    std::optional<std::string> name;
    if (value != nullptr) {
      if (!cf::is_string(value)) return false;
      name = std::string(cf::utf8_of(static_cast<ocfs_string_ref>(value)));
      if (!tls::is_valid_peer_name(*name)) return false;
    }
    // Read when the handshake starts; after that only the name in force is accepted.
    if (tls_settings_frozen_locked()) return name == socket_peer_name_;
    socket_peer_name_ = std::move(name);
    return true;
  }
  if (is_key(key, ocfs_stream_property_ssl_client_side_authentication)) {
    std::optional<tls::ClientAuthentication> mode = client_authentication_of(value);
    if (!mode.has_value()) return false;
    if (tls_settings_frozen_locked()) return *mode == client_authentication_;
    client_authentication_ = *mode;
    return true;
  }
  if (is_read_only_tls_key(key)) return false;
  known = false;
  return false;
}

}  // namespace ocfs::net
