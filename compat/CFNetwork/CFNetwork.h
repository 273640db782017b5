/* OpenCFStream compat: <CFNetwork/CFNetwork.h>, the umbrella header. Only the socket-stream part
 * of CFNetwork exists (CFHTTP*, CFFTP*, CFNetServices, CFProxySupport and CFNetDiagnostics are
 * absent; docs/COMPAT.md). */
#ifndef OCFS_COMPAT_CFNETWORK_H
#define OCFS_COMPAT_CFNETWORK_H

#include <CoreFoundation/CoreFoundation.h>
#include <CFNetwork/CFNetworkErrors.h>
#include <CFNetwork/CFSocketStream.h>
#include <CFNetwork/CFHost.h>

#endif /* OCFS_COMPAT_CFNETWORK_H */
