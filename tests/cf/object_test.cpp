// The polymorphic object model: retain/release, type ids, equality, hashing, descriptions,
// CFShow, thread-safe reference counting and the library version.
#include <iterator>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::str;
using ocfs_test::take_text;

Owned<ocfs_number_ref> number(int value) {
  return own(ocfs_number_create(nullptr, OCFS_NUMBER_INT, &value));
}

std::string shown(ocfs_type_ref object) {
  testing::internal::CaptureStderr();
  ocfs_show(object);
  return testing::internal::GetCapturedStderr();
}

// ---- Retain and release ---------------------------------------------------------------------

TEST(Object, RetainAndReleaseOfNullAreSafe) {
  EXPECT_EQ(ocfs_retain(nullptr), nullptr);
  ocfs_release(nullptr);
  EXPECT_EQ(ocfs_get_retain_count(nullptr), 0);
}

TEST(Object, RetainReturnsItsArgumentAndCounts) {
  auto s = str("counted");
  EXPECT_EQ(ocfs_get_retain_count(s), 1);
  EXPECT_EQ(ocfs_retain(s), s.get());
  EXPECT_EQ(ocfs_get_retain_count(s), 2);
  EXPECT_EQ(ocfs_retain(s), s.get());
  EXPECT_EQ(ocfs_get_retain_count(s), 3);
  ocfs_release(s);
  EXPECT_EQ(ocfs_get_retain_count(s), 2);
  ocfs_release(s);
  EXPECT_EQ(ocfs_get_retain_count(s), 1);
}

TEST(Object, ImmortalObjectsIgnoreRetainAndRelease) {
  const ocfs_type_ref immortal[] = {OCFS_STR("constant"), ocfs_boolean_true, ocfs_boolean_false,
                                    ocfs_null_value, ocfs_number_nan};
  for (ocfs_type_ref object : immortal) {
    EXPECT_EQ(ocfs_get_retain_count(object), OCFS_IMMORTAL_RETAIN_COUNT);
    EXPECT_EQ(ocfs_retain(object), object);
    ocfs_release(object);
    ocfs_release(object);
    EXPECT_EQ(ocfs_get_retain_count(object), OCFS_IMMORTAL_RETAIN_COUNT);
  }
}

TEST(Object, ConcurrentRetainReleaseKeepsTheCountExact) {
  auto s = str("shared");
  constexpr int kThreads = 4;
  constexpr int kIterations = 100000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([object = s.get()] {
      for (int i = 0; i < kIterations; ++i) {
        ocfs_retain(object);
        ocfs_release(object);
      }
    });
  }
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(ocfs_get_retain_count(s), 1);
}

TEST(Object, ConcurrentReleaseFreesExactlyOnce) {
  // Each thread owns references it releases; the last release (on any thread) frees the object.
  constexpr int kThreads = 4;
  constexpr int kPerThread = 1000;
  for (int round = 0; round < 20; ++round) {
    ocfs_string_ref s = ocfs_string_create_with_cstring(nullptr, "x", OCFS_STRING_ENCODING_UTF8);
    for (int i = 1; i < kThreads * kPerThread; ++i)
      ocfs_retain(s);
    ASSERT_EQ(ocfs_get_retain_count(s), kThreads * kPerThread);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([s] {
        for (int i = 0; i < kPerThread; ++i)
          ocfs_release(s);
      });
    }
    for (std::thread &thread : threads)
      thread.join();  // ASan/TSan catch a double free or race
  }
}

// ---- Type ids -------------------------------------------------------------------------------

TEST(Object, TypeIdOfNullIsZero) {
  EXPECT_EQ(ocfs_get_type_id(nullptr), 0u);
}

TEST(Object, TypeIdsMatchTheirGetters) {
  uint8_t byte = 1;
  auto heap_string = str("s");
  auto num = number(1);
  auto data = own(ocfs_data_create(nullptr, &byte, 1));
  auto array = own(ocfs_array_create(nullptr, nullptr, 0, &ocfs_type_array_callbacks));
  auto dictionary =
      own(ocfs_dictionary_create(nullptr, nullptr, nullptr, 0, &ocfs_type_dictionary_key_callbacks,
                                 &ocfs_type_dictionary_value_callbacks));
  auto error = own(ocfs_error_create(nullptr, ocfs_error_domain_posix, 1, nullptr));
  auto url = own(ocfs_url_create_with_file_system_path(nullptr, OCFS_STR("/tmp"),
                                                       OCFS_URL_POSIX_PATH_STYLE, OCFS_TRUE));
  auto read_stream =
      own(ocfs_read_stream_create_with_bytes_no_copy(nullptr, &byte, 1, ocfs_allocator_null));
  auto write_stream = own(ocfs_write_stream_create_with_allocated_buffers(nullptr, nullptr));

  const std::pair<ocfs_type_ref, ocfs_type_id> cases[] = {
      {heap_string.get(), ocfs_string_get_type_id()},
      {OCFS_STR("constant"), ocfs_string_get_type_id()},
      {num.get(), ocfs_number_get_type_id()},
      {ocfs_boolean_true, ocfs_boolean_get_type_id()},
      {ocfs_null_value, ocfs_null_get_type_id()},
      {data.get(), ocfs_data_get_type_id()},
      {array.get(), ocfs_array_get_type_id()},
      {dictionary.get(), ocfs_dictionary_get_type_id()},
      {error.get(), ocfs_error_get_type_id()},
      {url.get(), ocfs_url_get_type_id()},
      {read_stream.get(), ocfs_read_stream_get_type_id()},
      {write_stream.get(), ocfs_write_stream_get_type_id()},
      {ocfs_allocator_malloc, ocfs_allocator_get_type_id()},
  };
  for (const auto &[object, type_id] : cases) {
    ASSERT_NE(object, nullptr);
    EXPECT_EQ(ocfs_get_type_id(object), type_id);
  }
}

TEST(Object, TypeIdsAreDistinctAndNonZero) {
  const ocfs_type_id ids[] = {ocfs_allocator_get_type_id(),   ocfs_string_get_type_id(),
                              ocfs_number_get_type_id(),      ocfs_boolean_get_type_id(),
                              ocfs_null_get_type_id(),        ocfs_data_get_type_id(),
                              ocfs_array_get_type_id(),       ocfs_dictionary_get_type_id(),
                              ocfs_error_get_type_id(),       ocfs_url_get_type_id(),
                              ocfs_read_stream_get_type_id(), ocfs_write_stream_get_type_id()};
  for (size_t i = 0; i < std::size(ids); ++i) {
    EXPECT_NE(ids[i], 0u);
    for (size_t j = i + 1; j < std::size(ids); ++j)
      EXPECT_NE(ids[i], ids[j]) << i << " " << j;
  }
}

TEST(Object, TypeIdDescriptionsAreClassNames) {
  const std::pair<ocfs_type_id, const char *> names[] = {
      {ocfs_string_get_type_id(), "CFString"},
      {ocfs_number_get_type_id(), "CFNumber"},
      {ocfs_boolean_get_type_id(), "CFBoolean"},
      {ocfs_null_get_type_id(), "CFNull"},
      {ocfs_data_get_type_id(), "CFData"},
      {ocfs_array_get_type_id(), "CFArray"},
      {ocfs_dictionary_get_type_id(), "CFDictionary"},
      {ocfs_error_get_type_id(), "CFError"},
      {ocfs_url_get_type_id(), "CFURL"},
      {ocfs_allocator_get_type_id(), "CFAllocator"},
      {ocfs_read_stream_get_type_id(), "CFReadStream"},
      {ocfs_write_stream_get_type_id(), "CFWriteStream"},
  };
  for (const auto &[type_id, name] : names) {
    EXPECT_EQ(take_text(ocfs_copy_type_id_description(type_id)), name);
  }
}

TEST(Object, TypeIdDescriptionOfUnknownIdIsNull) {
  EXPECT_EQ(ocfs_copy_type_id_description(0), nullptr);
  EXPECT_EQ(ocfs_copy_type_id_description(100000), nullptr);
  EXPECT_EQ(ocfs_copy_type_id_description(static_cast<ocfs_type_id>(-1)), nullptr);
}

// ---- Equality and hashing -------------------------------------------------------------------

TEST(Object, EqualityWithNull) {
  auto s = str("x");
  EXPECT_TRUE(ocfs_equal(nullptr, nullptr));
  EXPECT_FALSE(ocfs_equal(s, nullptr));
  EXPECT_FALSE(ocfs_equal(nullptr, s));
}

TEST(Object, ObjectsOfDifferentTypesAreNotEqual) {
  EXPECT_FALSE(ocfs_equal(OCFS_STR("1"), number(1)));
  EXPECT_FALSE(ocfs_equal(number(1), OCFS_STR("1")));
  EXPECT_FALSE(ocfs_equal(ocfs_boolean_true, number(1)));
  EXPECT_FALSE(ocfs_equal(ocfs_null_value, ocfs_boolean_false));
}

TEST(Object, EqualObjectsHashAlike) {
  EXPECT_TRUE(ocfs_equal(str("hello"), OCFS_STR("hello")));
  EXPECT_EQ(ocfs_hash(str("hello")), ocfs_hash(OCFS_STR("hello")));
  EXPECT_TRUE(ocfs_equal(ocfs_boolean_true, ocfs_boolean_true));
  EXPECT_FALSE(ocfs_equal(ocfs_boolean_true, ocfs_boolean_false));
}

TEST(Object, HashOfNullIsZero) {
  EXPECT_EQ(ocfs_hash(nullptr), 0u);
}

// ---- Descriptions and CFShow ----------------------------------------------------------------

TEST(Object, DescriptionOfNullIsNull) {
  EXPECT_EQ(ocfs_copy_description(nullptr), nullptr);
}

TEST(Object, DescriptionsNameTheClass) {
  EXPECT_NE(take_text(ocfs_copy_description(OCFS_STR("abc"))).find("{contents = \"abc\"}"),
            std::string::npos);
  const std::pair<ocfs_type_ref, const char *> prefixes[] = {
      {OCFS_STR("abc"), "<CFString 0x"},
      {ocfs_boolean_true, "<CFBoolean 0x"},
      {ocfs_allocator_malloc, "<CFAllocator 0x"},
  };
  for (const auto &[object, prefix] : prefixes) {
    std::string description = take_text(ocfs_copy_description(object));
    EXPECT_EQ(description.rfind(prefix, 0), 0u) << description;
  }
  auto num = number(5);
  std::string description = take_text(ocfs_copy_description(num));
  EXPECT_EQ(description.rfind("<CFNumber 0x", 0), 0u) << description;
  EXPECT_NE(description.find("{value = +5, type = kCFNumberSInt32Type}"), std::string::npos)
      << description;
}

TEST(Object, ShowPrintsAStringsCharacters) {
  EXPECT_EQ(shown(OCFS_STR("hello, world")), "hello, world\n");
  EXPECT_EQ(shown(str("h\u00e9llo")), "h\u00e9llo\n");
}

TEST(Object, ShowPrintsOtherObjectsDescription) {
  auto num = number(5);
  EXPECT_EQ(shown(num), take_text(ocfs_copy_description(num)) + "\n");
  EXPECT_EQ(shown(ocfs_boolean_false), take_text(ocfs_copy_description(ocfs_boolean_false)) + "\n");
}

TEST(Object, ShowOfNullPrintsNull) {
  EXPECT_EQ(shown(nullptr), "(null)\n");
}

// ---- Version --------------------------------------------------------------------------------

TEST(Object, LinkedVersionMatchesTheHeaders) {
  EXPECT_EQ(ocfs_version(), static_cast<unsigned>(OCFS_VERSION_HEX));
  ASSERT_NE(ocfs_version_string(), nullptr);
  EXPECT_STREQ(ocfs_version_string(), OCFS_VERSION_STRING);
}

}  // namespace
