/* OpenCFStream compat: <CoreFoundation/CFData.h>. Byte buffers. */
#ifndef OCFS_COMPAT_CFDATA_H
#define OCFS_COMPAT_CFDATA_H

#include <CoreFoundation/CFBase.h>

typedef ocfs_data_ref CFDataRef;
typedef ocfs_mutable_data_ref CFMutableDataRef;

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID CFDataGetTypeID(void) {
  return (CFTypeID)ocfs_data_get_type_id();
}
CF_INLINE CFDataRef CFDataCreate(CFAllocatorRef allocator, const UInt8 *bytes, CFIndex length) {
  return (CFDataRef)ocfs_data_create(allocator, bytes, length);
}
CF_INLINE CFDataRef CFDataCreateWithBytesNoCopy(CFAllocatorRef allocator, const UInt8 *bytes,
                                                CFIndex length, CFAllocatorRef bytesDeallocator) {
  return (CFDataRef)ocfs_data_create_with_bytes_no_copy(allocator, bytes, length, bytesDeallocator);
}
CF_INLINE CFDataRef CFDataCreateCopy(CFAllocatorRef allocator, CFDataRef theData) {
  return (CFDataRef)ocfs_data_create_copy(allocator, theData);
}
CF_INLINE CFMutableDataRef CFDataCreateMutable(CFAllocatorRef allocator, CFIndex capacity) {
  return (CFMutableDataRef)ocfs_data_create_mutable(allocator, capacity);
}
CF_INLINE CFMutableDataRef CFDataCreateMutableCopy(CFAllocatorRef allocator, CFIndex capacity,
                                                   CFDataRef theData) {
  return (CFMutableDataRef)ocfs_data_create_mutable_copy(allocator, capacity, theData);
}
CF_INLINE CFIndex CFDataGetLength(CFDataRef theData) {
  return (CFIndex)ocfs_data_get_length(theData);
}
CF_INLINE const UInt8 *CFDataGetBytePtr(CFDataRef theData) {
  return (const UInt8 *)ocfs_data_get_byte_ptr(theData);
}
CF_INLINE UInt8 *CFDataGetMutableBytePtr(CFMutableDataRef theData) {
  return (UInt8 *)ocfs_data_get_mutable_byte_ptr(theData);
}
CF_INLINE void CFDataGetBytes(CFDataRef theData, CFRange range, UInt8 *buffer) {
  ocfs_data_get_bytes(theData, range, buffer);
}
CF_INLINE void CFDataSetLength(CFMutableDataRef theData, CFIndex length) {
  ocfs_data_set_length(theData, length);
}
CF_INLINE void CFDataIncreaseLength(CFMutableDataRef theData, CFIndex extraLength) {
  ocfs_data_increase_length(theData, extraLength);
}
CF_INLINE void CFDataAppendBytes(CFMutableDataRef theData, const UInt8 *bytes, CFIndex length) {
  ocfs_data_append_bytes(theData, bytes, length);
}
CF_INLINE void CFDataReplaceBytes(CFMutableDataRef theData, CFRange range, const UInt8 *newBytes,
                                  CFIndex newLength) {
  ocfs_data_replace_bytes(theData, range, newBytes, newLength);
}
CF_INLINE void CFDataDeleteBytes(CFMutableDataRef theData, CFRange range) {
  ocfs_data_delete_bytes(theData, range);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFDATA_H */
