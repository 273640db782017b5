// CFStreamCreateBoundPair: a read stream and a write stream joined by a ring buffer of the
// requested size. The halves may live on different threads, so the shared buffer has its own lock.
//
// Blocking (until the run-loop issue moves it onto the run loop): Read waits for a byte or for the
// writer to close; Write waits for space or for the reader to close. A write after the reader has
// closed fails with EPIPE, since its bytes could never be read.
#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <vector>

#include "stream/stream.hpp"

namespace ocfs::stream {
namespace {

class RingBuffer {
 public:
  explicit RingBuffer(size_t capacity) : bytes_(capacity) {}

  size_t size() const { return size_; }
  size_t space() const { return bytes_.size() - size_; }

  size_t put(const uint8_t *data, size_t length) {
    size_t count = std::min(length, space());
    for (size_t done = 0; done < count;) {
      size_t tail = (head_ + size_) % bytes_.size();
      size_t chunk = std::min(count - done, bytes_.size() - tail);
      std::copy_n(data + done, chunk, bytes_.begin() + static_cast<std::ptrdiff_t>(tail));
      size_ += chunk;
      done += chunk;
    }
    return count;
  }

  size_t take(uint8_t *data, size_t length) {
    size_t count = std::min(length, size_);
    for (size_t done = 0; done < count;) {
      size_t chunk = std::min(count - done, bytes_.size() - head_);
      std::copy_n(bytes_.begin() + static_cast<std::ptrdiff_t>(head_), chunk, data + done);
      head_ = (head_ + chunk) % bytes_.size();
      size_ -= chunk;
      done += chunk;
    }
    return count;
  }

 private:
  std::vector<uint8_t> bytes_;
  size_t head_ = 0;
  size_t size_ = 0;
};

struct BoundPair {
  explicit BoundPair(size_t capacity) : buffer(capacity) {}

  std::mutex mutex;
  std::condition_variable changed;
  RingBuffer buffer;
  bool reader_closed = false;
  bool writer_closed = false;
};

// Each half holds the shared pair; whichever goes last frees it.
using PairHandle = std::shared_ptr<BoundPair>;

BoundPair &pair_of(Stream &stream) { return *stream.info_as<PairHandle>(); }

ocfs_index pair_read(Stream &stream, uint8_t *buffer, ocfs_index length, ErrorRecord &,
                     bool &at_end) {
  BoundPair &pair = pair_of(stream);
  std::unique_lock lock(pair.mutex);
  pair.changed.wait(lock, [&] { return pair.buffer.size() > 0 || pair.writer_closed; });
  size_t count = pair.buffer.take(buffer, static_cast<size_t>(length));
  at_end = count == 0;  // empty and the writer is gone
  pair.changed.notify_all();
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
  std::unique_lock lock(pair.mutex);
  pair.changed.wait(lock, [&] { return pair.buffer.space() > 0 || pair.reader_closed; });
  if (pair.reader_closed) {
    error = ErrorRecord::posix(EPIPE);
    return -1;
  }
  size_t count = pair.buffer.put(buffer, static_cast<size_t>(length));
  pair.changed.notify_all();
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
  (stream.direction() == Direction::kRead ? pair.reader_closed : pair.writer_closed) = true;
  pair.changed.notify_all();
}

void pair_finalize(Stream &stream) {
  pair_close(stream);  // a half released without Close still releases the other one
  delete &stream.info_as<PairHandle>();
}

const Callbacks kPairReadCallbacks = {
    .read = pair_read,
    .can_read = pair_can_read,
    .close = pair_close,
    .finalize = pair_finalize,
};

const Callbacks kPairWriteCallbacks = {
    .write = pair_write,
    .can_write = pair_can_write,
    .close = pair_close,
    .finalize = pair_finalize,
};

template <typename Ref>
Ref make_half(const PairHandle &pair, Ref (*make)(const Callbacks &, void *),
              const Callbacks &callbacks) {
  auto *handle = new (std::nothrow) PairHandle(pair);
  Ref stream = handle != nullptr ? make(callbacks, handle) : nullptr;
  if (stream == nullptr) delete handle;
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
  PairHandle pair;
  try {
    pair = std::make_shared<BoundPair>(static_cast<size_t>(transfer_buffer_size));
  } catch (const std::exception &) {  // bad_alloc or length_error
    return;
  }
  // A half the caller did not ask for counts as closed from the start.
  pair->reader_closed = read_stream == nullptr;
  pair->writer_closed = write_stream == nullptr;
  ocfs_read_stream_ref reader =
      read_stream != nullptr ? make_half(pair, make_read_stream, kPairReadCallbacks) : nullptr;
  ocfs_write_stream_ref writer =
      write_stream != nullptr ? make_half(pair, make_write_stream, kPairWriteCallbacks) : nullptr;
  if ((read_stream != nullptr && reader == nullptr) ||
      (write_stream != nullptr && writer == nullptr)) {
    ocfs_release(reader);
    ocfs_release(writer);
    return;
  }
  if (read_stream != nullptr) *read_stream = reader;
  if (write_stream != nullptr) *write_stream = writer;
}

}  // extern "C"
