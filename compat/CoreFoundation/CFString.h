/* OpenCFStream compat: <CoreFoundation/CFString.h>. Strings: UTF-8 inside, UTF-16 lengths and
 * ranges. */
#ifndef OCFS_COMPAT_CFSTRING_H
#define OCFS_COMPAT_CFSTRING_H

#include <stdarg.h>
#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFDictionary.h>

typedef UInt32 CFStringEncoding;
typedef CF_ENUM(CFStringEncoding, CFStringBuiltInEncodings) {
  kCFStringEncodingMacRoman = 0,
  kCFStringEncodingWindowsLatin1 = 0x0500,
  kCFStringEncodingISOLatin1 = 0x0201,
  kCFStringEncodingNextStepLatin = 0x0B01,
  kCFStringEncodingASCII = 0x0600,
  kCFStringEncodingUnicode = 0x0100,
  kCFStringEncodingUTF8 = 0x08000100,
  kCFStringEncodingNonLossyASCII = 0x0BFF,
  kCFStringEncodingUTF16 = 0x0100,
  kCFStringEncodingUTF16BE = 0x10000100,
  kCFStringEncodingUTF16LE = 0x14000100,
  kCFStringEncodingUTF32 = 0x0c000100,
  kCFStringEncodingUTF32BE = 0x18000100,
  kCFStringEncodingUTF32LE = 0x1c000100,
};
#define kCFStringEncodingInvalidId (0xffffffffU)

typedef CF_OPTIONS(CFOptionFlags, CFStringCompareFlags) {
  kCFCompareCaseInsensitive = 1,
  kCFCompareBackwards = 4,
  kCFCompareAnchored = 8,
  kCFCompareNonliteral = 16,
  kCFCompareLocalized = 32,
  kCFCompareNumerically = 64,
  kCFCompareDiacriticInsensitive = 128,
  kCFCompareWidthInsensitive = 256,
  kCFCompareForcedOrdering = 512,
};

/* An immortal constant string, valid in function bodies and in C file-scope initialisers. */
#define CFSTR(cStr) OCFS_STR(cStr)

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID CFStringGetTypeID(void) {
  return (CFTypeID)ocfs_string_get_type_id();
}
CF_INLINE CFStringRef CFStringCreateWithCString(CFAllocatorRef alloc, const char *cStr,
                                                CFStringEncoding encoding) {
  return (CFStringRef)ocfs_string_create_with_cstring(alloc, cStr, encoding);
}
CF_INLINE CFStringRef CFStringCreateWithBytes(CFAllocatorRef alloc, const UInt8 *bytes,
                                              CFIndex numBytes, CFStringEncoding encoding,
                                              Boolean isExternalRepresentation) {
  return (CFStringRef)ocfs_string_create_with_bytes(alloc, bytes, numBytes, encoding,
                                                    isExternalRepresentation);
}
CF_INLINE CFStringRef CFStringCreateWithCharacters(CFAllocatorRef alloc, const UniChar *chars,
                                                   CFIndex numChars) {
  return (CFStringRef)ocfs_string_create_with_characters(alloc, chars, numChars);
}
CF_INLINE CFStringRef CFStringCreateCopy(CFAllocatorRef alloc, CFStringRef theString) {
  return (CFStringRef)ocfs_string_create_copy(alloc, theString);
}
CF_INLINE CFStringRef CFStringCreateWithSubstring(CFAllocatorRef alloc, CFStringRef str,
                                                  CFRange range) {
  return (CFStringRef)ocfs_string_create_with_substring(alloc, str, range);
}
CF_INLINE CFStringRef CFStringCreateWithFormatAndArguments(CFAllocatorRef alloc,
                                                           CFDictionaryRef formatOptions,
                                                           CFStringRef format, va_list arguments) {
  return (CFStringRef)ocfs_string_create_with_format_and_arguments(alloc, formatOptions, format,
                                                                   arguments);
}
CF_INLINE CFIndex CFStringGetLength(CFStringRef theString) {
  return (CFIndex)ocfs_string_get_length(theString);
}
CF_INLINE UniChar CFStringGetCharacterAtIndex(CFStringRef theString, CFIndex idx) {
  return (UniChar)ocfs_string_get_character_at_index(theString, idx);
}
CF_INLINE void CFStringGetCharacters(CFStringRef theString, CFRange range, UniChar *buffer) {
  ocfs_string_get_characters(theString, range, buffer);
}
CF_INLINE Boolean CFStringGetCString(CFStringRef theString, char *buffer, CFIndex bufferSize,
                                     CFStringEncoding encoding) {
  return (Boolean)ocfs_string_get_cstring(theString, buffer, bufferSize, encoding);
}
CF_INLINE const char *CFStringGetCStringPtr(CFStringRef theString, CFStringEncoding encoding) {
  return (const char *)ocfs_string_get_cstring_ptr(theString, encoding);
}
CF_INLINE CFIndex CFStringGetMaximumSizeForEncoding(CFIndex length, CFStringEncoding encoding) {
  return (CFIndex)ocfs_string_get_maximum_size_for_encoding(length, encoding);
}
CF_INLINE CFStringEncoding CFStringGetSystemEncoding(void) {
  return (CFStringEncoding)ocfs_string_get_system_encoding();
}
CF_INLINE CFStringEncoding CFStringGetFastestEncoding(CFStringRef theString) {
  return (CFStringEncoding)ocfs_string_get_fastest_encoding(theString);
}
CF_INLINE CFComparisonResult CFStringCompare(CFStringRef theString1, CFStringRef theString2,
                                             CFStringCompareFlags compareOptions) {
  return (CFComparisonResult)ocfs_string_compare(theString1, theString2, compareOptions);
}
CF_INLINE Boolean CFStringHasPrefix(CFStringRef theString, CFStringRef prefix) {
  return (Boolean)ocfs_string_has_prefix(theString, prefix);
}
CF_INLINE Boolean CFStringHasSuffix(CFStringRef theString, CFStringRef suffix) {
  return (Boolean)ocfs_string_has_suffix(theString, suffix);
}
CF_INLINE CFRange CFStringFind(CFStringRef theString, CFStringRef stringToFind,
                               CFStringCompareFlags compareOptions) {
  return (CFRange)ocfs_string_find(theString, stringToFind, compareOptions);
}
CF_INLINE CFMutableStringRef CFStringCreateMutable(CFAllocatorRef alloc, CFIndex maxLength) {
  return (CFMutableStringRef)ocfs_string_create_mutable(alloc, maxLength);
}
CF_INLINE CFMutableStringRef CFStringCreateMutableCopy(CFAllocatorRef alloc, CFIndex maxLength,
                                                       CFStringRef theString) {
  return (CFMutableStringRef)ocfs_string_create_mutable_copy(alloc, maxLength, theString);
}
CF_INLINE void CFStringAppend(CFMutableStringRef theString, CFStringRef appendedString) {
  ocfs_string_append(theString, appendedString);
}
CF_INLINE void CFStringAppendCString(CFMutableStringRef theString, const char *cStr,
                                     CFStringEncoding encoding) {
  ocfs_string_append_cstring(theString, cStr, encoding);
}

/* Variadic functions cannot forward through an inline wrapper; these are macros. */
#define CFStringCreateWithFormat ocfs_string_create_with_format
#define CFStringAppendFormat ocfs_string_append_format

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFSTRING_H */
