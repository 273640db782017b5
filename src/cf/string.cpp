// CFString: creation in UTF-8, ASCII and ISO Latin-1, UTF-16 indexing, comparison, formatting and
// the mutable subset.
#include "cf/string.hpp"

#include <cstdarg>
#include <cstring>
#include <limits>
#include <vector>

#include "cf/classes.hpp"
#include "cf/format.hpp"
#include "cf/unicode.hpp"

namespace ocfs::cf {
namespace {

using Encoding = ocfs_string_encoding;

ocfs_string *heap_string(ocfs_string_ref string) {
  return as<ocfs_string>(string);
}

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool is_supported_8bit(Encoding encoding) {
  return encoding == OCFS_STRING_ENCODING_UTF8 || encoding == OCFS_STRING_ENCODING_ASCII ||
         encoding == OCFS_STRING_ENCODING_ISO_LATIN1;
}

// Decodes `bytes` in `encoding` to UTF-8; null when they are not valid in it.
std::optional<std::string> decode_bytes(std::string_view bytes, Encoding encoding) {
  if (encoding == OCFS_STRING_ENCODING_UTF8) {
    if (!unicode::is_valid_utf8(bytes)) return std::nullopt;
    return std::string(bytes);
  }
  if (encoding == OCFS_STRING_ENCODING_ASCII) {
    if (!is_ascii(bytes)) return std::nullopt;
    return std::string(bytes);
  }
  if (encoding == OCFS_STRING_ENCODING_ISO_LATIN1) {
    std::string out;
    out.reserve(bytes.size());
    for (char c : bytes)
      unicode::append_utf8(out, static_cast<unsigned char>(c));
    return out;
  }
  return std::nullopt;
}

// Encodes UTF-8 text in `encoding`; null when a character has no representation there.
std::optional<std::string> encode_text(std::string_view utf8, Encoding encoding) {
  if (encoding == OCFS_STRING_ENCODING_UTF8) return std::string(utf8);
  if (encoding == OCFS_STRING_ENCODING_ASCII) {
    if (!is_ascii(utf8)) return std::nullopt;
    return std::string(utf8);
  }
  if (encoding == OCFS_STRING_ENCODING_ISO_LATIN1) {
    std::string out;
    for (size_t pos = 0; pos < utf8.size();) {
      char32_t cp = unicode::decode_utf8(utf8, pos).value_or(0xFFFD);
      if (cp > 0xFF) return std::nullopt;
      out += static_cast<char>(cp);
    }
    return out;
  }
  return std::nullopt;
}

ocfs_string *new_string(std::string utf8, bool is_mutable, ocfs_index max_length) {
  auto units = static_cast<ocfs_index>(unicode::utf16_length(utf8));
  return make<ocfs_string>(std::move(utf8), units, is_mutable, max_length);
}

// Byte range of a UTF-16 range; null when outside the string or splitting a surrogate pair.
std::optional<std::pair<size_t, size_t>> byte_range(std::string_view utf8, ocfs_range range) {
  if (range.location < 0 || range.length < 0) return std::nullopt;
  auto begin = unicode::utf8_offset_of_utf16_index(utf8, static_cast<size_t>(range.location));
  if (!begin) return std::nullopt;
  auto length =
      unicode::utf8_offset_of_utf16_index(utf8.substr(*begin), static_cast<size_t>(range.length));
  if (!length) return std::nullopt;
  return std::make_pair(*begin, *length);
}

uint16_t fold_ascii(uint16_t unit, bool case_insensitive) {
  return case_insensitive && unit >= 'A' && unit <= 'Z' ? static_cast<uint16_t>(unit + 32) : unit;
}

bool is_digit(uint16_t unit) {
  return unit >= '0' && unit <= '9';
}

// Compares the digit runs starting at i and j by value; advances both past their runs.
int compare_digit_runs(const std::vector<uint16_t> &a, size_t &i, const std::vector<uint16_t> &b,
                       size_t &j) {
  while (i < a.size() && a[i] == '0' && i + 1 < a.size() && is_digit(a[i + 1]))
    ++i;
  while (j < b.size() && b[j] == '0' && j + 1 < b.size() && is_digit(b[j + 1]))
    ++j;
  size_t start_a = i, start_b = j;
  while (i < a.size() && is_digit(a[i]))
    ++i;
  while (j < b.size() && is_digit(b[j]))
    ++j;
  size_t length_a = i - start_a, length_b = j - start_b;
  if (length_a != length_b) return length_a < length_b ? -1 : 1;
  for (size_t k = 0; k < length_a; ++k) {
    if (a[start_a + k] != b[start_b + k]) return a[start_a + k] < b[start_b + k] ? -1 : 1;
  }
  return 0;
}

int compare_units(const std::vector<uint16_t> &a, const std::vector<uint16_t> &b,
                  ocfs_string_compare_flags flags) {
  bool fold = (flags & OCFS_COMPARE_CASE_INSENSITIVE) != 0;
  bool numeric = (flags & OCFS_COMPARE_NUMERICALLY) != 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (numeric && is_digit(a[i]) && is_digit(b[j])) {
      if (int order = compare_digit_runs(a, i, b, j)) return order;
      continue;
    }
    uint16_t x = fold_ascii(a[i++], fold), y = fold_ascii(b[j++], fold);
    if (x != y) return x < y ? -1 : 1;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

std::string fold_ascii_text(std::string_view text) {
  std::string out(text);
  for (char &c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

std::optional<std::string> format_with(ocfs_string_ref format, va_list args) {
  if (!is_string(format)) return std::nullopt;
  return format_string(utf8_of(format), args);
}

// Appends to a mutable string unless that would pass its maximum length.
void append_utf8_text(ocfs_mutable_string_ref string, std::string_view text) {
  ocfs_string *target = heap_string(string);
  if (target == nullptr || !target->mutable_) return;
  auto units = static_cast<ocfs_index>(unicode::utf16_length(text));
  if (target->max_utf16_length > 0 && target->utf16_length + units > target->max_utf16_length) {
    return;
  }
  target->utf8 += text;
  target->utf16_length += units;
}

}  // namespace

std::string_view utf8_of(ocfs_string_ref string) {
  if (string == nullptr) return {};
  if (is_const_string(string)) return std::string_view(reinterpret_cast<const char *>(string) + 1);
  const ocfs_string *heap = heap_string(string);
  return heap != nullptr ? std::string_view(heap->utf8) : std::string_view();
}

bool is_string(const void *ref) {
  return is_a(ref, TypeId::kString);
}

std::string described_string(const void *string, std::string_view utf8) {
  return description_prefix(string) + "{contents = \"" + std::string(utf8) + "\"}";
}

ocfs_string_ref make_string(std::string utf8) {
  return new_string(std::move(utf8), false, 0);
}

ocfs_index utf16_length_of(std::string_view utf8) {
  return static_cast<ocfs_index>(unicode::utf16_length(utf8));
}

bool is_valid_utf8(std::string_view text) {
  return unicode::is_valid_utf8(text);
}

const Class kStringClass = {
    "CFString",
    destroy_as<ocfs_string>,
    nullptr,  // equality and hashing of strings are handled before the class table (object.cpp)
    nullptr,
    [](const Object *object) -> std::string {
      return described_string(object, static_cast<const ocfs_string *>(object)->utf8);
    },
    [](const Object *object) -> std::string {
      return static_cast<const ocfs_string *>(object)->utf8;
    },
};

}  // namespace ocfs::cf

using namespace ocfs::cf;

extern "C" {

ocfs_type_id ocfs_string_get_type_id(void) {
  return public_type_id(TypeId::kString);
}

ocfs_string_ref ocfs_string_create_with_cstring(ocfs_allocator_ref, const char *cstr,
                                                ocfs_string_encoding encoding) {
  if (cstr == nullptr) return nullptr;
  auto utf8 = decode_bytes(cstr, encoding);
  return utf8 ? make_string(std::move(*utf8)) : nullptr;
}

ocfs_string_ref ocfs_string_create_with_bytes(ocfs_allocator_ref, const uint8_t *bytes,
                                              ocfs_index length, ocfs_string_encoding encoding,
                                              ocfs_bool) {
  if (length < 0 || (bytes == nullptr && length > 0)) return nullptr;
  std::string_view input(reinterpret_cast<const char *>(bytes), static_cast<size_t>(length));
  // CF drops a leading UTF-8 byte-order mark whatever isExternalRepresentation says.
  if (encoding == OCFS_STRING_ENCODING_UTF8 && input.substr(0, 3) == "\xEF\xBB\xBF") {
    input.remove_prefix(3);
  }
  auto utf8 = decode_bytes(input, encoding);
  return utf8 ? make_string(std::move(*utf8)) : nullptr;
}

ocfs_string_ref ocfs_string_create_with_characters(ocfs_allocator_ref, const ocfs_unichar *chars,
                                                   ocfs_index length) {
  if (length < 0 || (chars == nullptr && length > 0)) return nullptr;
  auto utf8 = unicode::from_utf16(chars, static_cast<size_t>(length));
  return utf8 ? make_string(std::move(*utf8)) : nullptr;
}

ocfs_string_ref ocfs_string_create_copy(ocfs_allocator_ref, ocfs_string_ref string) {
  if (!is_string(string)) return nullptr;
  const ocfs_string *heap = heap_string(string);
  if (heap == nullptr || !heap->mutable_) return static_cast<ocfs_string_ref>(ocfs_retain(string));
  return make_string(heap->utf8);
}

ocfs_string_ref ocfs_string_create_with_substring(ocfs_allocator_ref, ocfs_string_ref string,
                                                  ocfs_range range) {
  if (!is_string(string)) return nullptr;
  std::string_view text = utf8_of(string);
  auto bytes = byte_range(text, range);
  return bytes ? make_string(std::string(text.substr(bytes->first, bytes->second))) : nullptr;
}

ocfs_string_ref ocfs_string_create_with_format(ocfs_allocator_ref allocator,
                                               ocfs_type_ref format_options, ocfs_string_ref format,
                                               ...) {
  va_list args;
  va_start(args, format);
  ocfs_string_ref result =
      ocfs_string_create_with_format_and_arguments(allocator, format_options, format, args);
  va_end(args);
  return result;
}

ocfs_string_ref ocfs_string_create_with_format_and_arguments(ocfs_allocator_ref, ocfs_type_ref,
                                                             ocfs_string_ref format,
                                                             va_list arguments) {
  auto text = format_with(format, arguments);
  return text ? make_string(std::move(*text)) : nullptr;
}

ocfs_index ocfs_string_get_length(ocfs_string_ref string) {
  if (!is_string(string)) return 0;
  const ocfs_string *heap = heap_string(string);
  return heap != nullptr ? heap->utf16_length : utf16_length_of(utf8_of(string));
}

ocfs_unichar ocfs_string_get_character_at_index(ocfs_string_ref string, ocfs_index index) {
  ocfs_unichar unit = 0;
  if (index >= 0 && index < ocfs_string_get_length(string)) {
    ocfs_string_get_characters(string, ocfs_range{index, 1}, &unit);
  }
  return unit;
}

void ocfs_string_get_characters(ocfs_string_ref string, ocfs_range range, ocfs_unichar *buffer) {
  if (!is_string(string) || buffer == nullptr || range.location < 0 || range.length < 0) return;
  std::vector<uint16_t> units = unicode::to_utf16(utf8_of(string));
  if (static_cast<size_t>(range.location) + static_cast<size_t>(range.length) > units.size())
    return;
  std::memcpy(buffer, units.data() + range.location,
              static_cast<size_t>(range.length) * sizeof(ocfs_unichar));
}

ocfs_bool ocfs_string_get_cstring(ocfs_string_ref string, char *buffer, ocfs_index buffer_size,
                                  ocfs_string_encoding encoding) {
  if (buffer == nullptr || buffer_size <= 0) return OCFS_FALSE;
  buffer[0] = '\0';
  if (!is_string(string)) return OCFS_FALSE;
  auto encoded = encode_text(utf8_of(string), encoding);
  if (!encoded || encoded->size() + 1 > static_cast<size_t>(buffer_size)) return OCFS_FALSE;
  std::memcpy(buffer, encoded->c_str(), encoded->size() + 1);
  return OCFS_TRUE;
}

const char *ocfs_string_get_cstring_ptr(ocfs_string_ref string, ocfs_string_encoding encoding) {
  if (!is_string(string) || !is_supported_8bit(encoding)) return nullptr;
  std::string_view text = utf8_of(string);
  if (encoding != OCFS_STRING_ENCODING_UTF8 && !is_ascii(text)) return nullptr;
  return text.data();  // both representations keep a NUL after the bytes
}

ocfs_index ocfs_string_get_maximum_size_for_encoding(ocfs_index length,
                                                     ocfs_string_encoding encoding) {
  ocfs_index factor;
  switch (encoding) {
    case OCFS_STRING_ENCODING_UTF8:
      factor = 3;  // a UTF-16 unit never needs more than three UTF-8 bytes
      break;
    case OCFS_STRING_ENCODING_UTF16:
    case OCFS_STRING_ENCODING_UTF16BE:
    case OCFS_STRING_ENCODING_UTF16LE:
      factor = 2;
      break;
    case OCFS_STRING_ENCODING_UTF32:
    case OCFS_STRING_ENCODING_UTF32BE:
    case OCFS_STRING_ENCODING_UTF32LE:
      factor = 4;
      break;
    default:
      factor = 1;
      break;
  }
  if (length < 0 || length > std::numeric_limits<ocfs_index>::max() / factor) {
    return OCFS_NOT_FOUND;
  }
  return length * factor;
}

ocfs_string_encoding ocfs_string_get_system_encoding(void) {
  return OCFS_STRING_ENCODING_UTF8;
}

ocfs_string_encoding ocfs_string_get_fastest_encoding(ocfs_string_ref) {
  return OCFS_STRING_ENCODING_UTF8;
}

ocfs_comparison_result ocfs_string_compare(ocfs_string_ref a, ocfs_string_ref b,
                                           ocfs_string_compare_flags flags) {
  if (flags == 0) {
    // UTF-8 byte order equals code point order; it differs from UTF-16 unit order only when a
    // supplementary character meets U+E000..U+FFFF, so take the fast path only for pure ASCII.
    std::string_view x = utf8_of(a), y = utf8_of(b);
    if (is_ascii(x) && is_ascii(y)) {
      int order = x.compare(y);
      return order < 0 ? OCFS_COMPARE_LESS_THAN : order > 0 ? OCFS_COMPARE_GREATER_THAN : 0;
    }
  }
  return compare_units(unicode::to_utf16(utf8_of(a)), unicode::to_utf16(utf8_of(b)), flags);
}

ocfs_bool ocfs_string_has_prefix(ocfs_string_ref string, ocfs_string_ref prefix) {
  if (!is_string(string) || !is_string(prefix)) return OCFS_FALSE;
  std::string_view needle = utf8_of(prefix);
  return !needle.empty() && utf8_of(string).substr(0, needle.size()) == needle;
}

ocfs_bool ocfs_string_has_suffix(ocfs_string_ref string, ocfs_string_ref suffix) {
  if (!is_string(string) || !is_string(suffix)) return OCFS_FALSE;
  std::string_view text = utf8_of(string), needle = utf8_of(suffix);
  return !needle.empty() && text.size() >= needle.size() &&
         text.substr(text.size() - needle.size()) == needle;
}

ocfs_range ocfs_string_find(ocfs_string_ref string, ocfs_string_ref needle,
                            ocfs_string_compare_flags flags) {
  ocfs_range not_found = {OCFS_NOT_FOUND, 0};
  if (!is_string(string) || !is_string(needle) || utf8_of(needle).empty()) return not_found;
  std::string haystack(utf8_of(string)), wanted(utf8_of(needle));
  if (flags & OCFS_COMPARE_CASE_INSENSITIVE) {
    haystack = fold_ascii_text(haystack);
    wanted = fold_ascii_text(wanted);
  }
  size_t at = (flags & OCFS_COMPARE_BACKWARDS) ? haystack.rfind(wanted) : haystack.find(wanted);
  if (at == std::string::npos) return not_found;
  if ((flags & OCFS_COMPARE_ANCHORED) &&
      at != ((flags & OCFS_COMPARE_BACKWARDS) ? haystack.size() - wanted.size() : 0)) {
    return not_found;
  }
  return ocfs_range{utf16_length_of(std::string_view(haystack).substr(0, at)),
                    utf16_length_of(wanted)};
}

ocfs_mutable_string_ref ocfs_string_create_mutable(ocfs_allocator_ref, ocfs_index max_length) {
  if (max_length < 0) return nullptr;
  return new_string(std::string(), true, max_length);
}

ocfs_mutable_string_ref ocfs_string_create_mutable_copy(ocfs_allocator_ref, ocfs_index max_length,
                                                        ocfs_string_ref string) {
  if (max_length < 0 || !is_string(string)) return nullptr;
  ocfs_string *copy = new_string(std::string(utf8_of(string)), true, max_length);
  if (copy != nullptr && max_length > 0 && copy->utf16_length > max_length) {
    ocfs_release(copy);
    return nullptr;
  }
  return copy;
}

void ocfs_string_append(ocfs_mutable_string_ref string, ocfs_string_ref appended) {
  if (!is_string(appended)) return;
  std::string copy(utf8_of(appended));  // `appended` may be `string` itself
  append_utf8_text(string, copy);
}

void ocfs_string_append_cstring(ocfs_mutable_string_ref string, const char *cstr,
                                ocfs_string_encoding encoding) {
  if (cstr == nullptr) return;
  if (auto utf8 = decode_bytes(cstr, encoding)) append_utf8_text(string, *utf8);
}

void ocfs_string_append_format(ocfs_mutable_string_ref string, ocfs_type_ref,
                               ocfs_string_ref format, ...) {
  va_list args;
  va_start(args, format);
  auto text = format_with(format, args);
  va_end(args);
  if (text) append_utf8_text(string, *text);
}

}  // extern "C"
