// TLS keys and the reading of a settings dictionary (DESIGN contracts 5, 7, 8, 9).
#include "net/tls_settings.hpp"

#include <openssl/ssl.h>

#include <opencfstream/array.h>
#include <opencfstream/data.h>
#include <opencfstream/socket_stream.h>

#include "cf/string.hpp"
#include "security/security.hpp"

extern "C" {

const ocfs_string_ref ocfs_stream_property_socket_security_level =
    OCFS_STR("kCFStreamPropertySocketSecurityLevel");
const ocfs_string_ref ocfs_stream_socket_security_level_none =
    OCFS_STR("kCFStreamSocketSecurityLevelNone");
const ocfs_string_ref ocfs_stream_socket_security_level_sslv2 =
    OCFS_STR("kCFStreamSocketSecurityLevelSSLv2");
const ocfs_string_ref ocfs_stream_socket_security_level_sslv3 =
    OCFS_STR("kCFStreamSocketSecurityLevelSSLv3");
const ocfs_string_ref ocfs_stream_socket_security_level_tlsv1 =
    OCFS_STR("kCFStreamSocketSecurityLevelTLSv1");
const ocfs_string_ref ocfs_stream_socket_security_level_negotiated_ssl =
    OCFS_STR("kCFStreamSocketSecurityLevelNegotiatedSSL");
const ocfs_string_ref ocfs_stream_property_ssl_settings = OCFS_STR("kCFStreamPropertySSLSettings");
const ocfs_string_ref ocfs_stream_ssl_level = OCFS_STR("kCFStreamSSLLevel");
const ocfs_string_ref ocfs_stream_ssl_allows_expired_certificates =
    OCFS_STR("kCFStreamSSLAllowsExpiredCertificates");
const ocfs_string_ref ocfs_stream_ssl_allows_expired_roots =
    OCFS_STR("kCFStreamSSLAllowsExpiredRoots");
const ocfs_string_ref ocfs_stream_ssl_allows_any_root = OCFS_STR("kCFStreamSSLAllowsAnyRoot");
const ocfs_string_ref ocfs_stream_ssl_validates_certificate_chain =
    OCFS_STR("kCFStreamSSLValidatesCertificateChain");
const ocfs_string_ref ocfs_stream_ssl_peer_name = OCFS_STR("kCFStreamSSLPeerName");
const ocfs_string_ref ocfs_stream_ssl_certificates = OCFS_STR("kCFStreamSSLCertificates");
const ocfs_string_ref ocfs_stream_ssl_is_server = OCFS_STR("kCFStreamSSLIsServer");
const ocfs_string_ref ocfs_stream_property_socket_peer_name =
    OCFS_STR("_kCFStreamPropertySocketPeerName");
const ocfs_string_ref ocfs_stream_property_ssl_client_side_authentication =
    OCFS_STR("_kCFStreamPropertySSLClientSideAuthentication");
const ocfs_string_ref ocfs_stream_property_ssl_peer_trust =
    OCFS_STR("kCFStreamPropertySSLPeerTrust");
const ocfs_string_ref ocfs_stream_property_ssl_peer_certificates =
    OCFS_STR("kCFStreamPropertySSLPeerCertificates");
const ocfs_string_ref ocfs_stream_ssl_anchor_certificates =
    OCFS_STR("kOCFSStreamSSLAnchorCertificates");
const ocfs_string_ref ocfs_stream_ssl_anchor_certificates_only =
    OCFS_STR("kOCFSStreamSSLAnchorCertificatesOnly");
const ocfs_string_ref ocfs_stream_ssl_require_close_notify =
    OCFS_STR("kOCFSStreamSSLRequireCloseNotify");
const ocfs_string_ref ocfs_stream_ssl_alpn_protocols = OCFS_STR("kOCFSStreamSSLALPNProtocols");
const ocfs_string_ref ocfs_stream_ssl_private_key = OCFS_STR("kOCFSStreamSSLPrivateKey");
const ocfs_string_ref ocfs_stream_property_ssl_truncated =
    OCFS_STR("kOCFSStreamPropertySSLTruncated");
const ocfs_string_ref ocfs_stream_property_ssl_protocol_version =
    OCFS_STR("kOCFSStreamPropertySSLProtocolVersion");
const ocfs_string_ref ocfs_stream_property_ssl_cipher_suite =
    OCFS_STR("kOCFSStreamPropertySSLCipherSuite");
const ocfs_string_ref ocfs_stream_property_ssl_alpn_protocol =
    OCFS_STR("kOCFSStreamPropertySSLALPNProtocol");
const ocfs_string_ref ocfs_stream_property_ssl_session_reused =
    OCFS_STR("kOCFSStreamPropertySSLSessionReused");
const ocfs_string_ref ocfs_stream_property_ssl_peer_subject =
    OCFS_STR("kOCFSStreamPropertySSLPeerSubject");

}  // extern "C"

namespace ocfs::net {
namespace {

struct LevelSpelling {
  const char *text;
  const ocfs_string_ref *level;
};

// Apple's constants, the NSStream spellings some Foundation ports use, and private literals
// found in app code.
const LevelSpelling kLevelSpellings[] = {
    {"kCFStreamSocketSecurityLevelNone", &ocfs_stream_socket_security_level_none},
    {"kCFStreamSocketSecurityLevelSSLv2", &ocfs_stream_socket_security_level_sslv2},
    {"kCFStreamSocketSecurityLevelSSLv3", &ocfs_stream_socket_security_level_sslv3},
    {"kCFStreamSocketSecurityLevelTLSv1", &ocfs_stream_socket_security_level_tlsv1},
    {"kCFStreamSocketSecurityLevelNegotiatedSSL",
     &ocfs_stream_socket_security_level_negotiated_ssl},
    {"NSStreamSocketSecurityLevelNone", &ocfs_stream_socket_security_level_none},
    {"NSStreamSocketSecurityLevelSSLv2", &ocfs_stream_socket_security_level_sslv2},
    {"NSStreamSocketSecurityLevelSSLv3", &ocfs_stream_socket_security_level_sslv3},
    {"NSStreamSocketSecurityLevelTLSv1", &ocfs_stream_socket_security_level_tlsv1},
    {"NSStreamSocketSecurityLevelNegotiatedSSL", &ocfs_stream_socket_security_level_negotiated_ssl},
    // "TLS 1 with SSL 3 fallback": SSL 3 is gone, so it is TLSv1.
    {"kCFStreamSocketSecurityLevelTLSv1SSLv3", &ocfs_stream_socket_security_level_tlsv1},
};

// Not an Apple constant, but passed by apps meaning "at least TLS 1.2".
constexpr std::string_view kTlsV12Literal = "kCFStreamSocketSecurityLevelTLSv1_2";

bool is_type(ocfs_type_ref value, cf::TypeId type) {
  return cf::is_a(value, type);
}

// A boolean key: absent leaves `out` at its default; anything but a CFBoolean is refused.
bool read_boolean(ocfs_dictionary_ref settings, ocfs_string_ref key, bool &out, std::string &why) {
  auto value = static_cast<ocfs_type_ref>(ocfs_dictionary_get_value(settings, key));
  if (value == nullptr) return true;
  if (!is_type(value, cf::TypeId::kBoolean)) {
    why = std::string(cf::utf8_of(key)) + " must be a CFBoolean";
    return false;
  }
  out = ocfs_boolean_get_value(static_cast<ocfs_boolean_ref>(value)) != 0;
  return true;
}

tls::Der der_of(ocfs_type_ref data) {
  auto ref = static_cast<ocfs_data_ref>(data);
  const uint8_t *bytes = ocfs_data_get_byte_ptr(ref);
  return tls::Der(bytes, bytes + ocfs_data_get_length(ref));
}

// A certificate's DER: a SecCertificate, or a CFData holding the DER (the interim form that came
// before SecCertificate, still accepted).
bool certificate_bytes(ocfs_type_ref value, tls::Der &out) {
  if (is_type(value, cf::TypeId::kData)) {
    out = der_of(value);
    return true;
  }
  return security::certificate_der(value, out);
}

// An array key: absent is fine, anything but a non-empty CFArray is not (an empty one names
// nothing).
bool read_array(ocfs_dictionary_ref settings, ocfs_string_ref key, std::vector<ocfs_type_ref> &out,
                std::string &why) {
  auto value = static_cast<ocfs_type_ref>(ocfs_dictionary_get_value(settings, key));
  if (value == nullptr) return true;
  auto array = static_cast<ocfs_array_ref>(value);
  if (!is_type(value, cf::TypeId::kArray) || ocfs_array_get_count(array) == 0) {
    why = std::string(cf::utf8_of(key)) + " must be a non-empty CFArray";
    return false;
  }
  for (ocfs_index i = 0; i < ocfs_array_get_count(array); ++i)
    out.push_back(static_cast<ocfs_type_ref>(ocfs_array_get_value_at_index(array, i)));
  return true;
}

// Certificates (SecCertificate or CFData DER) from `values`, from index `first` on.
bool read_certificates(const std::vector<ocfs_type_ref> &values, std::size_t first,
                       std::vector<tls::Der> &out, const char *what, std::string &why) {
  for (std::size_t i = first; i < values.size(); ++i) {
    tls::Der der;
    if (!certificate_bytes(values[i], der)) {
      why = std::string(what) + " holds something that is not a certificate";
      return false;
    }
    out.push_back(std::move(der));
  }
  return true;
}

bool read_level(ocfs_dictionary_ref settings, TlsSettings &out, std::string &why) {
  auto value =
      static_cast<ocfs_type_ref>(ocfs_dictionary_get_value(settings, ocfs_stream_ssl_level));
  out.enabled = true;
  out.config.min_version = TLS1_2_VERSION;
  out.config.max_version = TLS1_3_VERSION;
  if (value == nullptr) return true;
  if (cf::string_equals(static_cast<ocfs_string_ref>(value), kTlsV12Literal)) {
    out.level = ocfs_stream_socket_security_level_negotiated_ssl;
    return true;  // at least 1.2, and 1.3 too (Apple pins 1.2: docs/COMPAT.md)
  }
  out.level = canonical_level(value);
  if (out.level == ocfs_stream_socket_security_level_none) {
    out.enabled = false;
  } else if (out.level == ocfs_stream_socket_security_level_tlsv1) {
    out.config.min_version = TLS1_VERSION;  // OpenSSL's security level still has the last word
  } else if (out.level != ocfs_stream_socket_security_level_negotiated_ssl) {
    why = out.level == nullptr ? "unknown security level" : "SSLv2 and SSLv3 are not supported";
    return false;
  }
  return true;
}

bool read_peer_name(ocfs_dictionary_ref settings, TlsSettings &out, std::string &why) {
  auto value =
      static_cast<ocfs_type_ref>(ocfs_dictionary_get_value(settings, ocfs_stream_ssl_peer_name));
  if (value == nullptr) return true;
  if (value == static_cast<ocfs_type_ref>(ocfs_null_value)) {
    out.peer_name_source = PeerNameSource::kNone;
    return true;
  }
  if (!cf::is_string(value)) {
    why = "kCFStreamSSLPeerName must be a CFString or kCFNull";
    return false;
  }
  std::string name(cf::utf8_of(static_cast<ocfs_string_ref>(value)));
  if (!tls::is_valid_peer_name(name)) {
    why = "kCFStreamSSLPeerName is empty, too long or contains a NUL";
    return false;
  }
  out.peer_name_source = PeerNameSource::kSettings;
  out.settings_peer_name = std::move(name);
  return true;
}

bool read_trust(ocfs_dictionary_ref settings, tls::Config &config, std::string &why) {
  bool anchors_only = false;
  std::vector<ocfs_type_ref> anchors;
  if (!read_boolean(settings, ocfs_stream_ssl_allows_expired_certificates,
                    config.allow_expired_certificates, why) ||
      !read_boolean(settings, ocfs_stream_ssl_allows_expired_roots, config.allow_expired_roots,
                    why) ||
      !read_boolean(settings, ocfs_stream_ssl_allows_any_root, config.allow_any_root, why) ||
      !read_boolean(settings, ocfs_stream_ssl_validates_certificate_chain, config.validate_chain,
                    why) ||
      !read_boolean(settings, ocfs_stream_ssl_anchor_certificates_only, anchors_only, why) ||
      !read_array(settings, ocfs_stream_ssl_anchor_certificates, anchors, why) ||
      !read_certificates(anchors, 0, config.anchors, "kOCFSStreamSSLAnchorCertificates", why)) {
    return false;
  }
  config.use_default_trust = !anchors_only;
  return true;
}

// Our identity, as Apple has it: a SecIdentity, then SecCertificates of its chain. Also the
// interim form: CFData DER certificates, leaf first, with the key under kOCFSStreamSSLPrivateKey.
bool read_identity(ocfs_dictionary_ref settings, tls::Config &config, std::string &why) {
  std::vector<ocfs_type_ref> items;
  if (!read_boolean(settings, ocfs_stream_ssl_is_server, config.server, why) ||
      !read_array(settings, ocfs_stream_ssl_certificates, items, why)) {
    return false;
  }
  auto key =
      static_cast<ocfs_type_ref>(ocfs_dictionary_get_value(settings, ocfs_stream_ssl_private_key));
  if (key != nullptr && !is_type(key, cf::TypeId::kData)) {
    why = "kOCFSStreamSSLPrivateKey must be a CFData";
    return false;
  }
  tls::Der leaf;
  bool identity = !items.empty() && security::identity_material(items[0], leaf, config.private_key);
  if (identity && key != nullptr) {
    why = "a SecIdentity brings its own key: kOCFSStreamSSLPrivateKey goes with CFData only";
    return false;
  }
  if (identity) {
    config.certificate_chain.push_back(std::move(leaf));
  } else if (items.empty() != (key == nullptr)) {
    why = "kCFStreamSSLCertificates needs a SecIdentity first (or kOCFSStreamSSLPrivateKey)";
    return false;
  } else if (key != nullptr) {
    config.private_key = der_of(key);
  }
  if (config.server && items.empty()) {
    why = "a server needs kCFStreamSSLCertificates";
    return false;
  }
  return read_certificates(items, identity ? 1 : 0, config.certificate_chain,
                           "kCFStreamSSLCertificates", why);
}

bool read_extensions(ocfs_dictionary_ref settings, tls::Config &config, std::string &why) {
  std::vector<ocfs_type_ref> protocols;
  if (!read_boolean(settings, ocfs_stream_ssl_require_close_notify, config.require_close_notify,
                    why) ||
      !read_array(settings, ocfs_stream_ssl_alpn_protocols, protocols, why)) {
    return false;
  }
  for (ocfs_type_ref protocol : protocols) {
    std::string name(cf::utf8_of(static_cast<ocfs_string_ref>(protocol)));
    if (!cf::is_string(protocol) || name.empty() || name.size() > 255) {
      why = "an ALPN protocol is not a string of 1 to 255 bytes";
      return false;
    }
    config.alpn.push_back(std::move(name));
  }
  return true;
}

}  // namespace

ocfs_string_ref canonical_level(ocfs_type_ref level) {
  if (!cf::is_string(level)) return nullptr;
  std::string_view text = cf::utf8_of(static_cast<ocfs_string_ref>(level));
  for (const LevelSpelling &spelling : kLevelSpellings) {
    if (text == spelling.text) return *spelling.level;
  }
  if (text == kTlsV12Literal) return ocfs_stream_socket_security_level_negotiated_ssl;
  return nullptr;
}

ocfs_string_ref level_for_protocol(const std::string &protocol) {
  return protocol.rfind("TLS", 0) == 0 ? ocfs_stream_socket_security_level_tlsv1
                                       : ocfs_stream_socket_security_level_negotiated_ssl;
}

bool read_tls_settings(ocfs_dictionary_ref settings, TlsSettings &out, std::string &why) {
  out = TlsSettings{};
  if (!is_type(settings, cf::TypeId::kDictionary)) {
    why = "kCFStreamPropertySSLSettings must be a CFDictionary";
    return false;
  }
  return read_level(settings, out, why) && read_peer_name(settings, out, why) &&
         read_trust(settings, out.config, why) && read_identity(settings, out.config, why) &&
         read_extensions(settings, out.config, why);
}

}  // namespace ocfs::net
