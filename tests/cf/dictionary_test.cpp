// CFDictionary / CFMutableDictionary: keys by content, the add/replace/set rules, insertion
// order, key and value callbacks, copies, equality and reference counting.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::str;
using ocfs_test::text;

using Pairs = std::vector<std::pair<const void *, const void *>>;

Owned<ocfs_dictionary_ref> dictionary(const Pairs &pairs) {
  std::vector<const void *> keys, values;
  for (const auto &[key, value] : pairs) {
    keys.push_back(key);
    values.push_back(value);
  }
  return own(ocfs_dictionary_create(
      nullptr, keys.data(), values.data(), static_cast<ocfs_index>(pairs.size()),
      &ocfs_type_dictionary_key_callbacks, &ocfs_type_dictionary_value_callbacks));
}

Owned<ocfs_mutable_dictionary_ref> mutable_dictionary(ocfs_index capacity = 0) {
  return own(ocfs_dictionary_create_mutable(nullptr, capacity, &ocfs_type_dictionary_key_callbacks,
                                            &ocfs_type_dictionary_value_callbacks));
}

Owned<ocfs_number_ref> number(int value) {
  return own(ocfs_number_create(nullptr, OCFS_NUMBER_INT, &value));
}

Owned<ocfs_number_ref> real(double value) {
  return own(ocfs_number_create(nullptr, OCFS_NUMBER_DOUBLE, &value));
}

int int_of(const void *number_value) {
  int value = -1;
  ocfs_number_get_value(static_cast<ocfs_number_ref>(number_value), OCFS_NUMBER_INT, &value);
  return value;
}

// The value for `key` as text ("<null>" when absent).
std::string value_text(ocfs_dictionary_ref d, const void *key) {
  return text(static_cast<ocfs_string_ref>(ocfs_dictionary_get_value(d, key)));
}

// Keys of a dictionary of string keys, in iteration order.
std::vector<std::string> key_texts(ocfs_dictionary_ref d) {
  std::vector<const void *> keys(static_cast<size_t>(ocfs_dictionary_get_count(d)));
  ocfs_dictionary_get_keys_and_values(d, keys.data(), nullptr);
  std::vector<std::string> texts;
  for (const void *key : keys)
    texts.push_back(text(static_cast<ocfs_string_ref>(key)));
  return texts;
}

// Keys of a dictionary of number keys, in iteration order.
std::vector<int> key_ints(ocfs_dictionary_ref d) {
  std::vector<const void *> keys(static_cast<size_t>(ocfs_dictionary_get_count(d)));
  ocfs_dictionary_get_keys_and_values(d, keys.data(), nullptr);
  std::vector<int> ints;
  for (const void *key : keys)
    ints.push_back(int_of(key));
  return ints;
}

// ---- Keys by content ------------------------------------------------------------------------

TEST(Dictionary, HeapStringKeyIsFoundWithLiteralKey) {
  auto d = mutable_dictionary();
  auto key = str("Content-Type");
  ocfs_dictionary_set_value(d, key, OCFS_STR("text/plain"));
  EXPECT_EQ(value_text(d, OCFS_STR("Content-Type")), "text/plain");
  EXPECT_TRUE(ocfs_dictionary_contains_key(d, OCFS_STR("Content-Type")));
  EXPECT_EQ(ocfs_dictionary_get_count_of_key(d, OCFS_STR("Content-Type")), 1);
  EXPECT_FALSE(ocfs_dictionary_contains_key(d, OCFS_STR("content-type")));
}

TEST(Dictionary, LiteralStringKeyIsFoundWithHeapKey) {
  auto d = mutable_dictionary();
  ocfs_dictionary_set_value(d, OCFS_STR("kCFStreamPropertySocketSecurityLevel"), OCFS_STR("level"));
  auto lookup = str("kCFStreamPropertySocketSecurityLevel");
  EXPECT_EQ(value_text(d, lookup), "level");
  const void *value = nullptr;
  EXPECT_TRUE(ocfs_dictionary_get_value_if_present(d, lookup, &value));
  EXPECT_EQ(text(static_cast<ocfs_string_ref>(value)), "level");
}

TEST(Dictionary, SettingAnEqualKeyReplacesInsteadOfAdding) {
  auto d = mutable_dictionary();
  auto heap_key = str("key");
  ocfs_dictionary_set_value(d, heap_key, OCFS_STR("first"));
  ocfs_dictionary_set_value(d, OCFS_STR("key"), OCFS_STR("second"));
  EXPECT_EQ(ocfs_dictionary_get_count(d), 1);
  EXPECT_EQ(value_text(d, heap_key), "second");
}

TEST(Dictionary, NumberKeysMatchByValueAcrossTypes) {
  auto d = mutable_dictionary();
  ocfs_dictionary_set_value(d, number(3), OCFS_STR("three"));
  EXPECT_EQ(value_text(d, real(3.0)), "three");
  EXPECT_EQ(value_text(d, real(3.5)), "<null>");
  ocfs_dictionary_set_value(d, real(3.0), OCFS_STR("drei"));
  EXPECT_EQ(ocfs_dictionary_get_count(d), 1);
  EXPECT_EQ(value_text(d, number(3)), "drei");
}

TEST(Dictionary, StringAndNumberKeysAreDistinct) {
  auto d = mutable_dictionary();
  ocfs_dictionary_set_value(d, OCFS_STR("1"), OCFS_STR("string"));
  ocfs_dictionary_set_value(d, number(1), OCFS_STR("number"));
  EXPECT_EQ(ocfs_dictionary_get_count(d), 2);
  EXPECT_EQ(value_text(d, OCFS_STR("1")), "string");
  EXPECT_EQ(value_text(d, number(1)), "number");
}

// ---- Mutation rules -------------------------------------------------------------------------

TEST(Dictionary, AddOnlyAddsAMissingKey) {
  auto d = mutable_dictionary();
  ocfs_dictionary_add_value(d, OCFS_STR("k"), OCFS_STR("first"));
  ocfs_dictionary_add_value(d, str("k"), OCFS_STR("second"));
  EXPECT_EQ(ocfs_dictionary_get_count(d), 1);
  EXPECT_EQ(value_text(d, OCFS_STR("k")), "first");
}

TEST(Dictionary, ReplaceOnlyChangesAPresentKey) {
  auto d = mutable_dictionary();
  ocfs_dictionary_replace_value(d, OCFS_STR("k"), OCFS_STR("ignored"));
  EXPECT_EQ(ocfs_dictionary_get_count(d), 0);
  EXPECT_FALSE(ocfs_dictionary_contains_key(d, OCFS_STR("k")));
  ocfs_dictionary_add_value(d, OCFS_STR("k"), OCFS_STR("first"));
  ocfs_dictionary_replace_value(d, str("k"), OCFS_STR("second"));
  EXPECT_EQ(ocfs_dictionary_get_count(d), 1);
  EXPECT_EQ(value_text(d, OCFS_STR("k")), "second");
}

TEST(Dictionary, SetAddsOrReplaces) {
  auto d = mutable_dictionary();
  ocfs_dictionary_set_value(d, OCFS_STR("a"), OCFS_STR("1"));
  ocfs_dictionary_set_value(d, OCFS_STR("b"), OCFS_STR("2"));
  ocfs_dictionary_set_value(d, OCFS_STR("a"), OCFS_STR("3"));
  EXPECT_EQ(ocfs_dictionary_get_count(d), 2);
  EXPECT_EQ(value_text(d, OCFS_STR("a")), "3");
  EXPECT_EQ(value_text(d, OCFS_STR("b")), "2");
}

TEST(Dictionary, RemoveValueRemovesOnlyThatKey) {
  auto d = mutable_dictionary();
  ocfs_dictionary_set_value(d, OCFS_STR("a"), OCFS_STR("1"));
  ocfs_dictionary_set_value(d, OCFS_STR("b"), OCFS_STR("2"));
  ocfs_dictionary_remove_value(d, str("a"));
  ocfs_dictionary_remove_value(d, OCFS_STR("missing"));
  EXPECT_EQ(ocfs_dictionary_get_count(d), 1);
  EXPECT_FALSE(ocfs_dictionary_contains_key(d, OCFS_STR("a")));
  EXPECT_EQ(value_text(d, OCFS_STR("b")), "2");
}

TEST(Dictionary, RemoveAllEmptiesAndStaysUsable) {
  auto d = mutable_dictionary();
  ocfs_dictionary_set_value(d, OCFS_STR("a"), OCFS_STR("1"));
  ocfs_dictionary_set_value(d, OCFS_STR("b"), OCFS_STR("2"));
  ocfs_dictionary_remove_all_values(d);
  EXPECT_EQ(ocfs_dictionary_get_count(d), 0);
  EXPECT_FALSE(ocfs_dictionary_contains_key(d, OCFS_STR("a")));
  ocfs_dictionary_set_value(d, OCFS_STR("c"), OCFS_STR("3"));
  EXPECT_EQ(key_texts(d), (std::vector<std::string>{"c"}));
}

// ---- Queries --------------------------------------------------------------------------------

TEST(Dictionary, CountsAndContainsForKeysAndValues) {
  auto d = mutable_dictionary();
  ocfs_dictionary_set_value(d, OCFS_STR("a"), str("same"));
  ocfs_dictionary_set_value(d, OCFS_STR("b"), str("same"));
  ocfs_dictionary_set_value(d, OCFS_STR("c"), OCFS_STR("other"));
  EXPECT_EQ(ocfs_dictionary_get_count(d), 3);
  EXPECT_EQ(ocfs_dictionary_get_count_of_key(d, OCFS_STR("a")), 1);
  EXPECT_EQ(ocfs_dictionary_get_count_of_key(d, OCFS_STR("z")), 0);
  EXPECT_EQ(ocfs_dictionary_get_count_of_value(d, OCFS_STR("same")), 2);
  EXPECT_EQ(ocfs_dictionary_get_count_of_value(d, OCFS_STR("other")), 1);
  EXPECT_EQ(ocfs_dictionary_get_count_of_value(d, OCFS_STR("none")), 0);
  EXPECT_TRUE(ocfs_dictionary_contains_value(d, str("other")));
  EXPECT_FALSE(ocfs_dictionary_contains_value(d, OCFS_STR("a")));  // keys are not values
}

TEST(Dictionary, GetValueIfPresentAcceptsNullOutPointer) {
  auto d = dictionary({{OCFS_STR("k"), OCFS_STR("v")}});
  EXPECT_TRUE(ocfs_dictionary_get_value_if_present(d, OCFS_STR("k"), nullptr));
  EXPECT_FALSE(ocfs_dictionary_get_value_if_present(d, OCFS_STR("x"), nullptr));
}

TEST(Dictionary, MissingKeyLeavesOutPointerUntouched) {
  auto d = dictionary({{OCFS_STR("k"), OCFS_STR("v")}});
  int marker = 0;
  const void *value = &marker;
  EXPECT_FALSE(ocfs_dictionary_get_value_if_present(d, OCFS_STR("x"), &value));
  EXPECT_EQ(value, &marker);
  EXPECT_EQ(ocfs_dictionary_get_value(d, OCFS_STR("x")), nullptr);
}

TEST(Dictionary, KeysAndValuesComeInInsertionOrder) {
  auto d = mutable_dictionary();
  const char *names[] = {"zeta", "alpha", "mu", "beta", "omega"};
  for (int i = 0; i < 5; ++i)
    ocfs_dictionary_set_value(d, str(names[i]), number(i));
  ocfs_dictionary_set_value(d, OCFS_STR("alpha"), number(10));  // replacing keeps the position

  std::vector<const void *> keys(5), values(5);
  ocfs_dictionary_get_keys_and_values(d, keys.data(), values.data());
  std::vector<std::string> key_order;
  std::vector<int> value_order;
  for (int i = 0; i < 5; ++i) {
    key_order.push_back(text(static_cast<ocfs_string_ref>(keys[i])));
    value_order.push_back(int_of(values[i]));
  }
  EXPECT_EQ(key_order, (std::vector<std::string>{"zeta", "alpha", "mu", "beta", "omega"}));
  EXPECT_EQ(value_order, (std::vector<int>{0, 10, 2, 3, 4}));

  // Either array may be NULL.
  std::vector<const void *> only_values(5);
  ocfs_dictionary_get_keys_and_values(d, nullptr, only_values.data());
  EXPECT_EQ(only_values, values);
}

TEST(Dictionary, ReaddedKeyMovesToTheEnd) {
  auto d = mutable_dictionary();
  for (const char *name : {"a", "b", "c"})
    ocfs_dictionary_set_value(d, str(name), OCFS_STR("v"));
  ocfs_dictionary_remove_value(d, OCFS_STR("a"));
  ocfs_dictionary_set_value(d, OCFS_STR("a"), OCFS_STR("v"));
  EXPECT_EQ(key_texts(d), (std::vector<std::string>{"b", "c", "a"}));
}

void collect_entry(const void *key, const void *value, void *context) {
  auto *seen = static_cast<std::vector<std::string> *>(context);
  seen->push_back(text(static_cast<ocfs_string_ref>(key)) + "=" +
                  text(static_cast<ocfs_string_ref>(value)));
}

TEST(Dictionary, ApplyFunctionVisitsEntriesInInsertionOrder) {
  auto d = dictionary({{OCFS_STR("c"), OCFS_STR("3")},
                       {OCFS_STR("a"), OCFS_STR("1")},
                       {OCFS_STR("b"), OCFS_STR("2")}});
  std::vector<std::string> seen;
  ocfs_dictionary_apply_function(d, collect_entry, &seen);
  EXPECT_EQ(seen, (std::vector<std::string>{"c=3", "a=1", "b=2"}));
}

TEST(Dictionary, RemovingMostEntriesKeepsTheRestFindableAndOrdered) {
  auto d = mutable_dictionary();
  for (int i = 0; i < 100; ++i)
    ocfs_dictionary_set_value(d, number(i), number(i * 2));
  for (int i = 0; i < 100; ++i) {
    if (i % 10 != 0) ocfs_dictionary_remove_value(d, number(i));
  }
  ASSERT_EQ(ocfs_dictionary_get_count(d), 10);
  std::vector<int> expected;
  for (int i = 0; i < 100; ++i) {
    SCOPED_TRACE(i);
    if (i % 10 == 0) {
      expected.push_back(i);
      EXPECT_EQ(int_of(ocfs_dictionary_get_value(d, number(i))), i * 2);
    } else {
      EXPECT_FALSE(ocfs_dictionary_contains_key(d, number(i)));
    }
  }
  EXPECT_EQ(key_ints(d), expected);

  // Adding after the removals appends in order and everything stays findable.
  for (int i = 100; i < 120; ++i) {
    ocfs_dictionary_set_value(d, number(i), number(i * 2));
    expected.push_back(i);
  }
  ocfs_dictionary_set_value(d, number(5), number(10));  // a removed key comes back at the end
  expected.push_back(5);
  EXPECT_EQ(key_ints(d), expected);
  for (int key : expected) {
    EXPECT_EQ(int_of(ocfs_dictionary_get_value(d, number(key))), key * 2) << key;
  }
}

TEST(Dictionary, DuplicateKeysInCreateKeepTheFirstPair) {
  // CFDictionaryCreate adds pair by pair and an add never replaces: the first pair wins.
  auto first = str("first");
  auto second = str("second");
  auto d = dictionary({{OCFS_STR("k"), first.get()}, {str("k").get(), second.get()}});
  ASSERT_NE(d.get(), nullptr);
  EXPECT_EQ(ocfs_dictionary_get_count(d), 1);
  EXPECT_EQ(ocfs_dictionary_get_value(d, OCFS_STR("k")), first.get());
  EXPECT_EQ(ocfs_get_retain_count(first), 2);
  EXPECT_EQ(ocfs_get_retain_count(second), 1);  // the duplicate is not kept
}

// ---- Callbacks ------------------------------------------------------------------------------

TEST(Dictionary, CopyStringKeyCallbacksStoreAnImmutableCopyOfAMutableKey) {
  auto d =
      own(ocfs_dictionary_create_mutable(nullptr, 0, &ocfs_copy_string_dictionary_key_callbacks,
                                         &ocfs_type_dictionary_value_callbacks));
  auto key = own(ocfs_string_create_mutable(nullptr, 0));
  ocfs_string_append_cstring(key, "host", OCFS_STRING_ENCODING_UTF8);
  ocfs_dictionary_set_value(d, key, OCFS_STR("value"));
  EXPECT_EQ(ocfs_get_retain_count(key), 1);  // copied, not retained

  ocfs_string_append_cstring(key, "name", OCFS_STRING_ENCODING_UTF8);
  EXPECT_EQ(value_text(d, OCFS_STR("host")), "value");
  EXPECT_FALSE(ocfs_dictionary_contains_key(d, OCFS_STR("hostname")));
  EXPECT_EQ(key_texts(d), (std::vector<std::string>{"host"}));
}

TEST(Dictionary, CopyStringKeyCallbacksRetainOtherKeys) {
  auto d =
      own(ocfs_dictionary_create_mutable(nullptr, 0, &ocfs_copy_string_dictionary_key_callbacks,
                                         &ocfs_type_dictionary_value_callbacks));
  auto key = number(7);
  ocfs_dictionary_set_value(d, key, OCFS_STR("seven"));
  EXPECT_EQ(ocfs_get_retain_count(key), 2);
  EXPECT_EQ(value_text(d, number(7)), "seven");
}

TEST(Dictionary, NullKeyCallbacksUsePointerIdentity) {
  auto d = own(ocfs_dictionary_create_mutable(nullptr, 0, nullptr, nullptr));
  int first = 1, second = 1;
  auto heap_key = str("same");
  auto lookalike = str("same");
  ocfs_dictionary_set_value(d, &first, &second);
  ocfs_dictionary_set_value(d, heap_key, &first);
  EXPECT_EQ(ocfs_dictionary_get_count(d), 2);
  EXPECT_EQ(ocfs_dictionary_get_value(d, &first), &second);
  EXPECT_FALSE(ocfs_dictionary_contains_key(d, &second));
  EXPECT_EQ(ocfs_dictionary_get_value(d, heap_key), &first);
  EXPECT_FALSE(ocfs_dictionary_contains_key(d, lookalike));
  EXPECT_EQ(ocfs_get_retain_count(heap_key), 1);  // raw pointers are not retained
  // Values compare by identity too.
  EXPECT_EQ(ocfs_dictionary_get_count_of_value(d, &second), 1);
  int third = 1;
  EXPECT_FALSE(ocfs_dictionary_contains_value(d, &third));
}

// Keys are `const int *`, equal by the int, with a hash that always collides.
ocfs_bool int_key_equal(const void *a, const void *b) {
  return *static_cast<const int *>(a) == *static_cast<const int *>(b);
}
ocfs_hash_code colliding_hash(const void *) {
  return 42;
}

TEST(Dictionary, CustomKeyCallbacksHandleHashCollisions) {
  const ocfs_dictionary_key_callbacks keys = {0,       nullptr,       nullptr,
                                              nullptr, int_key_equal, colliding_hash};
  auto d = own(ocfs_dictionary_create_mutable(nullptr, 0, &keys, nullptr));
  int stored[20], lookup[20];
  for (int i = 0; i < 20; ++i) {
    stored[i] = lookup[i] = i;
    ocfs_dictionary_set_value(d, &stored[i], &stored[i]);
  }
  for (int i = 0; i < 20; i += 2)
    ocfs_dictionary_remove_value(d, &lookup[i]);
  EXPECT_EQ(ocfs_dictionary_get_count(d), 10);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(ocfs_dictionary_get_value(d, &lookup[i]), i % 2 ? &stored[i] : nullptr) << i;
  }
}

TEST(Dictionary, NonZeroCallbacksVersionIsRejected) {
  ocfs_dictionary_key_callbacks keys = ocfs_type_dictionary_key_callbacks;
  keys.version = 1;
  ocfs_dictionary_value_callbacks values = ocfs_type_dictionary_value_callbacks;
  values.version = 2;
  EXPECT_EQ(ocfs_dictionary_create_mutable(nullptr, 0, &keys, nullptr), nullptr);
  EXPECT_EQ(ocfs_dictionary_create_mutable(nullptr, 0, nullptr, &values), nullptr);
  const void *k = OCFS_STR("k");
  EXPECT_EQ(
      ocfs_dictionary_create(nullptr, &k, &k, 1, &keys, &ocfs_type_dictionary_value_callbacks),
      nullptr);
}

// ---- Capacity and immutability --------------------------------------------------------------

TEST(Dictionary, FixedCapacityIsAHardLimit) {
  auto d = mutable_dictionary(2);
  ASSERT_NE(d.get(), nullptr);
  auto extra = str("extra");
  ocfs_dictionary_set_value(d, OCFS_STR("a"), OCFS_STR("1"));
  ocfs_dictionary_add_value(d, OCFS_STR("b"), OCFS_STR("2"));
  ocfs_dictionary_set_value(d, extra, extra);
  ocfs_dictionary_add_value(d, OCFS_STR("d"), OCFS_STR("4"));
  EXPECT_EQ(ocfs_dictionary_get_count(d), 2);
  EXPECT_FALSE(ocfs_dictionary_contains_key(d, extra));
  EXPECT_EQ(ocfs_get_retain_count(extra), 1);
  // Replacing at full capacity is fine, and removing makes room.
  ocfs_dictionary_set_value(d, OCFS_STR("a"), OCFS_STR("one"));
  EXPECT_EQ(value_text(d, OCFS_STR("a")), "one");
  ocfs_dictionary_remove_value(d, OCFS_STR("b"));
  ocfs_dictionary_set_value(d, extra, extra);
  EXPECT_EQ(key_texts(d), (std::vector<std::string>{"a", "extra"}));
}

TEST(Dictionary, NegativeCapacityIsRejected) {
  EXPECT_EQ(ocfs_dictionary_create_mutable(nullptr, -1, &ocfs_type_dictionary_key_callbacks,
                                           &ocfs_type_dictionary_value_callbacks),
            nullptr);
}

TEST(Dictionary, ImmutableDictionaryRejectsMutation) {
  auto value = str("v");
  auto d = dictionary({{OCFS_STR("k"), value.get()}});
  auto as_mutable = const_cast<ocfs_mutable_dictionary_ref>(d.get());
  ocfs_dictionary_add_value(as_mutable, OCFS_STR("new"), value);
  ocfs_dictionary_set_value(as_mutable, OCFS_STR("new"), value);
  ocfs_dictionary_set_value(as_mutable, OCFS_STR("k"), OCFS_STR("changed"));
  ocfs_dictionary_replace_value(as_mutable, OCFS_STR("k"), OCFS_STR("changed"));
  ocfs_dictionary_remove_value(as_mutable, OCFS_STR("k"));
  ocfs_dictionary_remove_all_values(as_mutable);
  EXPECT_EQ(key_texts(d), (std::vector<std::string>{"k"}));
  EXPECT_EQ(ocfs_dictionary_get_value(d, OCFS_STR("k")), value.get());
  EXPECT_EQ(ocfs_get_retain_count(value), 2);
}

// ---- Copies ---------------------------------------------------------------------------------

TEST(Dictionary, CopyOfImmutableDictionaryIsTheSameObject) {
  auto d = dictionary({{OCFS_STR("k"), OCFS_STR("v")}});
  auto copy = own(ocfs_dictionary_create_copy(nullptr, d));
  EXPECT_EQ(copy.get(), d.get());
  EXPECT_EQ(ocfs_get_retain_count(d), 2);
}

TEST(Dictionary, CopyOfMutableDictionaryIsAnImmutableSnapshot) {
  auto d = mutable_dictionary();
  ocfs_dictionary_set_value(d, OCFS_STR("a"), OCFS_STR("1"));
  ocfs_dictionary_set_value(d, OCFS_STR("b"), OCFS_STR("2"));
  auto copy = own(ocfs_dictionary_create_copy(nullptr, d));
  ASSERT_NE(copy.get(), nullptr);
  EXPECT_NE(copy.get(), static_cast<ocfs_dictionary_ref>(d.get()));
  ocfs_dictionary_set_value(d, OCFS_STR("a"), OCFS_STR("changed"));
  ocfs_dictionary_set_value(d, OCFS_STR("c"), OCFS_STR("3"));
  ocfs_dictionary_remove_value(d, OCFS_STR("b"));
  EXPECT_EQ(key_texts(copy), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(value_text(copy, OCFS_STR("a")), "1");
  // The snapshot is immutable, so copying it again gives the same object.
  ocfs_dictionary_set_value(const_cast<ocfs_mutable_dictionary_ref>(copy.get()), OCFS_STR("x"),
                            OCFS_STR("y"));
  EXPECT_EQ(ocfs_dictionary_get_count(copy), 2);
  auto again = own(ocfs_dictionary_create_copy(nullptr, copy));
  EXPECT_EQ(again.get(), copy.get());
}

TEST(Dictionary, MutableCopyIsIndependentAndKeepsCallbacks) {
  auto value = str("v");
  auto d = dictionary({{OCFS_STR("a"), value.get()}});
  auto copy = own(ocfs_dictionary_create_mutable_copy(nullptr, 0, d));
  ASSERT_NE(copy.get(), nullptr);
  EXPECT_EQ(ocfs_get_retain_count(value), 3);
  ocfs_dictionary_set_value(copy, OCFS_STR("b"), value);
  ocfs_dictionary_remove_value(copy, str("a"));  // content lookup: same key callbacks
  EXPECT_EQ(key_texts(copy), (std::vector<std::string>{"b"}));
  EXPECT_EQ(key_texts(d), (std::vector<std::string>{"a"}));
}

// ---- Equality, hash and reference counts ----------------------------------------------------

TEST(Dictionary, EqualityIgnoresInsertionOrder) {
  auto forward = dictionary({{OCFS_STR("a"), number(1).get()}, {OCFS_STR("b"), number(2).get()}});
  auto backward = mutable_dictionary();
  ocfs_dictionary_set_value(backward, str("b"), real(2.0));
  ocfs_dictionary_set_value(backward, str("a"), number(1));
  EXPECT_TRUE(ocfs_equal(forward, backward));
  EXPECT_TRUE(ocfs_equal(backward, forward));
  EXPECT_EQ(ocfs_hash(forward), ocfs_hash(backward));

  ocfs_dictionary_set_value(backward, OCFS_STR("a"), number(5));
  EXPECT_FALSE(ocfs_equal(forward, backward));
  ocfs_dictionary_remove_value(backward, OCFS_STR("a"));
  EXPECT_FALSE(ocfs_equal(forward, backward));
  ocfs_dictionary_set_value(backward, OCFS_STR("c"), number(1));
  EXPECT_FALSE(ocfs_equal(forward, backward));  // same count, different key
  EXPECT_TRUE(ocfs_equal(dictionary({}), mutable_dictionary()));
}

TEST(Dictionary, KeysAndValuesAreReleasedWithTheDictionary) {
  auto key = str("key");
  auto value = number(1234);
  {
    auto d = mutable_dictionary();
    ocfs_dictionary_set_value(d, key, value);
    EXPECT_EQ(ocfs_get_retain_count(key), 2);
    EXPECT_EQ(ocfs_get_retain_count(value), 2);
  }
  EXPECT_EQ(ocfs_get_retain_count(key), 1);
  EXPECT_EQ(ocfs_get_retain_count(value), 1);
  {
    auto d = dictionary({{key.get(), value.get()}});
    EXPECT_EQ(ocfs_get_retain_count(key), 2);
    EXPECT_EQ(ocfs_get_retain_count(value), 2);
  }
  EXPECT_EQ(ocfs_get_retain_count(key), 1);
  EXPECT_EQ(ocfs_get_retain_count(value), 1);
}

TEST(Dictionary, MutationReleasesWhatItDrops) {
  auto key = str("key");
  auto old_value = str("old");
  auto new_value = str("new");
  auto d = mutable_dictionary();
  ocfs_dictionary_set_value(d, key, old_value);
  ocfs_dictionary_replace_value(d, OCFS_STR("key"), new_value);
  EXPECT_EQ(ocfs_get_retain_count(old_value), 1);
  EXPECT_EQ(ocfs_get_retain_count(new_value), 2);
  EXPECT_EQ(ocfs_get_retain_count(key), 2);  // the stored key stays
  ocfs_dictionary_remove_value(d, OCFS_STR("key"));
  EXPECT_EQ(ocfs_get_retain_count(key), 1);
  EXPECT_EQ(ocfs_get_retain_count(new_value), 1);
  ocfs_dictionary_set_value(d, key, new_value);
  ocfs_dictionary_remove_all_values(d);
  EXPECT_EQ(ocfs_get_retain_count(key), 1);
  EXPECT_EQ(ocfs_get_retain_count(new_value), 1);
}

TEST(Dictionary, TypeIdIsTheDictionaryTypeId) {
  EXPECT_EQ(ocfs_get_type_id(mutable_dictionary()), ocfs_dictionary_get_type_id());
  EXPECT_EQ(ocfs_get_type_id(dictionary({})), ocfs_dictionary_get_type_id());
}

}  // namespace
