// CFNumber: creation with every CFNumberType, Apple's canonical storage types, conversions with
// the "did the value survive" flag, the shared NaN/infinity constants, numeric ordering across
// integer and floating types, equality/hash, and the two description forms.
//
// Deliberate deviation from Apple, tested as this library's rule: ocfs_number_get_value returns
// false whenever the value does not survive the conversion, and saturates out-of-range integers.
// Apple returns TRUE for 200 -> SInt8 (giving -56) and wraps.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::take_text;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

template <typename T>
Owned<ocfs_number_ref> number(ocfs_number_type type, T value) {
  return own(ocfs_number_create(nullptr, type, &value));
}

Owned<ocfs_number_ref> int64(int64_t value) {
  return number(OCFS_NUMBER_SINT64, value);
}
Owned<ocfs_number_ref> float64(double value) {
  return number(OCFS_NUMBER_FLOAT64, value);
}

// Reads `n` as `to` into an Out; returns the flag and the written value.
template <typename Out>
std::pair<bool, Out> get(ocfs_number_ref n, ocfs_number_type to) {
  Out out{};
  bool exact = ocfs_number_get_value(n, to, &out) != 0;
  return {exact, out};
}

ocfs_comparison_result compare(ocfs_number_ref a, ocfs_number_ref b) {
  return ocfs_number_compare(a, b, nullptr);
}

std::string description_of(ocfs_type_ref object) {
  return take_text(ocfs_copy_description(object));
}

std::string formatted(ocfs_type_ref object) {
  return take_text(ocfs_string_create_with_format(nullptr, nullptr, OCFS_STR("%@"), object));
}

bool ends_with(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// ---- Creation and storage types ---------------------------------------------------------------

// Creates a number of `type` from a T and checks the canonical type, size and same-type read-back.
// Values avoid -1...12, which Apple serves from an SInt32 cache.
template <typename T>
void expect_round_trip(ocfs_number_type type, T value, ocfs_number_type canonical) {
  SCOPED_TRACE(testing::Message() << "type " << type);
  auto n = number(type, value);
  ASSERT_NE(nullptr, n.get());
  EXPECT_EQ(ocfs_number_get_type_id(), ocfs_get_type_id(n));
  EXPECT_EQ(canonical, ocfs_number_get_type(n));
  EXPECT_EQ(static_cast<ocfs_index>(sizeof(T)), ocfs_number_get_byte_size(n));
  EXPECT_EQ(std::is_floating_point_v<T>, ocfs_number_is_float_type(n) != 0);
  EXPECT_EQ(std::make_pair(true, value), get<T>(n, type));
}

TEST(Number, EveryTypeRoundTripsWithItsCanonicalType) {
  // Long follows the C type (64-bit on LP64, 32-bit on LLP64 Windows); CFIndex and NSInteger are
  // pointer-sized everywhere.
  const ocfs_number_type long_canonical =
      sizeof(long) == 8 ? OCFS_NUMBER_SINT64 : OCFS_NUMBER_SINT32;
  const long some_long = sizeof(long) == 8 ? static_cast<long>(1LL << 40) : -123456789L;
  expect_round_trip<int8_t>(OCFS_NUMBER_SINT8, -100, OCFS_NUMBER_SINT8);
  expect_round_trip<int16_t>(OCFS_NUMBER_SINT16, -30000, OCFS_NUMBER_SINT16);
  expect_round_trip<int32_t>(OCFS_NUMBER_SINT32, -2000000000, OCFS_NUMBER_SINT32);
  expect_round_trip<int64_t>(OCFS_NUMBER_SINT64, -5000000000000LL, OCFS_NUMBER_SINT64);
  expect_round_trip<float>(OCFS_NUMBER_FLOAT32, 1.25f, OCFS_NUMBER_FLOAT32);
  expect_round_trip<double>(OCFS_NUMBER_FLOAT64, -2.5e100, OCFS_NUMBER_FLOAT64);
  expect_round_trip<char>(OCFS_NUMBER_CHAR, 'a', OCFS_NUMBER_SINT8);
  expect_round_trip<short>(OCFS_NUMBER_SHORT, 1234, OCFS_NUMBER_SINT16);
  expect_round_trip<int>(OCFS_NUMBER_INT, 123456, OCFS_NUMBER_SINT32);
  expect_round_trip<long>(OCFS_NUMBER_LONG, some_long, long_canonical);
  expect_round_trip<long long>(OCFS_NUMBER_LONG_LONG, -(1LL << 50), OCFS_NUMBER_SINT64);
  expect_round_trip<float>(OCFS_NUMBER_FLOAT, -0.75f, OCFS_NUMBER_FLOAT32);
  expect_round_trip<double>(OCFS_NUMBER_DOUBLE, 0.1, OCFS_NUMBER_FLOAT64);
  expect_round_trip<ocfs_index>(OCFS_NUMBER_CFINDEX, ocfs_index{1} << 33, OCFS_NUMBER_SINT64);
  expect_round_trip<ocfs_index>(OCFS_NUMBER_NSINTEGER, -(ocfs_index{1} << 35), OCFS_NUMBER_SINT64);
  expect_round_trip<double>(OCFS_NUMBER_CGFLOAT, 3.75, OCFS_NUMBER_FLOAT64);
}

TEST(Number, ExtremesOfEachIntegerWidthRoundTrip) {
  expect_round_trip<int8_t>(OCFS_NUMBER_SINT8, INT8_MIN, OCFS_NUMBER_SINT8);
  expect_round_trip<int8_t>(OCFS_NUMBER_SINT8, INT8_MAX, OCFS_NUMBER_SINT8);
  expect_round_trip<int16_t>(OCFS_NUMBER_SINT16, INT16_MIN, OCFS_NUMBER_SINT16);
  expect_round_trip<int32_t>(OCFS_NUMBER_SINT32, INT32_MAX, OCFS_NUMBER_SINT32);
  expect_round_trip<int64_t>(OCFS_NUMBER_SINT64, INT64_MIN, OCFS_NUMBER_SINT64);
  expect_round_trip<int64_t>(OCFS_NUMBER_SINT64, INT64_MAX, OCFS_NUMBER_SINT64);
}

TEST(Number, CreateReadsOnlyTheBytesOfItsType) {
  // An SInt8 read must take one byte, not the 0x7F bytes that follow it.
  unsigned char bytes[8];
  std::memset(bytes, 0x7F, sizeof bytes);
  bytes[0] = 0x80;  // -128
  auto n = own(ocfs_number_create(nullptr, OCFS_NUMBER_SINT8, bytes));
  EXPECT_EQ(std::make_pair(true, int64_t{-128}), get<int64_t>(n, OCFS_NUMBER_SINT64));
}

TEST(Number, GetValueWritesOnlyTheTargetWidth) {
  auto n = int64(100);
  unsigned char bytes[8];
  std::memset(bytes, 0xAA, sizeof bytes);
  EXPECT_TRUE(ocfs_number_get_value(n, OCFS_NUMBER_SINT8, bytes));
  EXPECT_EQ(100, bytes[0]);
  for (int i = 1; i < 8; ++i)
    EXPECT_EQ(0xAA, bytes[i]) << "byte " << i;
  std::memset(bytes, 0xAA, sizeof bytes);
  EXPECT_TRUE(ocfs_number_get_value(n, OCFS_NUMBER_FLOAT32, bytes));
  EXPECT_EQ(0xAA, bytes[4]);
}

TEST(Number, UnknownTypeOrNullPointerIsRejected) {
  int64_t value = 5;
  for (ocfs_number_type type : {ocfs_number_type{0}, ocfs_number_type{17}, ocfs_number_type{-1}}) {
    SCOPED_TRACE(type);
    EXPECT_EQ(nullptr, own(ocfs_number_create(nullptr, type, &value)).get());
  }
  EXPECT_EQ(nullptr, own(ocfs_number_create(nullptr, OCFS_NUMBER_SINT32, nullptr)).get());

  auto n = int64(99);
  int64_t out = -1;
  EXPECT_FALSE(ocfs_number_get_value(n, 0, &out));
  EXPECT_FALSE(ocfs_number_get_value(n, 17, &out));
  EXPECT_EQ(-1, out);  // nothing written
  EXPECT_FALSE(ocfs_number_get_value(n, OCFS_NUMBER_SINT64, nullptr));
  EXPECT_FALSE(ocfs_number_get_value(nullptr, OCFS_NUMBER_SINT64, &out));
  EXPECT_EQ(-1, out);
}

// ---- Conversions ------------------------------------------------------------------------------

TEST(Number, NarrowingIntegerSaturatesAndReportsLoss) {
  EXPECT_EQ(std::make_pair(true, int8_t{100}), get<int8_t>(int64(100), OCFS_NUMBER_SINT8));
  EXPECT_EQ(std::make_pair(false, int8_t{127}), get<int8_t>(int64(200), OCFS_NUMBER_SINT8));
  EXPECT_EQ(std::make_pair(false, int8_t{-128}), get<int8_t>(int64(-200), OCFS_NUMBER_SINT8));
  EXPECT_EQ(std::make_pair(false, int8_t{127}), get<int8_t>(int64(300), OCFS_NUMBER_CHAR));
  EXPECT_EQ(std::make_pair(false, int16_t{32767}), get<int16_t>(int64(40000), OCFS_NUMBER_SINT16));
  EXPECT_EQ(std::make_pair(true, int16_t{-32768}), get<int16_t>(int64(-32768), OCFS_NUMBER_SHORT));
  EXPECT_EQ(std::make_pair(false, int32_t{INT32_MAX}),
            get<int32_t>(int64(3000000000LL), OCFS_NUMBER_SINT32));
  EXPECT_EQ(std::make_pair(false, int32_t{INT32_MIN}),
            get<int32_t>(int64(INT64_MIN), OCFS_NUMBER_INT));
}

TEST(Number, WideningIntegerIsExact) {
  auto small = number(OCFS_NUMBER_SINT8, int8_t{-5});
  EXPECT_EQ(std::make_pair(true, int64_t{-5}), get<int64_t>(small, OCFS_NUMBER_SINT64));
  EXPECT_EQ(std::make_pair(true, int32_t{-5}), get<int32_t>(small, OCFS_NUMBER_SINT32));
  EXPECT_EQ(std::make_pair(true, -5.0), get<double>(small, OCFS_NUMBER_FLOAT64));
}

TEST(Number, FloatToIntegerTruncatesTowardZero) {
  EXPECT_EQ(std::make_pair(false, int32_t{3}), get<int32_t>(float64(3.5), OCFS_NUMBER_SINT32));
  EXPECT_EQ(std::make_pair(false, int32_t{-3}), get<int32_t>(float64(-3.5), OCFS_NUMBER_SINT32));
  EXPECT_EQ(std::make_pair(true, int32_t{3}), get<int32_t>(float64(3.0), OCFS_NUMBER_SINT32));
  EXPECT_EQ(std::make_pair(false, int8_t{0}), get<int8_t>(float64(0.25), OCFS_NUMBER_SINT8));
  EXPECT_EQ(std::make_pair(true, int64_t{-4}), get<int64_t>(float64(-4.0), OCFS_NUMBER_SINT64));
}

TEST(Number, OutOfRangeFloatToIntegerSaturates) {
  EXPECT_EQ(std::make_pair(false, int32_t{INT32_MAX}),
            get<int32_t>(float64(1e300), OCFS_NUMBER_SINT32));
  EXPECT_EQ(std::make_pair(false, int32_t{INT32_MIN}),
            get<int32_t>(float64(-1e300), OCFS_NUMBER_SINT32));
  EXPECT_EQ(std::make_pair(false, int64_t{INT64_MAX}),
            get<int64_t>(float64(1e300), OCFS_NUMBER_SINT64));
  EXPECT_EQ(std::make_pair(false, int64_t{INT64_MAX}),
            get<int64_t>(float64(9223372036854775808.0), OCFS_NUMBER_SINT64));  // 2^63
  EXPECT_EQ(std::make_pair(true, int64_t{INT64_MIN}),
            get<int64_t>(float64(-9223372036854775808.0), OCFS_NUMBER_SINT64));  // -2^63
  EXPECT_EQ(std::make_pair(false, int16_t{INT16_MAX}),
            get<int16_t>(ocfs_number_positive_infinity, OCFS_NUMBER_SINT16));
  EXPECT_EQ(std::make_pair(false, int64_t{INT64_MIN}),
            get<int64_t>(ocfs_number_negative_infinity, OCFS_NUMBER_SINT64));
}

TEST(Number, NaNToIntegerIsZeroAndLossy) {
  EXPECT_EQ(std::make_pair(false, int32_t{0}), get<int32_t>(ocfs_number_nan, OCFS_NUMBER_SINT32));
  EXPECT_EQ(std::make_pair(false, int64_t{0}), get<int64_t>(ocfs_number_nan, OCFS_NUMBER_SINT64));
}

TEST(Number, NaNSurvivesAsFloat64ButNotFloat32) {
  auto [as64, value64] = get<double>(ocfs_number_nan, OCFS_NUMBER_FLOAT64);
  EXPECT_TRUE(as64);
  EXPECT_TRUE(std::isnan(value64));
  auto [as32, value32] = get<float>(ocfs_number_nan, OCFS_NUMBER_FLOAT32);
  EXPECT_FALSE(as32);  // as Apple: NaN != NaN after the cast
  EXPECT_TRUE(std::isnan(value32));
}

TEST(Number, IntegerToFloatReportsLostPrecision) {
  const int64_t two53 = int64_t{1} << 53;
  EXPECT_EQ(std::make_pair(true, 9007199254740992.0),
            get<double>(int64(two53), OCFS_NUMBER_DOUBLE));
  EXPECT_EQ(std::make_pair(false, 9007199254740992.0),
            get<double>(int64(two53 + 1), OCFS_NUMBER_FLOAT64));
  EXPECT_EQ(std::make_pair(false, 9223372036854775808.0),
            get<double>(int64(INT64_MAX), OCFS_NUMBER_FLOAT64));
  EXPECT_EQ(std::make_pair(true, 16777216.0f), get<float>(int64(16777216), OCFS_NUMBER_FLOAT32));
  EXPECT_EQ(std::make_pair(false, 16777216.0f), get<float>(int64(16777217), OCFS_NUMBER_FLOAT));
}

TEST(Number, FloatWidthConversions) {
  EXPECT_EQ(std::make_pair(true, 0.5f), get<float>(float64(0.5), OCFS_NUMBER_FLOAT32));
  EXPECT_EQ(std::make_pair(false, 0.1f), get<float>(float64(0.1), OCFS_NUMBER_FLOAT32));
  EXPECT_EQ(std::make_pair(false, std::numeric_limits<float>::infinity()),
            get<float>(float64(1e300), OCFS_NUMBER_FLOAT32));
  auto single = number(OCFS_NUMBER_FLOAT32, 0.1f);
  EXPECT_EQ(std::make_pair(true, static_cast<double>(0.1f)),
            get<double>(single, OCFS_NUMBER_FLOAT64));
  EXPECT_EQ(std::make_pair(true, std::numeric_limits<float>::infinity()),
            get<float>(ocfs_number_positive_infinity, OCFS_NUMBER_FLOAT32));
}

// ---- Special values ---------------------------------------------------------------------------

TEST(Number, NaNAndInfinitiesAreSharedFloat64Constants) {
  const float kFloatInfinity = std::numeric_limits<float>::infinity();
  EXPECT_EQ(ocfs_number_nan, number(OCFS_NUMBER_FLOAT64, kNaN).get());
  EXPECT_EQ(ocfs_number_nan,
            number(OCFS_NUMBER_FLOAT32, std::numeric_limits<float>::quiet_NaN()).get());
  EXPECT_EQ(ocfs_number_nan, number(OCFS_NUMBER_CGFLOAT, -kNaN).get());
  EXPECT_EQ(ocfs_number_positive_infinity, number(OCFS_NUMBER_FLOAT64, kInfinity).get());
  EXPECT_EQ(ocfs_number_positive_infinity, number(OCFS_NUMBER_FLOAT, kFloatInfinity).get());
  EXPECT_EQ(ocfs_number_negative_infinity, number(OCFS_NUMBER_DOUBLE, -kInfinity).get());
  EXPECT_EQ(ocfs_number_negative_infinity, number(OCFS_NUMBER_FLOAT32, -kFloatInfinity).get());
  for (ocfs_number_ref constant :
       {ocfs_number_nan, ocfs_number_positive_infinity, ocfs_number_negative_infinity}) {
    EXPECT_EQ(OCFS_NUMBER_FLOAT64, ocfs_number_get_type(constant));
    EXPECT_EQ(8, ocfs_number_get_byte_size(constant));
    EXPECT_TRUE(ocfs_number_is_float_type(constant));
    EXPECT_EQ(OCFS_IMMORTAL_RETAIN_COUNT, ocfs_get_retain_count(constant));
  }
  EXPECT_EQ(std::make_pair(true, -kInfinity),
            get<double>(ocfs_number_negative_infinity, OCFS_NUMBER_FLOAT64));
}

TEST(Number, NegativeZeroKeepsItsSign) {
  auto negative_zero = float64(-0.0);
  ASSERT_NE(nullptr, negative_zero.get());
  auto [exact, value] = get<double>(negative_zero, OCFS_NUMBER_FLOAT64);
  EXPECT_TRUE(exact);
  EXPECT_TRUE(std::signbit(value));
}

// ---- Ordering ---------------------------------------------------------------------------------

TEST(Number, CompareIntegers) {
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(int64(3), int64(5)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(int64(5), int64(3)));
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare(number(OCFS_NUMBER_SINT8, int8_t{100}), int64(100)));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(int64(INT64_MIN), int64(INT64_MAX)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(int64(INT64_MAX), int64(INT64_MAX - 1)));
}

TEST(Number, CompareIntegerWithFloat) {
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare(int64(3), float64(3.0)));
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare(float64(3.0), int64(3)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(float64(3.5), int64(3)));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(int64(3), float64(3.5)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(float64(-3.5), int64(-4)));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(float64(-3.5), int64(-3)));
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare(number(OCFS_NUMBER_FLOAT32, 2.0f), int64(2)));
}

TEST(Number, CompareIntegerWithFloatIsExactBeyondDoublePrecision) {
  const int64_t two53 = int64_t{1} << 53;
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(int64(two53 + 1), float64(9007199254740992.0)));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(float64(9007199254740992.0), int64(two53 + 1)));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(int64(INT64_MAX), float64(9223372036854775808.0)));
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare(int64(INT64_MIN), float64(-9223372036854775808.0)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(ocfs_number_positive_infinity, int64(INT64_MAX)));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(ocfs_number_negative_infinity, int64(INT64_MIN)));
}

TEST(Number, CompareSignedZeros) {
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(float64(-0.0), float64(0.0)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(float64(0.0), float64(-0.0)));
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare(float64(-0.0), float64(-0.0)));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(float64(-0.0), int64(0)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(int64(0), float64(-0.0)));
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare(float64(0.0), int64(0)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(float64(-0.0), int64(-1)));
}

TEST(Number, CompareNaNSitsBetweenNegativeAndPositive) {
  EXPECT_EQ(OCFS_COMPARE_EQUAL_TO, compare(ocfs_number_nan, ocfs_number_nan));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(ocfs_number_nan, float64(1.0)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(float64(1.0), ocfs_number_nan));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(ocfs_number_nan, float64(-1.0)));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(float64(-1.0), ocfs_number_nan));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(ocfs_number_nan, float64(0.0)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(ocfs_number_nan, float64(-0.0)));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(ocfs_number_nan, ocfs_number_positive_infinity));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(ocfs_number_nan, ocfs_number_negative_infinity));
  EXPECT_EQ(OCFS_COMPARE_LESS_THAN, compare(ocfs_number_nan, int64(5)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(ocfs_number_nan, int64(-5)));
  EXPECT_EQ(OCFS_COMPARE_GREATER_THAN, compare(int64(5), ocfs_number_nan));
}

// ---- Equality and hashing ---------------------------------------------------------------------

TEST(Number, EqualIntegerAndFloatAreEqualWithEqualHash) {
  auto three = number(OCFS_NUMBER_SINT32, int32_t{3});
  auto three_point_zero = float64(3.0);
  EXPECT_TRUE(ocfs_equal(three, three_point_zero));
  EXPECT_EQ(ocfs_hash(three), ocfs_hash(three_point_zero));
  EXPECT_FALSE(ocfs_equal(three, float64(3.5)));

  auto byte = number(OCFS_NUMBER_SINT8, int8_t{-100});
  auto wide = int64(-100);
  EXPECT_TRUE(ocfs_equal(byte, wide));
  EXPECT_EQ(ocfs_hash(byte), ocfs_hash(wide));

  auto single = number(OCFS_NUMBER_FLOAT32, 1.5f);
  auto dbl = float64(1.5);
  EXPECT_TRUE(ocfs_equal(single, dbl));
  EXPECT_EQ(ocfs_hash(single), ocfs_hash(dbl));
  EXPECT_FALSE(ocfs_equal(number(OCFS_NUMBER_FLOAT32, 0.1f), float64(0.1)));
}

TEST(Number, EqualFollowsCompare) {
  EXPECT_FALSE(ocfs_equal(float64(-0.0), float64(0.0)));
  EXPECT_FALSE(ocfs_equal(float64(-0.0), int64(0)));
  EXPECT_TRUE(ocfs_equal(ocfs_number_nan, number(OCFS_NUMBER_FLOAT32, std::nanf(""))));
  EXPECT_FALSE(ocfs_equal(ocfs_number_nan, float64(0.0)));
  EXPECT_FALSE(ocfs_equal(int64(1), ocfs_boolean_true));
  EXPECT_FALSE(ocfs_equal(int64(1), OCFS_STR("1")));
}

// ---- Descriptions -----------------------------------------------------------------------------

TEST(Number, DescriptionOfIntegersHasSignAndType) {
  const std::pair<Owned<ocfs_number_ref>, const char *> cases[] = {
      {int64(42), ">{value = +42, type = kCFNumberSInt64Type}"},
      {number(OCFS_NUMBER_SINT32, int32_t{-70000}),
       ">{value = -70000, type = kCFNumberSInt32Type}"},
      {number(OCFS_NUMBER_SHORT, short{300}), ">{value = +300, type = kCFNumberSInt16Type}"},
      {number(OCFS_NUMBER_CHAR, static_cast<char>(-100)),
       ">{value = -100, type = kCFNumberSInt8Type}"},
  };
  for (const auto &[n, suffix] : cases) {
    std::string description = description_of(n);
    EXPECT_EQ(0u, description.rfind("<CFNumber 0x", 0)) << description;
    EXPECT_TRUE(ends_with(description, suffix)) << description;
  }
}

TEST(Number, DescriptionOfFloats) {
  const std::pair<Owned<ocfs_number_ref>, const char *> cases[] = {
      {float64(1.5), ">{value = +1.50000000000000000000, type = kCFNumberFloat64Type}"},
      {float64(-2.0), ">{value = -2.00000000000000000000, type = kCFNumberFloat64Type}"},
      {number(OCFS_NUMBER_FLOAT32, 1.5f), ">{value = +1.5000000000, type = kCFNumberFloat32Type}"},
      {float64(kNaN), ">{value = nan, type = kCFNumberFloat64Type}"},
      {float64(kInfinity), ">{value = +infinity, type = kCFNumberFloat64Type}"},
      {float64(-kInfinity), ">{value = -infinity, type = kCFNumberFloat64Type}"},
      {float64(-0.0), ">{value = -0.0, type = kCFNumberFloat64Type}"},
      {float64(0.0), ">{value = +0.0, type = kCFNumberFloat64Type}"},
  };
  for (const auto &[n, suffix] : cases) {
    std::string description = description_of(n);
    EXPECT_EQ(0u, description.rfind("<CFNumber 0x", 0)) << description;
    EXPECT_TRUE(ends_with(description, suffix)) << description;
  }
}

TEST(Number, FormatsAsPlainValue) {
  EXPECT_EQ("42", formatted(int64(42)));
  EXPECT_EQ("-7", formatted(number(OCFS_NUMBER_SINT16, int16_t{-7})));
  EXPECT_EQ("-9223372036854775808", formatted(int64(INT64_MIN)));
  EXPECT_EQ("1.5", formatted(float64(1.5)));
  EXPECT_EQ("0.10000000000000001", formatted(float64(0.1)));  // %.17g
  EXPECT_EQ("1e+100", formatted(float64(1e100)));
  EXPECT_EQ("nan", formatted(ocfs_number_nan));
  EXPECT_EQ("+infinity", formatted(ocfs_number_positive_infinity));
  EXPECT_EQ("-infinity", formatted(ocfs_number_negative_infinity));
  EXPECT_EQ("0.0", formatted(float64(0.0)));
  EXPECT_EQ("-0.0", formatted(float64(-0.0)));
}

TEST(Number, TypeIdIsDistinct) {
  ocfs_type_id type = ocfs_number_get_type_id();
  EXPECT_NE(0u, type);
  EXPECT_NE(ocfs_string_get_type_id(), type);
  EXPECT_NE(ocfs_boolean_get_type_id(), type);
  EXPECT_EQ(type, ocfs_get_type_id(ocfs_number_nan));
  EXPECT_EQ("CFNumber", take_text(ocfs_copy_type_id_description(type)));
}

}  // namespace
