// printf-style formatting with CoreFoundation's %@ conversion.
#ifndef OCFS_SRC_CF_FORMAT_HPP
#define OCFS_SRC_CF_FORMAT_HPP

#include <cstdarg>
#include <optional>
#include <string>
#include <string_view>

namespace ocfs::cf {

// Formats `format` with `args`. Supports the C conversions (d i o u x X f F e E g G a A c s p %),
// their flags, width, precision (including *) and length modifiers, plus %@ (an object's format
// text), %C (a UTF-16 unit) and %S (a NUL-terminated UTF-16 string). Null for a conversion it
// cannot honour (positional arguments, %n, wide %ls): a clear failure rather than a guess that
// would read the wrong argument.
std::optional<std::string> format_string(std::string_view format, va_list args);

}  // namespace ocfs::cf

#endif  // OCFS_SRC_CF_FORMAT_HPP
