// Outgoing TCP connections for the socket-stream layer on Winsock: name resolution, non-blocking
// connects and the socket queries around them. Errors are translated to <errno.h> values by
// translate_socket_error, except resolve_tcp's, which are Winsock's own getaddrinfo codes.
#include <winsock2.h>
#include <ws2tcpip.h>

#include <cerrno>
#include <cstring>

#include "platform/platform.hpp"

namespace ocfs::platform {
namespace {

// Longer host names are refused without asking the resolver (DNS names stop at 253 bytes).
constexpr std::size_t kMaxHostLength = 1024;

static_assert(sizeof(SocketAddress::bytes) >= sizeof(SOCKADDR_STORAGE),
              "SocketAddress must hold any socket address");

// UTF-8 -> UTF-16 for the wide resolver (the ANSI one would read the host in the code page).
bool to_wide(const std::string &utf8, std::wstring &wide) {
  int count = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(),
                                  static_cast<int>(utf8.size()), nullptr, 0);
  if (count <= 0) return false;
  wide.assign(static_cast<std::size_t>(count), L'\0');
  return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(),
                             static_cast<int>(utf8.size()), wide.data(), count) == count;
}

}  // namespace

bool resolve_tcp(const std::string &host, uint16_t port, std::vector<SocketAddress> &addresses,
                 int &eai_error, int &system_error) {
  addresses.clear();
  system_error = 0;
  std::wstring wide_host;
  if (host.empty() || host.size() > kMaxHostLength || host.find('\0') != std::string::npos ||
      !to_wide(host, wide_host)) {
    eai_error = WSAHOST_NOT_FOUND;
    return false;
  }
  ADDRINFOW hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  hints.ai_flags = AI_NUMERICSERV;  // no AI_ADDRCONFIG: a loopback-only machine still gets "::1"
  const std::wstring service = std::to_wstring(port);
  ADDRINFOW *list = nullptr;
  int status = GetAddrInfoW(wide_host.c_str(), service.c_str(), &hints, &list);
  if (status != 0) {
    eai_error = status;  // WSAHOST_NOT_FOUND, WSATRY_AGAIN, ... reported as they are
    return false;
  }
  for (const ADDRINFOW *entry = list; entry != nullptr; entry = entry->ai_next) {
    SocketAddress address;
    if (!copy_address(entry->ai_addr, entry->ai_addrlen, address)) continue;
    bool duplicate = false;
    for (const SocketAddress &seen : addresses)
      duplicate = duplicate || same_address(seen, address);
    if (!duplicate) addresses.push_back(address);
  }
  FreeAddrInfoW(list);
  if (addresses.empty()) {
    eai_error = WSAHOST_NOT_FOUND;
    return false;
  }
  return true;
}

int eai_no_name() {
  return WSAHOST_NOT_FOUND;
}

std::string eai_text(int eai_error) {
  // mingw's gai_strerrorA formats into a static buffer; format into our own instead.
  char buffer[512] = {};
  DWORD length = FormatMessageA(
      FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_MAX_WIDTH_MASK,
      nullptr, static_cast<DWORD>(eai_error), MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buffer,
      sizeof buffer, nullptr);
  std::string text(buffer, length);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r' || text.back() == '\n'))
    text.pop_back();
  return text.empty() ? "Unknown error " + std::to_string(eai_error) : text;
}

bool is_numeric_host(const std::string &host) {
  if (host.empty() || host.find('\0') != std::string::npos) return false;
  IN6_ADDR buffer;
  return InetPtonA(AF_INET, host.c_str(), &buffer) == 1 ||
         InetPtonA(AF_INET6, host.c_str(), &buffer) == 1;
}

Socket open_tcp_socket(int family, int &error) {
  SOCKET socket = WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0,
                             WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (socket == INVALID_SOCKET && WSAGetLastError() == WSAEINVAL) {
    // Windows 7 without SP1 rejects WSA_FLAG_NO_HANDLE_INHERIT: clear the flag afterwards.
    socket = WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
    if (socket != INVALID_SOCKET)
      SetHandleInformation(reinterpret_cast<HANDLE>(socket), HANDLE_FLAG_INHERIT, 0);
  }
  if (socket == INVALID_SOCKET) {
    error = last_socket_error();
    return kInvalidSocket;
  }
  if (!set_nonblocking(socket, true, error)) {
    closesocket(socket);
    return kInvalidSocket;
  }
  return socket;
}

bool start_connect(Socket socket, const SocketAddress &address, bool &in_progress, int &error) {
  in_progress = false;
  if (address.length == 0 || address.length > sizeof address.bytes) {
    error = EINVAL;
    return false;
  }
  if (::connect(static_cast<SOCKET>(socket), reinterpret_cast<const sockaddr *>(address.bytes),
                static_cast<int>(address.length)) == 0) {
    return true;
  }
  int native_error = WSAGetLastError();
  if (native_error == WSAEWOULDBLOCK) {
    in_progress = true;
    return true;
  }
  error = translate_socket_error(native_error);
  return false;
}

int connect_result(Socket socket) {
  int value = 0;
  int length = sizeof value;
  if (getsockopt(static_cast<SOCKET>(socket), SOL_SOCKET, SO_ERROR,
                 reinterpret_cast<char *>(&value), &length) != 0) {
    return last_socket_error();
  }
  return value == 0 ? 0 : translate_socket_error(value);
}

bool is_nonblocking(Socket, bool &known) {
  known = false;  // Winsock has no way to read FIONBIO back
  return false;
}

bool set_no_delay(Socket socket, bool on, int &error) {
  BOOL value = on ? TRUE : FALSE;
  if (setsockopt(static_cast<SOCKET>(socket), IPPROTO_TCP, TCP_NODELAY,
                 reinterpret_cast<const char *>(&value), sizeof value) != 0) {
    error = last_socket_error();
    return false;
  }
  return true;
}

bool peer_address(Socket socket, SocketAddress &address) {
  address = SocketAddress{};
  SOCKADDR_STORAGE storage = {};
  int length = sizeof storage;
  if (getpeername(static_cast<SOCKET>(socket), reinterpret_cast<sockaddr *>(&storage), &length) !=
      0) {
    return false;
  }
  return length > 0 && copy_address(reinterpret_cast<const sockaddr *>(&storage),
                                    static_cast<std::size_t>(length), address);
}

bool is_stream_socket(Socket socket) {
  if (socket == kInvalidSocket) return false;
  int type = 0;
  int length = sizeof type;
  return getsockopt(static_cast<SOCKET>(socket), SOL_SOCKET, SO_TYPE,
                    reinterpret_cast<char *>(&type), &length) == 0 &&
         type == SOCK_STREAM;
}

}  // namespace ocfs::platform
