// CFBoolean and CFNull: immortal singletons, values, type ids, equality and descriptions.
#include <string>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::str;
using ocfs_test::take_text;

std::string description_of(ocfs_type_ref object) {
  return take_text(ocfs_copy_description(object));
}

bool starts_with(const std::string &text, const std::string &prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void expect_immortal(ocfs_type_ref singleton) {
  EXPECT_EQ(OCFS_IMMORTAL_RETAIN_COUNT, ocfs_get_retain_count(singleton));
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(singleton, ocfs_retain(singleton));
  for (int i = 0; i < 10; ++i)
    ocfs_release(singleton);
  EXPECT_EQ(OCFS_IMMORTAL_RETAIN_COUNT, ocfs_get_retain_count(singleton));
}

TEST(Boolean, SingletonsAreImmortal) {
  expect_immortal(ocfs_boolean_true);
  expect_immortal(ocfs_boolean_false);
  EXPECT_TRUE(ocfs_boolean_get_value(ocfs_boolean_true));  // still usable after the releases
}

TEST(Boolean, GetValue) {
  EXPECT_EQ(OCFS_TRUE, ocfs_boolean_get_value(ocfs_boolean_true));
  EXPECT_EQ(OCFS_FALSE, ocfs_boolean_get_value(ocfs_boolean_false));
}

TEST(Boolean, GetValueOfNullOrNonBooleanIsFalse) {
  int32_t one = 1;
  auto number = own(ocfs_number_create(nullptr, OCFS_NUMBER_SINT32, &one));
  EXPECT_FALSE(ocfs_boolean_get_value(nullptr));
  EXPECT_FALSE(ocfs_boolean_get_value(reinterpret_cast<ocfs_boolean_ref>(number.get())));
  EXPECT_FALSE(ocfs_boolean_get_value(reinterpret_cast<ocfs_boolean_ref>(OCFS_STR("true"))));
  EXPECT_FALSE(ocfs_boolean_get_value(reinterpret_cast<ocfs_boolean_ref>(ocfs_null_value)));
}

TEST(Boolean, TypeIdIsSharedByBothValuesAndDistinct) {
  ocfs_type_id type = ocfs_boolean_get_type_id();
  EXPECT_NE(0u, type);
  EXPECT_EQ(type, ocfs_get_type_id(ocfs_boolean_true));
  EXPECT_EQ(type, ocfs_get_type_id(ocfs_boolean_false));
  EXPECT_NE(ocfs_null_get_type_id(), type);
  EXPECT_NE(ocfs_string_get_type_id(), type);
  EXPECT_NE(ocfs_number_get_type_id(), type);
  EXPECT_EQ("CFBoolean", take_text(ocfs_copy_type_id_description(type)));
}

TEST(Boolean, EqualOnlyToTheSameValue) {
  EXPECT_TRUE(ocfs_equal(ocfs_boolean_true, ocfs_boolean_true));
  EXPECT_TRUE(ocfs_equal(ocfs_boolean_false, ocfs_boolean_false));
  EXPECT_FALSE(ocfs_equal(ocfs_boolean_true, ocfs_boolean_false));
  EXPECT_FALSE(ocfs_equal(ocfs_boolean_false, ocfs_boolean_true));
  EXPECT_FALSE(ocfs_equal(ocfs_boolean_false, ocfs_null_value));
  EXPECT_FALSE(ocfs_equal(ocfs_boolean_true, nullptr));
}

TEST(Boolean, DescriptionShowsValue) {
  std::string yes = description_of(ocfs_boolean_true);
  std::string no = description_of(ocfs_boolean_false);
  EXPECT_TRUE(starts_with(yes, "<CFBoolean 0x")) << yes;
  EXPECT_TRUE(ends_with(yes, ">{value = true}")) << yes;
  EXPECT_TRUE(starts_with(no, "<CFBoolean 0x")) << no;
  EXPECT_TRUE(ends_with(no, ">{value = false}")) << no;
}

TEST(Null, SingletonIsImmortal) {
  ASSERT_NE(nullptr, ocfs_null_value);
  expect_immortal(ocfs_null_value);
}

TEST(Null, TypeIdIsDistinct) {
  ocfs_type_id type = ocfs_null_get_type_id();
  EXPECT_NE(0u, type);
  EXPECT_EQ(type, ocfs_get_type_id(ocfs_null_value));
  EXPECT_NE(ocfs_string_get_type_id(), type);
  EXPECT_EQ("CFNull", take_text(ocfs_copy_type_id_description(type)));
}

TEST(Null, EqualOnlyToItself) {
  EXPECT_TRUE(ocfs_equal(ocfs_null_value, ocfs_null_value));
  EXPECT_FALSE(ocfs_equal(ocfs_null_value, nullptr));
  EXPECT_FALSE(ocfs_equal(ocfs_null_value, ocfs_boolean_false));
  EXPECT_FALSE(ocfs_equal(ocfs_null_value, str("")));
}

TEST(Null, DescriptionNamesTheClass) {
  std::string description = description_of(ocfs_null_value);
  EXPECT_TRUE(starts_with(description, "<CFNull 0x")) << description;
  EXPECT_TRUE(ends_with(description, ">")) << description;
  EXPECT_EQ(std::string::npos, description.find('{')) << description;  // no body
}

}  // namespace
