/* OpenCFStream compat: <Security/SecureTransport.h>, the part a socket-stream port needs: the
 * OSStatus codes TLS failures are reported with ({kCFStreamErrorDomainSSL, code}, and the code of
 * a kCFErrorDomainOSStatus CFError), and the SSLContext subset that kCFStreamPropertySSLContext
 * users call (no SSLHandshake / SSLRead / SSLWrite: the stream drives TLS; docs/COMPAT.md). */
#ifndef OCFS_COMPAT_SECURETRANSPORT_H
#define OCFS_COMPAT_SECURETRANSPORT_H

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFArray.h>

/* Apple's values (SecureTransport.h). The ones OpenCFStream reports: docs/PORTING.md, "TLS error
 * codes". */
enum {
  errSSLProtocol = -9800,
  errSSLNegotiation = -9801,
  errSSLFatalAlert = -9802,
  errSSLWouldBlock = -9803,
  errSSLSessionNotFound = -9804,
  errSSLClosedGraceful = -9805,
  errSSLClosedAbort = -9806,
  errSSLXCertChainInvalid = -9807,
  errSSLBadCert = -9808,
  errSSLCrypto = -9809,
  errSSLInternal = -9810,
  errSSLModuleAttach = -9811,
  errSSLUnknownRootCert = -9812,
  errSSLNoRootCert = -9813,
  errSSLCertExpired = -9814,
  errSSLCertNotYetValid = -9815,
  errSSLClosedNoNotify = -9816,
  errSSLBufferOverflow = -9817,
  errSSLBadCipherSuite = -9818,
  errSSLPeerUnexpectedMsg = -9819,
  errSSLPeerBadRecordMac = -9820,
  errSSLPeerDecryptionFail = -9821,
  errSSLPeerRecordOverflow = -9822,
  errSSLPeerDecompressFail = -9823,
  errSSLPeerHandshakeFail = -9824,
  errSSLPeerBadCert = -9825,
  errSSLPeerUnsupportedCert = -9826,
  errSSLPeerCertRevoked = -9827,
  errSSLPeerCertExpired = -9828,
  errSSLPeerCertUnknown = -9829,
  errSSLIllegalParam = -9830,
  errSSLPeerUnknownCA = -9831,
  errSSLPeerAccessDenied = -9832,
  errSSLPeerDecodeError = -9833,
  errSSLPeerDecryptError = -9834,
  errSSLPeerExportRestriction = -9835,
  errSSLPeerProtocolVersion = -9836,
  errSSLPeerInsufficientSecurity = -9837,
  errSSLPeerInternalError = -9838,
  errSSLPeerUserCancelled = -9839,
  errSSLPeerNoRenegotiation = -9840,
  errSSLPeerAuthCompleted = -9841,
  errSSLClientCertRequested = -9842,
  errSSLHostNameMismatch = -9843,
  errSSLConnectionRefused = -9844,
  errSSLDecryptionFail = -9845,
  errSSLBadRecordMac = -9846,
  errSSLRecordOverflow = -9847,
  errSSLBadConfiguration = -9848,
  errSSLUnexpectedRecord = -9849,
  errSSLWeakPeerEphemeralDHKey = -9850,
  errSSLClientHelloReceived = -9851
};
/* Whether a server asks for a client certificate: the values of the private stream property
 * _kCFStreamPropertySSLClientSideAuthentication (and of SSLSetClientSideAuthenticate). */
typedef int SSLAuthenticate;
enum { kNeverAuthenticate = 0, kAlwaysAuthenticate = 1, kTryAuthenticate = 2 };

typedef ocfs_ssl_context_ref SSLContextRef;
typedef int SSLProtocolSide;
enum { kSSLServerSide = 0, kSSLClientSide = 1 };
typedef int SSLConnectionType;
enum { kSSLStreamType = 0, kSSLDatagramType = 1 };
typedef int SSLProtocol;
enum {
  kSSLProtocolUnknown = 0,
  kSSLProtocol2 = 1,
  kSSLProtocol3 = 2,
  kSSLProtocol3Only = 3,
  kTLSProtocol1 = 4,
  kTLSProtocol1Only = 5,
  kSSLProtocolAll = 6,
  kTLSProtocol11 = 7,
  kTLSProtocol12 = 8,
  kDTLSProtocol1 = 9,
  kTLSProtocol13 = 10
};
typedef int SSLSessionState;
enum { kSSLIdle = 0, kSSLHandshake = 1, kSSLConnected = 2, kSSLClosed = 3, kSSLAborted = 4 };
typedef uint32_t SSLCipherSuite;

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID SSLContextGetTypeID(void) {
  return (CFTypeID)ocfs_ssl_context_get_type_id();
}
CF_INLINE SSLContextRef SSLCreateContext(CFAllocatorRef alloc, SSLProtocolSide protocolSide,
                                         SSLConnectionType connectionType) {
  return ocfs_ssl_context_create(alloc, protocolSide, connectionType);
}
CF_INLINE OSStatus SSLSetPeerDomainName(SSLContextRef context, const char *peerName,
                                        size_t peerNameLen) {
  return ocfs_ssl_set_peer_domain_name(context, peerName, peerNameLen);
}
CF_INLINE OSStatus SSLGetPeerDomainNameLength(SSLContextRef context, size_t *peerNameLen) {
  return ocfs_ssl_get_peer_domain_name_length(context, peerNameLen);
}
CF_INLINE OSStatus SSLGetPeerDomainName(SSLContextRef context, char *peerName,
                                        size_t *peerNameLen) {
  return ocfs_ssl_get_peer_domain_name(context, peerName, peerNameLen);
}
CF_INLINE OSStatus SSLSetProtocolVersionMin(SSLContextRef context, SSLProtocol minVersion) {
  return ocfs_ssl_set_protocol_version_min(context, minVersion);
}
CF_INLINE OSStatus SSLGetProtocolVersionMin(SSLContextRef context, SSLProtocol *minVersion) {
  return ocfs_ssl_get_protocol_version_min(context, minVersion);
}
CF_INLINE OSStatus SSLSetProtocolVersionMax(SSLContextRef context, SSLProtocol maxVersion) {
  return ocfs_ssl_set_protocol_version_max(context, maxVersion);
}
CF_INLINE OSStatus SSLGetProtocolVersionMax(SSLContextRef context, SSLProtocol *maxVersion) {
  return ocfs_ssl_get_protocol_version_max(context, maxVersion);
}
CF_INLINE OSStatus SSLGetNegotiatedProtocolVersion(SSLContextRef context, SSLProtocol *protocol) {
  return ocfs_ssl_get_negotiated_protocol_version(context, protocol);
}
CF_INLINE OSStatus SSLGetNegotiatedCipher(SSLContextRef context, SSLCipherSuite *cipherSuite) {
  return ocfs_ssl_get_negotiated_cipher(context, cipherSuite);
}
CF_INLINE OSStatus SSLSetClientSideAuthenticate(SSLContextRef context, SSLAuthenticate auth) {
  return ocfs_ssl_set_client_side_authenticate(context, auth);
}
CF_INLINE OSStatus SSLSetCertificate(SSLContextRef context, CFArrayRef certRefs) {
  return ocfs_ssl_set_certificate(context, certRefs);
}
CF_INLINE OSStatus SSLGetSessionState(SSLContextRef context, SSLSessionState *state) {
  return ocfs_ssl_get_session_state(context, state);
}

CF_EXTERN_C_END

#define errSSLServerAuthCompleted errSSLPeerAuthCompleted
#define errSSLClientAuthCompleted errSSLPeerAuthCompleted

#endif /* OCFS_COMPAT_SECURETRANSPORT_H */
