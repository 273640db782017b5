/* OpenCFStream: library set-up and the platform's native socket type. */
#ifndef OPENCFSTREAM_LIBRARY_H
#define OPENCFSTREAM_LIBRARY_H

#include <stdint.h>

#include "base.h"

OCFS_EXTERN_C_BEGIN

/* A native socket: an int descriptor on POSIX, a Winsock SOCKET (an unsigned pointer-sized
 * integer) on Windows. This is CFSocketNativeHandle. */
#if defined(_WIN32)
typedef uintptr_t ocfs_socket_native_handle;
#define OCFS_INVALID_SOCKET ((ocfs_socket_native_handle) ~(uintptr_t)0)
#else
typedef int ocfs_socket_native_handle;
#define OCFS_INVALID_SOCKET (-1)
#endif

/* Prepares what the library needs from the system: Winsock 2.2 on Windows and OpenSSL.
 * Idempotent and thread-safe; every entry point that needs it calls it, so applications never
 * have to. Returns false if the system refused (the library then reports errors, never crashes). */
OCFS_EXPORT ocfs_bool ocfs_library_init(void);

/* Releases Winsock (WSACleanup). Idempotent and thread-safe; call it once at exit, after the last
 * stream is gone, if you want Winsock released before the process ends. A later call of
 * ocfs_library_init starts over. OpenSSL cleans up by itself at exit. */
OCFS_EXPORT void ocfs_library_shutdown(void);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_LIBRARY_H */
