/* OpenCFStream compat: <CoreFoundation/CFSocket.h>. Only the two types stream code needs: the
 * native socket handle and the socket signature. The CFSocket object itself (CFSocketCreate…,
 * CFSocketCreateRunLoopSource, CFSocketSetAddress…) is absent (docs/COMPAT.md). */
#ifndef OCFS_COMPAT_CFSOCKET_H
#define OCFS_COMPAT_CFSOCKET_H

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFData.h>

/* An int descriptor on POSIX, a Winsock SOCKET (uintptr_t) on Windows, as Apple's CF. */
typedef ocfs_socket_native_handle CFSocketNativeHandle;

/* { SInt32 protocolFamily; SInt32 socketType; SInt32 protocol; CFDataRef address; } */
typedef ocfs_socket_signature CFSocketSignature;

#endif /* OCFS_COMPAT_CFSOCKET_H */
