// What the stream layer needs from the Security objects: a SecTrust for a TLS peer's chain
// (kCFStreamPropertySSLPeerTrust), and the DER material inside SecCertificate / SecIdentity
// references found in kCFStreamSSLCertificates. No OpenSSL type appears here.
#ifndef OCFS_SRC_SECURITY_SECURITY_HPP
#define OCFS_SRC_SECURITY_SECURITY_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencfstream/security.h>

namespace ocfs::security {

// A new trust (+1) over a peer's certificates (DER, leaf first, as the peer sent them) with the
// policy SecPolicyCreateSSL(true, peer_name): a server's certificate, checked against peer_name
// when there is one (an IP literal against IP subjectAltNames). Unevaluated. Null when the chain
// is empty or a certificate in it cannot be parsed.
ocfs_trust_ref make_peer_trust(const std::vector<std::vector<uint8_t>> &der_chain,
                               const std::optional<std::string> &peer_name);

// True if `certificate` is a SecCertificate; `out` then holds its DER bytes.
bool certificate_der(ocfs_type_ref certificate, std::vector<uint8_t> &out);

// True if `identity` is a SecIdentity; the outputs then hold its certificate (DER) and its
// private key (DER, PKCS#8 PrivateKeyInfo, unencrypted).
bool identity_material(ocfs_type_ref identity, std::vector<uint8_t> &certificate_der,
                       std::vector<uint8_t> &private_key_der);

}  // namespace ocfs::security

#endif  // OCFS_SRC_SECURITY_SECURITY_HPP
