// Socket-pair properties. They belong to the pair, so a value set through either half is what
// both halves report. Keys compare by content (apps pass literal strings for private keys).
#include <cmath>

#include <opencfstream/number.h>

#include "cf/string.hpp"
#include "net/pair_context.hpp"
#include "net/property_values.hpp"

extern "C" {

const ocfs_string_ref ocfs_stream_property_socket_native_handle =
    OCFS_STR("kCFStreamPropertySocketNativeHandle");
const ocfs_string_ref ocfs_stream_property_socket_remote_host_name =
    OCFS_STR("kCFStreamPropertySocketRemoteHostName");
const ocfs_string_ref ocfs_stream_property_socket_remote_port_number =
    OCFS_STR("kCFStreamPropertySocketRemotePortNumber");
const ocfs_string_ref ocfs_stream_property_socket_remote_host =
    OCFS_STR("kCFStreamPropertySocketRemoteHost");
const ocfs_string_ref ocfs_stream_property_should_close_native_socket =
    OCFS_STR("kCFStreamPropertyShouldCloseNativeSocket");
const ocfs_string_ref ocfs_stream_socket_set_no_delay = OCFS_STR("_kCFStreamSocketSetNoDelay");
const ocfs_string_ref ocfs_stream_network_service_type = OCFS_STR("kCFStreamNetworkServiceType");
const ocfs_string_ref ocfs_stream_network_service_type_voip =
    OCFS_STR("kCFStreamNetworkServiceTypeVoIP");
const ocfs_string_ref ocfs_stream_network_service_type_video =
    OCFS_STR("kCFStreamNetworkServiceTypeVideo");
const ocfs_string_ref ocfs_stream_network_service_type_voice =
    OCFS_STR("kCFStreamNetworkServiceTypeVoice");
const ocfs_string_ref ocfs_stream_network_service_type_background =
    OCFS_STR("kCFStreamNetworkServiceTypeBackground");
const ocfs_string_ref ocfs_stream_network_service_type_responsive_data =
    OCFS_STR("kCFStreamNetworkServiceTypeResponsiveData");
const ocfs_string_ref ocfs_stream_network_service_type_av_streaming =
    OCFS_STR("kCFStreamNetworkServiceTypeAVStreaming");
const ocfs_string_ref ocfs_stream_network_service_type_responsive_av =
    OCFS_STR("kCFStreamNetworkServiceTypeResponsiveAV");
const ocfs_string_ref ocfs_stream_network_service_type_call_signaling =
    OCFS_STR("kCFStreamNetworkServiceTypeCallSignaling");
const ocfs_string_ref ocfs_stream_property_no_cellular = OCFS_STR("kCFStreamPropertyNoCellular");
const ocfs_string_ref ocfs_stream_property_allow_expensive_network_access =
    OCFS_STR("kCFStreamPropertyAllowExpensiveNetworkAccess");
const ocfs_string_ref ocfs_stream_property_allow_constrained_network_access =
    OCFS_STR("kCFStreamPropertyAllowConstrainedNetworkAccess");
const ocfs_string_ref ocfs_stream_property_socket_extended_background_idle_mode =
    OCFS_STR("kCFStreamPropertySocketExtendedBackgroundIdleMode");
const ocfs_string_ref ocfs_stream_property_connection_is_cellular =
    OCFS_STR("kCFStreamPropertyConnectionIsCellular");
const ocfs_string_ref ocfs_stream_property_connection_is_expensive =
    OCFS_STR("kCFStreamPropertyConnectionIsExpensive");
const ocfs_string_ref ocfs_stream_property_socket_connect_timeout =
    OCFS_STR("kOCFSStreamPropertySocketConnectTimeout");
const ocfs_string_ref ocfs_get_addr_info_failure_key = OCFS_STR("kCFGetAddrInfoFailureKey");

}  // extern "C"

namespace ocfs::net {
namespace {

// Keys whose feature does not exist off Apple platforms: the value is checked and kept (so a copy
// returns it) and changes nothing.
bool is_no_op_boolean_key(ocfs_string_ref key) {
  return is_key(key, ocfs_stream_property_no_cellular) ||
         is_key(key, ocfs_stream_property_allow_expensive_network_access) ||
         is_key(key, ocfs_stream_property_allow_constrained_network_access) ||
         is_key(key, ocfs_stream_property_socket_extended_background_idle_mode);
}

}  // namespace

ocfs_type_ref PairContext::copy_remote_host_name_locked() {
  if (!target_.host.empty()) return cf::make_string(target_.host);
  platform::SocketAddress peer;
  if (socket_ == platform::kInvalidSocket || !platform::peer_address(socket_, peer)) {
    return nullptr;
  }
  return cf::make_string(platform::address_text(peer));
}

ocfs_type_ref PairContext::copy_remote_port_locked() {
  if (!adopted_) return copy_number(target_.port);
  platform::SocketAddress peer;
  if (socket_ == platform::kInvalidSocket || !platform::peer_address(socket_, peer)) {
    return nullptr;
  }
  return copy_number(platform::address_port(peer));
}

ocfs_type_ref PairContext::copy_property(ocfs_string_ref key) {
  std::lock_guard lock(mutex_);
  bool tls_key = false;
  ocfs_type_ref tls_value = copy_tls_property_locked(key, tls_key);
  if (tls_key) return tls_value;
  if (is_key(key, ocfs_stream_property_socket_native_handle)) {
    // An adopted socket exists from the start; a connected one once the connect has won.
    platform::Socket socket = state_ == PairState::kIdle ? target_.adopted : socket_;
    if (socket == platform::kInvalidSocket) return nullptr;
    return ocfs_data_create(nullptr, reinterpret_cast<const uint8_t *>(&socket), sizeof socket);
  }
  if (is_key(key, ocfs_stream_property_socket_remote_host_name)) {
    return copy_remote_host_name_locked();
  }
  if (is_key(key, ocfs_stream_property_socket_remote_port_number)) {
    return copy_remote_port_locked();
  }
  if (is_key(key, ocfs_stream_property_socket_remote_host)) return ocfs_retain(target_.cf_host);
  if (is_key(key, ocfs_stream_property_should_close_native_socket)) {
    return copy_boolean(should_close_);
  }
  if (is_key(key, ocfs_stream_socket_set_no_delay)) return copy_boolean(no_delay_);
  if (is_key(key, ocfs_stream_property_socket_connect_timeout)) {
    return ocfs_number_create(nullptr, OCFS_NUMBER_FLOAT64, &connect_timeout_);
  }
  if (is_key(key, ocfs_stream_property_connection_is_cellular) ||
      is_key(key, ocfs_stream_property_connection_is_expensive)) {
    return copy_boolean(false);
  }
  return stored_ != nullptr ? ocfs_retain(ocfs_dictionary_get_value(stored_, key)) : nullptr;
}

bool PairContext::set_property(Half from, ocfs_string_ref key, ocfs_type_ref value) {
  std::lock_guard lock(mutex_);
  bool tls_key = false;
  bool tls_accepted = set_tls_property_locked(key, value, tls_key);
  if (tls_key) return tls_accepted;
  if (is_key(key, ocfs_stream_property_read_timeout) ||
      is_key(key, ocfs_stream_property_write_timeout)) {
    // The core has set it on `from`; the other half shares it.
    Half other = from == kReadHalf ? kWriteHalf : kReadHalf;
    if (halves_[other] != nullptr) halves_[other]->set_blocking_timeout(key, value);
    return true;
  }
  if (is_key(key, ocfs_stream_property_should_close_native_socket)) {
    if (!is_boolean(value)) return false;
    should_close_ = boolean_value(value);
    return true;
  }
  if (is_key(key, ocfs_stream_socket_set_no_delay)) {
    if (!is_boolean(value)) return false;
    int error = 0;
    if (socket_ != platform::kInvalidSocket &&
        !platform::set_no_delay(socket_, boolean_value(value), error)) {
      return false;
    }
    no_delay_ = boolean_value(value);  // applied on connect otherwise
    return true;
  }
  if (is_key(key, ocfs_stream_property_socket_connect_timeout)) {
    double seconds = -1;
    if (state_ != PairState::kIdle || !cf::is_a(value, cf::TypeId::kNumber)) return false;
    ocfs_number_get_value(static_cast<ocfs_number_ref>(value), OCFS_NUMBER_FLOAT64, &seconds);
    if (!(seconds >= 0) || !std::isfinite(seconds)) return false;
    connect_timeout_ = seconds;
    return true;
  }
  bool accepted = false;
  if (is_no_op_boolean_key(key)) {
    accepted = value == nullptr || is_boolean(value);
  } else if (is_key(key, ocfs_stream_network_service_type)) {
    accepted = value == nullptr || cf::is_string(value);
  }
  if (!accepted) return false;  // unknown, read-only, or a wrong type
  if (stored_ == nullptr) {     // made on the first use: most pairs never set such a key
    stored_ = ocfs_dictionary_create_mutable(nullptr, 0, &ocfs_type_dictionary_key_callbacks,
                                             &ocfs_type_dictionary_value_callbacks);
    if (stored_ == nullptr) return false;
  }
  if (value == nullptr) {
    ocfs_dictionary_remove_value(stored_, key);
  } else {
    ocfs_dictionary_set_value(stored_, key, value);
  }
  return true;
}

}  // namespace ocfs::net
