// CFNumber: integers kept as int64, floating point as double (Float32 values widen exactly).
// Conversions report loss honestly: a value that does not survive the round trip returns false.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include <opencfstream/number.h>

#include "cf/classes.hpp"
#include "cf/object.hpp"

struct ocfs_number : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kNumber;

  constexpr ocfs_number(ocfs_number_type t, int64_t v, bool is_immortal = false)
      : Object(kTypeId, is_immortal), type(t), is_float(false), integer(v), real(0) {}
  constexpr ocfs_number(ocfs_number_type t, double v, bool is_immortal = false)
      : Object(kTypeId, is_immortal), type(t), is_float(true), integer(0), real(v) {}

  ocfs_number_type type;  // canonical: SInt8/16/32/64, Float32 or Float64
  bool is_float;
  int64_t integer;
  double real;
};

namespace ocfs::cf {
namespace {

constexpr bool kLongIs64 = sizeof(long) == 8;

constinit ocfs_number g_positive_infinity(OCFS_NUMBER_FLOAT64,
                                          std::numeric_limits<double>::infinity(), true);
constinit ocfs_number g_negative_infinity(OCFS_NUMBER_FLOAT64,
                                          -std::numeric_limits<double>::infinity(), true);
constinit ocfs_number g_nan(OCFS_NUMBER_FLOAT64, std::numeric_limits<double>::quiet_NaN(), true);

// The storage type Apple reports for each requested type (0 for an unknown one).
ocfs_number_type canonical_type(ocfs_number_type type) {
  switch (type) {
    case OCFS_NUMBER_SINT8:
    case OCFS_NUMBER_CHAR:
      return OCFS_NUMBER_SINT8;
    case OCFS_NUMBER_SINT16:
    case OCFS_NUMBER_SHORT:
      return OCFS_NUMBER_SINT16;
    case OCFS_NUMBER_SINT32:
    case OCFS_NUMBER_INT:
      return OCFS_NUMBER_SINT32;
    case OCFS_NUMBER_LONG:
      return kLongIs64 ? OCFS_NUMBER_SINT64 : OCFS_NUMBER_SINT32;
    case OCFS_NUMBER_SINT64:
    case OCFS_NUMBER_LONG_LONG:
      return OCFS_NUMBER_SINT64;
    case OCFS_NUMBER_CFINDEX:
    case OCFS_NUMBER_NSINTEGER:
      return sizeof(ocfs_index) == 8 ? OCFS_NUMBER_SINT64 : OCFS_NUMBER_SINT32;
    case OCFS_NUMBER_FLOAT32:
    case OCFS_NUMBER_FLOAT:
      return OCFS_NUMBER_FLOAT32;
    case OCFS_NUMBER_FLOAT64:
    case OCFS_NUMBER_DOUBLE:
    case OCFS_NUMBER_CGFLOAT:
      return OCFS_NUMBER_FLOAT64;
    default:
      return 0;
  }
}

bool is_float_type(ocfs_number_type canonical) {
  return canonical == OCFS_NUMBER_FLOAT32 || canonical == OCFS_NUMBER_FLOAT64;
}

size_t byte_size(ocfs_number_type canonical) {
  switch (canonical) {
    case OCFS_NUMBER_SINT8:
      return 1;
    case OCFS_NUMBER_SINT16:
      return 2;
    case OCFS_NUMBER_SINT32:
    case OCFS_NUMBER_FLOAT32:
      return 4;
    default:
      return 8;
  }
}

template <typename T>
T load(const void *ptr) {
  T value;
  std::memcpy(&value, ptr, sizeof value);
  return value;
}

template <typename T>
void store(void *ptr, T value) {
  if (ptr != nullptr) std::memcpy(ptr, &value, sizeof value);
}

int64_t load_integer(ocfs_number_type canonical, const void *ptr) {
  switch (byte_size(canonical)) {
    case 1:
      return load<int8_t>(ptr);
    case 2:
      return load<int16_t>(ptr);
    case 4:
      return load<int32_t>(ptr);
    default:
      return load<int64_t>(ptr);
  }
}

// Integer conversion of a double, truncated toward zero and saturated so it is always defined.
// Reports whether the value survived unchanged.
bool double_to_int64(double value, int64_t &out) {
  if (std::isnan(value)) {
    out = 0;
    return false;
  }
  constexpr double kTwo63 = 9223372036854775808.0;
  if (value >= kTwo63) {
    out = std::numeric_limits<int64_t>::max();
    return false;
  }
  if (value < -kTwo63) {
    out = std::numeric_limits<int64_t>::min();
    return false;
  }
  out = static_cast<int64_t>(value);
  return static_cast<double>(out) == value;
}

bool fits(int64_t value, size_t bytes) {
  if (bytes >= 8) return true;
  int64_t limit = int64_t{1} << (bytes * 8 - 1);
  return value >= -limit && value < limit;
}

void store_integer(void *ptr, size_t bytes, int64_t value) {
  switch (bytes) {
    case 1:
      return store(ptr, static_cast<int8_t>(value));
    case 2:
      return store(ptr, static_cast<int16_t>(value));
    case 4:
      return store(ptr, static_cast<int32_t>(value));
    default:
      return store(ptr, value);
  }
}

bool get_as_integer(const ocfs_number &n, size_t bytes, void *out) {
  int64_t value = n.integer;
  bool exact = n.is_float ? double_to_int64(n.real, value) : true;
  // Saturate rather than wrap, so a lossy read gives the nearest representable value.
  if (!fits(value, bytes)) {
    int64_t limit = int64_t{1} << (bytes * 8 - 1);
    value = value < 0 ? -limit : limit - 1;
    exact = false;
  }
  store_integer(out, bytes, value);
  return exact;
}

bool get_as_float(const ocfs_number &n, ocfs_number_type target, void *out) {
  if (target == OCFS_NUMBER_FLOAT64) {
    double value = n.is_float ? n.real : static_cast<double>(n.integer);
    store(out, value);
    if (n.is_float) return !std::isnan(value) || n.type == OCFS_NUMBER_FLOAT64;
    int64_t back;
    return double_to_int64(value, back) && back == n.integer;
  }
  float value = n.is_float ? static_cast<float>(n.real) : static_cast<float>(n.integer);
  store(out, value);
  if (n.is_float) {
    if (std::isnan(n.real)) return n.type == OCFS_NUMBER_FLOAT32;
    return static_cast<double>(value) == n.real;
  }
  int64_t back;
  return double_to_int64(static_cast<double>(value), back) && back == n.integer;
}

int sign_of(bool less, bool greater) {
  return less ? -1 : greater ? 1 : 0;
}

int compare_doubles(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) {
    if (std::isnan(a) && std::isnan(b)) return 0;
    // Apple's order: NaN sits between the negatives and the positives (zeros count by sign).
    return std::isnan(a) ? (std::signbit(b) ? 1 : -1) : (std::signbit(a) ? -1 : 1);
  }
  if (a == 0 && b == 0)
    return sign_of(std::signbit(a) && !std::signbit(b), !std::signbit(a) && std::signbit(b));
  return sign_of(a<b, a> b);
}

int compare_double_with_integer(double d, int64_t i) {
  if (std::isnan(d)) return i < 0 ? 1 : -1;
  if (d == 0 && i == 0) return std::signbit(d) ? -1 : 0;
  constexpr double kTwo63 = 9223372036854775808.0;
  if (d >= kTwo63) return 1;
  if (d < -kTwo63) return -1;
  double floor_d = std::floor(d);
  auto whole = static_cast<int64_t>(floor_d);
  if (whole != i) return whole < i ? -1 : 1;
  return d > floor_d ? 1 : 0;
}

int compare_numbers(const ocfs_number &a, const ocfs_number &b) {
  if (!a.is_float && !b.is_float) return sign_of(a.integer<b.integer, a.integer> b.integer);
  if (a.is_float && b.is_float) return compare_doubles(a.real, b.real);
  return a.is_float ? compare_double_with_integer(a.real, b.integer)
                    : -compare_double_with_integer(b.real, a.integer);
}

const ocfs_number &number_of(const Object *object) {
  return *static_cast<const ocfs_number *>(object);
}

ocfs_hash_code hash_number(const Object *object) {
  const ocfs_number &n = number_of(object);
  int64_t whole = n.integer;
  // Integral floats hash like the equal integer, so equal numbers hash alike.
  if (n.is_float && !double_to_int64(n.real, whole)) return hash_bytes(&n.real, sizeof n.real);
  return hash_bytes(&whole, sizeof whole);
}

const char *type_name(ocfs_number_type canonical) {
  switch (canonical) {
    case OCFS_NUMBER_SINT8:
      return "kCFNumberSInt8Type";
    case OCFS_NUMBER_SINT16:
      return "kCFNumberSInt16Type";
    case OCFS_NUMBER_SINT32:
      return "kCFNumberSInt32Type";
    case OCFS_NUMBER_FLOAT32:
      return "kCFNumberFloat32Type";
    case OCFS_NUMBER_FLOAT64:
      return "kCFNumberFloat64Type";
    default:
      return "kCFNumberSInt64Type";
  }
}

std::string special_float_text(double value, const char *zero_text) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "+infinity" : "-infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : zero_text;
  return {};
}

std::string describe_number(const Object *object) {
  const ocfs_number &n = number_of(object);
  char value[64];
  if (!n.is_float) {
    std::snprintf(value, sizeof value, "%+lld", static_cast<long long>(n.integer));
  } else if (std::string special = special_float_text(n.real, "+0.0"); !special.empty()) {
    std::snprintf(value, sizeof value, "%s", special.c_str());
  } else {
    std::snprintf(value, sizeof value, "%+.*f", n.type == OCFS_NUMBER_FLOAT32 ? 10 : 20, n.real);
  }
  return described(object, std::string("value = ") + value + ", type = " + type_name(n.type));
}

std::string format_number(const Object *object) {
  const ocfs_number &n = number_of(object);
  if (!n.is_float) return std::to_string(n.integer);
  if (std::string special = special_float_text(n.real, "0.0"); !special.empty()) return special;
  char value[64];
  std::snprintf(value, sizeof value, "%.17g", n.real);
  return value;
}

}  // namespace

const Class kNumberClass = {
    "CFNumber",
    destroy_as<ocfs_number>,
    [](const Object *a, const Object *b) {
      return compare_numbers(number_of(a), number_of(b)) == 0;
    },
    hash_number,
    describe_number,
    format_number,
};

}  // namespace ocfs::cf

using namespace ocfs::cf;

extern "C" {

const ocfs_number_ref ocfs_number_positive_infinity = &g_positive_infinity;
const ocfs_number_ref ocfs_number_negative_infinity = &g_negative_infinity;
const ocfs_number_ref ocfs_number_nan = &g_nan;

ocfs_type_id ocfs_number_get_type_id(void) {
  return public_type_id(TypeId::kNumber);
}

ocfs_number_ref ocfs_number_create(ocfs_allocator_ref, ocfs_number_type type,
                                   const void *value_ptr) {
  ocfs_number_type canonical = canonical_type(type);
  if (canonical == 0 || value_ptr == nullptr) return nullptr;
  if (!is_float_type(canonical)) {
    return make<ocfs_number>(canonical, load_integer(canonical, value_ptr));
  }
  double value = canonical == OCFS_NUMBER_FLOAT32 ? static_cast<double>(load<float>(value_ptr))
                                                  : load<double>(value_ptr);
  // Like Apple, NaN and the infinities are the shared Float64 constants whatever was asked for.
  if (std::isnan(value)) return &g_nan;
  if (std::isinf(value)) return value > 0 ? &g_positive_infinity : &g_negative_infinity;
  return make<ocfs_number>(canonical, value);
}

ocfs_number_type ocfs_number_get_type(ocfs_number_ref number) {
  const auto *n = as<ocfs_number>(number);
  return n != nullptr ? n->type : 0;
}

ocfs_index ocfs_number_get_byte_size(ocfs_number_ref number) {
  const auto *n = as<ocfs_number>(number);
  return n != nullptr ? static_cast<ocfs_index>(byte_size(n->type)) : 0;
}

ocfs_bool ocfs_number_is_float_type(ocfs_number_ref number) {
  const auto *n = as<ocfs_number>(number);
  return n != nullptr && n->is_float ? OCFS_TRUE : OCFS_FALSE;
}

ocfs_bool ocfs_number_get_value(ocfs_number_ref number, ocfs_number_type type, void *value_ptr) {
  const auto *n = as<ocfs_number>(number);
  ocfs_number_type target = canonical_type(type);
  if (n == nullptr || target == 0 || value_ptr == nullptr) return OCFS_FALSE;
  bool exact = is_float_type(target) ? get_as_float(*n, target, value_ptr)
                                     : get_as_integer(*n, byte_size(target), value_ptr);
  return exact ? OCFS_TRUE : OCFS_FALSE;
}

ocfs_comparison_result ocfs_number_compare(ocfs_number_ref a, ocfs_number_ref b, void *) {
  const auto *x = as<ocfs_number>(a);
  const auto *y = as<ocfs_number>(b);
  if (x == nullptr || y == nullptr) return x == y ? 0 : (x == nullptr ? -1 : 1);
  return compare_numbers(*x, *y);
}

}  // extern "C"
