/* OpenCFStream: the part of SecureTransport's SSLContext that socket-stream code uses
 * (kCFStreamPropertySSLContext). A context is a TLS configuration object: copied from a pair
 * whose TLS is on, it is that pair's configuration, and its setters change the pair's TLS until
 * the handshake starts; created with ocfs_ssl_context_create and set on a pair, it turns TLS on
 * (starting it at once on an open pair, like the settings). The getters of the negotiated
 * protocol and cipher work once the pair's handshake is done.
 *
 * Every function returns an OSStatus: 0, OCFS_SSL_ERROR_BAD_CONFIGURATION-style SecureTransport
 * codes, -50 (errSecParam) for a bad argument, -909 (errSecBadReq) for a change after the
 * handshake started. */
#ifndef OPENCFSTREAM_SSL_CONTEXT_H
#define OPENCFSTREAM_SSL_CONTEXT_H

#include <stddef.h>

#include "base.h"
#include "array.h"
#include "library.h"

OCFS_EXTERN_C_BEGIN

typedef struct ocfs_ssl_context *ocfs_ssl_context_ref;

/* SecureTransport's numbers. */
enum { OCFS_SSL_SERVER_SIDE = 0, OCFS_SSL_CLIENT_SIDE = 1 };   /* SSLProtocolSide */
enum { OCFS_SSL_STREAM_TYPE = 0, OCFS_SSL_DATAGRAM_TYPE = 1 }; /* SSLConnectionType */
enum {                                                         /* SSLProtocol */
       OCFS_SSL_PROTOCOL_UNKNOWN = 0,
       OCFS_SSL_PROTOCOL_2 = 1,
       OCFS_SSL_PROTOCOL_3 = 2,
       OCFS_TLS_PROTOCOL_1 = 4,
       OCFS_TLS_PROTOCOL_11 = 7,
       OCFS_TLS_PROTOCOL_12 = 8,
       OCFS_TLS_PROTOCOL_13 = 10
};
enum { /* SSLSessionState */
       OCFS_SSL_IDLE = 0,
       OCFS_SSL_HANDSHAKE = 1,
       OCFS_SSL_CONNECTED = 2,
       OCFS_SSL_CLOSED = 3,
       OCFS_SSL_ABORTED = 4
};
enum { OCFS_ERR_SEC_PARAM = -50, OCFS_ERR_SEC_BAD_REQ = -909 };

OCFS_EXPORT ocfs_type_id ocfs_ssl_context_get_type_id(void);
/* A stand-alone context (only OCFS_SSL_STREAM_TYPE); NULL otherwise. */
OCFS_EXPORT ocfs_ssl_context_ref ocfs_ssl_context_create(ocfs_allocator_ref allocator,
                                                         int protocol_side, int connection_type);
/* The name for SNI and the host-name check (UTF-8, `length` bytes, no NUL); NULL / 0: none. */
OCFS_EXPORT int32_t ocfs_ssl_set_peer_domain_name(ocfs_ssl_context_ref context, const char *name,
                                                  size_t length);
OCFS_EXPORT int32_t ocfs_ssl_get_peer_domain_name_length(ocfs_ssl_context_ref context,
                                                         size_t *length);
/* Copies the name (no NUL added); *length in: the buffer's size, out: the name's length. */
OCFS_EXPORT int32_t ocfs_ssl_get_peer_domain_name(ocfs_ssl_context_ref context, char *buffer,
                                                  size_t *length);
OCFS_EXPORT int32_t ocfs_ssl_set_protocol_version_min(ocfs_ssl_context_ref context, int protocol);
OCFS_EXPORT int32_t ocfs_ssl_get_protocol_version_min(ocfs_ssl_context_ref context, int *protocol);
OCFS_EXPORT int32_t ocfs_ssl_set_protocol_version_max(ocfs_ssl_context_ref context, int protocol);
OCFS_EXPORT int32_t ocfs_ssl_get_protocol_version_max(ocfs_ssl_context_ref context, int *protocol);
OCFS_EXPORT int32_t ocfs_ssl_get_negotiated_protocol_version(ocfs_ssl_context_ref context,
                                                             int *protocol);
/* The IANA number of the negotiated cipher suite (TLS_AES_128_GCM_SHA256 = 0x1301). */
OCFS_EXPORT int32_t ocfs_ssl_get_negotiated_cipher(ocfs_ssl_context_ref context, uint32_t *cipher);
/* OCFS_SSL_NEVER_AUTHENTICATE / ALWAYS / TRY (socket_stream.h): servers only. */
OCFS_EXPORT int32_t ocfs_ssl_set_client_side_authenticate(ocfs_ssl_context_ref context,
                                                          int authenticate);
/* Our identity: element 0 a SecIdentity, then SecCertificates of its chain; NULL: none. */
OCFS_EXPORT int32_t ocfs_ssl_set_certificate(ocfs_ssl_context_ref context,
                                             ocfs_array_ref certificates);
OCFS_EXPORT int32_t ocfs_ssl_get_session_state(ocfs_ssl_context_ref context, int *state);

/* Stream property "kCFStreamPropertySSLContext": copy / set a pair's context. */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_ssl_context;

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_SSL_CONTEXT_H */
