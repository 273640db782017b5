#include <cerrno>
#include <climits>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "platform/platform.hpp"

namespace ocfs::platform {

int file_open(const std::string &utf8_path, FileMode mode, int &error) {
  int flags = O_CLOEXEC;
  switch (mode) {
    case FileMode::kRead:
      flags |= O_RDONLY;
      break;
    case FileMode::kWriteTruncate:
      flags |= O_WRONLY | O_CREAT | O_TRUNC;
      break;
    case FileMode::kWriteAppend:
      flags |= O_WRONLY | O_CREAT | O_APPEND;
      break;
  }
  int fd;
  do {
    fd = ::open(utf8_path.c_str(), flags, 0666);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) error = errno;
  return fd;
}

std::ptrdiff_t file_read(int fd, void *buffer, std::size_t length, int &error) {
  if (length > SSIZE_MAX) length = SSIZE_MAX;
  ssize_t count;
  do {
    count = ::read(fd, buffer, length);
  } while (count < 0 && errno == EINTR);
  if (count < 0) error = errno;
  return count;
}

std::ptrdiff_t file_write(int fd, const void *buffer, std::size_t length, int &error) {
  if (length > SSIZE_MAX) length = SSIZE_MAX;
  ssize_t count;
  do {
    count = ::write(fd, buffer, length);
  } while (count < 0 && errno == EINTR);
  if (count < 0) error = errno;
  return count;
}

int64_t file_seek(int fd, int64_t offset, bool whence_current, int &error) {
  off_t result = ::lseek(fd, static_cast<off_t>(offset), whence_current ? SEEK_CUR : SEEK_SET);
  if (result < 0) error = errno;
  return static_cast<int64_t>(result);
}

void file_close(int fd) {
  // Not retried on EINTR: on Linux the descriptor is released even then, and a retry could close
  // a descriptor another thread just received.
  ::close(fd);
}

std::string current_directory() {
  std::string buffer(256, '\0');
  while (::getcwd(buffer.data(), buffer.size()) == nullptr) {
    if (errno != ERANGE || buffer.size() > (1u << 20)) return {};
    buffer.resize(buffer.size() * 2);
  }
  buffer.resize(std::strlen(buffer.c_str()));
  return buffer;
}

bool native_paths_are_windows_style() {
  return false;
}

}  // namespace ocfs::platform
