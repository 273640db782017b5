/* OpenCFStream compat: <CFNetwork/CFSocketStream.h>. Socket-stream properties, the SOCKS error
 * helpers and the CFHost pair. The pairs themselves and kCFStreamPropertySocketNativeHandle…
 * and the security level are in <CoreFoundation/CFStream.h>, as on Apple. SOCKS proxy keys and
 * CFNetService pairs are not provided (docs/COMPAT.md). */
#ifndef OCFS_COMPAT_CFSOCKETSTREAM_H
#define OCFS_COMPAT_CFSOCKETSTREAM_H

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFStream.h>
#include <CFNetwork/CFHost.h>

/* Copy: the CFHost of a pair created from one. */
#define kCFStreamPropertySocketRemoteHost (ocfs_stream_property_socket_remote_host)

/* TLS settings: one dictionary, applied whole at each set (docs/PORTING.md). */
#define kCFStreamPropertySSLSettings (ocfs_stream_property_ssl_settings)
/* An SSLContextRef (<Security/SecureTransport.h>): copy the pair's, or set one to turn TLS on. */
#define kCFStreamPropertySSLContext (ocfs_stream_property_ssl_context)
#define kCFStreamSSLLevel (ocfs_stream_ssl_level)
#define kCFStreamSSLAllowsExpiredCertificates (ocfs_stream_ssl_allows_expired_certificates)
#define kCFStreamSSLAllowsExpiredRoots (ocfs_stream_ssl_allows_expired_roots)
#define kCFStreamSSLAllowsAnyRoot (ocfs_stream_ssl_allows_any_root)
#define kCFStreamSSLValidatesCertificateChain (ocfs_stream_ssl_validates_certificate_chain)
#define kCFStreamSSLPeerName (ocfs_stream_ssl_peer_name)
/* [SecIdentityRef, SecCertificateRef...]; also CFData DER certificates with
 * kOCFSStreamSSLPrivateKey (docs/COMPAT.md). */
#define kCFStreamSSLCertificates (ocfs_stream_ssl_certificates)
#define kCFStreamSSLIsServer (ocfs_stream_ssl_is_server)
/* Copy: a CFArray of SecCertificateRef, leaf first. */
#define kCFStreamPropertySSLPeerCertificates (ocfs_stream_property_ssl_peer_certificates)
/* Copy: a SecTrustRef over the peer's chain (<Security/SecTrust.h>), from "TLS is up" on. */
#define kCFStreamPropertySSLPeerTrust (ocfs_stream_property_ssl_peer_trust)
/* Private key apps declare themselves (SocketRocket): the TLS peer name behind a proxy. A bare
 * name, like _kCFStreamSocketSetNoDelay below. */
#define _kCFStreamPropertySocketPeerName ocfs_stream_property_socket_peer_name

/* Private key (CFNumber, an SSLAuthenticate value): whether a server pair asks for a client
 * certificate. A bare name, like the one above. */
#define _kCFStreamPropertySSLClientSideAuthentication \
  ocfs_stream_property_ssl_client_side_authentication

/* OpenCFStream extensions, settings-dictionary keys (docs/COMPAT.md). */
#define kOCFSStreamSSLAnchorCertificates (ocfs_stream_ssl_anchor_certificates)
#define kOCFSStreamSSLAnchorCertificatesOnly (ocfs_stream_ssl_anchor_certificates_only)
#define kOCFSStreamSSLRequireCloseNotify (ocfs_stream_ssl_require_close_notify)
#define kOCFSStreamSSLALPNProtocols (ocfs_stream_ssl_alpn_protocols)
#define kOCFSStreamSSLPrivateKey (ocfs_stream_ssl_private_key)
/* OpenCFStream extensions, read-only properties once TLS is up. */
#define kOCFSStreamPropertySSLTruncated (ocfs_stream_property_ssl_truncated)
#define kOCFSStreamPropertySSLProtocolVersion (ocfs_stream_property_ssl_protocol_version)
#define kOCFSStreamPropertySSLCipherSuite (ocfs_stream_property_ssl_cipher_suite)
#define kOCFSStreamPropertySSLALPNProtocol (ocfs_stream_property_ssl_alpn_protocol)
#define kOCFSStreamPropertySSLSessionReused (ocfs_stream_property_ssl_session_reused)
#define kOCFSStreamPropertySSLPeerSubject (ocfs_stream_property_ssl_peer_subject)

/* Accepted and kept, without effect (docs/COMPAT.md). */
#define kCFStreamNetworkServiceType (ocfs_stream_network_service_type)
#define kCFStreamNetworkServiceTypeVoIP (ocfs_stream_network_service_type_voip)
#define kCFStreamNetworkServiceTypeVideo (ocfs_stream_network_service_type_video)
#define kCFStreamNetworkServiceTypeVoice (ocfs_stream_network_service_type_voice)
#define kCFStreamNetworkServiceTypeBackground (ocfs_stream_network_service_type_background)
#define kCFStreamNetworkServiceTypeResponsiveData (ocfs_stream_network_service_type_responsive_data)
#define kCFStreamNetworkServiceTypeAVStreaming (ocfs_stream_network_service_type_av_streaming)
#define kCFStreamNetworkServiceTypeResponsiveAV (ocfs_stream_network_service_type_responsive_av)
#define kCFStreamNetworkServiceTypeCallSignaling (ocfs_stream_network_service_type_call_signaling)
#define kCFStreamPropertyNoCellular (ocfs_stream_property_no_cellular)
#define kCFStreamPropertyAllowExpensiveNetworkAccess \
  (ocfs_stream_property_allow_expensive_network_access)
#define kCFStreamPropertyAllowConstrainedNetworkAccess \
  (ocfs_stream_property_allow_constrained_network_access)
#define kCFStreamPropertySocketExtendedBackgroundIdleMode \
  (ocfs_stream_property_socket_extended_background_idle_mode)
/* Read-only, always kCFBooleanFalse. */
#define kCFStreamPropertyConnectionIsCellular (ocfs_stream_property_connection_is_cellular)
#define kCFStreamPropertyConnectionIsExpensive (ocfs_stream_property_connection_is_expensive)

/* Private key apps declare themselves (WebKit): CFBoolean, sets TCP_NODELAY. A bare name onto an
 * object of the same type, so such a declaration (`extern const CFStringRef
 * _kCFStreamSocketSetNoDelay;`) still compiles (outside Windows DLL builds, where it would drop
 * the dllimport; WebKit declares it only for Apple platforms). */
#define _kCFStreamSocketSetNoDelay ocfs_stream_socket_set_no_delay

/* OpenCFStream extension: CFNumber seconds the whole open (name resolution and every connect
 * attempt) may take; default 75, 0 = no limit; set before open. On expiry both halves fail with
 * {kCFStreamErrorDomainPOSIX, ETIMEDOUT}. */
#define kOCFSStreamPropertySocketConnectTimeout (ocfs_stream_property_socket_connect_timeout)

/* `extern const CFIndex` on Apple, whose value is not published; 7, as another reimplementation
 * chose. Nothing reports it here: Winsock errors come in the POSIX domain (docs/COMPAT.md). */
#define kCFStreamErrorDomainWinSock ((CFIndex)7)

/* kCFStreamErrorDomainSOCKS errors are (subdomain << 16) | code. */
CF_INLINE SInt32 CFSocketStreamSOCKSGetErrorSubdomain(const CFStreamError *error) {
  return (SInt32)((error->error >> 16) & 0x0000FFFF);
}
CF_INLINE SInt32 CFSocketStreamSOCKSGetError(const CFStreamError *error) {
  return (SInt32)(error->error & 0x0000FFFF);
}

enum {
  kCFStreamErrorSOCKSSubDomainNone = 0,        /* a general SOCKS error */
  kCFStreamErrorSOCKSSubDomainVersionCode = 1, /* the SOCKS version the server wants */
  kCFStreamErrorSOCKS4SubDomainResponse = 2,   /* the server's status code */
  kCFStreamErrorSOCKS5SubDomainUserPass = 3,   /* the server's status code */
  kCFStreamErrorSOCKS5SubDomainMethod = 4,     /* the server's desired negotiation method */
  kCFStreamErrorSOCKS5SubDomainResponse = 5    /* the server's reply to the connection request */
};

/* kCFStreamErrorSOCKSSubDomainNone */
enum {
  kCFStreamErrorSOCKS5BadResponseAddr = 1,
  kCFStreamErrorSOCKS5BadState = 2,
  kCFStreamErrorSOCKSUnknownClientVersion = 3
};

/* kCFStreamErrorSOCKS4SubDomainResponse */
enum {
  kCFStreamErrorSOCKS4RequestFailed = 91,
  kCFStreamErrorSOCKS4IdentdFailed = 92,
  kCFStreamErrorSOCKS4IdConflict = 93
};

/* kCFStreamErrorSOCKS5SubDomainMethod */
enum { kSOCKS5NoAcceptableMethod = 0xFF };

CF_EXTERN_C_BEGIN

/* A pair to `host` on TCP `port`; kCFStreamPropertySocketRemoteHost gives the host back. Either
 * out-pointer may be NULL. */
CF_INLINE void CFStreamCreatePairWithSocketToCFHost(CFAllocatorRef alloc, CFHostRef host,
                                                    SInt32 port, CFReadStreamRef *readStream,
                                                    CFWriteStreamRef *writeStream) {
  ocfs_stream_create_pair_with_socket_to_cf_host(alloc, host, port, readStream, writeStream);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFSOCKETSTREAM_H */
