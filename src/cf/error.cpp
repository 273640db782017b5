// CFError: a domain, a code and a userInfo dictionary, with CFError's description rules.
#include <opencfstream/error.h>

#include "cf/classes.hpp"
#include "cf/object.hpp"
#include "cf/string.hpp"
#include "platform/platform.hpp"

#include <optional>
#include <vector>

struct ocfs_error : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kError;

  ocfs_error(ocfs_string_ref error_domain, ocfs_index error_code, ocfs_dictionary_ref info)
      : Object(kTypeId), domain(error_domain), code(error_code), user_info(info) {}
  ~ocfs_error() {
    ocfs_release(domain);
    ocfs_release(user_info);
  }

  ocfs_string_ref domain;
  ocfs_index code;
  ocfs_dictionary_ref user_info;  // never null
};

extern "C" {

const ocfs_string_ref ocfs_error_domain_posix = OCFS_STR("NSPOSIXErrorDomain");
const ocfs_string_ref ocfs_error_domain_os_status = OCFS_STR("NSOSStatusErrorDomain");
const ocfs_string_ref ocfs_error_domain_mach = OCFS_STR("NSMachErrorDomain");
const ocfs_string_ref ocfs_error_domain_cocoa = OCFS_STR("NSCocoaErrorDomain");
const ocfs_string_ref ocfs_error_domain_cfnetwork = OCFS_STR("kCFErrorDomainCFNetwork");
const ocfs_string_ref ocfs_error_domain_winsock = OCFS_STR("kCFErrorDomainWinSock");

const ocfs_string_ref ocfs_error_localized_description_key = OCFS_STR("NSLocalizedDescription");
const ocfs_string_ref ocfs_error_localized_failure_reason_key =
    OCFS_STR("NSLocalizedFailureReason");
const ocfs_string_ref ocfs_error_localized_recovery_suggestion_key =
    OCFS_STR("NSLocalizedRecoverySuggestion");
const ocfs_string_ref ocfs_error_localized_failure_key = OCFS_STR("NSLocalizedFailure");
const ocfs_string_ref ocfs_error_description_key = OCFS_STR("NSDescription");
const ocfs_string_ref ocfs_error_underlying_error_key = OCFS_STR("NSUnderlyingError");
const ocfs_string_ref ocfs_error_url_key = OCFS_STR("NSURL");
const ocfs_string_ref ocfs_error_file_path_key = OCFS_STR("NSFilePath");

}  // extern "C"

namespace ocfs::cf {
namespace {

const ocfs_error &error_of(const Object *object) {
  return *static_cast<const ocfs_error *>(object);
}

// A userInfo string value, or null when absent or not a string.
ocfs_string_ref info_string(const ocfs_error &error, ocfs_string_ref key) {
  const void *value = ocfs_dictionary_get_value(error.user_info, key);
  return is_string(value) ? static_cast<ocfs_string_ref>(value) : nullptr;
}

const ocfs_string_ref kDebugDescriptionKey = OCFS_STR("NSDebugDescription");

// The failure reason: userInfo's, else (like CF's built-in POSIX domain provider) strerror's text.
std::optional<std::string> failure_reason(const ocfs_error &error) {
  if (ocfs_string_ref reason = info_string(error, ocfs_error_localized_failure_reason_key)) {
    return std::string(utf8_of(reason));
  }
  if (utf8_of(error.domain) == "NSPOSIXErrorDomain" && error.code > 0 && error.code < 4096) {
    return platform::errno_text(static_cast<int>(error.code));
  }
  return std::nullopt;
}

std::string error_description(const ocfs_error &error) {
  if (ocfs_string_ref localized = info_string(error, ocfs_error_localized_description_key)) {
    return std::string(utf8_of(localized));
  }
  std::optional<std::string> reason = failure_reason(error);
  if (ocfs_string_ref failure = info_string(error, ocfs_error_localized_failure_key)) {
    std::string text(utf8_of(failure));
    if (reason) text += " " + *reason;
    return text;
  }
  const std::string prefix = "The operation couldn\u2019t be completed. ";
  if (reason) return prefix + *reason;
  std::string head =
      "(" + std::string(utf8_of(error.domain)) + " error " + std::to_string(error.code);
  if (ocfs_string_ref description = info_string(error, ocfs_error_description_key)) {
    return prefix + head + " - " + std::string(utf8_of(description)) + ")";
  }
  return prefix + head + ".)";
}

// "Error Domain=... Code=... "..." (debug) UserInfo={k=v, ...}", the shape NSError prints.
// Underlying errors nest as "0x... {Error Domain=...}", three levels deep at most.
std::string describe_error(const ocfs_error &error, int depth = 0) {
  std::string text = "Error Domain=" + std::string(utf8_of(error.domain)) +
                     " Code=" + std::to_string(error.code) + " \"";
  ocfs_string_ref shown = nullptr;
  for (ocfs_string_ref key :
       {ocfs_error_description_key, kDebugDescriptionKey, ocfs_error_localized_description_key,
        ocfs_error_localized_failure_reason_key}) {
    if ((shown = info_string(error, key)) != nullptr) break;
  }
  std::optional<std::string> reason = shown ? std::nullopt : failure_reason(error);
  text += shown != nullptr ? std::string(utf8_of(shown)) : reason.value_or("(null)");
  text += "\"";
  ocfs_string_ref debug = info_string(error, kDebugDescriptionKey);
  if (debug != nullptr && !ocfs_equal(debug, shown) && !utf8_of(debug).empty()) {
    text += " (" + std::string(utf8_of(debug)) + ")";
  }
  ocfs_index count = ocfs_dictionary_get_count(error.user_info);
  if (count == 0) return text;
  if (depth >= 3) return text + " UserInfo=" + pointer_text(error.user_info) + " (not displayed)";
  std::vector<const void *> keys(static_cast<size_t>(count)), values(static_cast<size_t>(count));
  ocfs_dictionary_get_keys_and_values(error.user_info, keys.data(), values.data());
  text += " UserInfo={";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) text += ", ";
    text += format_of(keys[i]) + "=";
    const ocfs_error *nested = as<ocfs_error>(values[i]);
    text += nested != nullptr
                ? pointer_text(nested) + " {" + describe_error(*nested, depth + 1) + "}"
                : format_of(values[i]);
  }
  return text + "}";
}

}  // namespace

const Class kErrorClass = {
    "CFError",
    destroy_as<ocfs_error>,
    [](const Object *a, const Object *b) {
      const ocfs_error &x = error_of(a), &y = error_of(b);
      return x.code == y.code && ocfs_equal(x.domain, y.domain) &&
             ocfs_equal(x.user_info, y.user_info);
    },
    [](const Object *object) {
      const ocfs_error &error = error_of(object);
      return ocfs_hash(error.domain) + static_cast<ocfs_hash_code>(error.code);
    },
    [](const Object *object) { return describe_error(error_of(object)); },
    [](const Object *object) { return describe_error(error_of(object)); },
};

}  // namespace ocfs::cf

using namespace ocfs::cf;

extern "C" {

ocfs_type_id ocfs_error_get_type_id(void) {
  return public_type_id(TypeId::kError);
}

ocfs_error_ref ocfs_error_create(ocfs_allocator_ref, ocfs_string_ref domain, ocfs_index code,
                                 ocfs_dictionary_ref user_info) {
  if (!is_string(domain)) return nullptr;
  if (user_info != nullptr && !is_a(user_info, TypeId::kDictionary)) return nullptr;
  ocfs_string_ref domain_copy = ocfs_string_create_copy(nullptr, domain);
  ocfs_dictionary_ref info_copy =
      user_info != nullptr ? ocfs_dictionary_create_copy(nullptr, user_info)
                           : ocfs_dictionary_create(nullptr, nullptr, nullptr, 0,
                                                    &ocfs_type_dictionary_key_callbacks,
                                                    &ocfs_type_dictionary_value_callbacks);
  ocfs_error *error = nullptr;
  if (domain_copy != nullptr && info_copy != nullptr) {
    error = make<ocfs_error>(domain_copy, code, info_copy);
  }
  if (error == nullptr) {
    ocfs_release(domain_copy);
    ocfs_release(info_copy);
  }
  return error;
}

ocfs_error_ref ocfs_error_create_with_user_info_keys_and_values(ocfs_allocator_ref allocator,
                                                                ocfs_string_ref domain,
                                                                ocfs_index code,
                                                                const void *const *user_info_keys,
                                                                const void *const *user_info_values,
                                                                ocfs_index user_info_count) {
  // String keys are copied, as CF does, so a caller mutating its key cannot corrupt the error.
  ocfs_dictionary_ref info = ocfs_dictionary_create(
      allocator, const_cast<const void **>(user_info_keys),
      const_cast<const void **>(user_info_values), user_info_count,
      &ocfs_copy_string_dictionary_key_callbacks, &ocfs_type_dictionary_value_callbacks);
  if (info == nullptr) return nullptr;
  ocfs_error_ref error = ocfs_error_create(allocator, domain, code, info);
  ocfs_release(info);
  return error;
}

ocfs_string_ref ocfs_error_get_domain(ocfs_error_ref error) {
  const ocfs_error *e = as<ocfs_error>(error);
  return e != nullptr ? e->domain : nullptr;
}

ocfs_index ocfs_error_get_code(ocfs_error_ref error) {
  const ocfs_error *e = as<ocfs_error>(error);
  return e != nullptr ? e->code : 0;
}

ocfs_dictionary_ref ocfs_error_copy_user_info(ocfs_error_ref error) {
  const ocfs_error *e = as<ocfs_error>(error);
  return e != nullptr ? static_cast<ocfs_dictionary_ref>(ocfs_retain(e->user_info)) : nullptr;
}

ocfs_string_ref ocfs_error_copy_description(ocfs_error_ref error) {
  const ocfs_error *e = as<ocfs_error>(error);
  return e != nullptr ? make_string(error_description(*e)) : nullptr;
}

ocfs_string_ref ocfs_error_copy_failure_reason(ocfs_error_ref error) {
  const ocfs_error *e = as<ocfs_error>(error);
  std::optional<std::string> reason = e != nullptr ? failure_reason(*e) : std::nullopt;
  return reason ? make_string(std::move(*reason)) : nullptr;
}

ocfs_string_ref ocfs_error_copy_recovery_suggestion(ocfs_error_ref error) {
  const ocfs_error *e = as<ocfs_error>(error);
  if (e == nullptr) return nullptr;
  return static_cast<ocfs_string_ref>(
      ocfs_retain(info_string(*e, ocfs_error_localized_recovery_suggestion_key)));
}

}  // extern "C"
