#include "cf/unicode.hpp"

namespace ocfs::cf::unicode {
namespace {

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

size_t units_for(char32_t code_point) {
  return code_point >= 0x10000 ? 2 : 1;
}

}  // namespace

std::optional<char32_t> decode_utf8(std::string_view text, size_t &pos) {
  auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  // On failure `pos` still moves one byte, so a scanning loop always ends.
  size_t start = pos++;
  size_t extra;
  char32_t code_point;
  char32_t minimum;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1, code_point = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2, code_point = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    return std::nullopt;
  }
  if (text.size() - start <= extra) return std::nullopt;
  for (size_t i = 1; i <= extra; ++i) {
    auto byte = static_cast<unsigned char>(text[start + i]);
    if (!is_continuation(byte)) return std::nullopt;
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < minimum || code_point > 0x10FFFF || surrogate) return std::nullopt;
  pos = start + extra + 1;
  return code_point;
}

void append_utf8(std::string &out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_valid_utf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    if (!decode_utf8(text, pos)) return false;
  }
  return true;
}

size_t utf16_length(std::string_view utf8) {
  size_t units = 0;
  for (size_t pos = 0; pos < utf8.size();) {
    units += units_for(decode_utf8(utf8, pos).value_or(0));
  }
  return units;
}

std::vector<uint16_t> to_utf16(std::string_view utf8) {
  std::vector<uint16_t> units;
  units.reserve(utf8.size());
  for (size_t pos = 0; pos < utf8.size();) {
    char32_t cp = decode_utf8(utf8, pos).value_or(0xFFFD);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push_back(static_cast<uint16_t>(0xD800 + (cp >> 10)));
      units.push_back(static_cast<uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      units.push_back(static_cast<uint16_t>(cp));
    }
  }
  return units;
}

std::optional<std::string> from_utf16(const uint16_t *units, size_t count) {
  std::string out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    char32_t unit = units[i];
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (i + 1 >= count || units[i + 1] < 0xDC00 || units[i + 1] > 0xDFFF) return std::nullopt;
      unit = 0x10000 + ((unit - 0xD800) << 10) + (units[++i] - 0xDC00);
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return std::nullopt;
    }
    append_utf8(out, unit);
  }
  return out;
}

std::optional<size_t> utf8_offset_of_utf16_index(std::string_view utf8, size_t index) {
  size_t units = 0;
  size_t pos = 0;
  while (units < index && pos < utf8.size()) {
    units += units_for(decode_utf8(utf8, pos).value_or(0));
  }
  if (units != index) return std::nullopt;
  return pos;
}

}  // namespace ocfs::cf::unicode
