// Memory streams: reading caller bytes or a CFData, writing into a caller's fixed buffer or into
// growing memory (kCFStreamPropertyDataWritten).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

#include <opencfstream/data.h>

#include "cf/byte_buffer.hpp"
#include "cf/string.hpp"
#include "stream/stream.hpp"

namespace ocfs::stream {
namespace {

// ---- Read side ---------------------------------------------------------------------------------

struct MemoryReader {
  ocfs_data_ref data;  // owns (or borrows) the bytes
  size_t position = 0;

  size_t remaining() const { return static_cast<size_t>(ocfs_data_get_length(data)) - position; }
  const uint8_t *cursor() const { return ocfs_data_get_byte_ptr(data) + position; }
};

ocfs_index memory_read(Stream &stream, uint8_t *buffer, ocfs_index length, ErrorRecord &,
                       bool &at_end) {
  auto &reader = stream.info_as<MemoryReader>();
  size_t count = std::min(reader.remaining(), static_cast<size_t>(length));
  if (count > 0) std::memcpy(buffer, reader.cursor(), count);
  reader.position += count;
  at_end = reader.remaining() == 0;  // the read that takes the last bytes also ends the stream
  return static_cast<ocfs_index>(count);
}

const uint8_t *memory_get_buffer(Stream &stream, ocfs_index max_count, ocfs_index &count,
                                 ErrorRecord &, bool &at_end) {
  auto &reader = stream.info_as<MemoryReader>();
  size_t available = reader.remaining();
  size_t taken = max_count <= 0 ? available : std::min(available, static_cast<size_t>(max_count));
  const uint8_t *bytes = reader.cursor();
  reader.position += taken;
  count = static_cast<ocfs_index>(taken);
  at_end = reader.remaining() == 0;
  return bytes;
}

bool memory_can_read(Stream &stream) {
  return stream.info_as<MemoryReader>().remaining() > 0;
}

void memory_reader_finalize(Stream &stream) {
  auto *reader = &stream.info_as<MemoryReader>();
  ocfs_release(reader->data);
  delete reader;
}

const Callbacks kMemoryReadCallbacks = {
    .read = memory_read,
    .get_buffer = memory_get_buffer,
    .can_read = memory_can_read,
    .finalize = memory_reader_finalize,
};

ocfs_read_stream_ref make_memory_reader(ocfs_data_ref data) {
  if (data == nullptr) return nullptr;
  auto *reader = new (std::nothrow) MemoryReader{data};
  ocfs_read_stream_ref stream = reader ? make_read_stream(kMemoryReadCallbacks, reader) : nullptr;
  if (stream == nullptr) {
    ocfs_release(data);
    delete reader;
  }
  return stream;
}

// ---- Write side --------------------------------------------------------------------------------

struct MemoryWriter {
  // Fixed: the caller's buffer. Growing: `grown`, copied out by kCFStreamPropertyDataWritten.
  uint8_t *fixed = nullptr;
  size_t capacity = 0;
  size_t length = 0;
  cf::ByteBuffer grown;
  bool is_fixed = false;
};

ocfs_index memory_write(Stream &stream, const uint8_t *buffer, ocfs_index length,
                        ErrorRecord &error) {
  auto &writer = stream.info_as<MemoryWriter>();
  auto count = static_cast<size_t>(length);
  if (writer.is_fixed) {
    // Apple's fixed buffer: a write that does not fit writes nothing and fails with ENOMEM.
    if (count > writer.capacity - writer.length) {
      error = ErrorRecord::posix(ENOMEM);
      return -1;
    }
    std::memcpy(writer.fixed + writer.length, buffer, count);
    writer.length += count;
    return length;
  }
  if (!writer.grown.replace(writer.grown.size(), 0, buffer, count)) {
    error = ErrorRecord::posix(ENOMEM);
    return -1;
  }
  return length;
}

bool memory_can_write(Stream &stream) {
  auto &writer = stream.info_as<MemoryWriter>();
  return !writer.is_fixed || writer.length < writer.capacity;
}

ocfs_type_ref memory_copy_property(Stream &stream, ocfs_string_ref key) {
  auto &writer = stream.info_as<MemoryWriter>();
  if (writer.is_fixed || !ocfs_equal(key, ocfs_stream_property_data_written)) return nullptr;
  // A snapshot in any status, also after close, as on Apple.
  return ocfs_data_create(nullptr, writer.grown.data(),
                          static_cast<ocfs_index>(writer.grown.size()));
}

void memory_writer_finalize(Stream &stream) {
  delete &stream.info_as<MemoryWriter>();
}

const Callbacks kMemoryWriteCallbacks = {
    .write = memory_write,
    .can_write = memory_can_write,
    .copy_property = memory_copy_property,
    .finalize = memory_writer_finalize,
};

ocfs_write_stream_ref make_memory_writer(MemoryWriter *writer) {
  ocfs_write_stream_ref stream =
      writer != nullptr ? make_write_stream(kMemoryWriteCallbacks, writer) : nullptr;
  if (stream == nullptr) delete writer;
  return stream;
}

}  // namespace
}  // namespace ocfs::stream

using namespace ocfs::stream;

extern "C" {

ocfs_read_stream_ref ocfs_read_stream_create_with_bytes_no_copy(
    ocfs_allocator_ref, const uint8_t *bytes, ocfs_index length,
    ocfs_allocator_ref bytes_deallocator) {
  if (length < 0 || (bytes == nullptr && length > 0)) return nullptr;
  return make_memory_reader(
      ocfs_data_create_with_bytes_no_copy(nullptr, bytes, length, bytes_deallocator));
}

ocfs_read_stream_ref ocfs_read_stream_create_with_data(ocfs_allocator_ref, ocfs_data_ref data) {
  if (!ocfs::cf::is_a(data, ocfs::cf::TypeId::kData)) return nullptr;
  // Immutable data is shared; mutable data is copied so later changes cannot move the bytes.
  return make_memory_reader(ocfs_data_create_copy(nullptr, data));
}

ocfs_write_stream_ref ocfs_write_stream_create_with_buffer(ocfs_allocator_ref, uint8_t *buffer,
                                                           ocfs_index capacity) {
  if (capacity < 0 || (buffer == nullptr && capacity > 0)) return nullptr;
  auto *writer = new (std::nothrow) MemoryWriter;
  if (writer != nullptr) {
    writer->fixed = buffer;
    writer->capacity = static_cast<size_t>(capacity);
    writer->is_fixed = true;
  }
  return make_memory_writer(writer);
}

ocfs_write_stream_ref ocfs_write_stream_create_with_allocated_buffers(ocfs_allocator_ref,
                                                                      ocfs_allocator_ref) {
  return make_memory_writer(new (std::nothrow) MemoryWriter);
}

}  // extern "C"
