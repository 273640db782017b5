// CFData and CFMutableData: copying and no-copy creation (who frees the bytes), capacity limits,
// length changes, range edits (including edits fed from the data's own bytes), equality, the
// description, and sizes too large to allocate.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::take_text;

using Bytes = std::vector<uint8_t>;

Owned<ocfs_data_ref> data_of(const Bytes &bytes) {
  return own(ocfs_data_create(nullptr, bytes.data(), static_cast<ocfs_index>(bytes.size())));
}

Owned<ocfs_mutable_data_ref> mutable_of(const Bytes &bytes, ocfs_index capacity = 0) {
  auto data = own(ocfs_data_create_mutable(nullptr, capacity));
  if (data.get() != nullptr && !bytes.empty()) {
    ocfs_data_append_bytes(data, bytes.data(), static_cast<ocfs_index>(bytes.size()));
  }
  return data;
}

Bytes bytes_of(ocfs_data_ref data) {
  const uint8_t *bytes = ocfs_data_get_byte_ptr(data);
  ocfs_index length = ocfs_data_get_length(data);
  return length > 0 ? Bytes(bytes, bytes + length) : Bytes();
}

void append(ocfs_mutable_data_ref data, const Bytes &bytes) {
  ocfs_data_append_bytes(data, bytes.data(), static_cast<ocfs_index>(bytes.size()));
}

void replace(ocfs_mutable_data_ref data, ocfs_range range, const Bytes &bytes) {
  ocfs_data_replace_bytes(data, range, bytes.data(), static_cast<ocfs_index>(bytes.size()));
}

Bytes sequence(size_t count) {
  Bytes bytes(count);
  for (size_t i = 0; i < count; ++i)
    bytes[i] = static_cast<uint8_t>(i);
  return bytes;
}

std::string description_of(ocfs_type_ref object) {
  return take_text(ocfs_copy_description(object));
}

bool ends_with(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string range_text(ocfs_range range) {
  return std::to_string(range.location) + "," + std::to_string(range.length);
}

// Ranges that are invalid for data of length 5.
const ocfs_range kInvalidRangesForFive[] = {
    {-1, 1},
    {0, -1},
    {3, 3},
    {6, 0},
    {1, OCFS_INDEX_MAX},
    {OCFS_INDEX_MAX, 1},
    {-OCFS_INDEX_MAX - 1, 2},
};

// A deallocator that records its calls and frees with free().
struct DeallocationLog {
  int calls = 0;
  void *last = nullptr;
};

void counting_deallocate(void *ptr, void *info) {
  auto *log = static_cast<DeallocationLog *>(info);
  ++log->calls;
  log->last = ptr;
  std::free(ptr);
}

Owned<ocfs_allocator_ref> counting_allocator(DeallocationLog &log) {
  ocfs_allocator_context context = {};
  context.version = 0;
  context.info = &log;
  context.deallocate = counting_deallocate;
  return own(ocfs_allocator_create(nullptr, &context));
}

// ---- Creation ---------------------------------------------------------------------------------

TEST(Data, CreateCopiesTheBytes) {
  Bytes source = {1, 2, 3};
  auto data = data_of(source);
  ASSERT_NE(nullptr, data.get());
  EXPECT_NE(source.data(), ocfs_data_get_byte_ptr(data));
  source[0] = 9;
  EXPECT_EQ((Bytes{1, 2, 3}), bytes_of(data));
  EXPECT_EQ(3, ocfs_data_get_length(data));
  EXPECT_EQ(ocfs_data_get_type_id(), ocfs_get_type_id(data));
}

TEST(Data, CreateEmpty) {
  auto empty = own(ocfs_data_create(nullptr, nullptr, 0));
  ASSERT_NE(nullptr, empty.get());
  EXPECT_EQ(0, ocfs_data_get_length(empty));
  auto empty_no_copy = own(ocfs_data_create_with_bytes_no_copy(nullptr, nullptr, 0, nullptr));
  ASSERT_NE(nullptr, empty_no_copy.get());
  EXPECT_EQ(0, ocfs_data_get_length(empty_no_copy));
  EXPECT_TRUE(ocfs_equal(empty, empty_no_copy));
}

TEST(Data, CreateRejectsNegativeLengthAndNullBytes) {
  const uint8_t bytes[] = {1};
  EXPECT_EQ(nullptr, own(ocfs_data_create(nullptr, bytes, -1)).get());
  EXPECT_EQ(nullptr, own(ocfs_data_create(nullptr, nullptr, 3)).get());
  EXPECT_EQ(
      nullptr,
      own(ocfs_data_create_with_bytes_no_copy(nullptr, bytes, -1, ocfs_allocator_null)).get());
  EXPECT_EQ(
      nullptr,
      own(ocfs_data_create_with_bytes_no_copy(nullptr, nullptr, 3, ocfs_allocator_null)).get());
  EXPECT_EQ(nullptr, own(ocfs_data_create_mutable(nullptr, -1)).get());
  EXPECT_EQ(nullptr, own(ocfs_data_create_copy(nullptr, nullptr)).get());
}

TEST(Data, CopyOfImmutableDataIsSameObjectRetained) {
  auto data = data_of({1, 2});
  auto copy = own(ocfs_data_create_copy(nullptr, data));
  EXPECT_EQ(data.get(), copy.get());
  EXPECT_EQ(2, ocfs_get_retain_count(data));
}

TEST(Data, CopyOfMutableDataIsIndependent) {
  auto data = mutable_of({1, 2, 3});
  auto copy = own(ocfs_data_create_copy(nullptr, data));
  ASSERT_NE(nullptr, copy.get());
  EXPECT_NE(static_cast<ocfs_data_ref>(data.get()), copy.get());
  append(data, {4});
  ocfs_data_get_mutable_byte_ptr(data)[0] = 9;
  EXPECT_EQ((Bytes{1, 2, 3}), bytes_of(copy));
  EXPECT_EQ((Bytes{9, 2, 3, 4}), bytes_of(data));
}

TEST(Data, MutableCopyIsIndependent) {
  auto source = data_of({5, 6});
  auto copy = own(ocfs_data_create_mutable_copy(nullptr, 0, source));
  ASSERT_NE(nullptr, copy.get());
  append(copy, {7});
  EXPECT_EQ((Bytes{5, 6, 7}), bytes_of(copy));
  EXPECT_EQ((Bytes{5, 6}), bytes_of(source));
}

TEST(Data, NoCopyWithNullDeallocatorNeverFreesTheBytes) {
  auto *bytes = static_cast<uint8_t *>(std::malloc(4));
  ASSERT_NE(nullptr, bytes);
  std::memcpy(bytes, "\x01\x02\x03\x04", 4);
  {
    auto data = own(ocfs_data_create_with_bytes_no_copy(nullptr, bytes, 4, ocfs_allocator_null));
    ASSERT_NE(nullptr, data.get());
    EXPECT_EQ(bytes, ocfs_data_get_byte_ptr(data));  // used in place
    EXPECT_EQ((Bytes{1, 2, 3, 4}), bytes_of(data));
  }
  // Still ours: reading and freeing it is fine (ASan reports a use-after-free or double free).
  EXPECT_EQ(0, std::memcmp(bytes, "\x01\x02\x03\x04", 4));
  bytes[0] = 7;
  std::free(bytes);

  const uint8_t on_stack[] = {8, 9};
  auto stack_data =
      own(ocfs_data_create_with_bytes_no_copy(nullptr, on_stack, 2, ocfs_allocator_null));
  EXPECT_EQ((Bytes{8, 9}), bytes_of(stack_data));
}

TEST(Data, NoCopyWithCustomDeallocatorFreesExactlyOnceOnLastRelease) {
  DeallocationLog log;
  auto allocator = counting_allocator(log);
  ASSERT_NE(nullptr, allocator.get());
  auto *bytes = static_cast<uint8_t *>(std::malloc(3));
  ASSERT_NE(nullptr, bytes);
  std::memcpy(bytes, "abc", 3);

  auto data = own(ocfs_data_create_with_bytes_no_copy(nullptr, bytes, 3, allocator));
  ASSERT_NE(nullptr, data.get());
  allocator.reset();  // the data keeps its deallocator alive
  ocfs_retain(data);
  ocfs_release(data);
  EXPECT_EQ(0, log.calls);
  EXPECT_EQ((Bytes{'a', 'b', 'c'}), bytes_of(data));
  data.reset();
  EXPECT_EQ(1, log.calls);
  EXPECT_EQ(bytes, log.last);
}

// ---- Mutable data: capacity and length ----------------------------------------------------------

TEST(Data, AppendBeyondCapacityLeavesDataUnchanged) {
  auto data = own(ocfs_data_create_mutable(nullptr, 4));
  append(data, {1, 2, 3});
  append(data, {4, 5});  // would make 5
  EXPECT_EQ((Bytes{1, 2, 3}), bytes_of(data));
  append(data, {4});
  EXPECT_EQ((Bytes{1, 2, 3, 4}), bytes_of(data));
  append(data, {5});
  EXPECT_EQ((Bytes{1, 2, 3, 4}), bytes_of(data));
}

TEST(Data, CapacityOfOneHoldsOneByte) {
  auto data = own(ocfs_data_create_mutable(nullptr, 1));
  ASSERT_NE(nullptr, data.get());
  for (int i = 0; i < 3; ++i)
    append(data, {static_cast<uint8_t>(10 + i)});
  EXPECT_EQ((Bytes{10}), bytes_of(data));
}

TEST(Data, UnlimitedDataGrows) {
  auto data = own(ocfs_data_create_mutable(nullptr, 0));
  const Bytes block = sequence(1000);
  for (int i = 0; i < 10; ++i)
    append(data, block);
  ASSERT_EQ(10000, ocfs_data_get_length(data));
  const uint8_t *bytes = ocfs_data_get_byte_ptr(data);
  EXPECT_EQ(0, std::memcmp(bytes + 9000, block.data(), block.size()));
}

TEST(Data, AppendIgnoresNullOrNegative) {
  auto data = mutable_of({1});
  ocfs_data_append_bytes(data, nullptr, 3);
  const uint8_t two = 2;
  ocfs_data_append_bytes(data, &two, -1);
  ocfs_data_append_bytes(data, &two, 0);
  EXPECT_EQ((Bytes{1}), bytes_of(data));
}

TEST(Data, SetLengthZeroFillsNewBytes) {
  auto data = mutable_of({1, 2, 3});
  ocfs_data_set_length(data, 6);
  EXPECT_EQ((Bytes{1, 2, 3, 0, 0, 0}), bytes_of(data));
  ocfs_data_set_length(data, 2);
  EXPECT_EQ((Bytes{1, 2}), bytes_of(data));
  ocfs_data_get_mutable_byte_ptr(data)[1] = 7;
  ocfs_data_set_length(data, 4);  // bytes cut off earlier do not come back
  EXPECT_EQ((Bytes{1, 7, 0, 0}), bytes_of(data));
  ocfs_data_set_length(data, 0);
  EXPECT_EQ(0, ocfs_data_get_length(data));
}

TEST(Data, SetLengthRespectsCapacityAndRejectsNegative) {
  auto data = mutable_of({1, 2}, 4);
  ocfs_data_set_length(data, 5);
  EXPECT_EQ((Bytes{1, 2}), bytes_of(data));
  ocfs_data_set_length(data, -1);
  EXPECT_EQ((Bytes{1, 2}), bytes_of(data));
  ocfs_data_set_length(data, 4);
  EXPECT_EQ((Bytes{1, 2, 0, 0}), bytes_of(data));
}

TEST(Data, IncreaseLengthZeroFills) {
  auto data = mutable_of({9}, 4);
  ocfs_data_increase_length(data, 2);
  EXPECT_EQ((Bytes{9, 0, 0}), bytes_of(data));
  ocfs_data_increase_length(data, 2);  // past the capacity
  ocfs_data_increase_length(data, -1);
  EXPECT_EQ((Bytes{9, 0, 0}), bytes_of(data));
  ocfs_data_increase_length(data, 0);
  ocfs_data_increase_length(data, 1);
  EXPECT_EQ((Bytes{9, 0, 0, 0}), bytes_of(data));
}

// ---- Range edits ------------------------------------------------------------------------------

TEST(Data, ReplaceBytes) {
  auto data = mutable_of({1, 2, 3, 4, 5});
  replace(data, {1, 2}, {9});  // shrink
  EXPECT_EQ((Bytes{1, 9, 4, 5}), bytes_of(data));
  replace(data, {0, 0}, {7, 7});  // insert at the start
  EXPECT_EQ((Bytes{7, 7, 1, 9, 4, 5}), bytes_of(data));
  replace(data, {6, 0}, {8});  // insert at the end
  EXPECT_EQ((Bytes{7, 7, 1, 9, 4, 5, 8}), bytes_of(data));
  replace(data, {2, 1}, {6, 6, 6});  // grow
  EXPECT_EQ((Bytes{7, 7, 6, 6, 6, 9, 4, 5, 8}), bytes_of(data));
  replace(data, {0, 9}, {});  // everything
  EXPECT_EQ(Bytes(), bytes_of(data));
}

TEST(Data, ReplaceWithInvalidArgumentsLeavesDataUnchanged) {
  const Bytes original = {1, 2, 3, 4, 5};
  auto data = mutable_of(original);
  for (ocfs_range range : kInvalidRangesForFive) {
    SCOPED_TRACE(range_text(range));
    replace(data, range, {9});
    EXPECT_EQ(original, bytes_of(data));
  }
  const uint8_t nine = 9;
  ocfs_data_replace_bytes(data, {0, 1}, &nine, -1);
  ocfs_data_replace_bytes(data, {0, 1}, nullptr, 1);
  EXPECT_EQ(original, bytes_of(data));
}

TEST(Data, ReplaceRespectsCapacity) {
  auto data = mutable_of({1, 2, 3}, 4);
  replace(data, {0, 1}, {7, 7, 7});  // would make 5
  EXPECT_EQ((Bytes{1, 2, 3}), bytes_of(data));
  replace(data, {0, 3}, {7, 7, 7, 7});  // exactly 4
  EXPECT_EQ((Bytes{7, 7, 7, 7}), bytes_of(data));
}

TEST(Data, DeleteBytes) {
  auto data = mutable_of({1, 2, 3, 4, 5});
  for (ocfs_range range : kInvalidRangesForFive) {
    SCOPED_TRACE(range_text(range));
    ocfs_data_delete_bytes(data, range);
    EXPECT_EQ((Bytes{1, 2, 3, 4, 5}), bytes_of(data));
  }
  ocfs_data_delete_bytes(data, {1, 2});
  EXPECT_EQ((Bytes{1, 4, 5}), bytes_of(data));
  ocfs_data_delete_bytes(data, {3, 0});
  EXPECT_EQ((Bytes{1, 4, 5}), bytes_of(data));
  ocfs_data_delete_bytes(data, {0, 3});
  EXPECT_EQ(Bytes(), bytes_of(data));
}

TEST(Data, AppendFromItsOwnBytes) {
  auto data = mutable_of({1, 2, 3});
  // Each append doubles the data, so the source bytes move when the buffer grows.
  for (int i = 0; i < 10; ++i) {
    ocfs_data_append_bytes(data, ocfs_data_get_byte_ptr(data), ocfs_data_get_length(data));
  }
  ASSERT_EQ(3 << 10, ocfs_data_get_length(data));
  const uint8_t *bytes = ocfs_data_get_byte_ptr(data);
  for (ocfs_index i = 0; i < ocfs_data_get_length(data); ++i) {
    ASSERT_EQ(i % 3 + 1, bytes[i]) << "at " << i;
  }
}

TEST(Data, ReplaceFromItsOwnBytes) {
  auto data = mutable_of({1, 2, 3, 4});
  ocfs_data_replace_bytes(data, {0, 1}, ocfs_data_get_byte_ptr(data) + 1, 3);
  EXPECT_EQ((Bytes{2, 3, 4, 2, 3, 4}), bytes_of(data));
}

TEST(Data, GetBytesCopiesRange) {
  auto data = data_of({1, 2, 3, 4, 5});
  uint8_t buffer[5] = {};
  ocfs_data_get_bytes(data, {1, 3}, buffer);
  EXPECT_EQ((Bytes{2, 3, 4, 0, 0}), Bytes(buffer, buffer + 5));
  ocfs_data_get_bytes(data, {0, 5}, buffer);
  EXPECT_EQ((Bytes{1, 2, 3, 4, 5}), Bytes(buffer, buffer + 5));
}

TEST(Data, GetBytesOutsideDataLeavesBufferUntouched) {
  auto data = data_of({1, 2, 3, 4, 5});
  for (ocfs_range range : kInvalidRangesForFive) {
    SCOPED_TRACE(range_text(range));
    uint8_t buffer[8];
    std::memset(buffer, 0xEE, sizeof buffer);
    ocfs_data_get_bytes(data, range, buffer);
    EXPECT_EQ(Bytes(8, 0xEE), Bytes(buffer, buffer + 8));
  }
}

// ---- Equality and description -----------------------------------------------------------------

TEST(Data, EqualAndHashByContent) {
  const Bytes bytes = {1, 2, 3};
  auto immutable = data_of(bytes);
  auto mutable_data = mutable_of(bytes);
  auto no_copy =
      own(ocfs_data_create_with_bytes_no_copy(nullptr, bytes.data(), 3, ocfs_allocator_null));
  EXPECT_TRUE(ocfs_equal(immutable, mutable_data));
  EXPECT_TRUE(ocfs_equal(no_copy, immutable));
  EXPECT_EQ(ocfs_hash(immutable), ocfs_hash(mutable_data));
  EXPECT_EQ(ocfs_hash(immutable), ocfs_hash(no_copy));
  EXPECT_FALSE(ocfs_equal(immutable, data_of({1, 2, 4})));
  EXPECT_FALSE(ocfs_equal(immutable, data_of({1, 2})));
  EXPECT_TRUE(ocfs_equal(data_of({}), own(ocfs_data_create_mutable(nullptr, 0))));
  EXPECT_FALSE(ocfs_equal(data_of({'a'}), OCFS_STR("a")));
}

TEST(Data, DescriptionShowsEveryByteUpTo24) {
  std::string small = description_of(data_of({1, 2, 3}));
  EXPECT_EQ(0u, small.rfind("<CFData 0x", 0)) << small;
  EXPECT_TRUE(ends_with(small, ">{length = 3, capacity = 3, bytes = 0x010203}")) << small;

  std::string full = description_of(data_of(sequence(24)));
  EXPECT_TRUE(ends_with(full,
                        ">{length = 24, capacity = 24, bytes = 0x000102030405060708090a0b0c0d0e0f"
                        "1011121314151617}"))
      << full;
  std::string empty = description_of(data_of({}));
  EXPECT_TRUE(ends_with(empty, ">{length = 0, capacity = 0, bytes = 0x}")) << empty;
}

TEST(Data, DescriptionOfLongDataShowsFirst16AndLast8Bytes) {
  std::string description = description_of(data_of(sequence(32)));
  EXPECT_TRUE(ends_with(description,
                        ">{length = 32, capacity = 32, bytes = 0x000102030405060708090a0b0c0d0e0f"
                        " ... 18191a1b1c1d1e1f}"))
      << description;
  std::string just_over = description_of(data_of(sequence(25)));
  EXPECT_TRUE(
      ends_with(just_over, "bytes = 0x000102030405060708090a0b0c0d0e0f ... 1112131415161718}"))
      << just_over;
}

// ---- Sizes too large to allocate --------------------------------------------------------------
// These must fail cleanly (data unchanged) or succeed; an exception or abort escaping the C API
// is a library bug. The sizes are CFIndex's (OCFS_INDEX_MAX, 64 bits on Windows too): LONG_MAX / 2
// is only 1 GiB on LLP64 Windows and really can be allocated there.

TEST(Data, SetLengthToHugeValueFailsCleanly) {
  auto data = mutable_of({1, 2, 3});
  for (ocfs_index huge : {OCFS_INDEX_MAX / 2, OCFS_INDEX_MAX - 1, OCFS_INDEX_MAX}) {
    SCOPED_TRACE(huge);
    EXPECT_NO_THROW(ocfs_data_set_length(data, huge));
    ocfs_index length = ocfs_data_get_length(data);
    EXPECT_TRUE(length == 3 || length == huge) << length;
  }
  EXPECT_EQ((Bytes{1, 2, 3}), bytes_of(data));
}

TEST(Data, IncreaseLengthByHugeValueFailsCleanly) {
  auto data = mutable_of({1, 2, 3});
  EXPECT_NO_THROW(ocfs_data_increase_length(data, OCFS_INDEX_MAX));  // length + extra overflows
  EXPECT_EQ((Bytes{1, 2, 3}), bytes_of(data));
  EXPECT_NO_THROW(ocfs_data_increase_length(data, OCFS_INDEX_MAX / 2));
  EXPECT_EQ((Bytes{1, 2, 3}), bytes_of(data));
}

TEST(Data, HugeCapacityIsOnlyALimit) {
  auto data = own(ocfs_data_create_mutable(nullptr, OCFS_INDEX_MAX));
  ASSERT_NE(nullptr, data.get());
  append(data, {1});
  EXPECT_EQ((Bytes{1}), bytes_of(data));
}

}  // namespace
