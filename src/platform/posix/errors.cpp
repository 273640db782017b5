#include <cstring>

#include "platform/platform.hpp"

namespace ocfs::platform {
namespace {

// strerror_r comes in two shapes: GNU returns the text, XSI fills the buffer and returns an int.
[[maybe_unused]] const char *strerror_result(const char *text, const char *) {
  return text;
}
[[maybe_unused]] const char *strerror_result(int status, const char *buffer) {
  return status == 0 ? buffer : "Unknown error";
}

}  // namespace

std::string errno_text(int error_number) {
  char buffer[256] = {};
  return strerror_result(strerror_r(error_number, buffer, sizeof buffer), buffer);
}

}  // namespace ocfs::platform
