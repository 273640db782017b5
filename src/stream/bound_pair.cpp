// CFStreamCreateBoundPair: a read stream and a write stream joined by a ring buffer of the
// requested size. The halves may live on different threads, so the shared buffer has its own lock.
//
// Blocking, on the run loop of the blocked thread: Read waits for a byte or for the writer to
// close; Write waits for space or for the reader to close. A write after the reader has closed
// fails with EPIPE, since its bytes could never be read.
#include <algorithm>
#include <cerrno>
#include <atomic>
#include <mutex>
#include <new>

#include "cf/byte_buffer.hpp"
#include "stream/stream.hpp"

namespace ocfs::stream {
namespace {

class RingBuffer {
 public:
  // False when the memory is not available.
  bool allocate(size_t capacity) { return bytes_.resize(capacity); }

  size_t size() const { return size_; }
  size_t space() const { return bytes_.size() - size_; }

  size_t put(const uint8_t *data, size_t length) {
    size_t count = std::min(length, space());
    for (size_t done = 0; done < count;) {
      size_t tail = (head_ + size_) % bytes_.size();
      size_t chunk = std::min(count - done, bytes_.size() - tail);
      std::copy_n(data + done, chunk, bytes_.data() + tail);
      size_ += chunk;
      done += chunk;
    }
    return count;
  }

  size_t take(uint8_t *data, size_t length) {
    size_t count = std::min(length, size_);
    for (size_t done = 0; done < count;) {
      size_t chunk = std::min(count - done, bytes_.size() - head_);
      std::copy_n(bytes_.data() + head_, chunk, data + done);
      head_ = (head_ + chunk) % bytes_.size();
      size_ -= chunk;
      done += chunk;
    }
    return count;
  }

 private:
  cf::ByteBuffer bytes_;
  size_t head_ = 0;
  size_t size_ = 0;
};

// Shared by the two halves; each half holds one reference and the last one frees it. Each half
// registers its stream so the other one can tell it that bytes or space appeared.
struct BoundPair {
  std::atomic<int> references{1};
  std::mutex mutex;
  RingBuffer buffer;
  bool reader_closed = false;
  bool writer_closed = false;
  Stream *reader = nullptr;  // while alive
  Stream *writer = nullptr;
};

void release_pair(BoundPair *pair) {
  if (pair->references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete pair;
}

BoundPair &pair_of(Stream &stream) {
  return stream.info_as<BoundPair>();
}

// Tells a half that what it waits for may be there (caller holds pair.mutex, which keeps the
// half's pointer valid; streams never call back into the pair while holding their own lock).
void wake(Stream *half, ocfs_stream_event_type event) {
  if (half == nullptr) return;
  half->signal_event(event);
  half->notify_waiters();
}

ocfs_index pair_read(Stream &stream, uint8_t *buffer, ocfs_index length, ErrorRecord &,
                     bool &at_end) {
  BoundPair &pair = pair_of(stream);
  std::lock_guard lock(pair.mutex);
  size_t count = pair.buffer.take(buffer, static_cast<size_t>(length));
  at_end = count == 0;  // the core only reads once there are bytes or the writer is gone
  if (count > 0) wake(pair.writer, OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES);
  return static_cast<ocfs_index>(count);
}

bool pair_can_read(Stream &stream) {
  BoundPair &pair = pair_of(stream);
  std::lock_guard lock(pair.mutex);
  return pair.buffer.size() > 0 || pair.writer_closed;
}

ocfs_index pair_write(Stream &stream, const uint8_t *buffer, ocfs_index length,
                      ErrorRecord &error) {
  BoundPair &pair = pair_of(stream);
  std::lock_guard lock(pair.mutex);
  if (pair.reader_closed) {
    error = ErrorRecord::posix(EPIPE);
    return -1;
  }
  size_t count = pair.buffer.put(buffer, static_cast<size_t>(length));
  if (count > 0) wake(pair.reader, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);
  return static_cast<ocfs_index>(count);
}

bool pair_can_write(Stream &stream) {
  BoundPair &pair = pair_of(stream);
  std::lock_guard lock(pair.mutex);
  return pair.buffer.space() > 0 || pair.reader_closed;
}

void pair_close(Stream &stream) {
  BoundPair &pair = pair_of(stream);
  std::lock_guard lock(pair.mutex);
  if (stream.direction() == Direction::kRead) {
    pair.reader_closed = true;
    wake(pair.writer, OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES);  // its next write fails with EPIPE
  } else {
    pair.writer_closed = true;
    wake(pair.reader, OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE);  // its next read finds the end
  }
}

void pair_finalize(Stream &stream) {
  pair_close(stream);  // a half released without Close still releases the other one
  BoundPair &pair = pair_of(stream);
  {
    std::lock_guard lock(pair.mutex);
    (stream.direction() == Direction::kRead ? pair.reader : pair.writer) = nullptr;
  }
  release_pair(&pair);
}

const Callbacks kPairReadCallbacks = {
    .read = pair_read,
    .can_read = pair_can_read,
    .close = pair_close,
    .may_block = true,
    .finalize = pair_finalize,
};

const Callbacks kPairWriteCallbacks = {
    .write = pair_write,
    .can_write = pair_can_write,
    .close = pair_close,
    .may_block = true,
    .finalize = pair_finalize,
};

template <typename Ref>
Ref make_half(BoundPair *pair, Ref (*make)(const Callbacks &, void *), const Callbacks &callbacks) {
  pair->references.fetch_add(1, std::memory_order_relaxed);
  Ref stream = make(callbacks, pair);
  if (stream == nullptr) release_pair(pair);
  return stream;
}

}  // namespace
}  // namespace ocfs::stream

using namespace ocfs::stream;

extern "C" {

void ocfs_stream_create_bound_pair(ocfs_allocator_ref, ocfs_read_stream_ref *read_stream,
                                   ocfs_write_stream_ref *write_stream,
                                   ocfs_index transfer_buffer_size) {
  if (read_stream != nullptr) *read_stream = nullptr;
  if (write_stream != nullptr) *write_stream = nullptr;
  if (transfer_buffer_size <= 0 || (read_stream == nullptr && write_stream == nullptr)) return;
  auto *pair = new (std::nothrow) BoundPair;
  if (pair == nullptr) return;
  if (!pair->buffer.allocate(static_cast<size_t>(transfer_buffer_size))) {
    release_pair(pair);
    return;
  }
  // A half the caller did not ask for counts as closed from the start.
  pair->reader_closed = read_stream == nullptr;
  pair->writer_closed = write_stream == nullptr;
  ocfs_read_stream_ref reader =
      read_stream != nullptr ? make_half(pair, make_read_stream, kPairReadCallbacks) : nullptr;
  ocfs_write_stream_ref writer =
      write_stream != nullptr ? make_half(pair, make_write_stream, kPairWriteCallbacks) : nullptr;
  release_pair(pair);  // the creation reference; the halves hold their own
  if ((read_stream != nullptr && reader == nullptr) ||
      (write_stream != nullptr && writer == nullptr)) {
    ocfs_release(reader);
    ocfs_release(writer);
    return;
  }
  {
    std::lock_guard lock(pair->mutex);
    pair->reader = reader;
    pair->writer = writer;
  }
  if (read_stream != nullptr) *read_stream = reader;
  if (write_stream != nullptr) *write_stream = writer;
}

}  // extern "C"
