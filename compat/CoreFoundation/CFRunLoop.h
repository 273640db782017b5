/* OpenCFStream compat: <CoreFoundation/CFRunLoop.h>. Run-loop types (the run loop itself arrives
 * with the run-loop issue). */
#ifndef OCFS_COMPAT_CFRUNLOOP_H
#define OCFS_COMPAT_CFRUNLOOP_H

#include <CoreFoundation/CFBase.h>

typedef ocfs_run_loop_ref CFRunLoopRef;
typedef CFStringRef CFRunLoopMode;

#endif /* OCFS_COMPAT_CFRUNLOOP_H */
