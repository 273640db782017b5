// A growable byte buffer on malloc/realloc. Unlike std::vector it reports a failed allocation as a
// false return instead of an exception, which is what a C API needs when a caller asks for an
// absurd length.
#ifndef OCFS_SRC_CF_BYTE_BUFFER_HPP
#define OCFS_SRC_CF_BYTE_BUFFER_HPP

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace ocfs::cf {

class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(const ByteBuffer &) = delete;
  ByteBuffer &operator=(const ByteBuffer &) = delete;
  ~ByteBuffer() { std::free(bytes_); }

  uint8_t *data() { return bytes_; }
  const uint8_t *data() const { return bytes_; }
  size_t size() const { return size_; }

  // New bytes are zero. False (unchanged) when the memory is not available.
  bool resize(size_t size) {
    if (size > capacity_ && !reserve(size)) return false;
    if (size > size_) std::memset(bytes_ + size_, 0, size - size_);
    size_ = size;
    return true;
  }

  // Replaces `removed` bytes at `offset` with `count` bytes from `source` (which may point into
  // this buffer). False (unchanged) when the memory is not available.
  bool replace(size_t offset, size_t removed, const uint8_t *source, size_t count) {
    size_t tail = size_ - offset - removed;
    size_t new_size = size_ - removed + count;
    if (source >= bytes_ && source < bytes_ + size_) {
      // Aliasing: copy the source aside before moving anything.
      ByteBuffer copy;
      if (!copy.replace(0, 0, source, count)) return false;
      return replace(offset, removed, copy.data(), count);
    }
    if (new_size > capacity_ && !reserve(new_size)) return false;
    if (tail > 0) std::memmove(bytes_ + offset + count, bytes_ + offset + removed, tail);
    if (count > 0) std::memcpy(bytes_ + offset, source, count);
    size_ = new_size;
    return true;
  }

 private:
  bool reserve(size_t wanted) {
    size_t grown = capacity_ + capacity_ / 2;  // geometric growth keeps appends amortised O(1)
    size_t capacity = grown > wanted ? grown : wanted;
    void *bytes = std::realloc(bytes_, capacity);
    if (bytes == nullptr && capacity != wanted) bytes = std::realloc(bytes_, capacity = wanted);
    if (bytes == nullptr) return false;
    bytes_ = static_cast<uint8_t *>(bytes);
    capacity_ = capacity;
    return true;
  }

  uint8_t *bytes_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace ocfs::cf

#endif  // OCFS_SRC_CF_BYTE_BUFFER_HPP
