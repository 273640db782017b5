// CFArray / CFMutableArray: element callbacks, queries over ranges, mutation, copies, equality
// and descriptions.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::str;
using ocfs_test::take_text;

// All values of an array, in order.
std::vector<const void *> values_of(ocfs_array_ref array) {
  std::vector<const void *> values(static_cast<size_t>(ocfs_array_get_count(array)));
  ocfs_array_get_values(array, ocfs_range{0, static_cast<ocfs_index>(values.size())},
                        values.data());
  return values;
}

// The ints an array of `const int *` (stored with NULL or int callbacks) points at.
std::vector<int> ints_of(ocfs_array_ref array) {
  std::vector<int> ints;
  for (const void *value : values_of(array))
    ints.push_back(*static_cast<const int *>(value));
  return ints;
}

Owned<ocfs_number_ref> number(int value) {
  return own(ocfs_number_create(nullptr, OCFS_NUMBER_INT, &value));
}

int int_of(const void *number_value) {
  int value = 0;
  ocfs_number_get_value(static_cast<ocfs_number_ref>(number_value), OCFS_NUMBER_INT, &value);
  return value;
}

// Ints of an array of CFNumbers.
std::vector<int> number_ints_of(ocfs_array_ref array) {
  std::vector<int> ints;
  for (const void *value : values_of(array))
    ints.push_back(int_of(value));
  return ints;
}

Owned<ocfs_array_ref> type_array(std::vector<const void *> values) {
  return own(ocfs_array_create(nullptr, values.data(), static_cast<ocfs_index>(values.size()),
                               &ocfs_type_array_callbacks));
}

Owned<ocfs_array_ref> raw_array(std::vector<const void *> values) {
  return own(
      ocfs_array_create(nullptr, values.data(), static_cast<ocfs_index>(values.size()), nullptr));
}

Owned<ocfs_mutable_array_ref> mutable_type_array(ocfs_index capacity = 0) {
  return own(ocfs_array_create_mutable(nullptr, capacity, &ocfs_type_array_callbacks));
}

// Callbacks over `const int *` values that count how often they are called.
struct CallbackCounts {
  int retains = 0;
  int releases = 0;
  int equals = 0;
  int descriptions = 0;
};
CallbackCounts g_counts;

const void *counting_retain(ocfs_allocator_ref, const void *value) {
  ++g_counts.retains;
  return value;
}
void counting_release(ocfs_allocator_ref, const void *) {
  ++g_counts.releases;
}
ocfs_bool counting_equal(const void *a, const void *b) {
  ++g_counts.equals;
  return *static_cast<const int *>(a) == *static_cast<const int *>(b);
}
ocfs_string_ref counting_description(const void *value) {
  ++g_counts.descriptions;
  std::string text = "int:" + std::to_string(*static_cast<const int *>(value));
  return ocfs_string_create_with_cstring(nullptr, text.c_str(), OCFS_STRING_ENCODING_UTF8);
}

const ocfs_array_callbacks kCountingCallbacks = {0, counting_retain, counting_release,
                                                 counting_description, counting_equal};

class ArrayCustomCallbacks : public testing::Test {
 protected:
  void SetUp() override { g_counts = {}; }
};

ocfs_comparison_result compare_numbers(const void *a, const void *b, void *) {
  return ocfs_number_compare(static_cast<ocfs_number_ref>(a), static_cast<ocfs_number_ref>(b),
                             nullptr);
}

// ---- Creation and element callbacks --------------------------------------------------------

TEST(Array, CreateWithTypeCallbacksRetainsElementsAndReleasesThemWithTheArray) {
  auto a = str("alpha");
  auto b = str("beta");
  ASSERT_EQ(ocfs_get_retain_count(a), 1);
  {
    auto array = type_array({a.get(), b.get(), a.get()});
    ASSERT_NE(array.get(), nullptr);
    EXPECT_EQ(ocfs_array_get_count(array), 3);
    EXPECT_EQ(ocfs_get_retain_count(a), 3);
    EXPECT_EQ(ocfs_get_retain_count(b), 2);
    EXPECT_EQ(ocfs_array_get_value_at_index(array, 0), a.get());
    EXPECT_EQ(ocfs_array_get_value_at_index(array, 1), b.get());
  }
  EXPECT_EQ(ocfs_get_retain_count(a), 1);
  EXPECT_EQ(ocfs_get_retain_count(b), 1);
}

TEST(Array, TypeIdIsTheArrayTypeId) {
  auto array = type_array({});
  ASSERT_NE(array.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(array), ocfs_array_get_type_id());
  EXPECT_EQ(ocfs_array_get_count(array), 0);
}

TEST(Array, NullCallbacksStoreRawPointersWithoutRetaining) {
  int first = 7;
  int second = 7;
  auto text = str("raw");
  auto array = raw_array({&first, text.get()});
  ASSERT_NE(array.get(), nullptr);
  EXPECT_EQ(ocfs_array_get_value_at_index(array, 0), &first);
  EXPECT_EQ(ocfs_array_get_value_at_index(array, 1), text.get());
  EXPECT_EQ(ocfs_get_retain_count(text), 1);
  // Identity comparison: an equal int at another address is not found.
  ocfs_range all{0, 2};
  EXPECT_TRUE(ocfs_array_contains_value(array, all, &first));
  EXPECT_FALSE(ocfs_array_contains_value(array, all, &second));
}

TEST(Array, NullCallbacksCompareCFObjectsByIdentity) {
  auto stored = str("same");
  auto lookalike = str("same");
  auto array = raw_array({stored.get()});
  EXPECT_EQ(ocfs_array_get_first_index_of_value(array, {0, 1}, lookalike.get()), OCFS_NOT_FOUND);
  EXPECT_EQ(ocfs_array_get_first_index_of_value(array, {0, 1}, stored.get()), 0);
}

TEST(Array, TypeCallbacksCompareByContent) {
  auto stored = str("same");
  auto lookalike = str("same");
  auto array = type_array({stored.get()});
  EXPECT_EQ(ocfs_array_get_first_index_of_value(array, {0, 1}, lookalike.get()), 0);
  EXPECT_EQ(ocfs_array_get_first_index_of_value(array, {0, 1}, OCFS_STR("same")), 0);
  EXPECT_TRUE(ocfs_array_contains_value(array, {0, 1}, OCFS_STR("same")));
  EXPECT_FALSE(ocfs_array_contains_value(array, {0, 1}, OCFS_STR("other")));
}

TEST_F(ArrayCustomCallbacks, RetainAndReleaseAreCalledOncePerStoredElement) {
  int one = 1, two = 2, three = 3;
  const void *values[] = {&one, &two, &three};
  ocfs_array_ref array = ocfs_array_create(nullptr, values, 3, &kCountingCallbacks);
  ASSERT_NE(array, nullptr);
  EXPECT_EQ(g_counts.retains, 3);
  EXPECT_EQ(g_counts.releases, 0);
  ocfs_release(array);
  EXPECT_EQ(g_counts.retains, 3);
  EXPECT_EQ(g_counts.releases, 3);
}

TEST_F(ArrayCustomCallbacks, EqualCallbackDecidesLookups) {
  int one = 1, two = 2, three = 3;
  int other_one = 1, other_three = 3, four = 4;
  const void *values[] = {&one, &two, &three};
  auto array = own(ocfs_array_create(nullptr, values, 3, &kCountingCallbacks));
  ocfs_range all{0, 3};

  EXPECT_EQ(ocfs_array_get_first_index_of_value(array, all, &other_one), 0);
  EXPECT_EQ(g_counts.equals, 1);  // the first element matches at once

  g_counts.equals = 0;
  EXPECT_EQ(ocfs_array_get_count_of_value(array, all, &other_three), 1);
  EXPECT_EQ(g_counts.equals, 3);  // every element is compared

  g_counts.equals = 0;
  EXPECT_EQ(ocfs_array_get_first_index_of_value(array, all, &three), 2);
  EXPECT_EQ(g_counts.equals, 2);  // identical pointers match without the callback

  EXPECT_FALSE(ocfs_array_contains_value(array, all, &four));
}

TEST_F(ArrayCustomCallbacks, MutationRetainsNewAndReleasesOldValues) {
  int one = 1, two = 2, three = 3;
  auto array = own(ocfs_array_create_mutable(nullptr, 0, &kCountingCallbacks));
  ocfs_array_append_value(array, &one);
  ocfs_array_append_value(array, &two);
  EXPECT_EQ(g_counts.retains, 2);
  ocfs_array_set_value_at_index(array, 0, &three);
  EXPECT_EQ(g_counts.retains, 3);
  EXPECT_EQ(g_counts.releases, 1);
  ocfs_array_remove_value_at_index(array, 1);
  EXPECT_EQ(g_counts.releases, 2);
  ocfs_array_remove_all_values(array);
  EXPECT_EQ(g_counts.releases, 3);
  EXPECT_EQ(ocfs_array_get_count(array), 0);
}

TEST_F(ArrayCustomCallbacks, CopiesUseTheSourceCallbacks) {
  int one = 1, two = 2;
  auto source = own(ocfs_array_create_mutable(nullptr, 0, &kCountingCallbacks));
  ocfs_array_append_value(source, &one);
  ocfs_array_append_value(source, &two);
  ASSERT_EQ(g_counts.retains, 2);
  {
    auto copy = own(ocfs_array_create_copy(nullptr, source));
    ASSERT_NE(copy.get(), nullptr);
    EXPECT_EQ(g_counts.retains, 4);
    auto mutable_copy = own(ocfs_array_create_mutable_copy(nullptr, 0, source));
    ASSERT_NE(mutable_copy.get(), nullptr);
    EXPECT_EQ(g_counts.retains, 6);
    int other_two = 2;
    EXPECT_EQ(ocfs_array_get_first_index_of_value(copy, {0, 2}, &other_two), 1);
  }
  EXPECT_EQ(g_counts.releases, 4);
}

TEST_F(ArrayCustomCallbacks, DescriptionUsesCopyDescriptionCallback) {
  int seven = 7, eight = 8;
  const void *values[] = {&seven, &eight};
  auto array = own(ocfs_array_create(nullptr, values, 2, &kCountingCallbacks));
  std::string description = take_text(ocfs_copy_description(array));
  EXPECT_NE(description.find("\n\t0 : int:7"), std::string::npos) << description;
  EXPECT_NE(description.find("\n\t1 : int:8"), std::string::npos) << description;
  EXPECT_EQ(g_counts.descriptions, 2);
}

TEST(Array, NonZeroCallbacksVersionIsRejected) {
  ocfs_array_callbacks callbacks = ocfs_type_array_callbacks;
  callbacks.version = 1;
  auto text = str("x");
  const void *values[] = {text.get()};
  EXPECT_EQ(ocfs_array_create(nullptr, values, 1, &callbacks), nullptr);
  EXPECT_EQ(ocfs_array_create_mutable(nullptr, 0, &callbacks), nullptr);
  EXPECT_EQ(ocfs_get_retain_count(text), 1);
}

// ---- Queries --------------------------------------------------------------------------------

TEST(Array, GetValueAtIndexOutsideTheArrayIsNull) {
  auto a = str("a");
  auto array = type_array({a.get()});
  EXPECT_EQ(ocfs_array_get_value_at_index(array, 0), a.get());
  EXPECT_EQ(ocfs_array_get_value_at_index(array, 1), nullptr);
  EXPECT_EQ(ocfs_array_get_value_at_index(array, -1), nullptr);
}

TEST(Array, GetValuesCopiesTheRequestedRange) {
  int v[5] = {10, 11, 12, 13, 14};
  auto array = raw_array({&v[0], &v[1], &v[2], &v[3], &v[4]});
  const void *out[3] = {nullptr, nullptr, nullptr};
  ocfs_array_get_values(array, {1, 3}, out);
  EXPECT_EQ(out[0], &v[1]);
  EXPECT_EQ(out[1], &v[2]);
  EXPECT_EQ(out[2], &v[3]);
}

TEST(Array, GetValuesWithInvalidRangeWritesNothing) {
  int v[2] = {1, 2};
  auto array = raw_array({&v[0], &v[1]});
  const ocfs_range invalid[] = {{-1, 1}, {1, 2}, {3, 0}, {0, -1}};
  for (ocfs_range range : invalid) {
    const void *out[2] = {&range, &range};
    ocfs_array_get_values(array, range, out);
    EXPECT_EQ(out[0], &range) << range.location << "," << range.length;
    EXPECT_EQ(out[1], &range) << range.location << "," << range.length;
  }
}

TEST(Array, RangeQueriesCountAndFindWithinTheRange) {
  // Values: x y x z x
  auto x = str("x");
  auto y = str("y");
  auto z = str("z");
  auto array = type_array({x.get(), y.get(), x.get(), z.get(), x.get()});
  const void *key = OCFS_STR("x");

  EXPECT_EQ(ocfs_array_get_count_of_value(array, {0, 5}, key), 3);
  EXPECT_EQ(ocfs_array_get_count_of_value(array, {1, 3}, key), 1);
  EXPECT_EQ(ocfs_array_get_count_of_value(array, {1, 1}, key), 0);
  EXPECT_EQ(ocfs_array_get_first_index_of_value(array, {0, 5}, key), 0);
  EXPECT_EQ(ocfs_array_get_first_index_of_value(array, {1, 4}, key), 2);
  EXPECT_EQ(ocfs_array_get_last_index_of_value(array, {0, 5}, key), 4);
  EXPECT_EQ(ocfs_array_get_last_index_of_value(array, {0, 4}, key), 2);
  EXPECT_EQ(ocfs_array_get_first_index_of_value(array, {3, 1}, key), OCFS_NOT_FOUND);
  EXPECT_EQ(ocfs_array_get_last_index_of_value(array, {1, 1}, key), OCFS_NOT_FOUND);
  EXPECT_TRUE(ocfs_array_contains_value(array, {3, 2}, key));
  EXPECT_FALSE(ocfs_array_contains_value(array, {3, 1}, key));
  EXPECT_TRUE(ocfs_array_contains_value(array, {3, 1}, OCFS_STR("z")));
  // An empty range at the end is valid and finds nothing.
  EXPECT_EQ(ocfs_array_get_count_of_value(array, {5, 0}, key), 0);
  EXPECT_EQ(ocfs_array_get_first_index_of_value(array, {5, 0}, key), OCFS_NOT_FOUND);
}

TEST(Array, RangeQueriesWithInvalidRangeFindNothing) {
  auto x = str("x");
  auto array = type_array({x.get(), x.get()});
  const ocfs_range invalid[] = {{-1, 1}, {0, 3}, {1, 2}, {3, 0}, {0, -1}};
  for (ocfs_range range : invalid) {
    SCOPED_TRACE(testing::Message() << "range " << range.location << "," << range.length);
    EXPECT_EQ(ocfs_array_get_count_of_value(array, range, x.get()), 0);
    EXPECT_FALSE(ocfs_array_contains_value(array, range, x.get()));
    EXPECT_EQ(ocfs_array_get_first_index_of_value(array, range, x.get()), OCFS_NOT_FOUND);
    EXPECT_EQ(ocfs_array_get_last_index_of_value(array, range, x.get()), OCFS_NOT_FOUND);
  }
}

void collect_int(const void *value, void *context) {
  static_cast<std::vector<int> *>(context)->push_back(*static_cast<const int *>(value));
}

TEST(Array, ApplyFunctionVisitsTheRangeInOrder) {
  int v[4] = {1, 2, 3, 4};
  auto array = raw_array({&v[0], &v[1], &v[2], &v[3]});
  std::vector<int> seen;
  ocfs_array_apply_function(array, {0, 4}, collect_int, &seen);
  EXPECT_EQ(seen, (std::vector<int>{1, 2, 3, 4}));
  seen.clear();
  ocfs_array_apply_function(array, {1, 2}, collect_int, &seen);
  EXPECT_EQ(seen, (std::vector<int>{2, 3}));
  seen.clear();
  ocfs_array_apply_function(array, {2, 3}, collect_int, &seen);  // past the end
  EXPECT_TRUE(seen.empty());
  ocfs_array_apply_function(array, {-1, 1}, collect_int, &seen);
  EXPECT_TRUE(seen.empty());
}

// ---- Mutation -------------------------------------------------------------------------------

TEST(Array, AppendInsertAndSetPlaceValues) {
  int v[5] = {0, 1, 2, 3, 4};
  auto array = own(ocfs_array_create_mutable(nullptr, 0, nullptr));
  ocfs_array_append_value(array, &v[1]);
  ocfs_array_append_value(array, &v[3]);
  ocfs_array_insert_value_at_index(array, 0, &v[0]);
  ocfs_array_insert_value_at_index(array, 2, &v[2]);
  ocfs_array_insert_value_at_index(array, 4, &v[4]);  // at count: appends
  EXPECT_EQ(ints_of(array), (std::vector<int>{0, 1, 2, 3, 4}));
  ocfs_array_set_value_at_index(array, 1, &v[4]);
  EXPECT_EQ(ints_of(array), (std::vector<int>{0, 4, 2, 3, 4}));
}

TEST(Array, SetValueAtCountAppends) {
  int v[2] = {5, 6};
  auto array = own(ocfs_array_create_mutable(nullptr, 0, nullptr));
  ocfs_array_set_value_at_index(array, 0, &v[0]);
  ocfs_array_set_value_at_index(array, 1, &v[1]);
  EXPECT_EQ(ints_of(array), (std::vector<int>{5, 6}));
}

TEST(Array, MutationOutsideTheArrayChangesNothing) {
  int v[3] = {1, 2, 3};
  auto array = own(ocfs_array_create_mutable(nullptr, 0, nullptr));
  ocfs_array_append_value(array, &v[0]);
  ocfs_array_append_value(array, &v[1]);
  ocfs_array_insert_value_at_index(array, 3, &v[2]);
  ocfs_array_insert_value_at_index(array, -1, &v[2]);
  ocfs_array_set_value_at_index(array, 3, &v[2]);
  ocfs_array_set_value_at_index(array, -1, &v[2]);
  ocfs_array_remove_value_at_index(array, 2);
  ocfs_array_remove_value_at_index(array, -1);
  ocfs_array_exchange_values_at_indices(array, 0, 2);
  ocfs_array_exchange_values_at_indices(array, -1, 1);
  EXPECT_EQ(ints_of(array), (std::vector<int>{1, 2}));
}

TEST(Array, SetReleasesTheReplacedValue) {
  auto old_value = str("old");
  auto new_value = str("new");
  auto array = mutable_type_array();
  ocfs_array_append_value(array, old_value);
  EXPECT_EQ(ocfs_get_retain_count(old_value), 2);
  ocfs_array_set_value_at_index(array, 0, new_value);
  EXPECT_EQ(ocfs_get_retain_count(old_value), 1);
  EXPECT_EQ(ocfs_get_retain_count(new_value), 2);
  // Setting the same value again keeps it alive and balanced.
  ocfs_array_set_value_at_index(array, 0, new_value);
  EXPECT_EQ(ocfs_get_retain_count(new_value), 2);
  EXPECT_EQ(ocfs_array_get_value_at_index(array, 0), new_value.get());
}

TEST(Array, RemoveAndRemoveAllReleaseValues) {
  auto a = str("a");
  auto b = str("b");
  auto c = str("c");
  auto array = mutable_type_array();
  for (ocfs_string_ref s : {a.get(), b.get(), c.get()})
    ocfs_array_append_value(array, s);
  ocfs_array_remove_value_at_index(array, 1);
  EXPECT_EQ(values_of(array), (std::vector<const void *>{a.get(), c.get()}));
  EXPECT_EQ(ocfs_get_retain_count(b), 1);
  ocfs_array_remove_all_values(array);
  EXPECT_EQ(ocfs_array_get_count(array), 0);
  EXPECT_EQ(ocfs_get_retain_count(a), 1);
  EXPECT_EQ(ocfs_get_retain_count(c), 1);
  // Still usable after removing everything.
  ocfs_array_append_value(array, b);
  EXPECT_EQ(values_of(array), (std::vector<const void *>{b.get()}));
}

TEST(Array, ExchangeSwapsTwoValues) {
  int v[3] = {1, 2, 3};
  auto array = own(ocfs_array_create_mutable(nullptr, 0, nullptr));
  for (int &value : v)
    ocfs_array_append_value(array, &value);
  ocfs_array_exchange_values_at_indices(array, 0, 2);
  EXPECT_EQ(ints_of(array), (std::vector<int>{3, 2, 1}));
  ocfs_array_exchange_values_at_indices(array, 1, 1);
  EXPECT_EQ(ints_of(array), (std::vector<int>{3, 2, 1}));
}

struct Item {
  int key;
  char tag;
};

ocfs_comparison_result compare_item_keys(const void *a, const void *b, void *context) {
  ++*static_cast<int *>(context);
  int x = static_cast<const Item *>(a)->key, y = static_cast<const Item *>(b)->key;
  return x < y ? OCFS_COMPARE_LESS_THAN : x > y ? OCFS_COMPARE_GREATER_THAN : OCFS_COMPARE_EQUAL_TO;
}

std::string tags_of(ocfs_array_ref array) {
  std::string tags;
  for (const void *value : values_of(array))
    tags += static_cast<const Item *>(value)->tag;
  return tags;
}

TEST(Array, SortIsStableAndPassesTheContext) {
  Item items[] = {{2, 'a'}, {1, 'b'}, {2, 'c'}, {1, 'd'}, {0, 'e'}, {2, 'f'}};
  auto array = own(ocfs_array_create_mutable(nullptr, 0, nullptr));
  for (Item &item : items)
    ocfs_array_append_value(array, &item);
  int calls = 0;
  ocfs_array_sort_values(array, {0, 6}, compare_item_keys, &calls);
  EXPECT_EQ(tags_of(array), "ebdacf");
  EXPECT_GT(calls, 0);
}

TEST(Array, SortOnlyReordersTheRange) {
  auto array = mutable_type_array();
  for (int value : {5, 4, 3, 2, 1})
    ocfs_array_append_value(array, number(value));
  ocfs_array_sort_values(array, {1, 3}, compare_numbers, nullptr);
  EXPECT_EQ(number_ints_of(array), (std::vector<int>{5, 2, 3, 4, 1}));
  ocfs_array_sort_values(array, {0, 5}, compare_numbers, nullptr);
  EXPECT_EQ(number_ints_of(array), (std::vector<int>{1, 2, 3, 4, 5}));
  ocfs_array_sort_values(array, {3, 5}, compare_numbers, nullptr);  // invalid: no change
  EXPECT_EQ(number_ints_of(array), (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(Array, AppendArrayAppendsTheRangeAndRetains) {
  auto a = str("a");
  auto b = str("b");
  auto c = str("c");
  auto source = type_array({a.get(), b.get(), c.get()});
  auto array = mutable_type_array();
  ocfs_array_append_value(array, c);
  ocfs_array_append_array(array, source, {0, 2});
  EXPECT_EQ(values_of(array), (std::vector<const void *>{c.get(), a.get(), b.get()}));
  EXPECT_EQ(ocfs_get_retain_count(a), 3);          // owner, source, array
  ocfs_array_append_array(array, source, {2, 2});  // invalid range: no change
  EXPECT_EQ(ocfs_array_get_count(array), 3);
}

TEST(Array, AppendArrayToItselfDoublesIt) {
  auto a = str("a");
  auto b = str("b");
  auto array = mutable_type_array();
  ocfs_array_append_value(array, a);
  ocfs_array_append_value(array, b);
  ocfs_array_append_array(array, array, {0, 2});
  EXPECT_EQ(values_of(array), (std::vector<const void *>{a.get(), b.get(), a.get(), b.get()}));
  EXPECT_EQ(ocfs_get_retain_count(a), 3);
  ocfs_array_append_array(array, array, {1, 3});
  EXPECT_EQ(values_of(array), (std::vector<const void *>{a.get(), b.get(), a.get(), b.get(),
                                                         b.get(), a.get(), b.get()}));
}

TEST(Array, FixedCapacityIsAHardLimit) {
  auto a = str("a");
  auto b = str("b");
  auto c = str("c");
  auto array = mutable_type_array(2);
  ASSERT_NE(array.get(), nullptr);
  ocfs_array_append_value(array, a);
  ocfs_array_append_value(array, b);
  ocfs_array_append_value(array, c);
  ocfs_array_insert_value_at_index(array, 0, c);
  ocfs_array_set_value_at_index(array, 2, c);  // at count would append
  EXPECT_EQ(values_of(array), (std::vector<const void *>{a.get(), b.get()}));
  EXPECT_EQ(ocfs_get_retain_count(c), 1);
  // Replacing in place is not growth.
  ocfs_array_set_value_at_index(array, 1, c);
  EXPECT_EQ(values_of(array), (std::vector<const void *>{a.get(), c.get()}));
  // Appending an array that does not fit appends none of it.
  ocfs_array_remove_value_at_index(array, 1);
  auto two = type_array({b.get(), c.get()});
  ocfs_array_append_array(array, two, {0, 2});
  EXPECT_EQ(values_of(array), (std::vector<const void *>{a.get()}));
  ocfs_array_append_array(array, two, {1, 1});
  EXPECT_EQ(values_of(array), (std::vector<const void *>{a.get(), c.get()}));
}

TEST(Array, NegativeCapacityIsRejected) {
  EXPECT_EQ(ocfs_array_create_mutable(nullptr, -1, &ocfs_type_array_callbacks), nullptr);
}

TEST(Array, ImmutableArrayRejectsMutation) {
  auto a = str("a");
  auto b = str("b");
  auto array = type_array({a.get(), b.get()});
  auto as_mutable = const_cast<ocfs_mutable_array_ref>(array.get());
  ocfs_array_append_value(as_mutable, a);
  ocfs_array_insert_value_at_index(as_mutable, 0, b);
  ocfs_array_set_value_at_index(as_mutable, 0, b);
  ocfs_array_set_value_at_index(as_mutable, 2, b);
  ocfs_array_remove_value_at_index(as_mutable, 0);
  ocfs_array_exchange_values_at_indices(as_mutable, 0, 1);
  ocfs_array_append_array(as_mutable, array, {0, 2});
  ocfs_array_sort_values(
      as_mutable, {0, 2},
      [](const void *x, const void *y, void *) {
        return ocfs_string_compare(static_cast<ocfs_string_ref>(y), static_cast<ocfs_string_ref>(x),
                                   0);
      },
      nullptr);
  ocfs_array_remove_all_values(as_mutable);
  EXPECT_EQ(values_of(array), (std::vector<const void *>{a.get(), b.get()}));
  EXPECT_EQ(ocfs_get_retain_count(a), 2);
  EXPECT_EQ(ocfs_get_retain_count(b), 2);
}

// ---- Copies ---------------------------------------------------------------------------------

TEST(Array, CopyOfImmutableArrayIsTheSameObject) {
  auto a = str("a");
  auto array = type_array({a.get()});
  auto copy = own(ocfs_array_create_copy(nullptr, array));
  EXPECT_EQ(copy.get(), array.get());
  EXPECT_EQ(ocfs_get_retain_count(array), 2);
}

TEST(Array, CopyOfMutableArrayIsAnImmutableSnapshot) {
  auto a = str("a");
  auto b = str("b");
  auto array = mutable_type_array();
  ocfs_array_append_value(array, a);
  auto copy = own(ocfs_array_create_copy(nullptr, array));
  ASSERT_NE(copy.get(), nullptr);
  EXPECT_NE(copy.get(), static_cast<ocfs_array_ref>(array.get()));
  ocfs_array_append_value(array, b);
  ocfs_array_set_value_at_index(array, 0, b);
  EXPECT_EQ(values_of(copy), (std::vector<const void *>{a.get()}));
  // The snapshot itself is immutable.
  ocfs_array_append_value(const_cast<ocfs_mutable_array_ref>(copy.get()), b);
  EXPECT_EQ(ocfs_array_get_count(copy), 1);
  // And a copy of the snapshot is the snapshot.
  auto again = own(ocfs_array_create_copy(nullptr, copy));
  EXPECT_EQ(again.get(), copy.get());
}

TEST(Array, MutableCopyIsIndependent) {
  auto a = str("a");
  auto b = str("b");
  auto array = type_array({a.get()});
  auto copy = own(ocfs_array_create_mutable_copy(nullptr, 0, array));
  ASSERT_NE(copy.get(), nullptr);
  EXPECT_NE(static_cast<ocfs_array_ref>(copy.get()), array.get());
  EXPECT_EQ(ocfs_get_retain_count(a), 3);
  ocfs_array_append_value(copy, b);
  EXPECT_EQ(values_of(copy), (std::vector<const void *>{a.get(), b.get()}));
  EXPECT_EQ(values_of(array), (std::vector<const void *>{a.get()}));
}

TEST(Array, MutableCopyHonoursItsCapacity) {
  auto a = str("a");
  auto b = str("b");
  auto array = type_array({a.get()});
  auto copy = own(ocfs_array_create_mutable_copy(nullptr, 2, array));
  ASSERT_NE(copy.get(), nullptr);
  ocfs_array_append_value(copy, b);
  ocfs_array_append_value(copy, b);
  EXPECT_EQ(values_of(copy), (std::vector<const void *>{a.get(), b.get()}));
}

// ---- Equality, hash and description --------------------------------------------------------

TEST(Array, EqualityIsElementWise) {
  auto first = type_array({str("a").get(), OCFS_STR("b")});
  auto second_a = str("a");
  auto second_b = str("b");
  auto second = type_array({second_a.get(), second_b.get()});
  auto reversed = type_array({second_b.get(), second_a.get()});
  auto shorter = type_array({second_a.get()});
  auto mutable_equal = own(ocfs_array_create_mutable_copy(nullptr, 0, second));

  EXPECT_TRUE(ocfs_equal(first, second));
  EXPECT_EQ(ocfs_hash(first), ocfs_hash(second));
  EXPECT_TRUE(ocfs_equal(first, mutable_equal));
  EXPECT_EQ(ocfs_hash(first), ocfs_hash(mutable_equal));
  EXPECT_FALSE(ocfs_equal(first, reversed));
  EXPECT_FALSE(ocfs_equal(first, shorter));
  EXPECT_FALSE(ocfs_equal(shorter, first));
  EXPECT_TRUE(ocfs_equal(type_array({}), type_array({})));
}

TEST(Array, DescriptionListsEachElement) {
  auto array = type_array({OCFS_STR("first"), number(42).get()});
  std::string description = take_text(ocfs_copy_description(array));
  EXPECT_EQ(description.rfind("<CFArray 0x", 0), 0u) << description;
  EXPECT_NE(description.find("count = 2"), std::string::npos) << description;
  EXPECT_NE(description.find("type = immutable"), std::string::npos) << description;
  EXPECT_NE(description.find("\n\t0 : <CFString 0x"), std::string::npos) << description;
  EXPECT_NE(description.find("{contents = \"first\"}"), std::string::npos) << description;
  EXPECT_NE(description.find("\n\t1 : <CFNumber 0x"), std::string::npos) << description;
  EXPECT_NE(description.find("value = +42"), std::string::npos) << description;
}

TEST(Array, DescriptionOfRawPointersShowsAddresses) {
  int value = 1;
  auto array = raw_array({&value});
  std::string description = take_text(ocfs_copy_description(array));
  // The library prints addresses as "0x" and lower-case hex on every platform, unlike msvcrt's %p.
  char expected[64];
  std::snprintf(expected, sizeof expected, "\n\t0 : <0x%" PRIxPTR ">",
                reinterpret_cast<uintptr_t>(&value));
  EXPECT_NE(description.find(expected), std::string::npos) << description;
}

TEST(Array, DescriptionOfMutableEmptyArray) {
  auto array = mutable_type_array();
  std::string description = take_text(ocfs_copy_description(array));
  EXPECT_EQ(description.rfind("<CFArray 0x", 0), 0u) << description;
  EXPECT_NE(description.find("type = mutable-small, count = 0, values = ()"), std::string::npos)
      << description;
}

}  // namespace
