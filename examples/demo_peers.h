/* The demo's loopback peers (demo_peers.cpp), behind a small C interface so that demo.c stays
 * plain Apple-style C. Everything listens on 127.0.0.1 only and runs on its own threads:
 *
 *   - a TLS server with two names, chosen by SNI: "proxy.local" (the default, also used for an
 *     unknown name or no SNI) and "secure.example"; it echoes what it receives. Its certificates
 *     are issued at start-up by a throw-away demo CA (nothing is read from or written to disk).
 *   - an HTTP CONNECT proxy: it reads "CONNECT host:port", prints what it was asked for, connects
 *     to the TLS server whatever the host (no DNS anywhere), answers 200 and relays bytes both
 *     ways until either side closes.
 *
 * The [proxy] and [server] lines of the demo's output are printed here. */
#ifndef OCFS_EXAMPLES_DEMO_PEERS_H
#define OCFS_EXAMPLES_DEMO_PEERS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Starts both peers; 0 on success, else -1 (demo_peers_error() tells why). */
int demo_peers_start(void);
const char *demo_peers_error(void);

unsigned short demo_peers_proxy_port(void);
unsigned short demo_peers_server_port(void);

/* The demo CA's certificate (DER), the one anchor the app trusts. Valid until demo_peers_stop. */
const unsigned char *demo_peers_ca_der(size_t *length);
/* The CA's subject, for the output. */
const char *demo_peers_ca_subject(void);

/* The TLS server's view of its `index`-th connection (0 = first), once it received the
 * ClientHello: waits for that at most `timeout_ms`. The SNI the client sent ("" when none) and
 * the name of the virtual host whose certificate was served. Returns 1, or 0 if no ClientHello
 * came in time. The strings are valid until the next call. */
int demo_peers_server_hello(size_t index, unsigned timeout_ms, const char **sni,
                            const char **selected_host);

/* Prints, as [server] lines, what the server saw on its `index`-th connection: the SNI, the
 * certificate chosen, and how the handshake ended. Waits at most `timeout_ms` for the handshake
 * to finish (or fail) on the server side. */
void demo_peers_print_server_view(size_t index, unsigned timeout_ms);

/* Lets open tunnels wind down (at most a couple of seconds), prints a [proxy] summary, then
 * stops and joins every thread. Idempotent. */
void demo_peers_stop(void);

#ifdef __cplusplus
}
#endif

#endif /* OCFS_EXAMPLES_DEMO_PEERS_H */
