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

/* CFError userInfo key holding the getaddrinfo code of a DNS failure. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_get_addr_info_failure_key;

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_SOCKET_STREAM_H */
