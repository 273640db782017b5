// Stream errors as CFErrors, in the shape current Apple systems produce: the CFError domain that
// matches the stream error domain, the code, and the original pair in userInfo under
// _kCFStreamErrorCodeKey / _kCFStreamErrorDomainKey.
#include "cf/string.hpp"
#include "stream/stream.hpp"

#include <opencfstream/number.h>
#include <opencfstream/socket_stream.h>

#include "platform/platform.hpp"

namespace ocfs::stream {
namespace {

ocfs_string_ref cf_domain_of(ocfs_index domain) {
  switch (domain) {
    case OCFS_STREAM_ERROR_DOMAIN_POSIX:
      return ocfs_error_domain_posix;
    case OCFS_STREAM_ERROR_DOMAIN_MACOS_STATUS:
    case OCFS_STREAM_ERROR_DOMAIN_SSL:
      return ocfs_error_domain_os_status;
    default:
      return ocfs_error_domain_cfnetwork;
  }
}

void set_number(ocfs_mutable_dictionary_ref info, ocfs_string_ref key, int64_t value) {
  ocfs_number_ref number = ocfs_number_create(nullptr, OCFS_NUMBER_SINT64, &value);
  ocfs_dictionary_set_value(info, key, number);
  ocfs_release(number);
}

}  // namespace

ocfs_error_ref make_cf_error(const ErrorRecord &error) {
  ocfs_mutable_dictionary_ref info = ocfs_dictionary_create_mutable(
      nullptr, 0, &ocfs_type_dictionary_key_callbacks, &ocfs_type_dictionary_value_callbacks);
  if (info == nullptr) return nullptr;
  ocfs_index code = error.code;
  set_number(info, OCFS_STR("_kCFStreamErrorCodeKey"), error.code);
  set_number(info, OCFS_STR("_kCFStreamErrorDomainKey"), error.domain);
  if (error.domain == OCFS_STREAM_ERROR_DOMAIN_NETDB) {
    // DNS failures: kCFErrorDomainCFNetwork, kCFHostErrorHostNotFound when the name does not
    // exist and kCFHostErrorUnknown otherwise, the EAI_* code in userInfo.
    set_number(info, ocfs_get_addr_info_failure_key, error.code);
    code = error.code == platform::eai_no_name() ? OCFS_HOST_ERROR_HOST_NOT_FOUND
                                                 : OCFS_HOST_ERROR_UNKNOWN;
  }
  if (!error.reason.empty()) {
    ocfs_string_ref reason = cf::make_string(error.reason);
    ocfs_dictionary_set_value(info, ocfs_error_localized_failure_reason_key, reason);
    ocfs_release(reason);
  }
  ocfs_error_ref result = ocfs_error_create(nullptr, cf_domain_of(error.domain), code, info);
  ocfs_release(info);
  return result;
}

}  // namespace ocfs::stream
