/* OpenCFStream compat: <CoreFoundation/CFNumber.h>. Numbers and booleans. */
#ifndef OCFS_COMPAT_CFNUMBER_H
#define OCFS_COMPAT_CFNUMBER_H

#include <CoreFoundation/CFBase.h>

typedef ocfs_boolean_ref CFBooleanRef;
typedef ocfs_number_ref CFNumberRef;

typedef CF_ENUM(CFIndex, CFNumberType) {
  kCFNumberSInt8Type = 1,
  kCFNumberSInt16Type = 2,
  kCFNumberSInt32Type = 3,
  kCFNumberSInt64Type = 4,
  kCFNumberFloat32Type = 5,
  kCFNumberFloat64Type = 6,
  kCFNumberCharType = 7,
  kCFNumberShortType = 8,
  kCFNumberIntType = 9,
  kCFNumberLongType = 10,
  kCFNumberLongLongType = 11,
  kCFNumberFloatType = 12,
  kCFNumberDoubleType = 13,
  kCFNumberCFIndexType = 14,
  kCFNumberNSIntegerType = 15,
  kCFNumberCGFloatType = 16,
  kCFNumberMaxType = 16,
};

#define kCFBooleanTrue (ocfs_boolean_true)
#define kCFBooleanFalse (ocfs_boolean_false)
#define kCFNumberPositiveInfinity (ocfs_number_positive_infinity)
#define kCFNumberNegativeInfinity (ocfs_number_negative_infinity)
#define kCFNumberNaN (ocfs_number_nan)

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID CFBooleanGetTypeID(void) {
  return (CFTypeID)ocfs_boolean_get_type_id();
}
CF_INLINE Boolean CFBooleanGetValue(CFBooleanRef boolean) {
  return (Boolean)ocfs_boolean_get_value(boolean);
}
CF_INLINE CFTypeID CFNumberGetTypeID(void) {
  return (CFTypeID)ocfs_number_get_type_id();
}
CF_INLINE CFNumberRef CFNumberCreate(CFAllocatorRef allocator, CFNumberType theType,
                                     const void *valuePtr) {
  return (CFNumberRef)ocfs_number_create(allocator, theType, valuePtr);
}
CF_INLINE CFNumberType CFNumberGetType(CFNumberRef number) {
  return (CFNumberType)ocfs_number_get_type(number);
}
CF_INLINE CFIndex CFNumberGetByteSize(CFNumberRef number) {
  return (CFIndex)ocfs_number_get_byte_size(number);
}
CF_INLINE Boolean CFNumberIsFloatType(CFNumberRef number) {
  return (Boolean)ocfs_number_is_float_type(number);
}
CF_INLINE Boolean CFNumberGetValue(CFNumberRef number, CFNumberType theType, void *valuePtr) {
  return (Boolean)ocfs_number_get_value(number, theType, valuePtr);
}
CF_INLINE CFComparisonResult CFNumberCompare(CFNumberRef number, CFNumberRef otherNumber,
                                             void *context) {
  return (CFComparisonResult)ocfs_number_compare(number, otherNumber, context);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFNUMBER_H */
