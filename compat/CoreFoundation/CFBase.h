/* OpenCFStream compat: <CoreFoundation/CFBase.h>.
 *
 * Apple's names, types and values, mapped header-only onto the native ocfs_* API. Nothing here is
 * exported by the library under an Apple name, so a process can also load another CoreFoundation.
 */
#ifndef OCFS_COMPAT_CFBASE_H
#define OCFS_COMPAT_CFBASE_H

#if defined(__APPLE__) && !defined(OCFS_ALLOW_COMPAT_ON_APPLE)
#error \
    "OpenCFStream's compat headers would shadow Apple's frameworks; define OCFS_ALLOW_COMPAT_ON_APPLE to use them anyway"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <TargetConditionals.h>

/* The native API: from the include path when installed or linked through the CMake target, else
 * found beside this tree (so `-I compat` alone works in a source checkout). */
#if defined(__has_include)
#if __has_include(<opencfstream/ocfs.h>)
#include <opencfstream/ocfs.h>
#else
#include "../../include/opencfstream/ocfs.h"
#endif
#else
#include <opencfstream/ocfs.h>
#endif

/* ---- Language and availability macros Apple headers and apps use ----------------------------- */

#ifdef __cplusplus
#define CF_EXTERN_C_BEGIN extern "C" {
#define CF_EXTERN_C_END }
#else
#define CF_EXTERN_C_BEGIN
#define CF_EXTERN_C_END
#endif

#define CF_EXPORT extern
#define CF_INLINE static inline

/* Used as `typedef CF_ENUM(CFIndex, Name) { ... };`. In C++11 Name is an enum with a fixed
 * underlying type, as Apple's headers give under clang; the leading `typedef` then names a helper
 * alias (Name##_ocfs_underlying), which keeps the expansion valid for GCC as well. In C, Name is
 * the integer type plus an anonymous enum, exactly as Apple's plain-C fallback. */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define CF_ENUM(_type, _name)    \
  _type _name##_ocfs_underlying; \
  enum _name : _type
#define CF_OPTIONS(_type, _name) \
  _type _name;                   \
  enum : _type
#define CF_CLOSED_ENUM(_type, _name) CF_ENUM(_type, _name)
#else
#define CF_ENUM(_type, _name) \
  _type _name;                \
  enum
#define CF_OPTIONS(_type, _name) \
  _type _name;                   \
  enum
#define CF_CLOSED_ENUM(_type, _name) CF_ENUM(_type, _name)
#endif

#define CF_RETURNS_RETAINED
#define CF_RETURNS_NOT_RETAINED
#define CF_RELEASES_ARGUMENT
#define CF_CONSUMED
#define CF_NOESCAPE
#define CF_BRIDGED_TYPE(T)
#define CF_BRIDGED_MUTABLE_TYPE(T)
#define CF_RELATED_TYPE(T, C, I)
#define CF_IMPLICIT_BRIDGING_ENABLED
#define CF_IMPLICIT_BRIDGING_DISABLED
#define CF_ASSUME_NONNULL_BEGIN
#define CF_ASSUME_NONNULL_END
#define CF_SWIFT_NAME(N)
#define CF_REFINED_FOR_SWIFT
#define CF_AUTOMATED_REFCOUNT_UNAVAILABLE
#define CF_FORMAT_FUNCTION(F, A)
#define CF_FORMAT_ARGUMENT
#define CF_WARN_UNUSED_RESULT
#define CF_NOLOCAL
#ifndef __has_feature
#define __has_feature(x) 0
#endif
#ifndef __has_attribute
#define __has_attribute(x) 0
#endif
#ifndef __has_extension
#define __has_extension(x) 0
#endif
#if !defined(__clang__)
#ifndef _Nullable
#define _Nullable
#endif
#ifndef _Nonnull
#define _Nonnull
#endif
#ifndef _Null_unspecified
#define _Null_unspecified
#endif
#ifndef __nullable
#define __nullable
#endif
#ifndef __nonnull
#define __nonnull
#endif
#endif

#define CF_AVAILABLE(mac, ios)
#define CF_AVAILABLE_MAC(mac)
#define CF_AVAILABLE_IOS(ios)
#define CF_DEPRECATED(m0, m1, i0, i1)
#define CF_DEPRECATED_MAC(m0, m1)
#define CF_DEPRECATED_IOS(i0, i1)
#define CF_ENUM_AVAILABLE(mac, ios)
#define CF_ENUM_DEPRECATED(m0, m1, i0, i1)
#ifndef API_AVAILABLE
#define API_AVAILABLE(...)
#endif
#ifndef API_UNAVAILABLE
#define API_UNAVAILABLE(...)
#endif
#ifndef API_DEPRECATED
#define API_DEPRECATED(...)
#endif
#ifndef API_DEPRECATED_WITH_REPLACEMENT
#define API_DEPRECATED_WITH_REPLACEMENT(...)
#endif
#ifndef API_TO_BE_DEPRECATED
#define API_TO_BE_DEPRECATED 100000
#endif
#ifndef __OSX_AVAILABLE_STARTING
#define __OSX_AVAILABLE_STARTING(m, i)
#endif
#ifndef __OSX_AVAILABLE_BUT_DEPRECATED
#define __OSX_AVAILABLE_BUT_DEPRECATED(m0, m1, i0, i1)
#endif

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

/* ---- Base types -------------------------------------------------------------------------------
 */

typedef unsigned char Boolean;
typedef uint8_t UInt8;
typedef int8_t SInt8;
typedef uint16_t UInt16;
typedef int16_t SInt16;
typedef uint32_t UInt32;
typedef int32_t SInt32;
typedef uint64_t UInt64;
typedef int64_t SInt64;
typedef SInt32 OSStatus;
typedef float Float32;
typedef double Float64;
typedef UInt16 UniChar;
typedef UInt32 UTF32Char;
typedef UInt8 *StringPtr;
typedef const unsigned char *ConstStringPtr;

typedef ocfs_index CFIndex;
typedef ocfs_option_flags CFOptionFlags;
typedef ocfs_type_id CFTypeID;
typedef ocfs_hash_code CFHashCode;
typedef const void *CFTypeRef;
typedef ocfs_allocator_ref CFAllocatorRef;
typedef ocfs_string_ref CFStringRef;
typedef ocfs_mutable_string_ref CFMutableStringRef;
typedef ocfs_null_ref CFNullRef;
typedef CFTypeRef CFPropertyListRef;
typedef double CFTimeInterval;
typedef CFTimeInterval CFAbsoluteTime;

typedef ocfs_range CFRange;
CF_INLINE CFRange CFRangeMake(CFIndex location, CFIndex length) {
  CFRange range;
  range.location = location;
  range.length = length;
  return range;
}

typedef CF_ENUM(CFIndex, CFComparisonResult) {
  kCFCompareLessThan = -1,
  kCFCompareEqualTo = 0,
  kCFCompareGreaterThan = 1,
};
typedef CFComparisonResult (*CFComparatorFunction)(const void *val1, const void *val2,
                                                   void *context);

#define kCFNotFound ((CFIndex)-1)

/* ---- Allocators -------------------------------------------------------------------------------
 */

typedef ocfs_allocator_retain_fn CFAllocatorRetainCallBack;
typedef ocfs_allocator_release_fn CFAllocatorReleaseCallBack;
typedef ocfs_allocator_copy_description_fn CFAllocatorCopyDescriptionCallBack;
typedef ocfs_allocator_allocate_fn CFAllocatorAllocateCallBack;
typedef ocfs_allocator_reallocate_fn CFAllocatorReallocateCallBack;
typedef ocfs_allocator_deallocate_fn CFAllocatorDeallocateCallBack;
typedef ocfs_allocator_preferred_size_fn CFAllocatorPreferredSizeCallBack;
typedef ocfs_allocator_context CFAllocatorContext;

#define kCFAllocatorDefault ((CFAllocatorRef)NULL)
#define kCFAllocatorSystemDefault (ocfs_allocator_system_default)
#define kCFAllocatorMalloc (ocfs_allocator_malloc)
#define kCFAllocatorMallocZone (ocfs_allocator_malloc_zone)
#define kCFAllocatorNull (ocfs_allocator_null)
#define kCFAllocatorUseContext (ocfs_allocator_use_context)

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID CFAllocatorGetTypeID(void) {
  return ocfs_allocator_get_type_id();
}
CF_INLINE CFAllocatorRef CFAllocatorGetDefault(void) {
  return ocfs_allocator_get_default();
}
CF_INLINE CFAllocatorRef CFAllocatorCreate(CFAllocatorRef allocator, CFAllocatorContext *context) {
  return ocfs_allocator_create(allocator, context);
}
CF_INLINE void *CFAllocatorAllocate(CFAllocatorRef allocator, CFIndex size, CFOptionFlags hint) {
  return ocfs_allocator_allocate(allocator, size, hint);
}
CF_INLINE void *CFAllocatorReallocate(CFAllocatorRef allocator, void *ptr, CFIndex newsize,
                                      CFOptionFlags hint) {
  return ocfs_allocator_reallocate(allocator, ptr, newsize, hint);
}
CF_INLINE void CFAllocatorDeallocate(CFAllocatorRef allocator, void *ptr) {
  ocfs_allocator_deallocate(allocator, ptr);
}
CF_INLINE CFIndex CFAllocatorGetPreferredSizeForSize(CFAllocatorRef allocator, CFIndex size,
                                                     CFOptionFlags hint) {
  return ocfs_allocator_get_preferred_size_for_size(allocator, size, hint);
}
CF_INLINE void CFAllocatorGetContext(CFAllocatorRef allocator, CFAllocatorContext *context) {
  ocfs_allocator_get_context(allocator, context);
}

/* ---- Polymorphic functions --------------------------------------------------------------------
 */

CF_INLINE CFTypeRef CFRetain(CFTypeRef cf) {
  return ocfs_retain(cf);
}
CF_INLINE void CFRelease(CFTypeRef cf) {
  ocfs_release(cf);
}
/* CFAutorelease is deliberately absent: without an Objective-C autorelease pool it could only leak
 * or free too early (docs/COMPAT.md). */
CF_INLINE CFIndex CFGetRetainCount(CFTypeRef cf) {
  return ocfs_get_retain_count(cf);
}
CF_INLINE CFTypeID CFGetTypeID(CFTypeRef cf) {
  return ocfs_get_type_id(cf);
}
CF_INLINE Boolean CFEqual(CFTypeRef cf1, CFTypeRef cf2) {
  return ocfs_equal(cf1, cf2);
}
CF_INLINE CFHashCode CFHash(CFTypeRef cf) {
  return ocfs_hash(cf);
}
CF_INLINE CFStringRef CFCopyDescription(CFTypeRef cf) {
  return ocfs_copy_description(cf);
}
CF_INLINE CFStringRef CFCopyTypeIDDescription(CFTypeID type_id) {
  return ocfs_copy_type_id_description(type_id);
}
CF_INLINE CFAllocatorRef CFGetAllocator(CFTypeRef cf) {
  return ocfs_get_allocator(cf);
}
CF_INLINE CFTypeRef CFMakeCollectable(CFTypeRef cf) {
  return cf;
}
CF_INLINE void CFShow(CFTypeRef obj) {
  ocfs_show(obj);
}

/* ---- CFNull -----------------------------------------------------------------------------------
 */

#define kCFNull (ocfs_null_value)
CF_INLINE CFTypeID CFNullGetTypeID(void) {
  return ocfs_null_get_type_id();
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFBASE_H */
