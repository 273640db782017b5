/* OpenCFStream compat: <CFNetwork/CFHost.h>. A host object that names the peer of a socket-stream
 * pair (CFStreamCreatePairWithSocketToCFHost): created from a name or an address and read back.
 * Resolution on request (CFHostStartInfoResolution), its client and run-loop scheduling,
 * CFHostGetReachability and CFHostCancelInfoResolution are absent (docs/COMPAT.md); a pair
 * resolves its host's name itself when it opens. */
#ifndef OCFS_COMPAT_CFHOST_H
#define OCFS_COMPAT_CFHOST_H

#include <CoreFoundation/CoreFoundation.h>
#include <CoreFoundation/CFStream.h>

typedef ocfs_host_ref CFHostRef;

/* Stream error domains, `extern const SInt32` on Apple; constant expressions here, so they also
 * work in `case` labels and static assertions. In NetDB the error is the platform's getaddrinfo
 * EAI_* value. */
#define kCFStreamErrorDomainNetDB ((SInt32)OCFS_STREAM_ERROR_DOMAIN_NETDB)
#define kCFStreamErrorDomainSystemConfiguration \
  ((SInt32)OCFS_STREAM_ERROR_DOMAIN_SYSTEM_CONFIGURATION)

typedef CF_ENUM(int, CFHostInfoType) {
  kCFHostAddresses = 0,
  kCFHostNames = 1,
  kCFHostReachability = 2,
};

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID CFHostGetTypeID(void) {
  return (CFTypeID)ocfs_host_get_type_id();
}
CF_INLINE CFHostRef CFHostCreateWithName(CFAllocatorRef allocator, CFStringRef hostname) {
  return (CFHostRef)ocfs_host_create_with_name(allocator, hostname);
}
/* `addr` holds a struct sockaddr_in or sockaddr_in6 (NULL for anything else). */
CF_INLINE CFHostRef CFHostCreateWithAddress(CFAllocatorRef allocator, CFDataRef addr) {
  return (CFHostRef)ocfs_host_create_with_address(allocator, addr);
}
CF_INLINE CFHostRef CFHostCreateCopy(CFAllocatorRef alloc, CFHostRef host) {
  return (CFHostRef)ocfs_host_create_copy(alloc, host);
}
/* What the host was created with (borrowed), or NULL with *hasBeenResolved FALSE. */
CF_INLINE CFArrayRef CFHostGetAddressing(CFHostRef theHost, Boolean *hasBeenResolved) {
  return (CFArrayRef)ocfs_host_get_addressing(theHost, hasBeenResolved);
}
CF_INLINE CFArrayRef CFHostGetNames(CFHostRef theHost, Boolean *hasBeenResolved) {
  return (CFArrayRef)ocfs_host_get_names(theHost, hasBeenResolved);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFHOST_H */
