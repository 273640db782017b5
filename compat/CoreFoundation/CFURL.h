/* OpenCFStream compat: <CoreFoundation/CFURL.h>. File URLs (the part of CFURL that file streams
 * need). */
#ifndef OCFS_COMPAT_CFURL_H
#define OCFS_COMPAT_CFURL_H

#include <CoreFoundation/CFBase.h>

typedef ocfs_url_ref CFURLRef;

typedef CF_ENUM(CFIndex, CFURLPathStyle) {
  kCFURLPOSIXPathStyle = 0,
  kCFURLHFSPathStyle = 1,
  kCFURLWindowsPathStyle = 2,
};

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID CFURLGetTypeID(void) {
  return (CFTypeID)ocfs_url_get_type_id();
}
CF_INLINE CFURLRef CFURLCreateWithFileSystemPath(CFAllocatorRef allocator, CFStringRef filePath,
                                                 CFURLPathStyle pathStyle, Boolean isDirectory) {
  return (CFURLRef)ocfs_url_create_with_file_system_path(allocator, filePath, pathStyle,
                                                         isDirectory);
}
CF_INLINE CFURLRef CFURLCreateFromFileSystemRepresentation(CFAllocatorRef allocator,
                                                           const UInt8 *buffer, CFIndex bufLen,
                                                           Boolean isDirectory) {
  return (CFURLRef)ocfs_url_create_from_file_system_representation(allocator, buffer, bufLen,
                                                                   isDirectory);
}
CF_INLINE CFURLRef CFURLCreateWithString(CFAllocatorRef allocator, CFStringRef URLString,
                                         CFURLRef baseURL) {
  return (CFURLRef)ocfs_url_create_with_string(allocator, URLString, baseURL);
}
CF_INLINE Boolean CFURLGetFileSystemRepresentation(CFURLRef url, Boolean resolveAgainstBase,
                                                   UInt8 *buffer, CFIndex maxBufLen) {
  return (Boolean)ocfs_url_get_file_system_representation(url, resolveAgainstBase, buffer,
                                                          maxBufLen);
}
CF_INLINE CFStringRef CFURLCopyFileSystemPath(CFURLRef anURL, CFURLPathStyle pathStyle) {
  return (CFStringRef)ocfs_url_copy_file_system_path(anURL, pathStyle);
}
CF_INLINE CFStringRef CFURLGetString(CFURLRef anURL) {
  return (CFStringRef)ocfs_url_get_string(anURL);
}
CF_INLINE Boolean CFURLHasDirectoryPath(CFURLRef anURL) {
  return (Boolean)ocfs_url_has_directory_path(anURL);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFURL_H */
