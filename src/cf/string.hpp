// Internal view of strings: heap strings and constant (OCFS_STR) strings look the same through
// utf8_of, and any layer can build a string from UTF-8 it already validated.
#ifndef OCFS_SRC_CF_STRING_HPP
#define OCFS_SRC_CF_STRING_HPP

#include <string>
#include <string_view>

#include <opencfstream/string.h>

#include "cf/object.hpp"

struct ocfs_string : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kString;

  ocfs_string(std::string text, ocfs_index utf16_units, bool is_mutable, ocfs_index max_length)
      : Object(kTypeId),
        utf8(std::move(text)),
        utf16_length(utf16_units),
        mutable_(is_mutable),
        max_utf16_length(max_length) {}

  std::string utf8;
  ocfs_index utf16_length;
  bool mutable_;
  ocfs_index max_utf16_length;  // 0 = unlimited (mutable strings only)
};

namespace ocfs::cf {

// The UTF-8 bytes of a string reference (heap or constant); empty for null or a non-string.
std::string_view utf8_of(ocfs_string_ref string);

// True when `ref` is a string (heap or constant).
bool is_string(const void *ref);

// A new immutable string from bytes the caller guarantees are valid UTF-8 (+1, null on OOM).
ocfs_string_ref make_string(std::string utf8);

// The text %@ inserts for any object: a string's characters, a number's value, "(null)" for null.
std::string format_of(ocfs_type_ref object);

// `<CFString 0x...>{contents = "..."}`, a string's debug description.
std::string described_string(const void *string, std::string_view utf8);

// The debug description of any object as UTF-8.
std::string describe(ocfs_type_ref object);

// Number of UTF-16 code units of valid UTF-8 text.
ocfs_index utf16_length_of(std::string_view utf8);

// Whether `text` is valid UTF-8 without unpaired surrogates or overlong forms.
bool is_valid_utf8(std::string_view text);

// Key comparison by content (ocfs_equal on two strings) without allocating.
inline bool string_equals(ocfs_string_ref a, std::string_view b) {
  return is_string(a) && utf8_of(a) == b;
}

}  // namespace ocfs::cf

#endif  // OCFS_SRC_CF_STRING_HPP
