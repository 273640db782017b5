// UTF-8 / UTF-16 helpers. Strings are stored as UTF-8 but measured in UTF-16 units, so these
// conversions sit under every string operation that takes an index or a range.
#ifndef OCFS_SRC_CF_UNICODE_HPP
#define OCFS_SRC_CF_UNICODE_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocfs::cf::unicode {

// Decodes one code point at `pos`, advancing past it. Null for invalid UTF-8 (overlong forms,
// surrogates, values above U+10FFFF, truncated sequences); `pos` then advances by one byte.
std::optional<char32_t> decode_utf8(std::string_view text, size_t &pos);

void append_utf8(std::string &out, char32_t code_point);

bool is_valid_utf8(std::string_view text);

// UTF-16 units of valid UTF-8.
size_t utf16_length(std::string_view utf8);

std::vector<uint16_t> to_utf16(std::string_view utf8);

// Null when `units` contains an unpaired surrogate.
std::optional<std::string> from_utf16(const uint16_t *units, size_t count);

// Byte offset in `utf8` of UTF-16 unit `index` (index == length gives utf8.size()). Null when the
// index is past the end or falls between the two halves of a surrogate pair.
std::optional<size_t> utf8_offset_of_utf16_index(std::string_view utf8, size_t index);

}  // namespace ocfs::cf::unicode

#endif  // OCFS_SRC_CF_UNICODE_HPP
