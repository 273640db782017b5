// SecureTransport's OSStatus numbers, which TLS failures are reported with
// ({kCFStreamErrorDomainSSL, code}), and the mapping from what OpenSSL reports to them.
#ifndef OCFS_SRC_TLS_STATUS_CODES_HPP
#define OCFS_SRC_TLS_STATUS_CODES_HPP

#include <cstdint>

namespace ocfs::tls {

enum SecureTransportStatus : int32_t {
  kErrSSLProtocol = -9800,
  kErrSSLNegotiation = -9801,
  kErrSSLFatalAlert = -9802,
  kErrSSLClosedAbort = -9806,
  kErrSSLXCertChainInvalid = -9807,
  kErrSSLBadCert = -9808,
  kErrSSLInternal = -9810,
  kErrSSLCertExpired = -9814,
  kErrSSLCertNotYetValid = -9815,
  kErrSSLClosedNoNotify = -9816,
  kErrSSLBufferOverflow = -9817,
  kErrSSLPeerHandshakeFail = -9824,
  kErrSSLPeerProtocolVersion = -9836,
  kErrSSLHostNameMismatch = -9843,
  kErrSSLBadConfiguration = -9848,
};

// A received TLS alert's status (SecureTransport maps each alert to its own "Peer" code; an
// alert it has no code for is errSSLFatalAlert).
int32_t status_for_alert(int alert);

// An X509_V_ERR_* verification result's status: expired, not yet valid and host-name mismatch
// have their own codes, every other trust failure is errSSLXCertChainInvalid (the code Apple's
// streams report for them).
int32_t status_for_verify_result(long verify_result);

}  // namespace ocfs::tls

#endif  // OCFS_SRC_TLS_STATUS_CODES_HPP
