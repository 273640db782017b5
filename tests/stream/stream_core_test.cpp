// The generic core: sticky statuses, one-shot opens, return conventions for bad calls, errors.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

#include "stream_test_util.hpp"

using namespace ocfs_test;

namespace {

const uint8_t kBytes[] = {1, 2, 3};

Owned<ocfs_read_stream_ref> reader() {
  return own(ocfs_read_stream_create_with_bytes_no_copy(nullptr, kBytes, sizeof kBytes,
                                                        ocfs_allocator_null));
}

// A write stream driven into Error: a one-byte fixed buffer asked to take two bytes.
Owned<ocfs_write_stream_ref> failed_writer(uint8_t *buffer) {
  auto stream = own(ocfs_write_stream_create_with_buffer(nullptr, buffer, 1));
  EXPECT_TRUE(ocfs_write_stream_open(stream));
  EXPECT_EQ(ocfs_write_stream_write(stream, kBytes, 2), -1);
  return stream;
}

TEST(StreamCore, CloseOnANeverOpenedStreamChangesNothing) {
  auto stream = reader();
  ocfs_read_stream_close(stream);
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_NOT_OPEN);
  EXPECT_TRUE(ocfs_read_stream_open(stream));  // still openable
}

TEST(StreamCore, OpenIsOneShot) {
  auto stream = reader();
  EXPECT_TRUE(ocfs_read_stream_open(stream));
  EXPECT_FALSE(ocfs_read_stream_open(stream));
  ocfs_read_stream_close(stream);
  EXPECT_FALSE(ocfs_read_stream_open(stream));
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_CLOSED);
}

TEST(StreamCore, ErrorIsStickyThroughClose) {
  uint8_t buffer[1];
  auto stream = failed_writer(buffer);
  EXPECT_EQ(ocfs_write_stream_get_status(stream), OCFS_STREAM_STATUS_ERROR);
  ocfs_write_stream_close(stream);
  EXPECT_EQ(ocfs_write_stream_get_status(stream), OCFS_STREAM_STATUS_ERROR);
  EXPECT_EQ(ocfs_write_stream_get_error(stream).error, ENOMEM);
  EXPECT_EQ(ocfs_write_stream_write(stream, kBytes, 1), -1);
  EXPECT_FALSE(ocfs_write_stream_can_accept_bytes(stream));
}

TEST(StreamCore, NoErrorReportsZeroPairAndNull) {
  auto stream = reader();
  ocfs_stream_error error = ocfs_read_stream_get_error(stream);
  EXPECT_EQ(error.domain, 0);
  EXPECT_EQ(error.error, 0);
  EXPECT_EQ(ocfs_read_stream_copy_error(stream), nullptr);
}

TEST(StreamCore, CopyErrorBuildsANewPosixCFErrorEachTime) {
  uint8_t buffer[1];
  auto stream = failed_writer(buffer);
  ocfs_error_ref first = ocfs_write_stream_copy_error(stream);
  ocfs_error_ref second = ocfs_write_stream_copy_error(stream);
  EXPECT_NE(first, second);
  EXPECT_TRUE(ocfs_equal(first, second));
  EXPECT_EQ(take_text(ocfs_error_copy_description(first)),
            std::string("The operation couldn\u2019t be completed. ") + std::strerror(ENOMEM));
  expect_cf_error(first, "NSPOSIXErrorDomain", ENOMEM, 1, ENOMEM);
  ocfs_release(second);
}

TEST(StreamCore, IOBeforeOpenFailsWithoutChangingStatus) {
  auto stream = reader();
  uint8_t byte;
  EXPECT_EQ(ocfs_read_stream_read(stream, &byte, 1), -1);
  EXPECT_FALSE(ocfs_read_stream_has_bytes_available(stream));
  EXPECT_EQ(ocfs_read_stream_get_status(stream), OCFS_STREAM_STATUS_NOT_OPEN);
  EXPECT_EQ(ocfs_read_stream_copy_error(stream), nullptr);

  uint8_t buffer[4];
  auto writer = own(ocfs_write_stream_create_with_buffer(nullptr, buffer, sizeof buffer));
  EXPECT_EQ(ocfs_write_stream_write(writer, kBytes, 1), -1);
  EXPECT_FALSE(ocfs_write_stream_can_accept_bytes(writer));
  EXPECT_EQ(ocfs_write_stream_get_status(writer), OCFS_STREAM_STATUS_NOT_OPEN);
}

TEST(StreamCore, NullAndWrongTypeReferencesGetFailureValues) {
  uint8_t byte;
  EXPECT_EQ(ocfs_read_stream_get_status(nullptr), OCFS_STREAM_STATUS_ERROR);
  EXPECT_FALSE(ocfs_read_stream_open(nullptr));
  ocfs_read_stream_close(nullptr);
  EXPECT_EQ(ocfs_read_stream_read(nullptr, &byte, 1), -1);
  EXPECT_FALSE(ocfs_read_stream_has_bytes_available(nullptr));
  EXPECT_EQ(ocfs_read_stream_copy_error(nullptr), nullptr);
  EXPECT_EQ(ocfs_read_stream_get_error(nullptr).domain, 0);
  EXPECT_EQ(ocfs_read_stream_copy_property(nullptr, ocfs_stream_property_data_written), nullptr);
  EXPECT_FALSE(ocfs_read_stream_set_property(nullptr, ocfs_stream_property_data_written, nullptr));
  EXPECT_EQ(ocfs_write_stream_write(nullptr, kBytes, 1), -1);
  EXPECT_FALSE(ocfs_write_stream_open(nullptr));
  ocfs_write_stream_close(nullptr);

  // A write stream handed to a read function (and the reverse) is refused, not misused.
  auto writer = own(ocfs_write_stream_create_with_allocated_buffers(nullptr, nullptr));
  const void *as_any = writer.get();
  auto *wrong = static_cast<ocfs_read_stream_ref>(const_cast<void *>(as_any));
  EXPECT_FALSE(ocfs_read_stream_open(wrong));
  EXPECT_EQ(ocfs_read_stream_read(wrong, &byte, 1), -1);
  EXPECT_EQ(ocfs_write_stream_get_status(writer), OCFS_STREAM_STATUS_NOT_OPEN);
}

TEST(StreamCore, PropertyKeysMustBeStrings) {
  auto writer = own(ocfs_write_stream_create_with_allocated_buffers(nullptr, nullptr));
  int one = 1;
  auto number_key = own(ocfs_number_create(nullptr, OCFS_NUMBER_INT, &one));
  const void *key = number_key.get();
  EXPECT_EQ(ocfs_write_stream_copy_property(writer, static_cast<ocfs_string_ref>(key)), nullptr);
  EXPECT_EQ(ocfs_write_stream_copy_property(writer, nullptr), nullptr);
}

TEST(StreamCore, PropertyKeysCompareByContent) {
  auto writer = own(ocfs_write_stream_create_with_allocated_buffers(nullptr, nullptr));
  auto key = str("kCFStreamPropertyDataWritten");  // a heap string, not the exported constant
  auto data = own(static_cast<ocfs_data_ref>(ocfs_write_stream_copy_property(writer, key)));
  EXPECT_NE(data.get(), nullptr);
}

TEST(StreamCore, TypeIdsAndDescriptions) {
  auto stream = reader();
  auto writer = own(ocfs_write_stream_create_with_allocated_buffers(nullptr, nullptr));
  EXPECT_EQ(ocfs_get_type_id(stream), ocfs_read_stream_get_type_id());
  EXPECT_EQ(ocfs_get_type_id(writer), ocfs_write_stream_get_type_id());
  EXPECT_NE(ocfs_read_stream_get_type_id(), ocfs_write_stream_get_type_id());
  EXPECT_EQ(take_text(ocfs_copy_description(stream)).rfind("<CFReadStream 0x", 0), 0u);
  EXPECT_EQ(take_text(ocfs_copy_type_id_description(ocfs_write_stream_get_type_id())),
            "CFWriteStream");
}

TEST(StreamCore, ReleasingAnOpenStreamClosesIt) {
  // Observed through a bound pair: releasing the open writer ends the reader.
  ocfs_read_stream_ref read = nullptr;
  ocfs_write_stream_ref write = nullptr;
  ocfs_stream_create_bound_pair(nullptr, &read, &write, 8);
  auto reader_half = own(read);
  ASSERT_TRUE(ocfs_read_stream_open(read));
  ASSERT_TRUE(ocfs_write_stream_open(write));
  ocfs_release(write);
  uint8_t byte;
  EXPECT_EQ(ocfs_read_stream_read(read, &byte, 1), 0);
  EXPECT_EQ(ocfs_read_stream_get_status(read), OCFS_STREAM_STATUS_AT_END);
}

}  // namespace
