// File streams: the file is opened by Open (not at creation), read and written through the
// platform layer, with kCFStreamPropertyFileCurrentOffset and kCFStreamPropertyAppendToFile.
#include <cerrno>
#include <new>
#include <string>

#include <opencfstream/number.h>

#include "cf/string.hpp"
#include "cf/url.hpp"
#include "platform/platform.hpp"
#include "stream/stream.hpp"

namespace ocfs::stream {
namespace {

struct FileStream {
  std::string path;
  int fd = -1;
  bool append = false;
  int64_t offset = -1;  // requested before open, or last known; -1 = none
  bool reached_end = false;
};

FileStream &file_of(Stream &stream) {
  return stream.info_as<FileStream>();
}

bool file_open(Stream &stream, ErrorRecord &error, bool &) {
  FileStream &file = file_of(stream);
  platform::FileMode mode = stream.direction() == Direction::kRead ? platform::FileMode::kRead
                            : file.append ? platform::FileMode::kWriteAppend
                                          : platform::FileMode::kWriteTruncate;
  int error_number = 0;
  file.fd = platform::file_open(file.path, mode, error_number);
  if (file.fd < 0) {
    error = ErrorRecord::posix(error_number);
    return false;
  }
  if (file.offset >= 0 && platform::file_seek(file.fd, file.offset, false, error_number) < 0) {
    error = ErrorRecord::posix(error_number);
    return false;
  }
  return true;
}

ocfs_index file_read(Stream &stream, uint8_t *buffer, ocfs_index length, ErrorRecord &error,
                     bool &at_end) {
  FileStream &file = file_of(stream);
  int error_number = 0;
  std::ptrdiff_t count =
      platform::file_read(file.fd, buffer, static_cast<size_t>(length), error_number);
  if (count < 0) {
    error = ErrorRecord::posix(error_number);
    return -1;
  }
  // Unlike memory streams, a file ends only on the read that returns nothing (as on Apple).
  at_end = file.reached_end = count == 0;
  return static_cast<ocfs_index>(count);
}

// A file has no cheap "would block" test; report bytes until a read has found the end.
bool file_can_read(Stream &stream) {
  return !file_of(stream).reached_end;
}

ocfs_index file_write(Stream &stream, const uint8_t *buffer, ocfs_index length,
                      ErrorRecord &error) {
  int error_number = 0;
  std::ptrdiff_t count =
      platform::file_write(file_of(stream).fd, buffer, static_cast<size_t>(length), error_number);
  if (count < 0) {
    error = ErrorRecord::posix(error_number);
    return -1;
  }
  return static_cast<ocfs_index>(count);
}

void file_close(Stream &stream) {
  FileStream &file = file_of(stream);
  if (file.fd < 0) return;
  int error_number = 0;
  if (!file.append) {
    int64_t position = platform::file_seek(file.fd, 0, true, error_number);
    if (position >= 0) file.offset = position;  // still readable after close, as on Apple
  }
  platform::file_close(file.fd);
  file.fd = -1;
}

ocfs_type_ref copy_offset(FileStream &file) {
  if (file.append) return nullptr;
  int error_number = 0;
  if (file.fd >= 0) {
    int64_t position = platform::file_seek(file.fd, 0, true, error_number);
    if (position >= 0) file.offset = position;
  }
  if (file.offset < 0) return nullptr;
  return ocfs_number_create(nullptr, OCFS_NUMBER_SINT64, &file.offset);
}

bool set_offset(FileStream &file, ocfs_type_ref value) {
  int64_t offset = 0;
  if (file.append || !cf::is_a(value, cf::TypeId::kNumber) ||
      !ocfs_number_get_value(static_cast<ocfs_number_ref>(value), OCFS_NUMBER_SINT64, &offset) ||
      offset < 0) {
    return false;
  }
  int error_number = 0;
  if (file.fd >= 0 && platform::file_seek(file.fd, offset, false, error_number) < 0) return false;
  file.offset = offset;
  file.reached_end = false;
  return true;
}

// Only a write stream that is not yet open can change its mode.
bool set_append(Stream &stream, ocfs_type_ref value) {
  if (stream.direction() != Direction::kWrite || stream.status() != OCFS_STREAM_STATUS_NOT_OPEN) {
    return false;
  }
  if (value != nullptr && !cf::is_a(value, cf::TypeId::kBoolean)) return false;
  FileStream &file = file_of(stream);
  file.append = ocfs_boolean_get_value(static_cast<ocfs_boolean_ref>(value)) != 0;
  if (file.append) file.offset = -1;
  return true;
}

ocfs_type_ref file_copy_property(Stream &stream, ocfs_string_ref key) {
  if (ocfs_equal(key, ocfs_stream_property_file_current_offset))
    return copy_offset(file_of(stream));
  return nullptr;
}

bool file_set_property(Stream &stream, ocfs_string_ref key, ocfs_type_ref value) {
  if (ocfs_equal(key, ocfs_stream_property_file_current_offset)) {
    return set_offset(file_of(stream), value);
  }
  if (ocfs_equal(key, ocfs_stream_property_append_to_file)) return set_append(stream, value);
  return false;
}

void file_finalize(Stream &stream) {
  file_close(stream);
  delete &file_of(stream);
}

const Callbacks kFileReadCallbacks = {
    .open = file_open,
    .read = file_read,
    .can_read = file_can_read,
    .close = file_close,
    .copy_property = file_copy_property,
    .set_property = file_set_property,
    .finalize = file_finalize,
};

const Callbacks kFileWriteCallbacks = {
    .open = file_open,
    .write = file_write,
    .close = file_close,
    .copy_property = file_copy_property,
    .set_property = file_set_property,
    .finalize = file_finalize,
};

// The state for a file URL's native path (resolved against the URL's base), or null for anything
// else.
FileStream *file_stream_for(ocfs_url_ref url) {
  std::optional<std::string> path = cf::native_path_of(url, true);
  return path ? new (std::nothrow) FileStream{std::move(*path)} : nullptr;
}

template <typename Ref>
Ref make_file_stream(ocfs_url_ref url, Ref (*make)(const Callbacks &, void *),
                     const Callbacks &callbacks) {
  FileStream *file = file_stream_for(url);
  Ref stream = file != nullptr ? make(callbacks, file) : nullptr;
  if (stream == nullptr) delete file;
  return stream;
}

}  // namespace
}  // namespace ocfs::stream

using namespace ocfs::stream;

extern "C" {

ocfs_read_stream_ref ocfs_read_stream_create_with_file(ocfs_allocator_ref, ocfs_url_ref file_url) {
  return make_file_stream(file_url, make_read_stream, kFileReadCallbacks);
}

ocfs_write_stream_ref ocfs_write_stream_create_with_file(ocfs_allocator_ref,
                                                         ocfs_url_ref file_url) {
  return make_file_stream(file_url, make_write_stream, kFileWriteCallbacks);
}

}  // extern "C"
