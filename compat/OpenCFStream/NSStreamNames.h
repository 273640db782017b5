/* OpenCFStream compat: the NSStream constant names, for C and C++ code ported from Objective-C
 * that keeps them. On Apple the NSStream constants ARE the CF strings (an NSStream property call is
 * a CFStream property call), so each name here is the CF constant itself. Foundation itself is
 * not provided; include this next to <CoreFoundation/CoreFoundation.h> and <CFNetwork/CFNetwork.h>.
 * NSString is CFStringRef here. */
#ifndef OCFS_COMPAT_NSSTREAMNAMES_H
#define OCFS_COMPAT_NSSTREAMNAMES_H

#include <CoreFoundation/CoreFoundation.h>
#include <CFNetwork/CFNetwork.h>

#define NSStreamSocketSecurityLevelKey kCFStreamPropertySocketSecurityLevel
#define NSStreamSocketSecurityLevelNone kCFStreamSocketSecurityLevelNone
#define NSStreamSocketSecurityLevelSSLv2 kCFStreamSocketSecurityLevelSSLv2
#define NSStreamSocketSecurityLevelSSLv3 kCFStreamSocketSecurityLevelSSLv3
#define NSStreamSocketSecurityLevelTLSv1 kCFStreamSocketSecurityLevelTLSv1
#define NSStreamSocketSecurityLevelNegotiatedSSL kCFStreamSocketSecurityLevelNegotiatedSSL
#define NSStreamDataWrittenToMemoryStreamKey kCFStreamPropertyDataWritten
#define NSStreamFileCurrentOffsetKey kCFStreamPropertyFileCurrentOffset
#define NSStreamNetworkServiceType kCFStreamNetworkServiceType
#define NSStreamNetworkServiceTypeVoIP kCFStreamNetworkServiceTypeVoIP
#define NSStreamNetworkServiceTypeVideo kCFStreamNetworkServiceTypeVideo
#define NSStreamNetworkServiceTypeBackground kCFStreamNetworkServiceTypeBackground
#define NSStreamNetworkServiceTypeVoice kCFStreamNetworkServiceTypeVoice
#define NSStreamNetworkServiceTypeCallSignaling kCFStreamNetworkServiceTypeCallSignaling

/* NSError domains (strings equal to the names; the library reports TLS failures in
 * NSOSStatusErrorDomain, as current Apple systems do, not in NSStreamSocketSSLErrorDomain). */
#define NSStreamSocketSSLErrorDomain CFSTR("NSStreamSocketSSLErrorDomain")
#define NSStreamSOCKSErrorDomain CFSTR("NSStreamSOCKSErrorDomain")

#endif /* OCFS_COMPAT_NSSTREAMNAMES_H */
