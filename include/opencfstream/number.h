/* OpenCFStream: numbers (CFNumber). */
#ifndef OPENCFSTREAM_NUMBER_H
#define OPENCFSTREAM_NUMBER_H

#include "base.h"

OCFS_EXTERN_C_BEGIN

typedef const struct ocfs_number *ocfs_number_ref;

typedef ocfs_index ocfs_number_type;
enum { /* Apple's CFNumberType values */
       OCFS_NUMBER_SINT8 = 1,
       OCFS_NUMBER_SINT16 = 2,
       OCFS_NUMBER_SINT32 = 3,
       OCFS_NUMBER_SINT64 = 4,
       OCFS_NUMBER_FLOAT32 = 5,
       OCFS_NUMBER_FLOAT64 = 6,
       OCFS_NUMBER_CHAR = 7,
       OCFS_NUMBER_SHORT = 8,
       OCFS_NUMBER_INT = 9,
       OCFS_NUMBER_LONG = 10,
       OCFS_NUMBER_LONG_LONG = 11,
       OCFS_NUMBER_FLOAT = 12,
       OCFS_NUMBER_DOUBLE = 13,
       OCFS_NUMBER_CFINDEX = 14,
       OCFS_NUMBER_NSINTEGER = 15,
       OCFS_NUMBER_CGFLOAT = 16,
       OCFS_NUMBER_MAX_TYPE = 16
};

OCFS_EXPORT extern const ocfs_number_ref ocfs_number_positive_infinity;
OCFS_EXPORT extern const ocfs_number_ref ocfs_number_negative_infinity;
OCFS_EXPORT extern const ocfs_number_ref ocfs_number_nan;

OCFS_EXPORT ocfs_type_id ocfs_number_get_type_id(void);
/* Reads a value of `type` from `value_ptr`. NULL for an unknown type or a NULL pointer. NaN and
 * the infinities return the shared Float64 constants below. */
OCFS_EXPORT ocfs_number_ref ocfs_number_create(ocfs_allocator_ref allocator, ocfs_number_type type,
                                               const void *value_ptr);
/* The storage type: SInt8/16/32/64 for integers, Float32/Float64 for floating point (Apple's
 * canonical types: Char -> SInt8, Int -> SInt32, Long/CFIndex/NSInteger -> SInt64 on 64-bit...). */
OCFS_EXPORT ocfs_number_type ocfs_number_get_type(ocfs_number_ref number);
OCFS_EXPORT ocfs_index ocfs_number_get_byte_size(ocfs_number_ref number);
OCFS_EXPORT ocfs_bool ocfs_number_is_float_type(ocfs_number_ref number);
/* Writes the value converted to `type`. Returns false when the conversion lost information (out of
 * range, fraction dropped, precision lost); the converted value is still written, saturated or
 * truncated toward zero. Returns false without writing for an unknown type or NULL. */
OCFS_EXPORT ocfs_bool ocfs_number_get_value(ocfs_number_ref number, ocfs_number_type type,
                                            void *value_ptr);
/* Numeric order across integer and floating types, Apple's: -0.0 sorts before +0.0 (and 0), NaN
 * equals NaN and sits between the negative and the non-negative values. */
OCFS_EXPORT ocfs_comparison_result ocfs_number_compare(ocfs_number_ref a, ocfs_number_ref b,
                                                       void *context);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_NUMBER_H */
