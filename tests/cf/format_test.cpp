// ocfs_string_create_with_format: the printf conversions, CF's %@, %C and %S, the legacy %D %U %O
// spellings, and the conversions that are refused (the result is NULL, never a partial string).
#include <climits>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cinttypes>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::str;
using ocfs_test::take_text;
using ocfs_test::text;

// The formatted text, or "<null>" when formatting failed.
template <typename... Args>
std::string format(ocfs_string_ref format_string, Args... args) {
  return take_text(ocfs_string_create_with_format(nullptr, nullptr, format_string, args...));
}

template <typename... Args>
bool format_fails(ocfs_string_ref format_string, Args... args) {
  return own(ocfs_string_create_with_format(nullptr, nullptr, format_string, args...)).get() ==
         nullptr;
}

// Goes through the va_list entry point.
ocfs_string_ref create_with_arguments(ocfs_string_ref format_string, ...) {
  va_list args;
  va_start(args, format_string);
  ocfs_string_ref result =
      ocfs_string_create_with_format_and_arguments(nullptr, nullptr, format_string, args);
  va_end(args);
  return result;
}

bool starts_with(const std::string &text, const std::string &prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

template <typename T>
Owned<ocfs_number_ref> number(ocfs_number_type type, T value) {
  return own(ocfs_number_create(nullptr, type, &value));
}

TEST(Format, SignedIntegerConversions) {
  EXPECT_EQ("-42", format(OCFS_STR("%d"), -42));
  EXPECT_EQ("7", format(OCFS_STR("%i"), 7));
  // `long` is 64 bits on LP64 and 32 bits on LLP64 Windows; %ld follows the platform's long.
  EXPECT_EQ(std::to_string(LONG_MIN), format(OCFS_STR("%ld"), LONG_MIN));
  EXPECT_EQ("9223372036854775807", format(OCFS_STR("%lld"), LLONG_MAX));
  EXPECT_EQ("9223372036854775807", format(OCFS_STR("%qd"), LLONG_MAX));
  EXPECT_EQ("-5", format(OCFS_STR("%zd"), static_cast<ptrdiff_t>(-5)));
  EXPECT_EQ("-6", format(OCFS_STR("%td"), static_cast<ptrdiff_t>(-6)));
  EXPECT_EQ("-7", format(OCFS_STR("%jd"), static_cast<intmax_t>(-7)));
}

TEST(Format, UnsignedIntegerConversions) {
  EXPECT_EQ("4294967295", format(OCFS_STR("%u"), 4294967295u));
  EXPECT_EQ("ff", format(OCFS_STR("%x"), 255));
  EXPECT_EQ("FF", format(OCFS_STR("%X"), 255));
  EXPECT_EQ("10", format(OCFS_STR("%o"), 8));
  EXPECT_EQ("123", format(OCFS_STR("%zu"), static_cast<size_t>(123)));
  EXPECT_EQ(std::to_string(ULONG_MAX), format(OCFS_STR("%lu"), ULONG_MAX));
  EXPECT_EQ("ffffffffffffffff", format(OCFS_STR("%llx"), ULLONG_MAX));
}

TEST(Format, ShortLengthModifiersWrap) {
  EXPECT_EQ("44", format(OCFS_STR("%hhd"), 300));
  EXPECT_EQ("-56", format(OCFS_STR("%hhd"), 200));
  EXPECT_EQ("4464", format(OCFS_STR("%hd"), 70000));
  EXPECT_EQ("-1", format(OCFS_STR("%hd"), 65535));
  EXPECT_EQ("0", format(OCFS_STR("%hu"), 65536));
  EXPECT_EQ("255", format(OCFS_STR("%hhu"), -1));
}

TEST(Format, WidthPrecisionAndFlags) {
  EXPECT_EQ("   42|", format(OCFS_STR("%5d|"), 42));
  EXPECT_EQ("42   |", format(OCFS_STR("%-5d|"), 42));
  EXPECT_EQ("00042", format(OCFS_STR("%05d"), 42));
  EXPECT_EQ("-0042", format(OCFS_STR("%05d"), -42));
  EXPECT_EQ("+5", format(OCFS_STR("%+d"), 5));
  EXPECT_EQ("-5", format(OCFS_STR("%+d"), -5));
  EXPECT_EQ(" 5", format(OCFS_STR("% d"), 5));
  EXPECT_EQ("0xff", format(OCFS_STR("%#x"), 255));
  EXPECT_EQ("007", format(OCFS_STR("%.3d"), 7));
  EXPECT_EQ("    7|", format(OCFS_STR("%*d|"), 5, 7));
  EXPECT_EQ("7    |", format(OCFS_STR("%*d|"), -5, 7));  // a negative * width means '-'
  EXPECT_EQ("3.14", format(OCFS_STR("%.*f"), 2, 3.14159));
}

TEST(Format, FloatingPointConversions) {
  EXPECT_EQ("3.142", format(OCFS_STR("%.3f"), 3.14159));
  EXPECT_EQ("1.500000", format(OCFS_STR("%f"), 1.5));
  EXPECT_EQ("1.234568e+04", format(OCFS_STR("%e"), 12345.678));
  EXPECT_EQ("1.234568E+04", format(OCFS_STR("%E"), 12345.678));
  EXPECT_EQ("0.0001", format(OCFS_STR("%g"), 0.0001));
  EXPECT_EQ("1e+20", format(OCFS_STR("%g"), 1e20));
  EXPECT_EQ("2.5", format(OCFS_STR("%g"), 2.5));
  EXPECT_EQ("  1.50|", format(OCFS_STR("%6.2f|"), 1.5));
  EXPECT_EQ("0x1p+0", format(OCFS_STR("%a"), 1.0));
  EXPECT_EQ("2.250000", format(OCFS_STR("%Lf"), 2.25L));
}

TEST(Format, StringAndCharacterConversions) {
  EXPECT_EQ("hi", format(OCFS_STR("%s"), "hi"));
  EXPECT_EQ("he", format(OCFS_STR("%.2s"), "hello"));
  EXPECT_EQ("   hi|", format(OCFS_STR("%5s|"), "hi"));
  EXPECT_EQ("hi   |", format(OCFS_STR("%-5s|"), "hi"));
  EXPECT_EQ("é😀", format(OCFS_STR("%s"), "é😀"));  // %s takes UTF-8 bytes as they are
  EXPECT_EQ("(null)", format(OCFS_STR("%s"), static_cast<const char *>(nullptr)));
  EXPECT_EQ("x", format(OCFS_STR("%c"), 'x'));
  EXPECT_EQ("[A]", format(OCFS_STR("[%c]"), 65));
}

TEST(Format, PointerConversionMatchesPrintf) {
  // Apple's form on every platform: "0x" and lower-case hex, as glibc's %p prints it (msvcrt's %p
  // prints 16 upper-case digits without "0x", so the expectation is not built with %p).
  int local = 0;
  char expected[64];
  std::snprintf(expected, sizeof expected, "0x%" PRIxPTR, reinterpret_cast<uintptr_t>(&local));
  std::string formatted = format(OCFS_STR("%p"), static_cast<void *>(&local));
  EXPECT_FALSE(formatted.empty());
  EXPECT_EQ(expected, formatted);
}

TEST(Format, PercentPercentIsALiteralPercent) {
  EXPECT_EQ("100%", format(OCFS_STR("100%%")));
  EXPECT_EQ("%d", format(OCFS_STR("%%d")));
  EXPECT_EQ("5%", format(OCFS_STR("%d%%"), 5));
}

TEST(Format, TextWithoutConversionsIsCopied) {
  EXPECT_EQ("", format(OCFS_STR("")));
  EXPECT_EQ("plain text", format(OCFS_STR("plain text")));
}

TEST(Format, NonAsciiFormatText) {
  auto result = own(ocfs_string_create_with_format(nullptr, nullptr, str("héllo %d 😀"), 5));
  EXPECT_EQ("héllo 5 😀", text(result));
  EXPECT_EQ(10, ocfs_string_get_length(result));
}

TEST(Format, ArgumentsOfMixedTypesStayInStep) {
  EXPECT_EQ("a-1-x-2.5-z-9-ff-é", format(OCFS_STR("%s-%d-%@-%.1f-%c-%lld-%lx-%@"), "a", 1,
                                         OCFS_STR("x"), 2.5, 'z', 9LL, 255UL, str("é").get()));
}

TEST(Format, ObjectConversionInsertsStringCharacters) {
  EXPECT_EQ("[abc]", format(OCFS_STR("[%@]"), str("abc").get()));
  EXPECT_EQ("[const]", format(OCFS_STR("[%@]"), OCFS_STR("const")));
  EXPECT_EQ("é😀!", format(OCFS_STR("%@!"), OCFS_STR("é😀")));
  EXPECT_EQ("[]", format(OCFS_STR("[%@]"), OCFS_STR("")));
}

TEST(Format, ObjectConversionOfNullIsNullInParentheses) {
  EXPECT_EQ("(null)", format(OCFS_STR("%@"), static_cast<const void *>(nullptr)));
}

TEST(Format, ObjectConversionOfNumbers) {
  EXPECT_EQ("42", format(OCFS_STR("%@"), number(OCFS_NUMBER_SINT32, int32_t{42}).get()));
  EXPECT_EQ("-7", format(OCFS_STR("%@"), number(OCFS_NUMBER_SINT8, int8_t{-7}).get()));
  EXPECT_EQ("1.5", format(OCFS_STR("%@"), number(OCFS_NUMBER_FLOAT64, 1.5).get()));
  EXPECT_EQ("9223372036854775807",
            format(OCFS_STR("%@"), number(OCFS_NUMBER_SINT64, INT64_MAX).get()));
}

TEST(Format, ObjectConversionOfBooleansAndNull) {
  EXPECT_EQ("true", format(OCFS_STR("%@"), ocfs_boolean_true));
  EXPECT_EQ("false", format(OCFS_STR("%@"), ocfs_boolean_false));
  EXPECT_EQ("<null>", format(OCFS_STR("%@"), ocfs_null_value));
}

TEST(Format, ObjectConversionOfCollectionsUsesTheirDescription) {
  const void *values[] = {OCFS_STR("v")};
  const void *keys[] = {OCFS_STR("k")};
  auto array = own(ocfs_array_create(nullptr, values, 1, &ocfs_type_array_callbacks));
  auto dictionary =
      own(ocfs_dictionary_create(nullptr, keys, values, 1, &ocfs_type_dictionary_key_callbacks,
                                 &ocfs_type_dictionary_value_callbacks));
  ASSERT_NE(nullptr, array.get());
  ASSERT_NE(nullptr, dictionary.get());
  std::string array_text = format(OCFS_STR("%@"), array.get());
  std::string dictionary_text = format(OCFS_STR("%@"), dictionary.get());
  EXPECT_TRUE(starts_with(array_text, "<CFArray 0x")) << array_text;
  EXPECT_TRUE(starts_with(dictionary_text, "<CFDictionary 0x")) << dictionary_text;
  EXPECT_EQ(take_text(ocfs_copy_description(array)), array_text);
}

TEST(Format, ObjectConversionHonoursWidth) {
  EXPECT_EQ("       abc|", format(OCFS_STR("%10@|"), OCFS_STR("abc")));
  EXPECT_EQ("abc       |", format(OCFS_STR("%-10@|"), OCFS_STR("abc")));
  EXPECT_EQ("abcd", format(OCFS_STR("%2@"), OCFS_STR("abcd")));
  // Width counts UTF-16 units, as CFString lengths do.
  EXPECT_EQ("   é|", format(OCFS_STR("%4@|"), OCFS_STR("é")));
  EXPECT_EQ("  😀|", format(OCFS_STR("%4@|"), OCFS_STR("😀")));
}

TEST(Format, UnicharConversionsProduceUtf8) {
  EXPECT_EQ("é", format(OCFS_STR("%C"), 0x00E9));
  EXPECT_EQ("A€", format(OCFS_STR("%C%C"), 'A', 0x20AC));
  const ocfs_unichar units[] = {'h', 0x00E9, 0xD83D, 0xDE00, 0};
  EXPECT_EQ("<hé😀>", format(OCFS_STR("<%S>"), units));
  const ocfs_unichar empty[] = {0};
  EXPECT_EQ("<>", format(OCFS_STR("<%S>"), empty));
}

TEST(Format, LegacyUppercaseConversionsTakeLongs) {
  EXPECT_EQ("-5", format(OCFS_STR("%D"), -5L));
  // %D, %U and %O take a long, whose width is the platform's (32 bits on Windows).
  EXPECT_EQ(std::to_string(ULONG_MAX), format(OCFS_STR("%U"), ULONG_MAX));
  EXPECT_EQ("10", format(OCFS_STR("%O"), 8UL));
  EXPECT_EQ(std::to_string(LONG_MIN) + "|x", format(OCFS_STR("%D|%s"), LONG_MIN, "x"));
}

TEST(Format, UnsupportedConversionsGiveNull) {
  int count = 0;
  EXPECT_TRUE(format_fails(OCFS_STR("%1$d"), 5));
  EXPECT_TRUE(format_fails(OCFS_STR("a%n"), &count));
  EXPECT_EQ(0, count);
  EXPECT_TRUE(format_fails(OCFS_STR("%ls"), L"wide"));
  EXPECT_TRUE(format_fails(OCFS_STR("%d and %2$d"), 1, 2));
}

TEST(Format, FormatThatIsNotAStringGivesNull) {
  int32_t value = 3;
  auto not_a_string = own(ocfs_number_create(nullptr, OCFS_NUMBER_SINT32, &value));
  EXPECT_EQ(nullptr, own(ocfs_string_create_with_format(nullptr, nullptr, nullptr)).get());
  EXPECT_EQ(nullptr,
            own(ocfs_string_create_with_format(
                    nullptr, nullptr, reinterpret_cast<ocfs_string_ref>(not_a_string.get())))
                .get());
}

TEST(Format, ArgumentsEntryPointFormatsTheSame) {
  EXPECT_EQ("3 apples and é",
            take_text(create_with_arguments(OCFS_STR("%d %s and %@"), 3, "apples", OCFS_STR("é"))));
  EXPECT_EQ(nullptr, own(create_with_arguments(OCFS_STR("%n"), nullptr)).get());
}

TEST(Format, AppendFormatAppendsToMutableString) {
  auto string = own(ocfs_string_create_mutable(nullptr, 0));
  ocfs_string_append(string, OCFS_STR("x="));
  ocfs_string_append_format(string, nullptr, OCFS_STR("%d,%@"), 3, OCFS_STR("y"));
  EXPECT_EQ("x=3,y", text(string));
  ocfs_string_append_format(string, nullptr, OCFS_STR("%n"), nullptr);  // refused: unchanged
  ocfs_string_append_format(string, nullptr, nullptr);
  EXPECT_EQ("x=3,y", text(string));
  ocfs_string_append_format(string, nullptr, OCFS_STR(";%05.1f"), 2.25);
  EXPECT_EQ("x=3,y;002.2", text(string));
}

}  // namespace
