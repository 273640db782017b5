/* OpenCFStream compat: <Security/SecureTransport.h>, the part a socket-stream port needs: the
 * OSStatus codes TLS failures are reported with ({kCFStreamErrorDomainSSL, code}, and the code of
 * a kCFErrorDomainOSStatus CFError). The SSLContext API itself is not provided (docs/COMPAT.md). */
#ifndef OCFS_COMPAT_SECURETRANSPORT_H
#define OCFS_COMPAT_SECURETRANSPORT_H

#include <CoreFoundation/CFBase.h>

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

#define errSSLServerAuthCompleted errSSLPeerAuthCompleted
#define errSSLClientAuthCompleted errSSLPeerAuthCompleted

#endif /* OCFS_COMPAT_SECURETRANSPORT_H */
