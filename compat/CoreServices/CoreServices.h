/* OpenCFStream compat: <CoreServices/CoreServices.h>. Apple's macOS code includes this umbrella;
 * here it brings in CoreFoundation (CFNetwork joins it with the socket-stream issue). */
#ifndef OCFS_COMPAT_CORESERVICES_H
#define OCFS_COMPAT_CORESERVICES_H

#include <CoreFoundation/CoreFoundation.h>

#endif /* OCFS_COMPAT_CORESERVICES_H */
