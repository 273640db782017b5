#include <cstring>

#include "platform/platform.hpp"

namespace ocfs::platform {

std::string errno_text(int error_number) {
  char buffer[256] = {};
  if (strerror_s(buffer, sizeof buffer, error_number) != 0) return "Unknown error";
  return buffer;
}

}  // namespace ocfs::platform
