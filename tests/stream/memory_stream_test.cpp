// Memory read streams and the two memory write streams (fixed buffer, allocated buffers).
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

#include "stream_test_util.hpp"

using namespace ocfs_test;

namespace {

const uint8_t kHello[] = {'h', 'e', 'l', 'l', 'o'};

Owned<ocfs_read_stream_ref> hello_reader() {
  return own(ocfs_read_stream_create_with_bytes_no_copy(nullptr, kHello, sizeof kHello,
                                                        ocfs_allocator_null));
}

TEST(MemoryReadStream, ReadsBytesAndEndsWithTheLastChunk) {
  auto stream = hello_reader();
  ASSERT_NE(stream.get(), nullptr);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_NOT_OPEN);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);
  EXPECT_TRUE(ocfs_read_stream_has_bytes_available(stream));

  uint8_t buffer[8] = {};
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, 3), 3);
  EXPECT_EQ(std::memcmp(buffer, "hel", 3), 0);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);

  // The read that takes the last bytes returns them and moves the stream to AtEnd at once.
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, sizeof buffer), 2);
  EXPECT_EQ(std::memcmp(buffer, "lo", 2), 0);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_AT_END);
  EXPECT_FALSE(ocfs_read_stream_has_bytes_available(stream));
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, sizeof buffer), 0);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_AT_END);

  ocfs_read_stream_close(stream);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_CLOSED);
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, sizeof buffer), -1);
  EXPECT_FALSE(ocfs_read_stream_open(stream));  // streams are one-shot
}

TEST(MemoryReadStream, EmptyStreamReportsNoBytesThenEnds) {
  auto stream = own(ocfs_read_stream_create_with_bytes_no_copy(nullptr, nullptr, 0, nullptr));
  ASSERT_NE(stream.get(), nullptr);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  EXPECT_FALSE(ocfs_read_stream_has_bytes_available(stream));
  uint8_t byte;
  EXPECT_EQ(ocfs_read_stream_read(stream, &byte, 1), 0);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_AT_END);
}

TEST(MemoryReadStream, GetBufferReturnsBytesInPlace) {
  auto stream = hello_reader();
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  ocfs_index count = 0;
  const uint8_t *bytes = ocfs_read_stream_get_buffer(stream, 2, &count);
  EXPECT_EQ(bytes, kHello);  // no copy
  EXPECT_EQ(count, 2);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);

  bytes = ocfs_read_stream_get_buffer(stream, 0, &count);  // <= 0: all that is available
  EXPECT_EQ(bytes, kHello + 2);
  EXPECT_EQ(count, 3);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_AT_END);

  EXPECT_EQ(ocfs_read_stream_get_buffer(stream, 10, &count), nullptr);
  EXPECT_EQ(count, 0);
}

TEST(MemoryReadStream, GetBufferRejectsBadArgumentsAndUnopenedStreams) {
  auto stream = hello_reader();
  ocfs_index count = 99;
  EXPECT_EQ(ocfs_read_stream_get_buffer(stream, 2, &count), nullptr);
  EXPECT_EQ(count, -1);  // not open
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  EXPECT_EQ(ocfs_read_stream_get_buffer(stream, 2, nullptr), nullptr);  // Apple crashes here
  EXPECT_EQ(ocfs_read_stream_get_buffer(nullptr, 2, &count), nullptr);
  EXPECT_EQ(count, -1);
}

TEST(MemoryReadStream, ZeroLengthReadChangesNothing) {
  auto stream = hello_reader();
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  uint8_t byte;
  EXPECT_EQ(ocfs_read_stream_read(stream, &byte, 0), 0);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);
  EXPECT_EQ(ocfs_read_stream_read(stream, nullptr, 5), -1);
  EXPECT_EQ(ocfs_read_stream_read(stream, &byte, -1), -1);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);
  EXPECT_EQ(ocfs_read_stream_read(stream, &byte, 1), 1);
  EXPECT_EQ(byte, 'h');
}

struct DeallocationCounter {
  int calls = 0;
  void *last = nullptr;
};

Owned<ocfs_allocator_ref> counting_allocator(DeallocationCounter &counter) {
  ocfs_allocator_context context = {};
  context.info = &counter;
  context.deallocate = [](void *ptr, void *info) {
    auto *c = static_cast<DeallocationCounter *>(info);
    ++c->calls;
    c->last = ptr;
  };
  return own(ocfs_allocator_create(nullptr, &context));
}

TEST(MemoryReadStream, FreesBytesWithTheirDeallocatorWhenReleased) {
  DeallocationCounter counter;
  auto allocator = counting_allocator(counter);
  uint8_t bytes[4] = {1, 2, 3, 4};
  ocfs_read_stream_ref stream =
      ocfs_read_stream_create_with_bytes_no_copy(nullptr, bytes, sizeof bytes, allocator);
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(counter.calls, 0);
  ocfs_release(stream);
  EXPECT_EQ(counter.calls, 1);
  EXPECT_EQ(counter.last, bytes);
}

TEST(MemoryReadStream, WithDataCopiesMutableData) {
  auto data = own(ocfs_data_create_mutable(nullptr, 0));
  ocfs_data_append_bytes(data, kHello, sizeof kHello);
  auto stream = own(ocfs_read_stream_create_with_data(nullptr, data));
  ocfs_data_set_length(data, 1);  // later changes must not reach the stream
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  uint8_t buffer[8];
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, sizeof buffer), 5);
  EXPECT_EQ(std::memcmp(buffer, kHello, 5), 0);
  EXPECT_EQ(ocfs_read_stream_create_with_data(nullptr, nullptr), nullptr);
  const void *not_data = OCFS_STR("not data");
  EXPECT_EQ(ocfs_read_stream_create_with_data(nullptr, static_cast<ocfs_data_ref>(not_data)),
            nullptr);
}

TEST(MemoryReadStream, HasNoProperties) {
  auto stream = hello_reader();
  EXPECT_EQ(ocfs_read_stream_copy_property(stream, ocfs_stream_property_data_written), nullptr);
  EXPECT_FALSE(ocfs_read_stream_set_property(stream, ocfs_stream_property_file_current_offset,
                                             ocfs_boolean_true));
}

TEST(MemoryReadStream, RejectsInvalidCreationArguments) {
  EXPECT_EQ(ocfs_read_stream_create_with_bytes_no_copy(nullptr, nullptr, 5, nullptr), nullptr);
  EXPECT_EQ(ocfs_read_stream_create_with_bytes_no_copy(nullptr, kHello, -1, nullptr), nullptr);
}

TEST(FixedBufferWriteStream, WritesUntilFullThenFailsWithENOMEM) {
  uint8_t buffer[8] = {};
  auto stream = own(ocfs_write_stream_create_with_buffer(nullptr, buffer, sizeof buffer));
  ASSERT_TRUE(ocfs_write_stream_open(stream));
  EXPECT_TRUE(ocfs_write_stream_can_accept_bytes(stream));
  EXPECT_EQ(ocfs_write_stream_write(stream, kHello, 5), 5);
  EXPECT_EQ(std::memcmp(buffer, kHello, 5), 0);
  EXPECT_EQ(ocfs_write_stream_write(stream, kHello, 3), 3);  // exactly fills: still Open
  EXPECT_EQ(ocfs_write_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);
  EXPECT_FALSE(ocfs_write_stream_can_accept_bytes(stream));

  // Apple's fixed buffer: a write that does not fit writes nothing and is an ENOMEM error.
  EXPECT_EQ(ocfs_write_stream_write(stream, kHello, 1), -1);
  EXPECT_EQ(ocfs_write_stream_get_status(stream), OCFS_STREAM_STATUS_ERROR);
  ocfs_stream_error error = ocfs_write_stream_get_error(stream);
  EXPECT_EQ(error.domain, OCFS_STREAM_ERROR_DOMAIN_POSIX);
  EXPECT_EQ(error.error, ENOMEM);
  expect_cf_error(ocfs_write_stream_copy_error(stream), "NSPOSIXErrorDomain", ENOMEM,
                  OCFS_STREAM_ERROR_DOMAIN_POSIX, ENOMEM);
  EXPECT_EQ(std::memcmp(buffer, "hellohel", 8), 0);
}

TEST(FixedBufferWriteStream, OversizedWriteWritesNothing) {
  uint8_t buffer[4] = {9, 9, 9, 9};
  auto stream = own(ocfs_write_stream_create_with_buffer(nullptr, buffer, sizeof buffer));
  ASSERT_TRUE(ocfs_write_stream_open(stream));
  EXPECT_EQ(ocfs_write_stream_write(stream, kHello, 5), -1);
  EXPECT_EQ(buffer[0], 9);
  EXPECT_EQ(ocfs_write_stream_get_status(stream), OCFS_STREAM_STATUS_ERROR);
}

TEST(FixedBufferWriteStream, HasNoDataWrittenProperty) {
  uint8_t buffer[4];
  auto stream = own(ocfs_write_stream_create_with_buffer(nullptr, buffer, sizeof buffer));
  ASSERT_TRUE(ocfs_write_stream_open(stream));
  EXPECT_EQ(ocfs_write_stream_copy_property(stream, ocfs_stream_property_data_written), nullptr);
}

TEST(FixedBufferWriteStream, ZeroLengthWriteLeavesTheStreamOpen) {
  uint8_t buffer[4];
  auto stream = own(ocfs_write_stream_create_with_buffer(nullptr, buffer, sizeof buffer));
  ASSERT_TRUE(ocfs_write_stream_open(stream));
  EXPECT_EQ(ocfs_write_stream_write(stream, kHello, 0), 0);
  EXPECT_EQ(ocfs_write_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);  // deviation
  EXPECT_EQ(ocfs_write_stream_write(stream, nullptr, 1), -1);
  EXPECT_EQ(ocfs_write_stream_write(stream, kHello, -3), -1);
  EXPECT_EQ(ocfs_write_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);
}

TEST(FixedBufferWriteStream, RejectsInvalidCreationArguments) {
  EXPECT_EQ(ocfs_write_stream_create_with_buffer(nullptr, nullptr, 4), nullptr);
  uint8_t byte;
  EXPECT_EQ(ocfs_write_stream_create_with_buffer(nullptr, &byte, -1), nullptr);
}

TEST(AllocatedBuffersWriteStream, CollectsEverythingWritten) {
  auto stream = own(ocfs_write_stream_create_with_allocated_buffers(nullptr, nullptr));
  ASSERT_NE(stream.get(), nullptr);
  // Before open: an empty snapshot, not NULL.
  auto before = own(static_cast<ocfs_data_ref>(
      ocfs_write_stream_copy_property(stream, ocfs_stream_property_data_written)));
  ASSERT_NE(before.get(), nullptr);
  EXPECT_EQ(ocfs_data_get_length(before), 0);

  ASSERT_TRUE(ocfs_write_stream_open(stream));
  std::vector<uint8_t> expected;
  for (int size = 1; size <= 3000; size += 499) {
    std::vector<uint8_t> chunk(static_cast<size_t>(size), static_cast<uint8_t>(size));
    EXPECT_EQ(ocfs_write_stream_write(stream, chunk.data(), size), size);
    EXPECT_TRUE(ocfs_write_stream_can_accept_bytes(stream));
    expected.insert(expected.end(), chunk.begin(), chunk.end());
  }
  auto first = own(static_cast<ocfs_data_ref>(
      ocfs_write_stream_copy_property(stream, ocfs_stream_property_data_written)));
  ASSERT_EQ(ocfs_data_get_length(first), static_cast<ocfs_index>(expected.size()));
  EXPECT_EQ(std::memcmp(ocfs_data_get_byte_ptr(first), expected.data(), expected.size()), 0);

  // Each copy is a snapshot: later writes do not change it, and it survives close.
  EXPECT_EQ(ocfs_write_stream_write(stream, kHello, 5), 5);
  EXPECT_EQ(ocfs_data_get_length(first), static_cast<ocfs_index>(expected.size()));
  ocfs_write_stream_close(stream);
  auto after = own(static_cast<ocfs_data_ref>(
      ocfs_write_stream_copy_property(stream, ocfs_stream_property_data_written)));
  EXPECT_EQ(ocfs_data_get_length(after), static_cast<ocfs_index>(expected.size() + 5));
  EXPECT_NE(after.get(), first.get());
}

TEST(AllocatedBuffersWriteStream, IgnoresUnknownProperties) {
  auto stream = own(ocfs_write_stream_create_with_allocated_buffers(nullptr, nullptr));
  EXPECT_EQ(ocfs_write_stream_copy_property(stream, OCFS_STR("kCFStreamPropertyUnknown")), nullptr);
  EXPECT_FALSE(ocfs_write_stream_set_property(stream, ocfs_stream_property_data_written, nullptr));
}

}  // namespace
