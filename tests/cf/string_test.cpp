// CFString through the native API: constant OCFS_STR strings, creation in UTF-8, ASCII and
// ISO Latin-1, UTF-16 lengths and indexes, conversion back to C strings, comparison, searching and
// mutable strings.
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::str;
using ocfs_test::take_text;
using ocfs_test::text;

// OCFS_STR must work in a namespace-scope initialiser, which runs before any test.
static const ocfs_string_ref kNamespaceScopeKey = OCFS_STR("namespace-key");

using Range = std::pair<ocfs_index, ocfs_index>;
const Range kNotFound = {OCFS_NOT_FOUND, 0};

Owned<ocfs_string_ref> from_bytes(std::string_view bytes, ocfs_string_encoding encoding,
                                  ocfs_bool external = OCFS_FALSE) {
  return own(ocfs_string_create_with_bytes(nullptr, reinterpret_cast<const uint8_t *>(bytes.data()),
                                           static_cast<ocfs_index>(bytes.size()), encoding,
                                           external));
}

Owned<ocfs_string_ref> from_units(const std::vector<ocfs_unichar> &units) {
  return own(ocfs_string_create_with_characters(nullptr, units.data(),
                                                static_cast<ocfs_index>(units.size())));
}

std::vector<ocfs_unichar> units_of(ocfs_string_ref string) {
  std::vector<ocfs_unichar> units(static_cast<size_t>(ocfs_string_get_length(string)));
  ocfs_string_get_characters(string, {0, static_cast<ocfs_index>(units.size())}, units.data());
  return units;
}

std::string substring(ocfs_string_ref string, ocfs_index location, ocfs_index length) {
  return take_text(ocfs_string_create_with_substring(nullptr, string, {location, length}));
}

Range find(const char *haystack, const char *needle, ocfs_string_compare_flags flags = 0) {
  ocfs_range range = ocfs_string_find(str(haystack), str(needle), flags);
  return {range.location, range.length};
}

ocfs_comparison_result compare(const char *a, const char *b, ocfs_string_compare_flags flags = 0) {
  return ocfs_string_compare(str(a), str(b), flags);
}

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

// ---- Constant strings -------------------------------------------------------------------------

TEST(String, ConstantStringIsImmortal) {
  ocfs_string_ref constant = OCFS_STR("immortal");
  EXPECT_EQ(OCFS_IMMORTAL_RETAIN_COUNT, ocfs_get_retain_count(constant));
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(constant, ocfs_retain(constant));
  for (int i = 0; i < 10; ++i)
    ocfs_release(constant);
  EXPECT_EQ(OCFS_IMMORTAL_RETAIN_COUNT, ocfs_get_retain_count(constant));
  EXPECT_EQ("immortal", text(constant));
}

TEST(String, ConstantStringWorksInNamespaceScopeInitialiser) {
  EXPECT_EQ(ocfs_string_get_type_id(), ocfs_get_type_id(kNamespaceScopeKey));
  EXPECT_EQ("namespace-key", text(kNamespaceScopeKey));
  EXPECT_EQ(13, ocfs_string_get_length(kNamespaceScopeKey));
  EXPECT_EQ(OCFS_IMMORTAL_RETAIN_COUNT, ocfs_get_retain_count(kNamespaceScopeKey));
  EXPECT_TRUE(ocfs_equal(kNamespaceScopeKey, str("namespace-key")));
}

TEST(String, ConstantStringEqualsHeapStringWithSameContent) {
  ocfs_string_ref constant = OCFS_STR("key");
  auto heap = str("key");
  ASSERT_NE(nullptr, heap.get());
  EXPECT_NE(static_cast<const void *>(constant), static_cast<const void *>(heap.get()));
  EXPECT_TRUE(ocfs_equal(constant, heap));
  EXPECT_TRUE(ocfs_equal(heap, constant));
  EXPECT_EQ(ocfs_hash(heap), ocfs_hash(constant));
  EXPECT_FALSE(ocfs_equal(constant, str("Key")));
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, ocfs_string_compare(constant, heap, 0));
}

TEST(String, ConstantStringHoldsNonAsciiText) {
  ocfs_string_ref constant = OCFS_STR("é😀");
  EXPECT_EQ(3, ocfs_string_get_length(constant));
  EXPECT_EQ((std::vector<ocfs_unichar>{0x00E9, 0xD83D, 0xDE00}), units_of(constant));
  EXPECT_TRUE(ocfs_equal(constant, str("é😀")));
}

TEST(String, CopyOfConstantStringIsTheSameObject) {
  ocfs_string_ref constant = OCFS_STR("same");
  auto copy = own(ocfs_string_create_copy(nullptr, constant));
  EXPECT_EQ(constant, copy.get());
}

// ---- Creation ---------------------------------------------------------------------------------

TEST(String, CreateWithCStringUtf8) {
  auto string = str("héllo 😀");
  ASSERT_NE(nullptr, string.get());
  EXPECT_EQ("héllo 😀", text(string));
  EXPECT_EQ(8, ocfs_string_get_length(string));
}

TEST(String, CreateWithCStringAsciiAcceptsOnlySevenBitBytes) {
  auto ascii = own(ocfs_string_create_with_cstring(nullptr, "plain", OCFS_STRING_ENCODING_ASCII));
  EXPECT_EQ("plain", text(ascii));
  EXPECT_EQ(nullptr,
            own(ocfs_string_create_with_cstring(nullptr, "caf\xC3\xA9", OCFS_STRING_ENCODING_ASCII))
                .get());
  EXPECT_EQ(nullptr, from_bytes("\x80", OCFS_STRING_ENCODING_ASCII).get());
  EXPECT_EQ(nullptr, from_bytes("ok\xFF", OCFS_STRING_ENCODING_ASCII).get());
}

TEST(String, CreateWithLatin1StoresUtf8) {
  auto string =
      own(ocfs_string_create_with_cstring(nullptr, "\xE9t\xE9", OCFS_STRING_ENCODING_ISO_LATIN1));
  EXPECT_EQ("\xC3\xA9t\xC3\xA9", text(string));  // "été"
  EXPECT_EQ(3, ocfs_string_get_length(string));
  EXPECT_EQ(0x00E9, ocfs_string_get_character_at_index(string, 0));
  EXPECT_EQ("\xC2\x80", text(from_bytes("\x80", OCFS_STRING_ENCODING_ISO_LATIN1)));
  EXPECT_EQ("\xC3\xBF", text(from_bytes("\xFF", OCFS_STRING_ENCODING_ISO_LATIN1)));
}

TEST(String, CreateRejectsInvalidUtf8) {
  const char *const invalid[] = {
      "\xC0\xAF",          // overlong '/'
      "\xE0\x80\xAF",      // overlong, three bytes
      "\xF0\x82\x82\xAC",  // overlong euro sign, four bytes
      "\xED\xA0\x80",      // U+D800, an encoded surrogate
      "\xED\xBF\xBF",      // U+DFFF
      "\xE2\x82",          // truncated euro sign
      "abc\xF0\x9F\x98",   // truncated emoji at the end
      "\x80",              // lone continuation byte
      "\xF4\x90\x80\x80",  // U+110000, past Unicode
      ("a\xFF"
       "b"),  // 0xFF is never valid in UTF-8 (split so that 'b' is not part of the escape)
  };
  for (const char *bytes : invalid) {
    SCOPED_TRACE(testing::PrintToString(std::string(bytes)));
    EXPECT_EQ(
        nullptr,
        own(ocfs_string_create_with_cstring(nullptr, bytes, OCFS_STRING_ENCODING_UTF8)).get());
    EXPECT_EQ(nullptr, from_bytes(bytes, OCFS_STRING_ENCODING_UTF8).get());
  }
}

TEST(String, CreateWithUnsupportedEncodingReturnsNull) {
  const ocfs_string_encoding unsupported[] = {
      OCFS_STRING_ENCODING_UTF16, OCFS_STRING_ENCODING_UTF16BE, OCFS_STRING_ENCODING_UTF16LE,
      OCFS_STRING_ENCODING_UTF32, OCFS_STRING_ENCODING_UTF32LE, OCFS_STRING_ENCODING_INVALID_ID,
  };
  for (ocfs_string_encoding encoding : unsupported) {
    SCOPED_TRACE(encoding);
    EXPECT_EQ(nullptr, own(ocfs_string_create_with_cstring(nullptr, "ab", encoding)).get());
    EXPECT_EQ(nullptr, from_bytes(std::string_view("a\0b\0", 4), encoding, OCFS_TRUE).get());
  }
}

TEST(String, CreateWithBytesDropsLeadingUtf8ByteOrderMark) {
  for (ocfs_bool external : {OCFS_FALSE, OCFS_TRUE}) {
    auto string = from_bytes(
        "\xEF\xBB\xBF"
        "abc",
        OCFS_STRING_ENCODING_UTF8, external);
    EXPECT_EQ("abc", text(string));
    EXPECT_EQ(3, ocfs_string_get_length(string));
  }
  auto only_bom = from_bytes("\xEF\xBB\xBF", OCFS_STRING_ENCODING_UTF8);
  ASSERT_NE(nullptr, only_bom.get());
  EXPECT_EQ(0, ocfs_string_get_length(only_bom));
  // Only a leading mark is dropped; elsewhere it is the character U+FEFF.
  auto inner = from_bytes("a\xEF\xBB\xBF", OCFS_STRING_ENCODING_UTF8);
  EXPECT_EQ(2, ocfs_string_get_length(inner));
  EXPECT_EQ(0xFEFF, ocfs_string_get_character_at_index(inner, 1));
}

TEST(String, CreateWithBytesUsesExactLengthIncludingNul) {
  EXPECT_EQ("ab", text(from_bytes(std::string_view("abcdef", 2), OCFS_STRING_ENCODING_UTF8)));
  auto with_nul = from_bytes(std::string_view("ab\0cd", 5), OCFS_STRING_ENCODING_UTF8);
  EXPECT_EQ(5, ocfs_string_get_length(with_nul));
  EXPECT_EQ(0, ocfs_string_get_character_at_index(with_nul, 2));
  EXPECT_EQ('d', ocfs_string_get_character_at_index(with_nul, 4));
}

TEST(String, CreateRejectsNullAndNegativeArguments) {
  const uint8_t bytes[] = {'a', 'b'};
  const ocfs_unichar units[] = {'a', 'b'};
  EXPECT_EQ(
      nullptr,
      own(ocfs_string_create_with_cstring(nullptr, nullptr, OCFS_STRING_ENCODING_UTF8)).get());
  EXPECT_EQ(nullptr, own(ocfs_string_create_with_bytes(nullptr, nullptr, 2,
                                                       OCFS_STRING_ENCODING_UTF8, OCFS_FALSE))
                         .get());
  EXPECT_EQ(nullptr, own(ocfs_string_create_with_bytes(nullptr, bytes, -1,
                                                       OCFS_STRING_ENCODING_UTF8, OCFS_FALSE))
                         .get());
  EXPECT_EQ(nullptr, own(ocfs_string_create_with_characters(nullptr, nullptr, 2)).get());
  EXPECT_EQ(nullptr, own(ocfs_string_create_with_characters(nullptr, units, -1)).get());
  EXPECT_EQ(nullptr, own(ocfs_string_create_with_substring(nullptr, nullptr, {0, 0})).get());
  EXPECT_EQ(nullptr, own(ocfs_string_create_copy(nullptr, nullptr)).get());
}

TEST(String, CreateFromZeroBytesIsEmptyString) {
  auto empty = own(
      ocfs_string_create_with_bytes(nullptr, nullptr, 0, OCFS_STRING_ENCODING_UTF8, OCFS_FALSE));
  ASSERT_NE(nullptr, empty.get());
  EXPECT_EQ(0, ocfs_string_get_length(empty));
  EXPECT_EQ("", text(empty));
  auto from_no_units = own(ocfs_string_create_with_characters(nullptr, nullptr, 0));
  ASSERT_NE(nullptr, from_no_units.get());
  EXPECT_TRUE(ocfs_equal(empty, from_no_units));
}

TEST(String, CreateWithCharactersAcceptsValidUtf16) {
  EXPECT_EQ("hi", text(from_units({'h', 'i'})));
  EXPECT_EQ("é", text(from_units({0x00E9})));
  EXPECT_EQ("€", text(from_units({0x20AC})));
  EXPECT_EQ("a😀", text(from_units({'a', 0xD83D, 0xDE00})));
  EXPECT_EQ("\xEF\xBF\xBF", text(from_units({0xFFFF})));
}

TEST(String, CreateWithCharactersRejectsUnpairedSurrogates) {
  const std::vector<ocfs_unichar> unpaired[] = {
      {0xD83D}, {0xDE00}, {0xD83D, 'a'}, {'a', 0xDC00}, {0xDE00, 0xD83D}, {0xD800, 0xD800},
  };
  for (const auto &units : unpaired) {
    SCOPED_TRACE(testing::PrintToString(units));
    EXPECT_EQ(nullptr, from_units(units).get());
  }
}

// ---- Length and characters --------------------------------------------------------------------

TEST(String, LengthCountsUtf16Units) {
  const std::pair<const char *, ocfs_index> cases[] = {
      {"", 0}, {"abc", 3}, {"é", 1}, {"€", 1}, {"😀", 2}, {"𝄞", 2}, {"aé😀z", 5}, {"😀😀", 4},
  };
  for (const auto &[utf8, length] : cases) {
    SCOPED_TRACE(utf8);
    EXPECT_EQ(length, ocfs_string_get_length(str(utf8)));
  }
}

TEST(String, CharacterAtIndexReturnsSurrogateHalves) {
  auto string = str("a😀b");
  EXPECT_EQ('a', ocfs_string_get_character_at_index(string, 0));
  EXPECT_EQ(0xD83D, ocfs_string_get_character_at_index(string, 1));
  EXPECT_EQ(0xDE00, ocfs_string_get_character_at_index(string, 2));
  EXPECT_EQ('b', ocfs_string_get_character_at_index(string, 3));
}

TEST(String, CharacterAtIndexOutsideStringIsZero) {
  auto string = str("ab");
  EXPECT_EQ(0, ocfs_string_get_character_at_index(string, 2));
  EXPECT_EQ(0, ocfs_string_get_character_at_index(string, -1));
}

TEST(String, GetCharactersCopiesUtf16Range) {
  auto string = str("aé😀z");
  ocfs_unichar buffer[3] = {};
  ocfs_string_get_characters(string, {1, 3}, buffer);
  EXPECT_EQ(0x00E9, buffer[0]);
  EXPECT_EQ(0xD83D, buffer[1]);
  EXPECT_EQ(0xDE00, buffer[2]);
  // A range that ends inside a surrogate pair still copies the code units it covers.
  ocfs_unichar half[2] = {};
  ocfs_string_get_characters(string, {2, 2}, half);
  EXPECT_EQ(0xD83D, half[0]);
  EXPECT_EQ(0xDE00, half[1]);
  EXPECT_EQ((std::vector<ocfs_unichar>{'a', 0xE9, 0xD83D, 0xDE00, 'z'}), units_of(string));
}

TEST(String, GetCharactersOutsideStringLeavesBufferUntouched) {
  auto string = str("abc");
  const ocfs_range invalid[] = {{2, 2}, {4, 0}, {-1, 1}, {0, -1}, {1, OCFS_INDEX_MAX}};
  for (ocfs_range range : invalid) {
    SCOPED_TRACE(testing::Message() << range.location << "," << range.length);
    ocfs_unichar buffer[4] = {0x1111, 0x1111, 0x1111, 0x1111};
    ocfs_string_get_characters(string, range, buffer);
    for (ocfs_unichar unit : buffer)
      EXPECT_EQ(0x1111, unit);
  }
}

// ---- Substrings -------------------------------------------------------------------------------

TEST(String, SubstringUsesUtf16Ranges) {
  auto string = str("a😀bé");
  EXPECT_EQ("😀", substring(string, 1, 2));
  EXPECT_EQ("bé", substring(string, 3, 2));
  EXPECT_EQ("a😀bé", substring(string, 0, 5));
  EXPECT_EQ("", substring(string, 0, 0));
  EXPECT_EQ("", substring(string, 5, 0));
  EXPECT_EQ("espa", substring(OCFS_STR("namespace"), 3, 4));
}

TEST(String, SubstringSplittingSurrogatePairIsNull) {
  auto string = str("a😀b");
  EXPECT_EQ(nullptr, own(ocfs_string_create_with_substring(nullptr, string, {1, 1})).get());
  EXPECT_EQ(nullptr, own(ocfs_string_create_with_substring(nullptr, string, {2, 1})).get());
  EXPECT_EQ(nullptr, own(ocfs_string_create_with_substring(nullptr, string, {0, 2})).get());
  EXPECT_EQ(nullptr, own(ocfs_string_create_with_substring(nullptr, string, {2, 0})).get());
}

TEST(String, SubstringOutsideStringIsNull) {
  auto string = str("abc");
  const ocfs_range invalid[] = {
      {2, 2}, {4, 0}, {-1, 1}, {0, -1}, {1, OCFS_INDEX_MAX}, {OCFS_INDEX_MAX, 1}};
  for (ocfs_range range : invalid) {
    SCOPED_TRACE(testing::Message() << range.location << "," << range.length);
    EXPECT_EQ(nullptr, own(ocfs_string_create_with_substring(nullptr, string, range)).get());
  }
}

// ---- Conversion to C strings ------------------------------------------------------------------

TEST(String, GetCStringWritesExactUtf8Bytes) {
  auto string = str("aé😀");
  char buffer[8];
  std::memset(buffer, 'X', sizeof buffer);
  ASSERT_TRUE(ocfs_string_get_cstring(string, buffer, sizeof buffer, OCFS_STRING_ENCODING_UTF8));
  EXPECT_EQ(0, std::memcmp(buffer, "a\xC3\xA9\xF0\x9F\x98\x80", 8));  // 7 bytes and the NUL
}

TEST(String, GetCStringTooSmallBufferFailsWithEmptyBuffer) {
  auto string = str("aé😀");
  char buffer[7];
  std::memset(buffer, 'X', sizeof buffer);
  EXPECT_FALSE(ocfs_string_get_cstring(string, buffer, sizeof buffer, OCFS_STRING_ENCODING_UTF8));
  EXPECT_EQ('\0', buffer[0]);

  char ascii[3] = {'X', 'X', 'X'};
  EXPECT_FALSE(ocfs_string_get_cstring(str("abc"), ascii, 3, OCFS_STRING_ENCODING_UTF8));
  EXPECT_EQ('\0', ascii[0]);
  char fits[4];
  EXPECT_TRUE(ocfs_string_get_cstring(str("abc"), fits, 4, OCFS_STRING_ENCODING_ASCII));
  EXPECT_STREQ("abc", fits);
}

TEST(String, GetCStringZeroBufferSizeFailsWithoutWriting) {
  char buffer[2] = {'X', 'X'};
  EXPECT_FALSE(ocfs_string_get_cstring(str("a"), buffer, 0, OCFS_STRING_ENCODING_UTF8));
  EXPECT_FALSE(ocfs_string_get_cstring(str("a"), buffer, -1, OCFS_STRING_ENCODING_UTF8));
  EXPECT_EQ('X', buffer[0]);
  EXPECT_FALSE(ocfs_string_get_cstring(str("a"), nullptr, 10, OCFS_STRING_ENCODING_UTF8));
}

TEST(String, GetCStringInAsciiOfNonAsciiFails) {
  char buffer[16];
  std::memset(buffer, 'X', sizeof buffer);
  EXPECT_FALSE(
      ocfs_string_get_cstring(str("café"), buffer, sizeof buffer, OCFS_STRING_ENCODING_ASCII));
  EXPECT_EQ('\0', buffer[0]);
  EXPECT_TRUE(
      ocfs_string_get_cstring(str("cafe"), buffer, sizeof buffer, OCFS_STRING_ENCODING_ASCII));
  EXPECT_STREQ("cafe", buffer);
}

TEST(String, GetCStringLatin1RoundTrips) {
  auto string = from_bytes("\xE9t\xE9 \xFF", OCFS_STRING_ENCODING_ISO_LATIN1);
  char buffer[16];
  ASSERT_TRUE(
      ocfs_string_get_cstring(string, buffer, sizeof buffer, OCFS_STRING_ENCODING_ISO_LATIN1));
  EXPECT_STREQ("\xE9t\xE9 \xFF", buffer);
  // Characters above U+00FF have no Latin-1 form.
  for (const char *utf8 : {"€", "a😀"}) {
    SCOPED_TRACE(utf8);
    std::memset(buffer, 'X', sizeof buffer);
    EXPECT_FALSE(
        ocfs_string_get_cstring(str(utf8), buffer, sizeof buffer, OCFS_STRING_ENCODING_ISO_LATIN1));
    EXPECT_EQ('\0', buffer[0]);
  }
}

TEST(String, GetCStringInUnsupportedEncodingFails) {
  char buffer[16];
  EXPECT_FALSE(
      ocfs_string_get_cstring(str("ab"), buffer, sizeof buffer, OCFS_STRING_ENCODING_UTF16));
  EXPECT_EQ('\0', buffer[0]);
}

TEST(String, GetCStringPtrReturnsUtf8Bytes) {
  auto heap = str("aé😀");
  const char *bytes = ocfs_string_get_cstring_ptr(heap, OCFS_STRING_ENCODING_UTF8);
  ASSERT_NE(nullptr, bytes);
  EXPECT_STREQ("aé😀", bytes);
  const char *constant = ocfs_string_get_cstring_ptr(OCFS_STR("k€y"), OCFS_STRING_ENCODING_UTF8);
  ASSERT_NE(nullptr, constant);
  EXPECT_STREQ("k€y", constant);
}

TEST(String, GetCStringPtrInAsciiOrLatin1OnlyForAsciiStrings) {
  auto ascii = str("abc");
  ASSERT_NE(nullptr, ocfs_string_get_cstring_ptr(ascii, OCFS_STRING_ENCODING_ASCII));
  EXPECT_STREQ("abc", ocfs_string_get_cstring_ptr(ascii, OCFS_STRING_ENCODING_ASCII));
  ASSERT_NE(nullptr, ocfs_string_get_cstring_ptr(ascii, OCFS_STRING_ENCODING_ISO_LATIN1));
  EXPECT_STREQ("abc", ocfs_string_get_cstring_ptr(ascii, OCFS_STRING_ENCODING_ISO_LATIN1));

  auto accented = str("é");
  EXPECT_EQ(nullptr, ocfs_string_get_cstring_ptr(accented, OCFS_STRING_ENCODING_ASCII));
  EXPECT_EQ(nullptr, ocfs_string_get_cstring_ptr(accented, OCFS_STRING_ENCODING_ISO_LATIN1));
  EXPECT_EQ(nullptr, ocfs_string_get_cstring_ptr(ascii, OCFS_STRING_ENCODING_UTF16));
  EXPECT_EQ(nullptr, ocfs_string_get_cstring_ptr(nullptr, OCFS_STRING_ENCODING_UTF8));
}

TEST(String, MaximumSizeForEncoding) {
  EXPECT_EQ(30, ocfs_string_get_maximum_size_for_encoding(10, OCFS_STRING_ENCODING_UTF8));
  EXPECT_EQ(0, ocfs_string_get_maximum_size_for_encoding(0, OCFS_STRING_ENCODING_UTF8));
  EXPECT_EQ(10, ocfs_string_get_maximum_size_for_encoding(10, OCFS_STRING_ENCODING_ASCII));
  EXPECT_EQ(10, ocfs_string_get_maximum_size_for_encoding(10, OCFS_STRING_ENCODING_ISO_LATIN1));
  EXPECT_EQ(20, ocfs_string_get_maximum_size_for_encoding(10, OCFS_STRING_ENCODING_UTF16));
  EXPECT_EQ(OCFS_INDEX_MAX / 3 * 3, ocfs_string_get_maximum_size_for_encoding(
                                        OCFS_INDEX_MAX / 3, OCFS_STRING_ENCODING_UTF8));
}

TEST(String, MaximumSizeForEncodingOverflowOrNegativeIsNotFound) {
  // The overflow thresholds are CFIndex's (ocfs_index is 64 bits on Windows too, where long is 32).
  EXPECT_EQ(OCFS_NOT_FOUND, ocfs_string_get_maximum_size_for_encoding(OCFS_INDEX_MAX / 3 + 1,
                                                                      OCFS_STRING_ENCODING_UTF8));
  EXPECT_EQ(OCFS_NOT_FOUND,
            ocfs_string_get_maximum_size_for_encoding(OCFS_INDEX_MAX, OCFS_STRING_ENCODING_UTF8));
  EXPECT_EQ(OCFS_NOT_FOUND, ocfs_string_get_maximum_size_for_encoding(OCFS_INDEX_MAX / 2 + 1,
                                                                      OCFS_STRING_ENCODING_UTF16));
  EXPECT_EQ(OCFS_NOT_FOUND,
            ocfs_string_get_maximum_size_for_encoding(-1, OCFS_STRING_ENCODING_UTF8));
  EXPECT_EQ(OCFS_NOT_FOUND,
            ocfs_string_get_maximum_size_for_encoding(-1, OCFS_STRING_ENCODING_ASCII));
}

TEST(String, CompareOrdersLiterallyByCodeUnit) {
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare("abc", "abc"));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("abc", "abd"));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare("abd", "abc"));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("ab", "abc"));  // a prefix sorts first
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("", "a"));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("B", "a"));  // upper case before lower case
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare("é", "z"));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("a", "aé"));
}

TEST(String, CompareUsesUtf16NotCodePointOrder) {
  // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FF21 and U+E000 although its code point
  // is larger.
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("😀", "Ａ"));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare("Ａ", "😀"));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("x😀", "x\xEE\x80\x80"));
  // Below the surrogates, code unit and code point order agree.
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare("😀", "\xED\x9F\xBF"));  // U+D7FF
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare("😀", "😀"));
}

TEST(String, CompareNormalizesNothing) {
  // Precomposed U+00E9 and e + U+0301 differ literally, for compare and for equality.
  EXPECT_NE(OCFS_COMPARE_EQUAL_TO, compare("\xC3\xA9", "e\xCC\x81"));
  EXPECT_FALSE(ocfs_equal(str("\xC3\xA9"), str("e\xCC\x81")));
}

TEST(String, CompareCaseInsensitiveFoldsAsciiLetters) {
  const auto kFold = OCFS_COMPARE_CASE_INSENSITIVE;
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare("HELLO", "hello", kFold));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("abc", "ABD", kFold));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare("ABD", "abc", kFold));
  // Folding is to lower case: 'Z' becomes 'z' (0x7A), which sorts after '[' (0x5B).
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("Z", "["));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare("Z", "[", kFold));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("hello", "HELLO!", kFold));
}

TEST(String, CompareNumericallyOrdersDigitRunsByValue) {
  const auto kNumeric = OCFS_COMPARE_NUMERICALLY;
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("file10", "file9"));  // literally, '1' < '9'
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("file9", "file10", kNumeric));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare("file10", "file9", kNumeric));
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare("file10", "file10", kNumeric));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare("v2.10", "v2.9", kNumeric));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare("9", "10", kNumeric));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN,
            compare("File9", "file10", kNumeric | OCFS_COMPARE_CASE_INSENSITIVE));
}

TEST(String, HasPrefix) {
  auto string = str("hello world");
  EXPECT_TRUE(ocfs_string_has_prefix(string, OCFS_STR("hello")));
  EXPECT_TRUE(ocfs_string_has_prefix(string, str("hello world")));
  EXPECT_FALSE(ocfs_string_has_prefix(string, OCFS_STR("world")));
  EXPECT_FALSE(ocfs_string_has_prefix(string, OCFS_STR("hello world!")));
  EXPECT_FALSE(ocfs_string_has_prefix(string, OCFS_STR("Hello")));
  EXPECT_FALSE(ocfs_string_has_prefix(string, OCFS_STR("")));  // as Apple: empty is no prefix
  EXPECT_TRUE(ocfs_string_has_prefix(str("😀x"), OCFS_STR("😀")));
}

TEST(String, HasSuffix) {
  auto string = str("hello world");
  EXPECT_TRUE(ocfs_string_has_suffix(string, OCFS_STR("world")));
  EXPECT_TRUE(ocfs_string_has_suffix(string, str("hello world")));
  EXPECT_FALSE(ocfs_string_has_suffix(string, OCFS_STR("hello")));
  EXPECT_FALSE(ocfs_string_has_suffix(string, OCFS_STR("the hello world")));
  EXPECT_FALSE(ocfs_string_has_suffix(string, OCFS_STR("")));
  EXPECT_TRUE(ocfs_string_has_suffix(str("x😀"), OCFS_STR("😀")));
}

TEST(String, FindReturnsUtf16Range) {
  EXPECT_EQ(Range(1, 2), find("a😀b😀", "😀"));
  EXPECT_EQ(Range(3, 1), find("a😀b😀", "b"));
  EXPECT_EQ(Range(2, 3), find("é€abc", "abc"));
  EXPECT_EQ(Range(0, 5), find("hello", "hello"));
  EXPECT_EQ(kNotFound, find("hello", "x"));
  EXPECT_EQ(kNotFound, find("hello", "hello!"));
  EXPECT_EQ(kNotFound, find("hello", ""));
  EXPECT_EQ(kNotFound, find("", "a"));
}

TEST(String, FindCaseInsensitive) {
  EXPECT_EQ(kNotFound, find("Hello World", "WORLD"));
  EXPECT_EQ(Range(6, 5), find("Hello World", "WORLD", OCFS_COMPARE_CASE_INSENSITIVE));
  EXPECT_EQ(Range(2, 2), find("😀Ab", "aB", OCFS_COMPARE_CASE_INSENSITIVE));
}

TEST(String, FindBackwardsReturnsLastOccurrence) {
  EXPECT_EQ(Range(1, 2), find("abcabc", "bc"));
  EXPECT_EQ(Range(4, 2), find("abcabc", "bc", OCFS_COMPARE_BACKWARDS));
  EXPECT_EQ(Range(4, 2), find("a😀b😀", "😀", OCFS_COMPARE_BACKWARDS));
  EXPECT_EQ(kNotFound, find("abcabc", "x", OCFS_COMPARE_BACKWARDS));
}

TEST(String, FindAnchoredMatchesOnlyAtTheStartOrEnd) {
  const auto kAnchored = OCFS_COMPARE_ANCHORED;
  const auto kAtEnd = OCFS_COMPARE_ANCHORED | OCFS_COMPARE_BACKWARDS;
  EXPECT_EQ(Range(0, 2), find("abcabc", "ab", kAnchored));
  EXPECT_EQ(kNotFound, find("abcabc", "bc", kAnchored));
  EXPECT_EQ(Range(4, 2), find("abcabc", "bc", kAtEnd));
  EXPECT_EQ(kNotFound, find("abcabc", "ab", kAtEnd));
  EXPECT_EQ(Range(0, 5), find("HELLO", "hello", kAnchored | OCFS_COMPARE_CASE_INSENSITIVE));
}

// ---- Mutable strings --------------------------------------------------------------------------

TEST(String, MutableStringAppends) {
  auto string = own(ocfs_string_create_mutable(nullptr, 0));
  ASSERT_NE(nullptr, string.get());
  EXPECT_EQ(0, ocfs_string_get_length(string));
  ocfs_string_append(string, OCFS_STR("ab"));
  ocfs_string_append(string, str("é"));
  ocfs_string_append_cstring(string, "😀", OCFS_STRING_ENCODING_UTF8);
  ocfs_string_append_cstring(string, "\xE9", OCFS_STRING_ENCODING_ISO_LATIN1);
  ocfs_string_append_format(string, nullptr, OCFS_STR("%d"), 42);
  EXPECT_EQ("abé😀é42", text(string));
  EXPECT_EQ(8, ocfs_string_get_length(string));
  EXPECT_EQ(ocfs_string_get_type_id(), ocfs_get_type_id(string));
}

TEST(String, MutableStringIgnoresInvalidAppends) {
  auto string = own(ocfs_string_create_mutable(nullptr, 0));
  ocfs_string_append(string, OCFS_STR("ok"));
  ocfs_string_append_cstring(string, "\xC0\xAF", OCFS_STRING_ENCODING_UTF8);
  ocfs_string_append_cstring(string, "caf\xE9", OCFS_STRING_ENCODING_ASCII);
  ocfs_string_append_cstring(string, "x", OCFS_STRING_ENCODING_UTF16);
  ocfs_string_append_cstring(string, nullptr, OCFS_STRING_ENCODING_UTF8);
  ocfs_string_append(string, nullptr);
  EXPECT_EQ("ok", text(string));
  EXPECT_EQ(2, ocfs_string_get_length(string));
}

TEST(String, MutableStringMaxLengthIsEnforced) {
  auto string = own(ocfs_string_create_mutable(nullptr, 4));
  ocfs_string_append(string, OCFS_STR("abc"));
  ocfs_string_append(string, OCFS_STR("de"));  // 5 units: rejected whole
  EXPECT_EQ("abc", text(string));
  ocfs_string_append(string, OCFS_STR("d"));
  EXPECT_EQ("abcd", text(string));
  ocfs_string_append_cstring(string, "e", OCFS_STRING_ENCODING_UTF8);
  ocfs_string_append_format(string, nullptr, OCFS_STR("%d"), 1);
  EXPECT_EQ("abcd", text(string));
  EXPECT_EQ(4, ocfs_string_get_length(string));
}

TEST(String, MutableStringMaxLengthCountsUtf16Units) {
  auto string = own(ocfs_string_create_mutable(nullptr, 3));
  ocfs_string_append(string, OCFS_STR("ab"));
  ocfs_string_append(string, OCFS_STR("😀"));  // two units would make 4
  EXPECT_EQ("ab", text(string));
  ocfs_string_append(string, OCFS_STR("é"));  // one unit, although two UTF-8 bytes
  EXPECT_EQ("abé", text(string));
}

TEST(String, MutableStringAppendOfItself) {
  auto string = own(ocfs_string_create_mutable(nullptr, 0));
  ocfs_string_append(string, OCFS_STR("ab😀"));
  ocfs_string_append(string, string);
  EXPECT_EQ("ab😀ab😀", text(string));
  EXPECT_EQ(8, ocfs_string_get_length(string));
}

TEST(String, CreateMutableRejectsNegativeMaxLength) {
  EXPECT_EQ(nullptr, own(ocfs_string_create_mutable(nullptr, -1)).get());
  EXPECT_EQ(nullptr, own(ocfs_string_create_mutable_copy(nullptr, -1, OCFS_STR("a"))).get());
}

TEST(String, MutableCopyIsIndependentOfItsSource) {
  auto source = str("abc");
  auto copy = own(ocfs_string_create_mutable_copy(nullptr, 0, source));
  ASSERT_NE(nullptr, copy.get());
  ocfs_string_append(copy, OCFS_STR("d"));
  EXPECT_EQ("abcd", text(copy));
  EXPECT_EQ("abc", text(source));
}

TEST(String, CopyOfMutableStringIsIndependentImmutableString) {
  auto string = own(ocfs_string_create_mutable(nullptr, 0));
  ocfs_string_append(string, OCFS_STR("abc"));
  auto copy = own(ocfs_string_create_copy(nullptr, string));
  ASSERT_NE(nullptr, copy.get());
  EXPECT_NE(static_cast<const void *>(string.get()), static_cast<const void *>(copy.get()));
  EXPECT_TRUE(ocfs_equal(string, copy));
  ocfs_string_append(string, OCFS_STR("d"));
  EXPECT_EQ("abc", text(copy));
  // The copy is immutable: appending to it changes nothing.
  ocfs_string_append(const_cast<ocfs_mutable_string_ref>(copy.get()), OCFS_STR("x"));
  EXPECT_EQ("abc", text(copy));
  EXPECT_EQ(3, ocfs_string_get_length(copy));
}

TEST(String, CopyOfImmutableStringIsSameObjectRetained) {
  auto string = str("abc");
  ASSERT_EQ(1, ocfs_get_retain_count(string));
  auto copy = own(ocfs_string_create_copy(nullptr, string));
  EXPECT_EQ(string.get(), copy.get());
  EXPECT_EQ(2, ocfs_get_retain_count(string));
  copy.reset();
  EXPECT_EQ(1, ocfs_get_retain_count(string));
}

// ---- Type, description, equality --------------------------------------------------------------

TEST(String, EveryKindOfStringHasTheStringTypeId) {
  ocfs_type_id type = ocfs_string_get_type_id();
  EXPECT_NE(0u, type);
  EXPECT_EQ(type, ocfs_get_type_id(str("heap")));
  EXPECT_EQ(type, ocfs_get_type_id(OCFS_STR("constant")));
  EXPECT_EQ(type, ocfs_get_type_id(own(ocfs_string_create_mutable(nullptr, 0))));
  EXPECT_EQ("CFString", take_text(ocfs_copy_type_id_description(type)));
}

TEST(String, DescriptionShowsContents) {
  auto heap = str("abc");
  for (ocfs_string_ref string : {heap.get(), OCFS_STR("abc")}) {
    std::string description = description_of(string);
    EXPECT_TRUE(starts_with(description, "<CFString 0x")) << description;
    EXPECT_TRUE(ends_with(description, ">{contents = \"abc\"}")) << description;
  }
  std::string accented = description_of(str("é😀"));
  EXPECT_TRUE(ends_with(accented, ">{contents = \"é😀\"}")) << accented;
}

TEST(String, EqualComparesContentsAcrossKinds) {
  auto heap = str("text");
  auto mutable_string = own(ocfs_string_create_mutable(nullptr, 0));
  ocfs_string_append(mutable_string, OCFS_STR("text"));
  EXPECT_TRUE(ocfs_equal(heap, mutable_string));
  EXPECT_TRUE(ocfs_equal(mutable_string, OCFS_STR("text")));
  EXPECT_EQ(ocfs_hash(heap), ocfs_hash(mutable_string));
  EXPECT_FALSE(ocfs_equal(heap, str("texT")));
  EXPECT_FALSE(ocfs_equal(heap, str("tex")));
  EXPECT_FALSE(ocfs_equal(heap, nullptr));
}

TEST(String, EqualToOtherTypesIsFalse) {
  int32_t three = 3;
  auto number = own(ocfs_number_create(nullptr, OCFS_NUMBER_SINT32, &three));
  EXPECT_FALSE(ocfs_equal(str("3"), number));
  EXPECT_FALSE(ocfs_equal(number, OCFS_STR("3")));
  EXPECT_FALSE(ocfs_equal(OCFS_STR("true"), ocfs_boolean_true));
  auto data = own(ocfs_data_create(nullptr, reinterpret_cast<const uint8_t *>("abc"), 3));
  EXPECT_FALSE(ocfs_equal(str("abc"), data));
}

}  // namespace
