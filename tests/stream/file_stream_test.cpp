// File streams: open at Open, byte-exact reads and writes, append, the offset property, errors.
#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>

#include "stream_test_util.hpp"

using namespace ocfs_test;

namespace {

class FileStreamTest : public ::testing::Test {
 protected:
  Owned<ocfs_read_stream_ref> reader(const std::string &path) {
    return own(ocfs_read_stream_create_with_file(nullptr, file_url(path)));
  }
  Owned<ocfs_write_stream_ref> writer(const std::string &path) {
    return own(ocfs_write_stream_create_with_file(nullptr, file_url(path)));
  }
  std::string write_through_stream(Owned<ocfs_write_stream_ref> &stream, const std::string &data) {
    EXPECT_TRUE(ocfs_write_stream_open(stream));
    EXPECT_TRUE(ocfs_write_stream_can_accept_bytes(stream));
    auto bytes = bytes_of(data);
    EXPECT_EQ(ocfs_write_stream_write(stream, bytes.data(), static_cast<ocfs_index>(bytes.size())),
              static_cast<ocfs_index>(bytes.size()));
    ocfs_write_stream_close(stream);
    return data;
  }

  TempDir dir_;
};

TEST_F(FileStreamTest, CreatesTheFileAtOpenAndWritesExactBytes) {
  std::string path = dir_.file("out.bin");
  auto stream = writer(path);
  ASSERT_NE(stream.get(), nullptr);
  EXPECT_FALSE(std::filesystem::exists(path));  // creation does not touch the file system
  std::string data("line one\n\0binary\xff", 18);
  write_through_stream(stream, data);
  EXPECT_EQ(read_file(path), data);
}

TEST_F(FileStreamTest, ReadEndsOnlyOnTheReadThatReturnsNothing) {
  std::string path = dir_.file("in.txt");
  write_file(path, "abcdef");
  auto stream = reader(path);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  EXPECT_TRUE(ocfs_read_stream_has_bytes_available(stream));
  uint8_t buffer[4];
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, 4), 4);
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, 4), 2);
  EXPECT_EQ(std::string(buffer, buffer + 2), "ef");
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);  // unlike memory
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, 4), 0);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_AT_END);
}

TEST_F(FileStreamTest, GetBufferIsNotOfferedByFiles) {
  std::string path = dir_.file("in.txt");
  write_file(path, "abc");
  auto stream = reader(path);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  ocfs_index count = 7;
  EXPECT_EQ(ocfs_read_stream_get_buffer(stream, 4, &count), nullptr);
  EXPECT_EQ(count, 0);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_OPEN);
}

TEST_F(FileStreamTest, WriteTruncatesAnExistingFile) {
  std::string path = dir_.file("t.txt");
  write_file(path, "old content that is long");
  auto stream = writer(path);
  write_through_stream(stream, "new");
  EXPECT_EQ(read_file(path), "new");
}

TEST_F(FileStreamTest, AppendToFileAppends) {
  std::string path = dir_.file("a.txt");
  write_file(path, "first,");
  auto stream = writer(path);
  EXPECT_TRUE(ocfs_write_stream_set_property(stream, ocfs_stream_property_append_to_file,
                                             ocfs_boolean_true));
  write_through_stream(stream, "second");
  EXPECT_EQ(read_file(path), "first,second");
}

TEST_F(FileStreamTest, AppendToFileRules) {
  std::string path = dir_.file("r.txt");
  write_file(path, "x");
  auto stream = writer(path);
  // A boolean or NULL (off) is accepted before open; any other type is refused.
  EXPECT_TRUE(ocfs_write_stream_set_property(stream, ocfs_stream_property_append_to_file,
                                             ocfs_boolean_false));
  EXPECT_TRUE(ocfs_write_stream_set_property(stream, ocfs_stream_property_append_to_file, nullptr));
  EXPECT_FALSE(
      ocfs_write_stream_set_property(stream, ocfs_stream_property_append_to_file, OCFS_STR("yes")));
  // Not readable back, as on Apple.
  EXPECT_EQ(ocfs_write_stream_copy_property(stream, ocfs_stream_property_append_to_file), nullptr);
  ASSERT_TRUE(ocfs_write_stream_open(stream));
  EXPECT_FALSE(ocfs_write_stream_set_property(stream, ocfs_stream_property_append_to_file,
                                              ocfs_boolean_true));  // only before open
  auto read_side = reader(path);
  EXPECT_FALSE(ocfs_read_stream_set_property(read_side, ocfs_stream_property_append_to_file,
                                             ocfs_boolean_true));  // write streams only
}

TEST_F(FileStreamTest, OffsetSetBeforeOpenIsAppliedAtOpen) {
  std::string path = dir_.file("o.txt");
  write_file(path, "0123456789");
  auto stream = reader(path);
  EXPECT_EQ(ocfs_read_stream_copy_property(stream, ocfs_stream_property_file_current_offset),
            nullptr);
  int64_t six = 6;
  auto offset = own(ocfs_number_create(nullptr, OCFS_NUMBER_SINT64, &six));
  EXPECT_TRUE(
      ocfs_read_stream_set_property(stream, ocfs_stream_property_file_current_offset, offset));
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  uint8_t buffer[8];
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, 2), 2);
  EXPECT_EQ(std::string(buffer, buffer + 2), "67");
  auto now = own(ocfs_read_stream_copy_property(stream, ocfs_stream_property_file_current_offset));
  EXPECT_EQ(ocfs_number_get_type(static_cast<ocfs_number_ref>(now.get())), OCFS_NUMBER_SINT64);
  EXPECT_EQ(number_value(now), 8);
}

TEST_F(FileStreamTest, OffsetSetAfterOpenSeeks) {
  std::string path = dir_.file("s.txt");
  write_file(path, "abcdef");
  auto stream = reader(path);
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  uint8_t buffer[8];
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, 8), 6);
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, 8), 0);
  EXPECT_FALSE(ocfs_read_stream_has_bytes_available(stream));
  int32_t one = 1;  // any integer number type is accepted
  auto offset = own(ocfs_number_create(nullptr, OCFS_NUMBER_SINT32, &one));
  EXPECT_TRUE(
      ocfs_read_stream_set_property(stream, ocfs_stream_property_file_current_offset, offset));
  // The stream already reached AtEnd; the seek moves the descriptor, not the status.
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_AT_END);
  EXPECT_EQ(number_value(own(
                ocfs_read_stream_copy_property(stream, ocfs_stream_property_file_current_offset))),
            1);
}

TEST_F(FileStreamTest, OffsetRejectsBadValuesAndAppendMode) {
  std::string path = dir_.file("b.txt");
  auto stream = writer(path);
  int64_t negative = -5;
  double fractional = 1.5;
  auto bad1 = own(ocfs_number_create(nullptr, OCFS_NUMBER_SINT64, &negative));
  auto bad2 = own(ocfs_number_create(nullptr, OCFS_NUMBER_DOUBLE, &fractional));
  auto key = ocfs_stream_property_file_current_offset;
  EXPECT_FALSE(ocfs_write_stream_set_property(stream, key, bad1));
  EXPECT_FALSE(ocfs_write_stream_set_property(stream, key, bad2));
  EXPECT_FALSE(ocfs_write_stream_set_property(stream, key, OCFS_STR("3")));
  EXPECT_FALSE(ocfs_write_stream_set_property(stream, key, nullptr));
  EXPECT_TRUE(ocfs_write_stream_set_property(stream, ocfs_stream_property_append_to_file,
                                             ocfs_boolean_true));
  int64_t zero = 0;
  auto good = own(ocfs_number_create(nullptr, OCFS_NUMBER_SINT64, &zero));
  EXPECT_FALSE(ocfs_write_stream_set_property(stream, key, good));  // not in append mode
  EXPECT_EQ(ocfs_write_stream_copy_property(stream, key), nullptr);
}

TEST_F(FileStreamTest, MissingFileFailsAtOpenWithENOENT) {
  auto stream = reader(dir_.file("does-not-exist"));
  ASSERT_NE(stream.get(), nullptr);
  EXPECT_FALSE(ocfs_read_stream_open(stream));
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_ERROR);
  ocfs_stream_error error = ocfs_read_stream_get_error(stream);
  EXPECT_EQ(error.domain, OCFS_STREAM_ERROR_DOMAIN_POSIX);
  EXPECT_EQ(error.error, ENOENT);
  expect_cf_error(ocfs_read_stream_copy_error(stream), "NSPOSIXErrorDomain", ENOENT, 1, ENOENT);
  uint8_t byte;
  EXPECT_EQ(ocfs_read_stream_read(stream, &byte, 1), -1);
}

TEST_F(FileStreamTest, WritingIntoAMissingDirectoryFailsAtOpen) {
  auto stream = writer(dir_.file("no-such-dir/file"));
  EXPECT_FALSE(ocfs_write_stream_open(stream));
  EXPECT_EQ(ocfs_write_stream_get_error(stream).error, ENOENT);
}

TEST_F(FileStreamTest, CreationNeedsAFileUrl) {
  EXPECT_EQ(ocfs_read_stream_create_with_file(nullptr, nullptr), nullptr);
  auto web =
      own(ocfs_url_create_with_string(nullptr, OCFS_STR("http://example.invalid/x"), nullptr));
  ASSERT_NE(web.get(), nullptr);
  EXPECT_EQ(ocfs_read_stream_create_with_file(nullptr, web), nullptr);
  EXPECT_EQ(ocfs_write_stream_create_with_file(nullptr, web), nullptr);
}

TEST_F(FileStreamTest, LargeFileRoundTripsByteExact) {
  std::string path = dir_.file("large.bin");
  std::string data(3 * 1024 * 1024 + 17, '\0');
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<char>((i * 2654435761u) >> 13);
  auto out = writer(path);
  write_through_stream(out, data);
  auto in = reader(path);
  ASSERT_TRUE(ocfs_read_stream_open(in));
  std::string read_back;
  std::vector<uint8_t> buffer(65536 + 3);
  ocfs_index count;
  while ((count = ocfs_read_stream_read(in, buffer.data(),
                                        static_cast<ocfs_index>(buffer.size()))) > 0) {
    read_back.append(buffer.begin(), buffer.begin() + count);
  }
  EXPECT_EQ(count, 0);
  EXPECT_TRUE(read_back == data);
}

#if defined(__linux__)
size_t open_descriptor_count() {
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                                           std::filesystem::directory_iterator()));
}

TEST_F(FileStreamTest, NoDescriptorLeaks) {
  std::string path = dir_.file("fd.txt");
  write_file(path, "x");
  size_t before = open_descriptor_count();
  for (int i = 0; i < 100; ++i) {
    auto closed = reader(path);
    ASSERT_TRUE(ocfs_read_stream_open(closed));
    ocfs_read_stream_close(closed);
    auto released_open = writer(dir_.file("w" + std::to_string(i % 3)));
    ASSERT_TRUE(ocfs_write_stream_open(released_open));  // released without Close
  }
  EXPECT_EQ(open_descriptor_count(), before);
}
#endif

}  // namespace
