#include <winsock2.h>

#include "platform/platform.hpp"

namespace ocfs::platform {

bool initialize() {
  WSADATA data;
  if (WSAStartup(MAKEWORD(2, 2), &data) != 0) return false;
  if (LOBYTE(data.wVersion) != 2 || HIBYTE(data.wVersion) != 2) {
    WSACleanup();
    return false;
  }
  return true;
}

void shutdown() {
  WSACleanup();
}

}  // namespace ocfs::platform
