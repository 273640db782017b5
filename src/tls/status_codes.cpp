#include "tls/status_codes.hpp"

#include <openssl/x509_vfy.h>

namespace ocfs::tls {
namespace {

struct AlertStatus {
  int alert;
  int32_t status;
};

// RFC 8446 / RFC 5246 alert numbers and SecureTransport's errSSLPeer* codes for them.
constexpr AlertStatus kAlertStatuses[] = {
    {10, -9819},   // unexpected_message       errSSLPeerUnexpectedMsg
    {20, -9820},   // bad_record_mac           errSSLPeerBadRecordMac
    {21, -9821},   // decryption_failed        errSSLPeerDecryptionFail
    {22, -9822},   // record_overflow          errSSLPeerRecordOverflow
    {30, -9823},   // decompression_failure    errSSLPeerDecompressFail
    {40, -9824},   // handshake_failure        errSSLPeerHandshakeFail
    {42, -9825},   // bad_certificate          errSSLPeerBadCert
    {43, -9826},   // unsupported_certificate  errSSLPeerUnsupportedCert
    {44, -9827},   // certificate_revoked      errSSLPeerCertRevoked
    {45, -9828},   // certificate_expired      errSSLPeerCertExpired
    {46, -9829},   // certificate_unknown      errSSLPeerCertUnknown
    {47, -9830},   // illegal_parameter        errSSLIllegalParam
    {48, -9831},   // unknown_ca               errSSLPeerUnknownCA
    {49, -9832},   // access_denied            errSSLPeerAccessDenied
    {50, -9833},   // decode_error             errSSLPeerDecodeError
    {51, -9834},   // decrypt_error            errSSLPeerDecryptError
    {60, -9835},   // export_restriction       errSSLPeerExportRestriction
    {70, -9836},   // protocol_version         errSSLPeerProtocolVersion
    {71, -9837},   // insufficient_security    errSSLPeerInsufficientSecurity
    {80, -9838},   // internal_error           errSSLPeerInternalError
    {90, -9839},   // user_canceled            errSSLPeerUserCancelled
    {100, -9840},  // no_renegotiation        errSSLPeerNoRenegotiation
    // TLS 1.3's certificate_required has no classic code; apps read the peer's refusal of a
    // missing client certificate as errSSLPeerHandshakeFail, what TLS 1.2 servers send.
    {116, -9824},
};

}  // namespace

int32_t status_for_alert(int alert) {
  for (const AlertStatus &entry : kAlertStatuses) {
    if (entry.alert == alert) return entry.status;
  }
  return kErrSSLFatalAlert;
}

int32_t status_for_verify_result(long verify_result) {
  switch (verify_result) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return kErrSSLCertExpired;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return kErrSSLCertNotYetValid;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return kErrSSLHostNameMismatch;
    default:
      return kErrSSLXCertChainInvalid;
  }
}

}  // namespace ocfs::tls
