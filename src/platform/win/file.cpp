// Files through the C runtime's descriptors, so file streams share one int-based interface with
// POSIX. Paths are UTF-8 in the library and UTF-16 for Windows.
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <string>

#include <fcntl.h>
#include <direct.h>
#include <io.h>
#include <sys/stat.h>
#include <windows.h>

#include "platform/platform.hpp"

namespace ocfs::platform {
namespace {

// UTF-8 to UTF-16; false for invalid UTF-8.
bool widen(const std::string &utf8, std::wstring &wide) {
  if (utf8.empty()) return false;
  int length = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(),
                                   static_cast<int>(utf8.size()), nullptr, 0);
  if (length <= 0) return false;
  wide.resize(static_cast<size_t>(length));
  return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(),
                             static_cast<int>(utf8.size()), wide.data(), length) == length;
}

// The CRT takes an unsigned int count; keep every call well inside it.
unsigned clamp_length(std::size_t length) {
  return static_cast<unsigned>(length > INT_MAX ? INT_MAX : length);
}

}  // namespace

int file_open(const std::string &utf8_path, FileMode mode, int &error) {
  std::wstring path;
  if (!widen(utf8_path, path)) {
    error = ENOENT;
    return -1;
  }
  // Binary: no newline translation. No inheritance: the equivalent of O_CLOEXEC.
  int flags = _O_BINARY | _O_NOINHERIT;
  switch (mode) {
    case FileMode::kRead:
      flags |= _O_RDONLY;
      break;
    case FileMode::kWriteTruncate:
      flags |= _O_WRONLY | _O_CREAT | _O_TRUNC;
      break;
    case FileMode::kWriteAppend:
      flags |= _O_WRONLY | _O_CREAT | _O_APPEND;
      break;
  }
  int fd = _wopen(path.c_str(), flags, _S_IREAD | _S_IWRITE);
  if (fd < 0) error = errno;
  return fd;
}

std::ptrdiff_t file_read(int fd, void *buffer, std::size_t length, int &error) {
  int count = _read(fd, buffer, clamp_length(length));
  if (count < 0) error = errno;
  return count;
}

std::ptrdiff_t file_write(int fd, const void *buffer, std::size_t length, int &error) {
  int count = _write(fd, buffer, clamp_length(length));
  if (count < 0) error = errno;
  return count;
}

int64_t file_seek(int fd, int64_t offset, bool whence_current, int &error) {
  int64_t result = _lseeki64(fd, offset, whence_current ? SEEK_CUR : SEEK_SET);
  if (result < 0) error = errno;
  return result;
}

void file_close(int fd) {
  _close(fd);
}

std::string current_directory() {
  wchar_t *wide = _wgetcwd(nullptr, 0);
  if (wide == nullptr) return {};
  int length = WideCharToMultiByte(CP_UTF8, 0, wide, -1, nullptr, 0, nullptr, nullptr);
  std::string utf8(length > 0 ? static_cast<size_t>(length) : 0, '\0');
  if (length > 0) WideCharToMultiByte(CP_UTF8, 0, wide, -1, utf8.data(), length, nullptr, nullptr);
  std::free(wide);
  if (!utf8.empty()) utf8.pop_back();  // the converted NUL
  return utf8;
}

bool native_paths_are_windows_style() {
  return true;
}

}  // namespace ocfs::platform
