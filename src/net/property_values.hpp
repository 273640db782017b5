// Small helpers the pair's property code shares: comparing keys by content (apps pass literal
// strings for private keys), and making the CF values properties return.
#ifndef OCFS_SRC_NET_PROPERTY_VALUES_HPP
#define OCFS_SRC_NET_PROPERTY_VALUES_HPP

#include <cstdint>
#include <string>

#include <opencfstream/number.h>

#include "cf/object.hpp"
#include "cf/string.hpp"

namespace ocfs::net {

inline bool is_key(ocfs_string_ref key, ocfs_string_ref known) {
  return ocfs_equal(key, known) != 0;
}

inline bool is_boolean(ocfs_type_ref value) {
  return cf::is_a(value, cf::TypeId::kBoolean);
}

inline bool boolean_value(ocfs_type_ref value) {
  return ocfs_boolean_get_value(static_cast<ocfs_boolean_ref>(value)) != 0;
}

inline ocfs_type_ref copy_boolean(bool value) {
  return ocfs_retain(value ? ocfs_boolean_true : ocfs_boolean_false);
}

inline ocfs_type_ref copy_number(int64_t value) {
  return ocfs_number_create(nullptr, OCFS_NUMBER_SINT64, &value);
}

// NULL for "" (a property with nothing to report).
inline ocfs_type_ref copy_string(const std::string &text) {
  return text.empty() ? nullptr : cf::make_string(text);
}

}  // namespace ocfs::net

#endif  // OCFS_SRC_NET_PROPERTY_VALUES_HPP
