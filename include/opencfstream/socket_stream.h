/* OpenCFStream: TCP socket stream pairs (CFStreamCreatePairWithSocket*, CFSocketStream.h) and a
 * minimal host object (CFHost).
 *
 * A pair is a read stream and a write stream over ONE connection: one socket, one set of
 * properties (a property set on either half applies to both), one error (reported to both
 * halves). Open is asynchronous: it returns true at once with status OPENING while a worker
 * thread resolves the name and connects (every address is tried, IPv6 and IPv4 raced with a
 * 250 ms stagger); OPEN_COMPLETED then reaches each opened half. A read or write while opening
 * waits for the open. The socket is closed when both halves are closed or released. */
#ifndef OPENCFSTREAM_SOCKET_STREAM_H
#define OPENCFSTREAM_SOCKET_STREAM_H

#include "base.h"
#include "array.h"
#include "data.h"
#include "library.h"
#include "stream.h"

OCFS_EXTERN_C_BEGIN

/* Stream error domains beyond stream.h's (CFSocketStream.h / CFHost.h numbers). */
enum {
  OCFS_STREAM_ERROR_DOMAIN_SSL = 3,
  OCFS_STREAM_ERROR_DOMAIN_SOCKS = 5,
  OCFS_STREAM_ERROR_DOMAIN_MACH = 11,
  OCFS_STREAM_ERROR_DOMAIN_NETDB = 12, /* error = the platform's getaddrinfo EAI_* value */
  OCFS_STREAM_ERROR_DOMAIN_SYSTEM_CONFIGURATION = 13
};

/* CFNetworkErrors codes for the CFError domain ocfs_error_domain_cfnetwork. */
enum { OCFS_HOST_ERROR_HOST_NOT_FOUND = 1, OCFS_HOST_ERROR_UNKNOWN = 2 };

/* ---- Host (CFHost, the part stream pairs need) ----------------------------------------------- */

typedef struct ocfs_host *ocfs_host_ref;

OCFS_EXPORT ocfs_type_id ocfs_host_get_type_id(void);
/* A host known by name (a DNS name or a numeric address). NULL for NULL or an empty name. */
OCFS_EXPORT ocfs_host_ref ocfs_host_create_with_name(ocfs_allocator_ref allocator,
                                                     ocfs_string_ref hostname);
/* A host known by one address: `address` holds a struct sockaddr_in or sockaddr_in6. NULL for
 * anything else. */
OCFS_EXPORT ocfs_host_ref ocfs_host_create_with_address(ocfs_allocator_ref allocator,
                                                        ocfs_data_ref address);
OCFS_EXPORT ocfs_host_ref ocfs_host_create_copy(ocfs_allocator_ref allocator, ocfs_host_ref host);
/* What the host was created with (borrowed): its names (an array of one string) or its
 * addresses (an array of one CFData). NULL when the host has none of that kind;
 * `has_been_resolved` (may be NULL) is then false. No resolution is run by these calls. */
OCFS_EXPORT ocfs_array_ref ocfs_host_get_names(ocfs_host_ref host, ocfs_bool *has_been_resolved);
OCFS_EXPORT ocfs_array_ref ocfs_host_get_addressing(ocfs_host_ref host,
                                                    ocfs_bool *has_been_resolved);

/* ---- Creating pairs --------------------------------------------------------------------------
 * Either out-pointer may be NULL when that half is not wanted; both are set to NULL first and
 * stay NULL on failure (bad arguments, out of memory). */

/* To `host` (a DNS name or numeric address) on TCP `port` (the low 16 bits count). */
OCFS_EXPORT void ocfs_stream_create_pair_with_socket_to_host(ocfs_allocator_ref allocator,
                                                             ocfs_string_ref host, uint32_t port,
                                                             ocfs_read_stream_ref *read_stream,
                                                             ocfs_write_stream_ref *write_stream);
OCFS_EXPORT void ocfs_stream_create_pair_with_socket_to_cf_host(
    ocfs_allocator_ref allocator, ocfs_host_ref host, int32_t port,
    ocfs_read_stream_ref *read_stream, ocfs_write_stream_ref *write_stream);
/* Over an already connected stream socket, which the pair adopts: open completes at once. The
 * socket is made non-blocking while the pair uses it; unless
 * ocfs_stream_property_should_close_native_socket is set true (default false), it is left open
 * when the pair is done and its blocking mode restored. */
OCFS_EXPORT void ocfs_stream_create_pair_with_socket(ocfs_allocator_ref allocator,
                                                     ocfs_socket_native_handle sock,
                                                     ocfs_read_stream_ref *read_stream,
                                                     ocfs_write_stream_ref *write_stream);

/* Same layout as CFSocketSignature. */
typedef struct ocfs_socket_signature {
  int32_t protocolFamily; /* PF_INET / PF_INET6 */
  int32_t socketType;     /* SOCK_STREAM (the only type supported) */
  int32_t protocol;       /* IPPROTO_TCP or 0 */
  ocfs_data_ref address;  /* a struct sockaddr_in / sockaddr_in6 */
} ocfs_socket_signature;

OCFS_EXPORT void ocfs_stream_create_pair_with_peer_socket_signature(
    ocfs_allocator_ref allocator, const ocfs_socket_signature *signature,
    ocfs_read_stream_ref *read_stream, ocfs_write_stream_ref *write_stream);

/* ---- Socket properties (strings equal to Apple's constant names) ------------------------------
 */

/* Copy: a CFData holding the native handle, once the socket exists. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_socket_native_handle;
/* Copy: the name the pair was created with (or the peer's numeric address for adopted sockets). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_socket_remote_host_name;
/* Copy: a CFNumber with the remote port. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_socket_remote_port_number;
/* Copy: the CFHost of a pair created from one. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_socket_remote_host;
/* CFBoolean: close the socket when the pair is done (default true, false for adopted sockets). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_should_close_native_socket;
/* Private "_kCFStreamSocketSetNoDelay": CFBoolean, TCP_NODELAY (applied now or once connected). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_socket_set_no_delay;
/* Accepted and stored without effect (no cellular, constrained or expensive networks here). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_network_service_type;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_network_service_type_voip;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_network_service_type_video;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_network_service_type_voice;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_network_service_type_background;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_network_service_type_responsive_data;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_network_service_type_av_streaming;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_network_service_type_responsive_av;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_network_service_type_call_signaling;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_no_cellular;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_allow_expensive_network_access;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_allow_constrained_network_access;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_socket_extended_background_idle_mode;
/* Read-only, always kCFBooleanFalse. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_connection_is_cellular;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_connection_is_expensive;

/* Extension "kOCFSStreamPropertySocketConnectTimeout": CFNumber seconds the whole open (name
 * resolution and every connect attempt) may take; default 75, 0 = no limit. Set before open.
 * On expiry both halves fail with {POSIX, ETIMEDOUT}. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_socket_connect_timeout;

/* ---- TLS (CFStream.h / CFSocketStream.h keys; strings equal to Apple's names) -----------------
 * TLS is turned on by setting either key below, before open or on an open stream (STARTTLS: the
 * handshake starts on the existing connection, without a second OPEN_COMPLETED). While the
 * handshake runs, HAS_BYTES_AVAILABLE / CAN_ACCEPT_BYTES are withheld; the first of them after it
 * is the "TLS is up" signal. A set after the handshake has started returns false, unless it is
 * equal to the settings in force (the same dictionary set on both halves). docs/PORTING.md. */

/* CFString level; shorthand for the settings {ocfs_stream_ssl_level: level}. Copy gives the
 * level of the negotiated protocol once TLS is up, else the configured one. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_socket_security_level;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_socket_security_level_none;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_socket_security_level_sslv2; /* refused */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_socket_security_level_sslv3; /* refused */
/* TLS 1.0 (or the lowest version OpenSSL's security level permits) to TLS 1.3. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_socket_security_level_tlsv1;
/* The default: TLS 1.2 to TLS 1.3. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_socket_security_level_negotiated_ssl;

/* CFDictionary: the whole TLS configuration, rebuilt from the dictionary alone at each set (keys
 * left out go back to their defaults). Copy gives the last dictionary set. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_settings;
/* Keys of the settings dictionary. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_level; /* CFString level */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_allows_expired_certificates;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_allows_expired_roots;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_allows_any_root;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_validates_certificate_chain;
/* CFString (SNI + host-name check) or ocfs_null_value (kCFNull: neither; the chain is still
 * checked). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_peer_name;
/* CFArray: our identity: a SecIdentity, then SecCertificates of its chain (security.h). Also
 * accepted: CFData DER certificates, leaf first, with the key in ocfs_stream_ssl_private_key. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_certificates;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_is_server; /* CFBoolean */

/* "_kCFStreamPropertySocketPeerName": CFString, the TLS peer name when the socket goes to a
 * proxy. Used when the settings have no ocfs_stream_ssl_peer_name. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_socket_peer_name;
/* "_kCFStreamPropertySSLClientSideAuthentication": CFNumber, whether a server pair asks the client
 * for a certificate (SecureTransport's SSLAuthenticate values below); default never. Read when
 * the handshake starts. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_client_side_authentication;
enum {
  OCFS_SSL_NEVER_AUTHENTICATE = 0,
  OCFS_SSL_ALWAYS_AUTHENTICATE = 1,
  OCFS_SSL_TRY_AUTHENTICATE = 2
};
/* Copy: CFArray of the peer's certificates (SecCertificate, security.h), leaf first, once the
 * handshake has received them (also after a verification failure). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_peer_certificates;
/* Copy: a SecTrust (security.h) over the peer's chain with an SSL policy for the peer name the
 * handshake used, not yet evaluated; non-NULL from the first HasBytesAvailable / CanAcceptBytes
 * after the handshake on (also with chain validation off), and after a verification failure. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_peer_trust;

/* Extensions (settings-dictionary keys; see docs/COMPAT.md). */
/* CFArray of CFData (DER certificates) trusted as roots in addition to the system's. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_anchor_certificates;
/* CFBoolean: trust only ocfs_stream_ssl_anchor_certificates, not the system's roots. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_anchor_certificates_only;
/* CFBoolean: a TCP end without close_notify is an error ({SSL, -9816}) instead of an end. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_require_close_notify;
/* CFArray of CFString: the ALPN protocols to offer, in order. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_alpn_protocols;
/* CFData: the DER private key of ocfs_stream_ssl_certificates' leaf (PKCS#8 or traditional). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_ssl_private_key;

/* Read-only extensions, valid once TLS is up. */
/* CFBoolean: the stream ended with a TCP end but no close_notify (a possible truncation). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_truncated;
/* CFString: "TLSv1.3", "TLSv1.2"... */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_protocol_version;
/* CFString: the cipher suite's OpenSSL name. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_cipher_suite;
/* CFString: the ALPN protocol the server chose; NULL when none. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_alpn_protocol;
/* CFBoolean: the handshake resumed a cached session (see docs/PORTING.md, session cache). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_session_reused;
/* CFString: the peer certificate's subject, one line (RFC 2253), e.g. "CN=a.test". */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_peer_subject;

/* SecureTransport status codes reported in OCFS_STREAM_ERROR_DOMAIN_SSL (the ones this library
 * produces; Apple's full list is in the compat <Security/SecureTransport.h>). */
enum {
  OCFS_SSL_ERROR_PROTOCOL = -9800,
  OCFS_SSL_ERROR_NEGOTIATION = -9801,
  OCFS_SSL_ERROR_FATAL_ALERT = -9802,
  OCFS_SSL_ERROR_CLOSED_ABORT = -9806,
  OCFS_SSL_ERROR_CERT_CHAIN_INVALID = -9807,
  OCFS_SSL_ERROR_BAD_CERT = -9808,
  OCFS_SSL_ERROR_INTERNAL = -9810,
  OCFS_SSL_ERROR_CERT_EXPIRED = -9814,
  OCFS_SSL_ERROR_CERT_NOT_YET_VALID = -9815,
  OCFS_SSL_ERROR_CLOSED_NO_NOTIFY = -9816,
  OCFS_SSL_ERROR_PEER_HANDSHAKE_FAIL = -9824,
  OCFS_SSL_ERROR_PEER_PROTOCOL_VERSION = -9836,
  OCFS_SSL_ERROR_HOST_NAME_MISMATCH = -9843,
  OCFS_SSL_ERROR_BAD_CONFIGURATION = -9848
};

/* CFError userInfo key holding the getaddrinfo code of a DNS failure. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_get_addr_info_failure_key;

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_SOCKET_STREAM_H */
