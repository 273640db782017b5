// Bound pairs: a write stream feeding a read stream through a fixed transfer buffer, on one thread
// or across threads.
#include <gtest/gtest.h>

#include <cerrno>
#include <random>
#include <thread>

#include "stream_test_util.hpp"

using namespace ocfs_test;

namespace {

struct Pair {
  Owned<ocfs_read_stream_ref> reader;
  Owned<ocfs_write_stream_ref> writer;
};

Pair make_pair(ocfs_index size, bool open = true) {
  Pair pair;
  ocfs_stream_create_bound_pair(nullptr, pair.reader.out(), pair.writer.out(), size);
  if (open) {
    EXPECT_TRUE(ocfs_read_stream_open(pair.reader));
    EXPECT_TRUE(ocfs_write_stream_open(pair.writer));
  }
  return pair;
}

TEST(BoundPair, InvalidSizesGiveNoStreams) {
  for (ocfs_index size : {ocfs_index{0}, ocfs_index{-1}}) {
    ocfs_read_stream_ref reader = reinterpret_cast<ocfs_read_stream_ref>(1);
    ocfs_write_stream_ref writer = reinterpret_cast<ocfs_write_stream_ref>(1);
    ocfs_stream_create_bound_pair(nullptr, &reader, &writer, size);
    EXPECT_EQ(reader, nullptr);
    EXPECT_EQ(writer, nullptr);
  }
  ocfs_stream_create_bound_pair(nullptr, nullptr, nullptr, 16);  // nothing asked, nothing made
}

TEST(BoundPair, HugeSizeFailsCleanly) {
  ocfs_read_stream_ref reader = nullptr;
  ocfs_write_stream_ref writer = nullptr;
  ocfs_stream_create_bound_pair(nullptr, &reader, &writer, OCFS_IMMORTAL_RETAIN_COUNT);
  EXPECT_EQ(reader, nullptr);
  EXPECT_EQ(writer, nullptr);
}

TEST(BoundPair, TransfersThroughASmallBufferWithPartialWrites) {
  Pair pair = make_pair(4);
  EXPECT_FALSE(ocfs_read_stream_has_bytes_available(pair.reader));
  EXPECT_TRUE(ocfs_write_stream_can_accept_bytes(pair.writer));
  auto data = bytes_of("abcdefghij");
  EXPECT_EQ(ocfs_write_stream_write(pair.writer, data.data(), 10), 4);  // only what fits
  EXPECT_FALSE(ocfs_write_stream_can_accept_bytes(pair.writer));
  EXPECT_TRUE(ocfs_read_stream_has_bytes_available(pair.reader));
  uint8_t buffer[16];
  EXPECT_EQ(ocfs_read_stream_read(pair.reader, buffer, 3), 3);
  EXPECT_EQ(std::string(buffer, buffer + 3), "abc");
  EXPECT_TRUE(ocfs_write_stream_can_accept_bytes(pair.writer));
  EXPECT_EQ(ocfs_write_stream_write(pair.writer, data.data() + 4, 6), 3);  // wraps around
  EXPECT_EQ(ocfs_read_stream_read(pair.reader, buffer, sizeof buffer), 4);
  EXPECT_EQ(std::string(buffer, buffer + 4), "defg");
}

TEST(BoundPair, WriterMayWriteBeforeTheReaderOpens) {
  Pair pair = make_pair(8, false);
  ASSERT_TRUE(ocfs_write_stream_open(pair.writer));
  auto data = bytes_of("early");
  EXPECT_EQ(ocfs_write_stream_write(pair.writer, data.data(), 5), 5);
  ASSERT_TRUE(ocfs_read_stream_open(pair.reader));
  uint8_t buffer[8];
  EXPECT_EQ(ocfs_read_stream_read(pair.reader, buffer, sizeof buffer), 5);
}

TEST(BoundPair, ReaderDrainsThenEndsAfterTheWriterCloses) {
  Pair pair = make_pair(8);
  auto data = bytes_of("tail");
  EXPECT_EQ(ocfs_write_stream_write(pair.writer, data.data(), 4), 4);
  ocfs_write_stream_close(pair.writer);
  uint8_t buffer[8];
  EXPECT_EQ(ocfs_read_stream_read(pair.reader, buffer, 2), 2);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.reader), OCFS_STREAM_STATUS_OPEN);
  EXPECT_EQ(ocfs_read_stream_read(pair.reader, buffer, 8), 2);
  EXPECT_EQ(std::string(buffer, buffer + 2), "il");
  EXPECT_TRUE(ocfs_read_stream_has_bytes_available(pair.reader));  // the end is "available"
  EXPECT_EQ(ocfs_read_stream_read(pair.reader, buffer, 8), 0);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.reader), OCFS_STREAM_STATUS_AT_END);
}

TEST(BoundPair, WritingAfterTheReaderClosedIsEPIPE) {
  Pair pair = make_pair(8);
  ocfs_read_stream_close(pair.reader);
  EXPECT_TRUE(ocfs_write_stream_can_accept_bytes(pair.writer));  // the write reports the error
  auto data = bytes_of("lost");
  EXPECT_EQ(ocfs_write_stream_write(pair.writer, data.data(), 4), -1);
  EXPECT_EQ(ocfs_write_stream_get_status(pair.writer), OCFS_STREAM_STATUS_ERROR);
  EXPECT_EQ(ocfs_write_stream_get_error(pair.writer).error, EPIPE);
  expect_cf_error(ocfs_write_stream_copy_error(pair.writer), "NSPOSIXErrorDomain", EPIPE, 1, EPIPE);
}

TEST(BoundPair, ReleasingTheReaderCountsAsClosing) {
  Pair pair = make_pair(8);
  pair.reader.reset();
  uint8_t byte = 1;
  EXPECT_EQ(ocfs_write_stream_write(pair.writer, &byte, 1), -1);
  EXPECT_EQ(ocfs_write_stream_get_error(pair.writer).error, EPIPE);
}

TEST(BoundPair, AHalfNotAskedForCountsAsClosed) {
  ocfs_read_stream_ref reader = nullptr;
  ocfs_stream_create_bound_pair(nullptr, &reader, nullptr, 8);
  auto owned_reader = own(reader);
  ASSERT_TRUE(ocfs_read_stream_open(reader));
  uint8_t byte;
  EXPECT_EQ(ocfs_read_stream_read(reader, &byte, 1), 0);  // nothing can ever be written
  EXPECT_EQ(ocfs_read_stream_get_status(reader), OCFS_STREAM_STATUS_AT_END);

  ocfs_write_stream_ref writer = nullptr;
  ocfs_stream_create_bound_pair(nullptr, nullptr, &writer, 8);
  auto owned_writer = own(writer);
  ASSERT_TRUE(ocfs_write_stream_open(writer));
  EXPECT_EQ(ocfs_write_stream_write(writer, &byte, 1), -1);
  EXPECT_EQ(ocfs_write_stream_get_error(writer).error, EPIPE);
}

TEST(BoundPair, HasNoProperties) {
  Pair pair = make_pair(8, false);
  EXPECT_EQ(ocfs_read_stream_copy_property(pair.reader, ocfs_stream_property_data_written),
            nullptr);
  EXPECT_FALSE(ocfs_write_stream_set_property(pair.writer, ocfs_stream_property_append_to_file,
                                              ocfs_boolean_true));
}

// A writer thread pushes 4 MiB in random-sized writes through a 1000-byte buffer while the reader
// thread reads in random sizes: every byte arrives, in order; blocking reads and writes wait for
// each other.
TEST(BoundPair, CrossThreadTransferIsByteExact) {
  Pair pair = make_pair(1000);
  const size_t total = 4 * 1024 * 1024;
  std::vector<uint8_t> source(total);
  std::mt19937 random(42);
  for (auto &byte : source)
    byte = static_cast<uint8_t>(random());

  std::thread writer_thread([&] {
    std::mt19937 sizes(7);
    size_t sent = 0;
    while (sent < total) {
      auto want = static_cast<ocfs_index>(std::min<size_t>(1 + sizes() % 3000, total - sent));
      ocfs_index n = ocfs_write_stream_write(pair.writer, source.data() + sent, want);
      ASSERT_GT(n, 0);
      sent += static_cast<size_t>(n);
    }
    ocfs_write_stream_close(pair.writer);
  });

  std::vector<uint8_t> received;
  received.reserve(total);
  std::mt19937 sizes(9);
  std::vector<uint8_t> buffer(4096);
  for (;;) {
    auto want = static_cast<ocfs_index>(1 + sizes() % buffer.size());
    ocfs_index n = ocfs_read_stream_read(pair.reader, buffer.data(), want);
    ASSERT_GE(n, 0);
    if (n == 0) break;
    received.insert(received.end(), buffer.begin(), buffer.begin() + n);
  }
  writer_thread.join();
  EXPECT_EQ(received.size(), total);
  EXPECT_TRUE(received == source);
  EXPECT_EQ(ocfs_read_stream_get_status(pair.reader), OCFS_STREAM_STATUS_AT_END);
}

TEST(BoundPair, BlockedReaderIsReleasedByTheWriterClosing) {
  Pair pair = make_pair(8);
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ocfs_write_stream_close(pair.writer);
  });
  uint8_t byte;
  EXPECT_EQ(ocfs_read_stream_read(pair.reader, &byte, 1), 0);  // blocks until the close
  closer.join();
  EXPECT_EQ(ocfs_read_stream_get_status(pair.reader), OCFS_STREAM_STATUS_AT_END);
}

TEST(BoundPair, BlockedWriterIsReleasedByTheReaderClosing) {
  Pair pair = make_pair(2);
  auto data = bytes_of("xx");
  ASSERT_EQ(ocfs_write_stream_write(pair.writer, data.data(), 2), 2);  // now full
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ocfs_read_stream_close(pair.reader);
  });
  EXPECT_EQ(ocfs_write_stream_write(pair.writer, data.data(), 2), -1);  // blocks until the close
  closer.join();
  EXPECT_EQ(ocfs_write_stream_get_error(pair.writer).error, EPIPE);
}

}  // namespace
