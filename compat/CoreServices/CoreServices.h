/* OpenCFStream compat: <CoreServices/CoreServices.h>. Apple's macOS code includes this umbrella;
 * here it brings in CoreFoundation and CFNetwork (its socket-stream part). */
#ifndef OCFS_COMPAT_CORESERVICES_H
#define OCFS_COMPAT_CORESERVICES_H

#include <CoreFoundation/CoreFoundation.h>
#include <CFNetwork/CFNetwork.h>

#endif /* OCFS_COMPAT_CORESERVICES_H */
