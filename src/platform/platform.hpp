// The platform layer's interface. Everything that differs between POSIX and Windows (files,
// sockets, error texts, threads, wake-ups) is implemented under src/platform/posix/ or
// src/platform/win/ and reached only through declarations like these; no other folder includes a
// platform header.
#ifndef OCFS_SRC_PLATFORM_PLATFORM_HPP
#define OCFS_SRC_PLATFORM_PLATFORM_HPP

#include <cstddef>
#include <cstdint>
#include <string>

namespace ocfs::platform {

// strerror's text for an <errno.h> value, thread-safely.
std::string errno_text(int error_number);

// ---- Files (for file streams). Descriptors are C runtime ints on both platforms. ----

enum class FileMode { kRead, kWriteTruncate, kWriteAppend };

// Opens `utf8_path`; returns the descriptor, or -1 with `error` set to an errno value. Write
// modes create the file (permissions 0666 before the umask). Descriptors are not inherited.
int file_open(const std::string &utf8_path, FileMode mode, int &error);
// read/write retried on EINTR; -1 with `error` on failure. Lengths are clamped to what one system
// call accepts, so a short count is normal.
std::ptrdiff_t file_read(int fd, void *buffer, std::size_t length, int &error);
std::ptrdiff_t file_write(int fd, const void *buffer, std::size_t length, int &error);
// Seeks to `offset` from the start (or queries the position with `whence_current`); -1 on error.
int64_t file_seek(int fd, int64_t offset, bool whence_current, int &error);
void file_close(int fd);

}  // namespace ocfs::platform

#endif  // OCFS_SRC_PLATFORM_PLATFORM_HPP
