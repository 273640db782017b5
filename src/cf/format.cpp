#include "cf/format.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "cf/object.hpp"
#include "cf/string.hpp"
#include "cf/unicode.hpp"

namespace ocfs::cf {
namespace {

enum class Length { kNone, kChar, kShort, kLong, kLongLong, kSize, kPtrdiff, kIntmax, kLongDouble };

struct Spec {
  std::string flags;
  int width = -1;
  int precision = -1;
  Length length = Length::kNone;
  char conversion = 0;
};

bool is_flag(char c) {
  return std::strchr("-+ #0'", c) != nullptr && c != '\0';
}

int parse_number(std::string_view format, size_t &pos) {
  int value = 0;
  while (pos < format.size() && format[pos] >= '0' && format[pos] <= '9') {
    if (value < 100000) value = value * 10 + (format[pos] - '0');
    ++pos;
  }
  return value;
}

Length parse_length(std::string_view format, size_t &pos) {
  auto next_is = [&](char c) { return pos < format.size() && format[pos] == c; };
  if (next_is('h')) {
    ++pos;
    if (next_is('h')) return ++pos, Length::kChar;
    return Length::kShort;
  }
  if (next_is('l')) {
    ++pos;
    if (next_is('l')) return ++pos, Length::kLongLong;
    return Length::kLong;
  }
  if (next_is('q')) return ++pos, Length::kLongLong;
  if (next_is('z')) return ++pos, Length::kSize;
  if (next_is('t')) return ++pos, Length::kPtrdiff;
  if (next_is('j')) return ++pos, Length::kIntmax;
  if (next_is('L')) return ++pos, Length::kLongDouble;
  return Length::kNone;
}

// Parses the specification after '%'; null when it uses something unsupported.
std::optional<Spec> parse_spec(std::string_view format, size_t &pos, va_list &args) {
  Spec spec;
  while (pos < format.size() && is_flag(format[pos]))
    spec.flags += format[pos++];
  if (pos < format.size() && format[pos] == '*') {
    ++pos;
    spec.width = va_arg(args, int);
    if (spec.width < 0) spec.flags += '-', spec.width = -spec.width;
  } else {
    size_t start = pos;
    int width = parse_number(format, pos);
    if (pos < format.size() && format[pos] == '$') return std::nullopt;  // positional argument
    if (pos > start) spec.width = width;
  }
  if (pos < format.size() && format[pos] == '.') {
    ++pos;
    if (pos < format.size() && format[pos] == '*') {
      ++pos;
      spec.precision = va_arg(args, int);
    } else {
      spec.precision = parse_number(format, pos);
    }
  }
  spec.length = parse_length(format, pos);
  if (pos >= format.size()) return std::nullopt;
  spec.conversion = format[pos++];
  return spec;
}

std::string c_spec(const Spec &spec, const char *length_modifier) {
  std::string text = "%" + spec.flags;
  if (spec.width >= 0) text += std::to_string(spec.width);
  if (spec.precision >= 0) text += "." + std::to_string(spec.precision);
  return text + length_modifier + spec.conversion;
}

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
template <typename T>
void append_c_formatted(std::string &out, const std::string &c_format, T value) {
  int needed = std::snprintf(nullptr, 0, c_format.c_str(), value);
  if (needed <= 0) return;
  size_t old_size = out.size();
  out.resize(old_size + static_cast<size_t>(needed) + 1);
  std::snprintf(&out[old_size], static_cast<size_t>(needed) + 1, c_format.c_str(), value);
  out.resize(old_size + static_cast<size_t>(needed));
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

const char *modifier_text(Length length) {
  switch (length) {
    case Length::kChar:
      return "hh";
    case Length::kShort:
      return "h";
    case Length::kLong:
      return "l";
    case Length::kLongLong:
      return "ll";
    case Length::kSize:
      return "z";
    case Length::kPtrdiff:
      return "t";
    case Length::kIntmax:
      return "j";
    case Length::kLongDouble:
      return "L";
    case Length::kNone:
      break;
  }
  return "";
}

// Fetches the integer argument with the type its length modifier promises, so the va_list stays
// in step, and lets the C library do the padding and base conversion.
void append_integer(std::string &out, const Spec &spec, va_list &args, bool is_signed) {
  std::string c_format = c_spec(spec, modifier_text(spec.length));
  switch (spec.length) {
    case Length::kLong:
      return is_signed ? append_c_formatted(out, c_format, va_arg(args, long))
                       : append_c_formatted(out, c_format, va_arg(args, unsigned long));
    case Length::kLongLong:
      return is_signed ? append_c_formatted(out, c_format, va_arg(args, long long))
                       : append_c_formatted(out, c_format, va_arg(args, unsigned long long));
    case Length::kSize:
      return is_signed ? append_c_formatted(out, c_format, va_arg(args, ptrdiff_t))
                       : append_c_formatted(out, c_format, va_arg(args, size_t));
    case Length::kPtrdiff:
      return append_c_formatted(out, c_format, va_arg(args, ptrdiff_t));
    case Length::kIntmax:
      return is_signed ? append_c_formatted(out, c_format, va_arg(args, intmax_t))
                       : append_c_formatted(out, c_format, va_arg(args, uintmax_t));
    default:
      return is_signed ? append_c_formatted(out, c_format, va_arg(args, int))
                       : append_c_formatted(out, c_format, va_arg(args, unsigned));
  }
}

void append_floating(std::string &out, const Spec &spec, va_list &args) {
  if (spec.length == Length::kLongDouble) {
    return append_c_formatted(out, c_spec(spec, "L"), va_arg(args, long double));
  }
  append_c_formatted(out, c_spec(spec, ""), va_arg(args, double));
}

// Pads `text` to the spec's width (%@, %C and %S honour width and '-', as CF does).
void append_padded(std::string &out, const Spec &spec, std::string_view text) {
  size_t length = unicode::utf16_length(text);
  size_t padding = spec.width > 0 && static_cast<size_t>(spec.width) > length
                       ? static_cast<size_t>(spec.width) - length
                       : 0;
  bool left = spec.flags.find('-') != std::string::npos;
  if (!left) out.append(padding, ' ');
  out += text;
  if (left) out.append(padding, ' ');
}

std::string utf16_argument_text(const uint16_t *units) {
  if (units == nullptr) return "(null)";
  size_t count = 0;
  while (units[count] != 0)
    ++count;
  return unicode::from_utf16(units, count).value_or("");
}

// Appends one conversion; false when it is not supported.
bool append_conversion(std::string &out, Spec spec, va_list &args) {
  switch (spec.conversion) {
    case 'D':
    case 'U':
    case 'O':  // legacy spellings of %ld %lu %lo
      spec.conversion = static_cast<char>(spec.conversion == 'D' ? 'd' : spec.conversion + 32);
      spec.length = Length::kLong;
      append_integer(out, spec, args, spec.conversion == 'd');
      return true;
    case 'd':
    case 'i':
      append_integer(out, spec, args, true);
      return true;
    case 'o':
    case 'u':
    case 'x':
    case 'X':
      append_integer(out, spec, args, false);
      return true;
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      append_floating(out, spec, args);
      return true;
    case 'c':
      if (spec.length != Length::kNone) return false;
      append_c_formatted(out, c_spec(spec, ""), va_arg(args, int));
      return true;
    case 's':
      if (spec.length != Length::kNone) return false;
      append_c_formatted(out, c_spec(spec, ""), va_arg(args, const char *));
      return true;
    case 'p':
      append_padded(out, spec, pointer_text(va_arg(args, void *)));
      return true;
    case '@':
      append_padded(out, spec, format_of(va_arg(args, const void *)));
      return true;
    case 'C': {
      auto unit = static_cast<uint16_t>(va_arg(args, int));
      append_padded(out, spec, unicode::from_utf16(&unit, 1).value_or(""));
      return true;
    }
    case 'S':
      append_padded(out, spec, utf16_argument_text(va_arg(args, const uint16_t *)));
      return true;
    default:  // %n, %ls, %lc and anything unknown
      return false;
  }
}

}  // namespace

std::optional<std::string> format_string(std::string_view format, va_list args) {
  va_list cursor;
  va_copy(cursor, args);
  std::string out;
  bool ok = true;
  for (size_t pos = 0; ok && pos < format.size();) {
    size_t percent = format.find('%', pos);
    out.append(format.substr(pos, percent - pos));
    if (percent == std::string_view::npos) break;
    pos = percent + 1;
    if (pos < format.size() && format[pos] == '%') {
      out += '%';
      ++pos;
      continue;
    }
    std::optional<Spec> spec = parse_spec(format, pos, cursor);
    ok = spec && append_conversion(out, *spec, cursor);
  }
  va_end(cursor);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace ocfs::cf
