// CFAllocator: the predefined allocators, allocators built from a context, and the allocate /
// reallocate / deallocate rules.
#include <cstdlib>
#include <cstring>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;

// What the counting context's callbacks saw. The context's `info` points at one of these.
struct Calls {
  int retains = 0;
  int releases = 0;
  int allocates = 0;
  int reallocates = 0;
  int deallocates = 0;
  int preferred = 0;
  ocfs_index last_size = 0;
  ocfs_option_flags last_hint = 0;
  void *last_pointer = nullptr;
};

Calls *calls_of(const void *info) {
  return static_cast<Calls *>(const_cast<void *>(info));
}

const void *count_retain(const void *info) {
  ++calls_of(info)->retains;
  return info;
}
void count_release(const void *info) {
  ++calls_of(info)->releases;
}
void *count_allocate(ocfs_index size, ocfs_option_flags hint, void *info) {
  Calls *calls = calls_of(info);
  ++calls->allocates;
  calls->last_size = size;
  calls->last_hint = hint;
  return std::malloc(static_cast<size_t>(size));
}
void *count_reallocate(void *ptr, ocfs_index size, ocfs_option_flags hint, void *info) {
  Calls *calls = calls_of(info);
  ++calls->reallocates;
  calls->last_size = size;
  calls->last_hint = hint;
  calls->last_pointer = ptr;
  return std::realloc(ptr, static_cast<size_t>(size));
}
void count_deallocate(void *ptr, void *info) {
  ++calls_of(info)->deallocates;
  calls_of(info)->last_pointer = ptr;
  std::free(ptr);
}
ocfs_index count_preferred(ocfs_index size, ocfs_option_flags, void *info) {
  ++calls_of(info)->preferred;
  return size * 2;
}

ocfs_allocator_context counting_context(Calls *calls) {
  return ocfs_allocator_context{0,
                                calls,
                                count_retain,
                                count_release,
                                nullptr,
                                count_allocate,
                                count_reallocate,
                                count_deallocate,
                                count_preferred};
}

class AllocatorCustom : public testing::Test {
 protected:
  void SetUp() override {
    ocfs_allocator_context context = counting_context(&calls_);
    allocator_.reset(ocfs_allocator_create(nullptr, &context));
    ASSERT_NE(allocator_.get(), nullptr);
  }

  Calls calls_;
  Owned<ocfs_allocator_ref> allocator_;
};

// ---- Predefined allocators ------------------------------------------------------------------

TEST(Allocator, PredefinedAllocatorsAreImmortal) {
  const ocfs_allocator_ref predefined[] = {
      ocfs_allocator_system_default, ocfs_allocator_malloc,      ocfs_allocator_malloc_zone,
      ocfs_allocator_null,           ocfs_allocator_use_context, ocfs_allocator_get_default()};
  for (ocfs_allocator_ref allocator : predefined) {
    ASSERT_NE(allocator, nullptr);
    EXPECT_EQ(ocfs_get_type_id(allocator), ocfs_allocator_get_type_id());
    EXPECT_EQ(ocfs_get_retain_count(allocator), OCFS_IMMORTAL_RETAIN_COUNT);
    EXPECT_EQ(ocfs_retain(allocator), allocator);
    ocfs_release(allocator);
    ocfs_release(allocator);
    EXPECT_EQ(ocfs_get_retain_count(allocator), OCFS_IMMORTAL_RETAIN_COUNT);
  }
}

TEST(Allocator, DefaultIsTheSystemDefault) {
  EXPECT_EQ(ocfs_allocator_get_default(), ocfs_allocator_system_default);
}

TEST(Allocator, TypeIdDescription) {
  EXPECT_EQ(ocfs_test::take_text(ocfs_copy_type_id_description(ocfs_allocator_get_type_id())),
            "CFAllocator");
}

TEST(Allocator, HeapAllocatorsAllocateReallocateAndFree) {
  const ocfs_allocator_ref heap_allocators[] = {OCFS_ALLOCATOR_DEFAULT,
                                                ocfs_allocator_system_default,
                                                ocfs_allocator_malloc, ocfs_allocator_malloc_zone};
  for (ocfs_allocator_ref allocator : heap_allocators) {
    auto *bytes = static_cast<char *>(ocfs_allocator_allocate(allocator, 16, 0));
    ASSERT_NE(bytes, nullptr);
    std::memcpy(bytes, "0123456789abcdef", 16);
    bytes = static_cast<char *>(ocfs_allocator_reallocate(allocator, bytes, 4096, 0));
    ASSERT_NE(bytes, nullptr);
    EXPECT_EQ(std::memcmp(bytes, "0123456789abcdef", 16), 0);
    bytes[4095] = 'z';
    ocfs_allocator_deallocate(allocator, bytes);
  }
}

TEST(Allocator, NonPositiveSizeAllocatesNothing) {
  EXPECT_EQ(ocfs_allocator_allocate(nullptr, 0, 0), nullptr);
  EXPECT_EQ(ocfs_allocator_allocate(nullptr, -8, 0), nullptr);
  EXPECT_EQ(ocfs_allocator_allocate(ocfs_allocator_malloc, 0, 0), nullptr);
  EXPECT_EQ(ocfs_allocator_reallocate(nullptr, nullptr, 0, 0), nullptr);
}

TEST(Allocator, ReallocateToZeroFrees) {
  void *bytes = ocfs_allocator_allocate(nullptr, 32, 0);
  ASSERT_NE(bytes, nullptr);
  EXPECT_EQ(ocfs_allocator_reallocate(nullptr, bytes, 0, 0), nullptr);  // freed: ASan checks
}

TEST(Allocator, DeallocateNullIsANoOp) {
  ocfs_allocator_deallocate(nullptr, nullptr);
  ocfs_allocator_deallocate(ocfs_allocator_malloc, nullptr);
}

TEST(Allocator, NullAllocatorNeverAllocatesOrFrees) {
  EXPECT_EQ(ocfs_allocator_allocate(ocfs_allocator_null, 16, 0), nullptr);
  char stack_bytes[8] = "bytes";
  ocfs_allocator_deallocate(ocfs_allocator_null, stack_bytes);  // would crash if it freed
  EXPECT_STREQ(stack_bytes, "bytes");
  EXPECT_EQ(ocfs_allocator_reallocate(ocfs_allocator_null, nullptr, 16, 0), nullptr);
}

TEST(Allocator, PreferredSizeOfTheDefaultAllocatorCoversTheRequest) {
  EXPECT_GE(ocfs_allocator_get_preferred_size_for_size(nullptr, 100, 0), 100);
  EXPECT_GE(ocfs_allocator_get_preferred_size_for_size(ocfs_allocator_malloc, 1, 0), 1);
}

// ---- Allocators from a context --------------------------------------------------------------

TEST(Allocator, CreateRejectsNullContext) {
  EXPECT_EQ(ocfs_allocator_create(nullptr, nullptr), nullptr);
}

TEST(Allocator, CreateRejectsNonZeroVersion) {
  Calls calls;
  ocfs_allocator_context context = counting_context(&calls);
  context.version = 1;
  EXPECT_EQ(ocfs_allocator_create(nullptr, &context), nullptr);
  EXPECT_EQ(calls.retains, 0);
  EXPECT_EQ(calls.releases, 0);
}

TEST_F(AllocatorCustom, IsAReferenceCountedAllocator) {
  EXPECT_EQ(ocfs_get_type_id(allocator_), ocfs_allocator_get_type_id());
  EXPECT_EQ(ocfs_get_retain_count(allocator_), 1);
}

TEST(Allocator, InfoIsRetainedAtCreateAndReleasedWithTheAllocator) {
  Calls calls;
  ocfs_allocator_context context = counting_context(&calls);
  ocfs_allocator_ref allocator = ocfs_allocator_create(nullptr, &context);
  ASSERT_NE(allocator, nullptr);
  EXPECT_EQ(calls.retains, 1);
  EXPECT_EQ(calls.releases, 0);
  ocfs_retain(allocator);
  ocfs_release(allocator);
  EXPECT_EQ(calls.releases, 0);
  ocfs_release(allocator);
  EXPECT_EQ(calls.retains, 1);
  EXPECT_EQ(calls.releases, 1);
}

TEST(Allocator, InfoIsWhatTheRetainCallbackReturns) {
  static Calls original, replacement;
  original = {};
  replacement = {};
  ocfs_allocator_context context = counting_context(&original);
  context.retain = [](const void *) -> const void * { return &replacement; };
  auto allocator = own(ocfs_allocator_create(nullptr, &context));
  ASSERT_NE(allocator.get(), nullptr);

  ocfs_allocator_context copy{};
  ocfs_allocator_get_context(allocator, &copy);
  EXPECT_EQ(copy.info, &replacement);
  ocfs_allocator_deallocate(allocator, ocfs_allocator_allocate(allocator, 8, 0));
  EXPECT_EQ(replacement.allocates, 1);
  EXPECT_EQ(replacement.deallocates, 1);
  EXPECT_EQ(original.allocates, 0);
  allocator.reset();
  EXPECT_EQ(replacement.releases, 1);
  EXPECT_EQ(original.releases, 0);
}

TEST(Allocator, ContextWithoutRetainOrReleaseKeepsInfoAsIs) {
  Calls calls;
  ocfs_allocator_context context = counting_context(&calls);
  context.retain = nullptr;
  context.release = nullptr;
  auto allocator = own(ocfs_allocator_create(nullptr, &context));
  ASSERT_NE(allocator.get(), nullptr);
  ocfs_allocator_context copy{};
  ocfs_allocator_get_context(allocator, &copy);
  EXPECT_EQ(copy.info, &calls);
  allocator.reset();
  EXPECT_EQ(calls.retains, 0);
  EXPECT_EQ(calls.releases, 0);
}

TEST_F(AllocatorCustom, AllocateCallsTheAllocateCallback) {
  void *bytes = ocfs_allocator_allocate(allocator_, 24, 5);
  ASSERT_NE(bytes, nullptr);
  EXPECT_EQ(calls_.allocates, 1);
  EXPECT_EQ(calls_.last_size, 24);
  EXPECT_EQ(calls_.last_hint, 5u);
  ocfs_allocator_deallocate(allocator_, bytes);
  EXPECT_EQ(calls_.deallocates, 1);
  EXPECT_EQ(calls_.last_pointer, bytes);
}

TEST_F(AllocatorCustom, ReallocateCallsTheReallocateCallback) {
  void *bytes = ocfs_allocator_allocate(allocator_, 8, 0);
  ASSERT_NE(bytes, nullptr);
  void *grown = ocfs_allocator_reallocate(allocator_, bytes, 64, 3);
  ASSERT_NE(grown, nullptr);
  EXPECT_EQ(calls_.reallocates, 1);
  EXPECT_EQ(calls_.last_pointer, bytes);
  EXPECT_EQ(calls_.last_size, 64);
  EXPECT_EQ(calls_.last_hint, 3u);
  ocfs_allocator_deallocate(allocator_, grown);
  EXPECT_EQ(calls_.deallocates, 1);
}

TEST_F(AllocatorCustom, ReallocateOfNullAllocates) {
  void *bytes = ocfs_allocator_reallocate(allocator_, nullptr, 32, 0);
  ASSERT_NE(bytes, nullptr);
  EXPECT_EQ(calls_.allocates, 1);
  EXPECT_EQ(calls_.reallocates, 0);
  ocfs_allocator_deallocate(allocator_, bytes);
}

TEST_F(AllocatorCustom, ReallocateToZeroDeallocates) {
  void *bytes = ocfs_allocator_allocate(allocator_, 32, 0);
  ASSERT_NE(bytes, nullptr);
  EXPECT_EQ(ocfs_allocator_reallocate(allocator_, bytes, 0, 0), nullptr);
  EXPECT_EQ(calls_.reallocates, 0);
  EXPECT_EQ(calls_.deallocates, 1);
  EXPECT_EQ(calls_.last_pointer, bytes);
}

TEST_F(AllocatorCustom, NonPositiveSizeDoesNotCallAllocate) {
  EXPECT_EQ(ocfs_allocator_allocate(allocator_, 0, 0), nullptr);
  EXPECT_EQ(ocfs_allocator_allocate(allocator_, -1, 0), nullptr);
  EXPECT_EQ(calls_.allocates, 0);
}

TEST_F(AllocatorCustom, DeallocateOfNullDoesNotCallDeallocate) {
  ocfs_allocator_deallocate(allocator_, nullptr);
  EXPECT_EQ(calls_.deallocates, 0);
}

TEST_F(AllocatorCustom, PreferredSizeCallsTheCallback) {
  EXPECT_EQ(ocfs_allocator_get_preferred_size_for_size(allocator_, 40, 0), 80);
  EXPECT_EQ(calls_.preferred, 1);
}

TEST_F(AllocatorCustom, GetContextCopiesTheContext) {
  ocfs_allocator_context copy;
  std::memset(&copy, 0xAB, sizeof copy);
  ocfs_allocator_get_context(allocator_, &copy);
  EXPECT_EQ(copy.version, 0);
  EXPECT_EQ(copy.info, &calls_);
  EXPECT_EQ(copy.retain, count_retain);
  EXPECT_EQ(copy.release, count_release);
  EXPECT_EQ(copy.copyDescription, nullptr);
  EXPECT_EQ(copy.allocate, count_allocate);
  EXPECT_EQ(copy.reallocate, count_reallocate);
  EXPECT_EQ(copy.deallocate, count_deallocate);
  EXPECT_EQ(copy.preferredSize, count_preferred);
  EXPECT_EQ(calls_.retains, 1);  // copying the context does not retain the info again
}

TEST_F(AllocatorCustom, FreesNoCopyDataBytes) {
  auto *bytes = static_cast<uint8_t *>(ocfs_allocator_allocate(allocator_, 4, 0));
  ASSERT_NE(bytes, nullptr);
  std::memcpy(bytes, "abcd", 4);
  ocfs_data_ref data = ocfs_data_create_with_bytes_no_copy(nullptr, bytes, 4, allocator_);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(ocfs_data_get_byte_ptr(data), bytes);
  EXPECT_EQ(ocfs_get_retain_count(allocator_), 2);  // the data keeps its deallocator alive
  ocfs_release(data);
  EXPECT_EQ(calls_.deallocates, 1);
  EXPECT_EQ(calls_.last_pointer, bytes);
  EXPECT_EQ(ocfs_get_retain_count(allocator_), 1);
}

TEST(Allocator, NullDeallocatorLeavesNoCopyBytesAlone) {
  uint8_t bytes[4] = {1, 2, 3, 4};
  ocfs_data_ref data = ocfs_data_create_with_bytes_no_copy(nullptr, bytes, 4, ocfs_allocator_null);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(ocfs_data_get_byte_ptr(data), bytes);
  ocfs_release(data);  // freeing stack memory would crash under ASan
  EXPECT_EQ(bytes[3], 4);
}

TEST_F(AllocatorCustom, ObjectsReportTheDefaultAllocator) {
  // Documented deviation: objects always come from the C++ heap, so they report the default
  // allocator (NULL) whatever allocator was passed to their creator.
  auto string = own(ocfs_string_create_with_cstring(allocator_, "x", OCFS_STRING_ENCODING_UTF8));
  ASSERT_NE(string.get(), nullptr);
  EXPECT_EQ(ocfs_get_allocator(string), nullptr);
  auto with_default = ocfs_test::str("y");
  EXPECT_EQ(ocfs_get_allocator(with_default), nullptr);
}

}  // namespace
