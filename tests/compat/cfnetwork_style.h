/* Shared by the C and C++ compat programs: every CFNetwork / socket-stream symbol of the compat
 * headers used the way Apple code uses it, without touching the network (pairs are created and
 * configured but never opened; hosts are only created and read back). */
#ifndef OCFS_TESTS_COMPAT_CFNETWORK_STYLE_H
#define OCFS_TESTS_COMPAT_CFNETWORK_STYLE_H

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <CoreServices/CoreServices.h>
#include <OpenCFStream/NSStreamNames.h>
#include <Security/Security.h>

#include "apple_style.h"

#ifdef __cplusplus
#define CFN_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
#define CFN_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif

/* Apple's numbers, usable as constant expressions as well as Apple's globals are used. */
CFN_STATIC_ASSERT(kCFStreamErrorDomainSSL == 3 && kCFStreamErrorDomainSOCKS == 5,
                  "CFStream.h error domains");
CFN_STATIC_ASSERT(kCFStreamErrorDomainNetDB == 12 && kCFStreamErrorDomainSystemConfiguration == 13,
                  "CFHost.h error domains");
CFN_STATIC_ASSERT(kCFStreamErrorDomainWinSock == 7, "WinSock domain (see docs/COMPAT.md)");
CFN_STATIC_ASSERT(kCFHostAddresses == 0 && kCFHostNames == 1 && kCFHostReachability == 2,
                  "CFHostInfoType");
CFN_STATIC_ASSERT(kCFHostErrorHostNotFound == 1 && kCFHostErrorUnknown == 2, "CFNetworkErrors");
CFN_STATIC_ASSERT(kCFSOCKSErrorUnknownClientVersion == 100 &&
                      kCFSOCKSErrorUnsupportedServerVersion == 101 &&
                      kCFSOCKS4ErrorRequestFailed == 110 && kCFSOCKS4ErrorIdentdFailed == 111 &&
                      kCFSOCKS4ErrorIdConflict == 112 && kCFSOCKS4ErrorUnknownStatusCode == 113 &&
                      kCFSOCKS5ErrorBadState == 120 && kCFSOCKS5ErrorBadResponseAddr == 121 &&
                      kCFSOCKS5ErrorBadCredentials == 122 &&
                      kCFSOCKS5ErrorUnsupportedNegotiationMethod == 123 &&
                      kCFSOCKS5ErrorNoAcceptableMethod == 124,
                  "CFNetworkErrors SOCKS");
CFN_STATIC_ASSERT(kCFErrorHTTPSProxyConnectionFailure == 310 &&
                      kCFURLErrorSecureConnectionFailed == -1200 &&
                      kCFURLErrorServerCertificateHasBadDate == -1201 &&
                      kCFURLErrorServerCertificateUntrusted == -1202 &&
                      kCFURLErrorServerCertificateHasUnknownRoot == -1203 &&
                      kCFURLErrorServerCertificateNotYetValid == -1204 &&
                      kCFURLErrorClientCertificateRejected == -1205 &&
                      kCFURLErrorClientCertificateRequired == -1206,
                  "CFNetworkErrors TLS");
CFN_STATIC_ASSERT(kCFURLErrorTimedOut == -1001 && kCFNetServiceErrorDNSServiceFailure == -73000,
                  "CFNetworkErrors URL and NetServices");
CFN_STATIC_ASSERT(kCFStreamErrorSOCKSSubDomainNone == 0 &&
                      kCFStreamErrorSOCKSSubDomainVersionCode == 1 &&
                      kCFStreamErrorSOCKS4SubDomainResponse == 2 &&
                      kCFStreamErrorSOCKS5SubDomainUserPass == 3 &&
                      kCFStreamErrorSOCKS5SubDomainMethod == 4 &&
                      kCFStreamErrorSOCKS5SubDomainResponse == 5,
                  "SOCKS subdomains");
CFN_STATIC_ASSERT(kCFStreamErrorSOCKS5BadResponseAddr == 1 && kCFStreamErrorSOCKS5BadState == 2 &&
                      kCFStreamErrorSOCKSUnknownClientVersion == 3 &&
                      kCFStreamErrorSOCKS4RequestFailed == 91 &&
                      kCFStreamErrorSOCKS4IdentdFailed == 92 &&
                      kCFStreamErrorSOCKS4IdConflict == 93 && kSOCKS5NoAcceptableMethod == 0xFF,
                  "SOCKS codes");
CFN_STATIC_ASSERT(offsetof(CFSocketSignature, protocol) == 2 * sizeof(SInt32) &&
                      offsetof(CFSocketSignature, address) == (sizeof(void *) == 8 ? 16 : 12),
                  "CFSocketSignature layout");
#if defined(_WIN32)
CFN_STATIC_ASSERT(sizeof(CFSocketNativeHandle) == sizeof(SOCKET), "CFSocketNativeHandle is SOCKET");
#else
CFN_STATIC_ASSERT(sizeof(CFSocketNativeHandle) == sizeof(int), "CFSocketNativeHandle is an fd");
#endif

/* Apps such as WebKit declare this private key themselves; that must keep compiling. (Not on
 * Windows: there the redeclaration would drop the DLL import, and WebKit does not declare it.) */
#if !defined(_WIN32)
#ifdef __cplusplus
extern "C" const CFStringRef _kCFStreamSocketSetNoDelay;
#else
extern const CFStringRef _kCFStreamSocketSetNoDelay;
#endif
#endif

/* Every key's string value is its Apple name (keys compare by content). */
static void check_cfnetwork_key_strings(void) {
  CHECK(CFEqual(kCFStreamPropertySocketNativeHandle, CFSTR("kCFStreamPropertySocketNativeHandle")));
  CHECK(CFEqual(kCFStreamPropertySocketRemoteHostName,
                CFSTR("kCFStreamPropertySocketRemoteHostName")));
  CHECK(CFEqual(kCFStreamPropertySocketRemotePortNumber,
                CFSTR("kCFStreamPropertySocketRemotePortNumber")));
  CHECK(CFEqual(kCFStreamPropertyShouldCloseNativeSocket,
                CFSTR("kCFStreamPropertyShouldCloseNativeSocket")));
  CHECK(CFEqual(kCFStreamPropertySocketRemoteHost, CFSTR("kCFStreamPropertySocketRemoteHost")));
  CHECK(CFEqual(kCFStreamNetworkServiceType, CFSTR("kCFStreamNetworkServiceType")));
  CHECK(CFEqual(kCFStreamNetworkServiceTypeVoIP, CFSTR("kCFStreamNetworkServiceTypeVoIP")));
  CHECK(CFEqual(kCFStreamNetworkServiceTypeVideo, CFSTR("kCFStreamNetworkServiceTypeVideo")));
  CHECK(CFEqual(kCFStreamNetworkServiceTypeVoice, CFSTR("kCFStreamNetworkServiceTypeVoice")));
  CHECK(CFEqual(kCFStreamNetworkServiceTypeBackground,
                CFSTR("kCFStreamNetworkServiceTypeBackground")));
  CHECK(CFEqual(kCFStreamNetworkServiceTypeResponsiveData,
                CFSTR("kCFStreamNetworkServiceTypeResponsiveData")));
  CHECK(CFEqual(kCFStreamNetworkServiceTypeAVStreaming,
                CFSTR("kCFStreamNetworkServiceTypeAVStreaming")));
  CHECK(CFEqual(kCFStreamNetworkServiceTypeResponsiveAV,
                CFSTR("kCFStreamNetworkServiceTypeResponsiveAV")));
  CHECK(CFEqual(kCFStreamNetworkServiceTypeCallSignaling,
                CFSTR("kCFStreamNetworkServiceTypeCallSignaling")));
  CHECK(CFEqual(kCFStreamPropertyNoCellular, CFSTR("kCFStreamPropertyNoCellular")));
  CHECK(CFEqual(kCFStreamPropertyConnectionIsCellular,
                CFSTR("kCFStreamPropertyConnectionIsCellular")));
  CHECK(CFEqual(kCFStreamPropertyAllowExpensiveNetworkAccess,
                CFSTR("kCFStreamPropertyAllowExpensiveNetworkAccess")));
  CHECK(CFEqual(kCFStreamPropertyConnectionIsExpensive,
                CFSTR("kCFStreamPropertyConnectionIsExpensive")));
  CHECK(CFEqual(kCFStreamPropertyAllowConstrainedNetworkAccess,
                CFSTR("kCFStreamPropertyAllowConstrainedNetworkAccess")));
  CHECK(CFEqual(kCFStreamPropertySocketExtendedBackgroundIdleMode,
                CFSTR("kCFStreamPropertySocketExtendedBackgroundIdleMode")));
  CHECK(CFEqual(_kCFStreamSocketSetNoDelay, CFSTR("_kCFStreamSocketSetNoDelay")));
  CHECK(CFEqual(kOCFSStreamPropertySocketConnectTimeout,
                CFSTR("kOCFSStreamPropertySocketConnectTimeout")));
  CHECK(CFEqual(kCFErrorDomainCFNetwork, CFSTR("kCFErrorDomainCFNetwork")));
  CHECK(CFEqual(kCFErrorDomainWinSock, CFSTR("kCFErrorDomainWinSock")));
  CHECK(CFEqual(kCFGetAddrInfoFailureKey, CFSTR("kCFGetAddrInfoFailureKey")));
  CHECK(CFEqual(kCFSOCKSStatusCodeKey, CFSTR("kCFSOCKSStatusCodeKey")));
  CHECK(CFEqual(kCFSOCKSVersionKey, CFSTR("kCFSOCKSVersionKey")));
  CHECK(CFEqual(kCFSOCKSNegotiationMethodKey, CFSTR("kCFSOCKSNegotiationMethodKey")));
  CHECK(CFEqual(kCFDNSServiceFailureKey, CFSTR("kCFDNSServiceFailureKey")));
  CHECK(CFEqual(kCFFTPStatusCodeKey, CFSTR("kCFFTPStatusCodeKey")));
}

/* How Apple code tells stream error domains apart. */
static const char *describe_stream_error_domain(CFStreamError error) {
  switch (error.domain) {
    case kCFStreamErrorDomainPOSIX:
      return "POSIX";
    case kCFStreamErrorDomainSSL:
      return "SSL";
    case kCFStreamErrorDomainSOCKS:
      return "SOCKS";
    case kCFStreamErrorDomainNetDB:
      return "NetDB";
    case kCFStreamErrorDomainSystemConfiguration:
      return "SystemConfiguration";
    case kCFStreamErrorDomainWinSock:
      return "WinSock";
    default:
      return "other";
  }
}

static void check_cfnetwork_error_helpers(void) {
  CFStreamError netdb;
  netdb.domain = kCFStreamErrorDomainNetDB;
  netdb.error = 8;
  CHECK(netdb.domain == kCFStreamErrorDomainNetDB);
  CHECK(netdb.domain != kCFStreamErrorDomainSystemConfiguration);
  CHECK(strcmp(describe_stream_error_domain(netdb), "NetDB") == 0);

  CFStreamError socks;
  socks.domain = kCFStreamErrorDomainSOCKS;
  socks.error = (kCFStreamErrorSOCKS4SubDomainResponse << 16) | kCFStreamErrorSOCKS4RequestFailed;
  CHECK(strcmp(describe_stream_error_domain(socks), "SOCKS") == 0);
  CHECK(CFSocketStreamSOCKSGetErrorSubdomain(&socks) == kCFStreamErrorSOCKS4SubDomainResponse);
  CHECK(CFSocketStreamSOCKSGetError(&socks) == kCFStreamErrorSOCKS4RequestFailed);
  socks.error = (kCFStreamErrorSOCKS5SubDomainMethod << 16) | kSOCKS5NoAcceptableMethod;
  CHECK(CFSocketStreamSOCKSGetErrorSubdomain(&socks) == kCFStreamErrorSOCKS5SubDomainMethod);
  CHECK(CFSocketStreamSOCKSGetError(&socks) == 0xFF);

  /* The CFError shape of a DNS failure, built the way CFNetwork builds it. */
  int eai = -2;
  CFNumberRef eai_number = CFNumberCreate(NULL, kCFNumberIntType, &eai);
  const void *keys[] = {kCFGetAddrInfoFailureKey};
  const void *values[] = {eai_number};
  CFErrorRef error = CFErrorCreateWithUserInfoKeysAndValues(NULL, kCFErrorDomainCFNetwork,
                                                            kCFHostErrorUnknown, keys, values, 1);
  CHECK(CFEqual(CFErrorGetDomain(error), CFSTR("kCFErrorDomainCFNetwork")));
  CHECK(CFErrorGetCode(error) == kCFHostErrorUnknown);
  CFDictionaryRef user_info = CFErrorCopyUserInfo(error);
  CHECK(CFDictionaryGetValue(user_info, CFSTR("kCFGetAddrInfoFailureKey")) == eai_number);
  CFRelease(user_info);
  CFRelease(error);
  CFRelease(eai_number);
}

static void check_cfhost(void) {
  Boolean resolved = TRUE;
  CFHostRef host = CFHostCreateWithName(kCFAllocatorDefault, CFSTR("localhost"));
  CHECK(host != NULL && CFGetTypeID(host) == CFHostGetTypeID());
  CFArrayRef names = CFHostGetNames(host, &resolved);
  CHECK(names != NULL && resolved);
  CHECK(names != NULL && CFArrayGetCount(names) == 1 &&
        CFEqual(CFArrayGetValueAtIndex(names, 0), CFSTR("localhost")));
  CHECK(CFHostGetNames(host, NULL) == names);
  resolved = TRUE;
  CHECK(CFHostGetAddressing(host, &resolved) == NULL && !resolved);

  CFHostRef copy = CFHostCreateCopy(kCFAllocatorDefault, host);
  CHECK(copy != NULL && copy != host);
  names = CFHostGetNames(copy, NULL);
  CHECK(names != NULL && CFEqual(CFArrayGetValueAtIndex(names, 0), CFSTR("localhost")));

  struct sockaddr_in loopback;
  static const UInt8 loopback_bytes[4] = {127, 0, 0, 1};
  memset(&loopback, 0, sizeof loopback);
  loopback.sin_family = AF_INET;
  memcpy(&loopback.sin_addr, loopback_bytes, 4);
  CFDataRef address = CFDataCreate(NULL, (const UInt8 *)&loopback, sizeof loopback);
  CFHostRef by_address = CFHostCreateWithAddress(kCFAllocatorDefault, address);
  CHECK(by_address != NULL);
  resolved = FALSE;
  CFArrayRef addresses = CFHostGetAddressing(by_address, &resolved);
  CHECK(addresses != NULL && resolved && CFArrayGetCount(addresses) == 1);
  CHECK(addresses != NULL && CFEqual(CFArrayGetValueAtIndex(addresses, 0), address));
  CHECK(CFHostGetNames(by_address, NULL) == NULL);

  /* A pair to a CFHost, configured and released without opening. */
  CFReadStreamRef reader = NULL;
  CFWriteStreamRef writer = NULL;
  CFStreamCreatePairWithSocketToCFHost(kCFAllocatorDefault, by_address, 1, &reader, &writer);
  CHECK(reader != NULL && writer != NULL);
  CFTypeRef remote = CFReadStreamCopyProperty(reader, kCFStreamPropertySocketRemoteHost);
  CHECK(remote != NULL && CFGetTypeID(remote) == CFHostGetTypeID());
  if (remote) CFRelease(remote);
  if (reader) CFRelease(reader);
  if (writer) CFRelease(writer);

  CFRelease(by_address);
  CFRelease(address);
  CFRelease(copy);
  CFRelease(host);
}

static void check_socket_pairs_without_network(void) {
  CFReadStreamRef reader = NULL;
  CFWriteStreamRef writer = NULL;
  CFStreamCreatePairWithSocketToHost(kCFAllocatorDefault, CFSTR("127.0.0.1"), 1, &reader, &writer);
  CHECK(reader != NULL && writer != NULL);
  CHECK(CFReadStreamGetStatus(reader) == kCFStreamStatusNotOpen);
  CHECK(CFWriteStreamGetStatus(writer) == kCFStreamStatusNotOpen);

  CFStringRef name =
      (CFStringRef)CFReadStreamCopyProperty(reader, kCFStreamPropertySocketRemoteHostName);
  CHECK(name != NULL && CFEqual(name, CFSTR("127.0.0.1")));
  if (name) CFRelease(name);
  CFNumberRef port =
      (CFNumberRef)CFWriteStreamCopyProperty(writer, kCFStreamPropertySocketRemotePortNumber);
  SInt32 port_value = 0;
  CHECK(port != NULL && CFNumberGetValue(port, kCFNumberSInt32Type, &port_value) &&
        port_value == 1);
  if (port) CFRelease(port);
  CHECK(CFReadStreamCopyProperty(reader, kCFStreamPropertySocketNativeHandle) == NULL);

  /* Properties set on one half are the pair's. */
  CHECK(CFWriteStreamSetProperty(writer, kCFStreamPropertyShouldCloseNativeSocket, kCFBooleanTrue));
  CFTypeRef should_close =
      CFReadStreamCopyProperty(reader, kCFStreamPropertyShouldCloseNativeSocket);
  CHECK(should_close == kCFBooleanTrue);
  if (should_close) CFRelease(should_close);
  CHECK(CFWriteStreamSetProperty(writer, _kCFStreamSocketSetNoDelay, kCFBooleanTrue));
  CHECK(CFReadStreamSetProperty(reader, kCFStreamNetworkServiceType,
                                kCFStreamNetworkServiceTypeBackground));
  CHECK(CFReadStreamSetProperty(reader, kCFStreamPropertyNoCellular, kCFBooleanTrue));
  CHECK(CFReadStreamSetProperty(reader, kCFStreamPropertyAllowExpensiveNetworkAccess,
                                kCFBooleanFalse));
  CHECK(CFReadStreamSetProperty(reader, kCFStreamPropertyAllowConstrainedNetworkAccess,
                                kCFBooleanFalse));
  CHECK(CFReadStreamSetProperty(reader, kCFStreamPropertySocketExtendedBackgroundIdleMode,
                                kCFBooleanTrue));
  CFTypeRef cellular = CFReadStreamCopyProperty(reader, kCFStreamPropertyConnectionIsCellular);
  CHECK(cellular == kCFBooleanFalse);
  if (cellular) CFRelease(cellular);
  CFTypeRef expensive = CFWriteStreamCopyProperty(writer, kCFStreamPropertyConnectionIsExpensive);
  CHECK(expensive == kCFBooleanFalse);
  if (expensive) CFRelease(expensive);
  double seconds = 5;
  CFNumberRef timeout = CFNumberCreate(NULL, kCFNumberDoubleType, &seconds);
  CHECK(CFReadStreamSetProperty(reader, kOCFSStreamPropertySocketConnectTimeout, timeout));
  CFRelease(timeout);
  CFRelease(reader);
  CFRelease(writer);

  /* Either half may be left out; with both left out nothing is created. */
  CFStreamCreatePairWithSocketToHost(NULL, CFSTR("localhost"), 80, NULL, NULL);
  reader = NULL;
  CFStreamCreatePairWithSocketToHost(NULL, CFSTR("localhost"), 80, &reader, NULL);
  CHECK(reader != NULL);
  if (reader) CFRelease(reader);

  /* A peer signature: TCP to 127.0.0.1 port 1, never opened. */
  struct sockaddr_in peer;
  static const UInt8 loopback_bytes[4] = {127, 0, 0, 1};
  static const UInt8 port_one[2] = {0, 1}; /* network byte order */
  memset(&peer, 0, sizeof peer);
  peer.sin_family = AF_INET;
  memcpy(&peer.sin_port, port_one, 2);
  memcpy(&peer.sin_addr, loopback_bytes, 4);
  CFSocketSignature signature;
  signature.protocolFamily = PF_INET;
  signature.socketType = SOCK_STREAM;
  signature.protocol = IPPROTO_TCP;
  signature.address = CFDataCreate(NULL, (const UInt8 *)&peer, sizeof peer);
  reader = NULL;
  writer = NULL;
  CFStreamCreatePairWithPeerSocketSignature(kCFAllocatorDefault, &signature, &reader, &writer);
  CHECK(reader != NULL && writer != NULL);
  if (reader) CFRelease(reader);
  if (writer) CFRelease(writer);
  CFRelease(signature.address);

#if !defined(_WIN32)
  /* An adopted, connected socket: not closed by the pair unless asked to. */
  int sockets[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sockets) == 0);
  reader = NULL;
  writer = NULL;
  CFStreamCreatePairWithSocket(kCFAllocatorDefault, (CFSocketNativeHandle)sockets[0], &reader,
                               &writer);
  CHECK(reader != NULL && writer != NULL);
  should_close = CFReadStreamCopyProperty(reader, kCFStreamPropertyShouldCloseNativeSocket);
  CHECK(should_close == kCFBooleanFalse);
  if (should_close) CFRelease(should_close);
  /* Opening an adopted socket needs no network: it is already connected. */
  CHECK(CFReadStreamOpen(reader) && CFWriteStreamOpen(writer));
  CFDataRef handle =
      (CFDataRef)CFWriteStreamCopyProperty(writer, kCFStreamPropertySocketNativeHandle);
  CFSocketNativeHandle native = (CFSocketNativeHandle)-1;
  CHECK(handle != NULL && CFDataGetLength(handle) == (CFIndex)sizeof native);
  if (handle) {
    CFDataGetBytes(handle, CFRangeMake(0, sizeof native), (UInt8 *)&native);
    CFRelease(handle);
  }
  CHECK(native == sockets[0]);
  CFReadStreamClose(reader);
  CFWriteStreamClose(writer);
  if (reader) CFRelease(reader);
  if (writer) CFRelease(writer);
  CHECK(fcntl(sockets[0], F_GETFD) != -1); /* still open */
  close(sockets[0]);
  close(sockets[1]);
#else
  /* Windows has no socketpair: only the call shape, with an invalid handle. */
  reader = NULL;
  writer = NULL;
  CFStreamCreatePairWithSocket(kCFAllocatorDefault, (CFSocketNativeHandle)INVALID_SOCKET, &reader,
                               &writer);
  if (reader) CFRelease(reader);
  if (writer) CFRelease(writer);
#endif
}

/* SecureTransport's numbers, as Apple code switches on them. */
CFN_STATIC_ASSERT(errSSLProtocol == -9800 && errSSLXCertChainInvalid == -9807 &&
                      errSSLCertExpired == -9814 && errSSLClosedNoNotify == -9816 &&
                      errSSLPeerHandshakeFail == -9824 && errSSLHostNameMismatch == -9843 &&
                      errSSLBadConfiguration == -9848 && errSSLClientHelloReceived == -9851,
                  "SecureTransport.h status codes");

/* Every TLS key's string is its own name; the NSStream names are the CF constants. */
static void check_tls_key_strings(void) {
  CHECK(
      CFEqual(kCFStreamPropertySocketSecurityLevel, CFSTR("kCFStreamPropertySocketSecurityLevel")));
  CHECK(CFEqual(kCFStreamSocketSecurityLevelNone, CFSTR("kCFStreamSocketSecurityLevelNone")));
  CHECK(CFEqual(kCFStreamSocketSecurityLevelSSLv2, CFSTR("kCFStreamSocketSecurityLevelSSLv2")));
  CHECK(CFEqual(kCFStreamSocketSecurityLevelSSLv3, CFSTR("kCFStreamSocketSecurityLevelSSLv3")));
  CHECK(CFEqual(kCFStreamSocketSecurityLevelTLSv1, CFSTR("kCFStreamSocketSecurityLevelTLSv1")));
  CHECK(CFEqual(kCFStreamSocketSecurityLevelNegotiatedSSL,
                CFSTR("kCFStreamSocketSecurityLevelNegotiatedSSL")));
  CHECK(CFEqual(kCFStreamPropertySSLSettings, CFSTR("kCFStreamPropertySSLSettings")));
  CHECK(CFEqual(kCFStreamSSLLevel, CFSTR("kCFStreamSSLLevel")));
  CHECK(CFEqual(kCFStreamSSLAllowsExpiredCertificates,
                CFSTR("kCFStreamSSLAllowsExpiredCertificates")));
  CHECK(CFEqual(kCFStreamSSLAllowsExpiredRoots, CFSTR("kCFStreamSSLAllowsExpiredRoots")));
  CHECK(CFEqual(kCFStreamSSLAllowsAnyRoot, CFSTR("kCFStreamSSLAllowsAnyRoot")));
  CHECK(CFEqual(kCFStreamSSLValidatesCertificateChain,
                CFSTR("kCFStreamSSLValidatesCertificateChain")));
  CHECK(CFEqual(kCFStreamSSLPeerName, CFSTR("kCFStreamSSLPeerName")));
  CHECK(CFEqual(kCFStreamSSLCertificates, CFSTR("kCFStreamSSLCertificates")));
  CHECK(CFEqual(kCFStreamSSLIsServer, CFSTR("kCFStreamSSLIsServer")));
  CHECK(
      CFEqual(kCFStreamPropertySSLPeerCertificates, CFSTR("kCFStreamPropertySSLPeerCertificates")));
  CHECK(CFEqual(_kCFStreamPropertySocketPeerName, CFSTR("_kCFStreamPropertySocketPeerName")));
  CHECK(NSStreamSocketSecurityLevelKey == kCFStreamPropertySocketSecurityLevel);
  CHECK(CFEqual(NSStreamSocketSecurityLevelKey, CFSTR("kCFStreamPropertySocketSecurityLevel")));
  CHECK(CFEqual(NSStreamSocketSecurityLevelNegotiatedSSL,
                CFSTR("kCFStreamSocketSecurityLevelNegotiatedSSL")));
  CHECK(CFEqual(NSStreamDataWrittenToMemoryStreamKey, CFSTR("kCFStreamPropertyDataWritten")));
  CHECK(CFEqual(NSStreamSocketSSLErrorDomain, CFSTR("NSStreamSocketSSLErrorDomain")));
}

/* The usual Apple setup before open: a settings dictionary on one half, the level on the other
 * (the level replaces the dictionary, as on Apple), the private peer name as a literal key. */
static void check_tls_settings_without_network(void) {
  CFReadStreamRef in = NULL;
  CFWriteStreamRef out = NULL;
  CFStreamCreatePairWithSocketToHost(NULL, CFSTR("mail.example.invalid"), 587, &in, &out);
  CHECK(in != NULL && out != NULL);
  CFMutableDictionaryRef ssl = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
                                                         &kCFTypeDictionaryValueCallBacks);
  CFDictionarySetValue(ssl, kCFStreamSSLPeerName, CFSTR("mail.example.com"));
  CFDictionarySetValue(ssl, kCFStreamSSLValidatesCertificateChain, kCFBooleanTrue);
  CHECK(CFReadStreamSetProperty(in, kCFStreamPropertySSLSettings, ssl));
  CHECK(CFWriteStreamSetProperty(out, kCFStreamPropertySSLSettings, ssl));
  CFDictionaryRef copied =
      (CFDictionaryRef)CFWriteStreamCopyProperty(out, kCFStreamPropertySSLSettings);
  CHECK(copied != NULL && CFEqual(copied, ssl));
  if (copied != NULL) CFRelease(copied);
  CHECK(CFWriteStreamSetProperty(out, CFSTR("_kCFStreamPropertySocketPeerName"),
                                 CFSTR("real.example.com")));
  CHECK(!CFReadStreamSetProperty(in, NSStreamSocketSecurityLevelKey,
                                 kCFStreamSocketSecurityLevelSSLv3));
  CHECK(CFReadStreamSetProperty(in, NSStreamSocketSecurityLevelKey,
                                NSStreamSocketSecurityLevelNegotiatedSSL));
  CFStringRef level =
      (CFStringRef)CFReadStreamCopyProperty(in, kCFStreamPropertySocketSecurityLevel);
  CHECK(level != NULL && CFEqual(level, kCFStreamSocketSecurityLevelNegotiatedSSL));
  if (level != NULL) CFRelease(level);
  CFRelease(ssl);
  CFRelease(in);
  CFRelease(out);
}

static void run_cfnetwork_style_checks(void) {
  check_tls_key_strings();
  check_tls_settings_without_network();
  check_cfnetwork_key_strings();
  check_cfnetwork_error_helpers();
  check_cfhost();
  check_socket_pairs_without_network();
}

#endif /* OCFS_TESTS_COMPAT_CFNETWORK_STYLE_H */
