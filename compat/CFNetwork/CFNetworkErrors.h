/* OpenCFStream compat: <CFNetwork/CFNetworkErrors.h>. The CFError domain of CFNetwork, its codes
 * (Apple's whole public list; this library produces only kCFHostErrorHostNotFound and
 * kCFHostErrorUnknown) and the userInfo keys. */
#ifndef OCFS_COMPAT_CFNETWORKERRORS_H
#define OCFS_COMPAT_CFNETWORKERRORS_H

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFError.h>
#include <CoreFoundation/CFString.h>

#define kCFErrorDomainCFNetwork (ocfs_error_domain_cfnetwork)
/* Apple's Windows CFNetwork reported Winsock errors here; this library reports them in the POSIX
 * domain with <errno.h> values (docs/COMPAT.md), so no error carries this domain. */
#define kCFErrorDomainWinSock (ocfs_error_domain_winsock)

typedef CF_ENUM(int, CFNetworkErrors) {
  kCFHostErrorHostNotFound = 1,
  kCFHostErrorUnknown = 2, /* kCFGetAddrInfoFailureKey holds the getaddrinfo value */
  /* SOCKS; kCFSOCKSStatusCodeKey holds the server's status code */
  kCFSOCKSErrorUnknownClientVersion = 100,
  kCFSOCKSErrorUnsupportedServerVersion = 101,
  kCFSOCKS4ErrorRequestFailed = 110,
  kCFSOCKS4ErrorIdentdFailed = 111,
  kCFSOCKS4ErrorIdConflict = 112,
  kCFSOCKS4ErrorUnknownStatusCode = 113,
  kCFSOCKS5ErrorBadState = 120,
  kCFSOCKS5ErrorBadResponseAddr = 121,
  kCFSOCKS5ErrorBadCredentials = 122,
  kCFSOCKS5ErrorUnsupportedNegotiationMethod = 123,
  kCFSOCKS5ErrorNoAcceptableMethod = 124,
  /* FTP */
  kCFFTPErrorUnexpectedStatusCode = 200,
  /* HTTP */
  kCFErrorHTTPAuthenticationTypeUnsupported = 300,
  kCFErrorHTTPBadCredentials = 301,
  kCFErrorHTTPConnectionLost = 302,
  kCFErrorHTTPParseFailure = 303,
  kCFErrorHTTPRedirectionLoopDetected = 304,
  kCFErrorHTTPBadURL = 305,
  kCFErrorHTTPProxyConnectionFailure = 306,
  kCFErrorHTTPBadProxyCredentials = 307,
  kCFErrorPACFileError = 308,
  kCFErrorPACFileAuth = 309,
  kCFErrorHTTPSProxyConnectionFailure = 310,
  kCFStreamErrorHTTPSProxyFailureUnexpectedResponseToCONNECTMethod = 311,
  /* CFURLConnection and CFURLProtocol */
  kCFURLErrorBackgroundSessionInUseByAnotherProcess = -996,
  kCFURLErrorBackgroundSessionWasDisconnected = -997,
  kCFURLErrorUnknown = -998,
  kCFURLErrorCancelled = -999,
  kCFURLErrorBadURL = -1000,
  kCFURLErrorTimedOut = -1001,
  kCFURLErrorUnsupportedURL = -1002,
  kCFURLErrorCannotFindHost = -1003,
  kCFURLErrorCannotConnectToHost = -1004,
  kCFURLErrorNetworkConnectionLost = -1005,
  kCFURLErrorDNSLookupFailed = -1006,
  kCFURLErrorHTTPTooManyRedirects = -1007,
  kCFURLErrorResourceUnavailable = -1008,
  kCFURLErrorNotConnectedToInternet = -1009,
  kCFURLErrorRedirectToNonExistentLocation = -1010,
  kCFURLErrorBadServerResponse = -1011,
  kCFURLErrorUserCancelledAuthentication = -1012,
  kCFURLErrorUserAuthenticationRequired = -1013,
  kCFURLErrorZeroByteResource = -1014,
  kCFURLErrorCannotDecodeRawData = -1015,
  kCFURLErrorCannotDecodeContentData = -1016,
  kCFURLErrorCannotParseResponse = -1017,
  kCFURLErrorInternationalRoamingOff = -1018,
  kCFURLErrorCallIsActive = -1019,
  kCFURLErrorDataNotAllowed = -1020,
  kCFURLErrorRequestBodyStreamExhausted = -1021,
  kCFURLErrorAppTransportSecurityRequiresSecureConnection = -1022,
  kCFURLErrorFileDoesNotExist = -1100,
  kCFURLErrorFileIsDirectory = -1101,
  kCFURLErrorNoPermissionsToReadFile = -1102,
  kCFURLErrorDataLengthExceedsMaximum = -1103,
  kCFURLErrorFileOutsideSafeArea = -1104,
  /* TLS */
  kCFURLErrorSecureConnectionFailed = -1200,
  kCFURLErrorServerCertificateHasBadDate = -1201,
  kCFURLErrorServerCertificateUntrusted = -1202,
  kCFURLErrorServerCertificateHasUnknownRoot = -1203,
  kCFURLErrorServerCertificateNotYetValid = -1204,
  kCFURLErrorClientCertificateRejected = -1205,
  kCFURLErrorClientCertificateRequired = -1206,
  kCFURLErrorCannotLoadFromNetwork = -2000,
  /* Downloads and file I/O */
  kCFURLErrorCannotCreateFile = -3000,
  kCFURLErrorCannotOpenFile = -3001,
  kCFURLErrorCannotCloseFile = -3002,
  kCFURLErrorCannotWriteToFile = -3003,
  kCFURLErrorCannotRemoveFile = -3004,
  kCFURLErrorCannotMoveFile = -3005,
  kCFURLErrorDownloadDecodingFailedMidStream = -3006,
  kCFURLErrorDownloadDecodingFailedToComplete = -3007,
  /* Cookies */
  kCFHTTPCookieCannotParseCookieFile = -4000,
  /* CFNetServices */
  kCFNetServiceErrorUnknown = -72000,
  kCFNetServiceErrorCollision = -72001,
  kCFNetServiceErrorNotFound = -72002,
  kCFNetServiceErrorInProgress = -72003,
  kCFNetServiceErrorBadArgument = -72004,
  kCFNetServiceErrorCancel = -72005,
  kCFNetServiceErrorInvalid = -72006,
  kCFNetServiceErrorTimeout = -72007,
  kCFNetServiceErrorDNSServiceFailure = -73000,
};

/* userInfo keys; each string value equals its name. */
#define kCFGetAddrInfoFailureKey (ocfs_get_addr_info_failure_key)
#define kCFSOCKSStatusCodeKey CFSTR("kCFSOCKSStatusCodeKey")
#define kCFSOCKSVersionKey CFSTR("kCFSOCKSVersionKey")
#define kCFSOCKSNegotiationMethodKey CFSTR("kCFSOCKSNegotiationMethodKey")
#define kCFDNSServiceFailureKey CFSTR("kCFDNSServiceFailureKey")
#define kCFFTPStatusCodeKey CFSTR("kCFFTPStatusCodeKey")

#endif /* OCFS_COMPAT_CFNETWORKERRORS_H */
