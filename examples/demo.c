/* OpenCFStream demo: TLS to the real destination through an HTTP CONNECT proxy.
 *
 * The app side is plain Apple-style C, written as it would be for iOS or macOS (the compat
 * headers only, a client callback scheduled on the run loop): it opens a socket pair to the
 * proxy, sends "CONNECT secure.example:443" in plaintext, reads the proxy's "200", and then turns
 * TLS on in the middle of the open stream, telling the stream that the TLS peer is
 * secure.example (not the proxy it is connected to) with _kCFStreamPropertySocketPeerName, as
 * SocketRocket does. A second run leaves the peer name out and shows what goes wrong then.
 *
 * The proxy and the TLS server are in-process loopback peers (demo_peers.h); nothing is installed
 * and no network is used. The exit code is 0 only if everything happened as expected. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <CoreFoundation/CoreFoundation.h>
#include <CFNetwork/CFNetwork.h>
#include <Security/SecureTransport.h> /* errSSLHostNameMismatch */

#include "demo_peers.h"

#define kDestinationHost "secure.example"
static const char kConnectRequest[] =
    "CONNECT " kDestinationHost ":443 HTTP/1.1\r\nHost: " kDestinationHost ":443\r\n\r\n";
static const char kMessage[] = "hello through the tunnel";
static const CFTimeInterval kRunTimeout = 20.0; /* seconds, per run */

typedef enum {
  kStateConnecting,   /* open, then write the CONNECT request */
  kStateProxyReply,   /* reading the proxy's answer */
  kStateTlsHandshake, /* TLS settings set; waiting for the first CanAcceptBytes */
  kStateEcho,         /* message written, reading the echo */
  kStateDone,
  kStateFailed
} DemoState;

static const char *state_name(DemoState state) {
  static const char *const names[] = {"connecting to the proxy",
                                      "waiting for the proxy's answer",
                                      "in the TLS handshake",
                                      "waiting for the echo",
                                      "done",
                                      "failed"};
  return names[state];
}

typedef struct {
  /* configuration */
  CFStringRef host; /* what the pair is made to: the proxy */
  UInt32 port;
  Boolean set_peer_name;
  /* streams and progress */
  CFReadStreamRef input;
  CFWriteStreamRef output;
  DemoState state;
  Boolean opened;
  const char *pending; /* bytes still to write, and how many */
  CFIndex pending_length;
  char reply[512];
  CFIndex reply_length;
  char echo[256];
  CFIndex echo_length;
  size_t server_connection; /* the TLS server's connection number for this run */
  /* results */
  Boolean settings_accepted;
  CFStreamError error;
  char failure[256];
} DemoRun;

static void say(const char *format, ...) {
  va_list args;
  char line[1024];
  va_start(args, format);
  vsnprintf(line, sizeof line, format, args);
  va_end(args);
  printf("%s\n", line); /* one call per line: the peers print from other threads */
  fflush(stdout);
}

/* A CFString as C text ("(none)" when there is none). */
static const char *text_of(CFTypeRef value, char *buffer, CFIndex size) {
  if (value == NULL || CFGetTypeID(value) != CFStringGetTypeID() ||
      !CFStringGetCString((CFStringRef)value, buffer, size, kCFStringEncodingUTF8)) {
    snprintf(buffer, (size_t)size, "(none)");
  }
  return buffer;
}

/* The same for a value we own (a Copy result), released here. */
static const char *take_text(CFTypeRef copied, char *buffer, CFIndex size) {
  text_of(copied, buffer, size);
  if (copied != NULL) CFRelease(copied);
  return buffer;
}

static void fail(DemoRun *run, const char *what) {
  snprintf(run->failure, sizeof run->failure, "%s", what);
  run->state = kStateFailed;
  CFRunLoopStop(CFRunLoopGetCurrent());
}

static void finish(DemoRun *run) {
  run->state = kStateDone;
  CFRunLoopStop(CFRunLoopGetCurrent());
}

/* Writes what is pending, as much as the stream takes now; TRUE once all of it went out. */
static Boolean write_pending(DemoRun *run) {
  CFIndex written =
      CFWriteStreamWrite(run->output, (const UInt8 *)run->pending, run->pending_length);
  if (written < 0) return FALSE; /* ErrorOccurred follows */
  run->pending += written;
  run->pending_length -= written;
  return run->pending_length == 0;
}

/* The proxy said 200: from here on the bytes go to secure.example, so this is where TLS starts,
 * on the stream that is already open. */
static void start_tls(DemoRun *run) {
  if (run->set_peer_name) {
    /* Private key, no declaration in Apple's headers: apps use the string (SocketRocket does). */
    Boolean ok = CFWriteStreamSetProperty(run->output, CFSTR("_kCFStreamPropertySocketPeerName"),
                                          CFSTR(kDestinationHost));
    say("[app] set _kCFStreamPropertySocketPeerName = \"%s\" -> %s", kDestinationHost,
        ok ? "TRUE" : "FALSE");
    if (!ok) {
      fail(run, "setting _kCFStreamPropertySocketPeerName returned FALSE");
      return;
    }
  }

  size_t ca_length = 0;
  const unsigned char *ca_der = demo_peers_ca_der(&ca_length);
  CFDataRef ca = CFDataCreate(NULL, ca_der, (CFIndex)ca_length);
  const void *anchor_values[] = {ca};
  CFArrayRef anchors = CFArrayCreate(NULL, anchor_values, 1, &kCFTypeArrayCallBacks);
  const void *keys[] = {kOCFSStreamSSLAnchorCertificates, kOCFSStreamSSLAnchorCertificatesOnly};
  const void *values[] = {anchors, kCFBooleanTrue};
  CFDictionaryRef settings = CFDictionaryCreate(
      NULL, keys, values, 2, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
  run->settings_accepted =
      CFWriteStreamSetProperty(run->output, kCFStreamPropertySSLSettings, settings);
  say("[app] set kCFStreamPropertySSLSettings = {kOCFSStreamSSLAnchorCertificates: [%s], "
      "kOCFSStreamSSLAnchorCertificatesOnly: true} -> %s",
      demo_peers_ca_subject(), run->settings_accepted ? "TRUE" : "FALSE");
  CFRelease(settings);
  CFRelease(anchors);
  CFRelease(ca);
  if (!run->settings_accepted) {
    fail(run, "setting kCFStreamPropertySSLSettings returned FALSE");
    return;
  }
  run->state = kStateTlsHandshake;
  say("[app] TLS handshake running on the open stream (no stream events until it ends)");
}

/* The first CanAcceptBytes after the settings: the handshake succeeded. */
static void tls_is_up(DemoRun *run) {
  char protocol[64], cipher[128], subject[256];
  take_text(CFWriteStreamCopyProperty(run->output, kOCFSStreamPropertySSLProtocolVersion), protocol,
            sizeof protocol);
  take_text(CFWriteStreamCopyProperty(run->output, kOCFSStreamPropertySSLCipherSuite), cipher,
            sizeof cipher);
  take_text(CFReadStreamCopyProperty(run->input, kOCFSStreamPropertySSLPeerSubject), subject,
            sizeof subject);
  say("[app] CanAcceptBytes -> TLS is up: %s, %s, verified subject %s", protocol, cipher, subject);
  demo_peers_print_server_view(run->server_connection, 5000);

  run->state = kStateEcho;
  run->pending = kMessage;
  run->pending_length = (CFIndex)strlen(kMessage);
  say("[app] write \"%s\" (encrypted)", kMessage);
  write_pending(run);
}

static void report_error(DemoRun *run, const char *which_stream) {
  /* Both halves share the connection, so the read stream has the error either way. */
  CFStreamError error = CFReadStreamGetError(run->input);
  if (error.domain == 0) error = CFWriteStreamGetError(run->output);
  run->error = error;
  say("[app] ErrorOccurred on the %s stream %s: CFStreamError {domain %ld, %d}", which_stream,
      state_name(run->state), (long)error.domain, (int)error.error);

  CFErrorRef cf_error = CFReadStreamCopyError(run->input);
  if (cf_error != NULL) {
    char description[512], domain[128];
    take_text(CFErrorCopyDescription(cf_error), description, sizeof description);
    text_of(CFErrorGetDomain(cf_error), domain, sizeof domain);
    say("[app] CFReadStreamCopyError: %s (CFError domain %s, code %ld)", description, domain,
        (long)CFErrorGetCode(cf_error));
    CFRelease(cf_error);
  }
  if (run->state == kStateTlsHandshake) demo_peers_print_server_view(run->server_connection, 5000);
  fail(run, "the connection failed");
}

static void on_output(CFWriteStreamRef stream, CFStreamEventType type, void *info) {
  DemoRun *run = (DemoRun *)info;
  (void)stream;
  if (run->state == kStateDone || run->state == kStateFailed) return; /* CFRunLoopStop called */
  switch (type) {
    case kCFStreamEventOpenCompleted:
      if (!run->opened) {
        char host[128];
        say("[app] open -> OpenCompleted (TCP connected to the proxy %s:%u)",
            text_of(run->host, host, sizeof host), (unsigned)run->port);
        run->opened = TRUE;
      }
      break;
    case kCFStreamEventCanAcceptBytes:
      if (run->state == kStateConnecting) {
        if (run->pending == NULL) {
          run->pending = kConnectRequest;
          run->pending_length = (CFIndex)strlen(kConnectRequest);
        }
        if (run->pending == kConnectRequest) { /* first time: say what goes out */
          say("[app] CanAcceptBytes -> write \"CONNECT %s:443 HTTP/1.1\" + Host header "
              "(%ld bytes, plaintext)",
              kDestinationHost, (long)strlen(kConnectRequest));
        }
        if (write_pending(run)) run->state = kStateProxyReply;
      } else if (run->state == kStateTlsHandshake) {
        tls_is_up(run);
      } else if (run->state == kStateEcho && run->pending_length > 0) {
        write_pending(run); /* the rest of the message */
      }
      break;
    case kCFStreamEventErrorOccurred:
      report_error(run, "write");
      break;
    case kCFStreamEventEndEncountered:
      fail(run, "the write stream ended early");
      break;
    default:
      break;
  }
}

static void on_input(CFReadStreamRef stream, CFStreamEventType type, void *info) {
  DemoRun *run = (DemoRun *)info;
  if (run->state == kStateDone || run->state == kStateFailed) return; /* CFRunLoopStop called */
  switch (type) {
    case kCFStreamEventOpenCompleted:
      break; /* reported by the write stream */
    case kCFStreamEventHasBytesAvailable:
      if (run->state == kStateProxyReply) {
        /* Nothing follows the proxy's answer until our ClientHello, so reading it whole is safe. */
        CFIndex room = (CFIndex)sizeof run->reply - 1 - run->reply_length;
        CFIndex count = CFReadStreamRead(stream, (UInt8 *)run->reply + run->reply_length, room);
        if (count <= 0) break; /* an error or the end comes as its own event */
        run->reply_length += count;
        run->reply[run->reply_length] = '\0';
        if (strstr(run->reply, "\r\n\r\n") == NULL) {
          if (run->reply_length == (CFIndex)sizeof run->reply - 1)
            fail(run, "the proxy's answer is too long");
          break;
        }
        *strstr(run->reply, "\r\n") = '\0';
        say("[app] HasBytesAvailable -> the proxy answered \"%s\"", run->reply);
        if (strncmp(run->reply, "HTTP/1.1 200", 12) != 0 &&
            strncmp(run->reply, "HTTP/1.0 200", 12) != 0) {
          fail(run, "the proxy refused the CONNECT");
          break;
        }
        start_tls(run);
      } else if (run->state == kStateEcho) {
        CFIndex room = (CFIndex)sizeof run->echo - 1 - run->echo_length;
        CFIndex count = CFReadStreamRead(stream, (UInt8 *)run->echo + run->echo_length, room);
        if (count <= 0) break;
        run->echo_length += count;
        run->echo[run->echo_length] = '\0';
        if (run->echo_length >= (CFIndex)strlen(kMessage) || room == count) {
          say("[app] HasBytesAvailable -> echo: \"%s\"", run->echo);
          finish(run);
        }
      } else {
        say("[app] (unexpected HasBytesAvailable while %s)", state_name(run->state));
      }
      break;
    case kCFStreamEventErrorOccurred:
      report_error(run, "read");
      break;
    case kCFStreamEventEndEncountered:
      say("[app] EndEncountered while %s", state_name(run->state));
      fail(run, "the connection ended early");
      break;
    default:
      break;
  }
}

static void on_timeout(CFRunLoopTimerRef timer, void *info) {
  DemoRun *run = (DemoRun *)info;
  char what[128];
  (void)timer;
  snprintf(what, sizeof what, "nothing happened for %.0f s while %s", kRunTimeout,
           state_name(run->state));
  say("[app] %s", what);
  fail(run, what);
}

/* One run: the pair, a client on the current run loop, CFRunLoopRun until done or failed. */
static void run_demo(DemoRun *run) {
  CFStreamCreatePairWithSocketToHost(NULL, run->host, run->port, &run->input, &run->output);

  CFStreamClientContext context = {0, run, NULL, NULL, NULL};
  CFReadStreamSetClient(run->input,
                        kCFStreamEventOpenCompleted | kCFStreamEventHasBytesAvailable |
                            kCFStreamEventErrorOccurred | kCFStreamEventEndEncountered,
                        on_input, &context);
  CFWriteStreamSetClient(run->output,
                         kCFStreamEventOpenCompleted | kCFStreamEventCanAcceptBytes |
                             kCFStreamEventErrorOccurred | kCFStreamEventEndEncountered,
                         on_output, &context);
  CFReadStreamScheduleWithRunLoop(run->input, CFRunLoopGetCurrent(), kCFRunLoopCommonModes);
  CFWriteStreamScheduleWithRunLoop(run->output, CFRunLoopGetCurrent(), kCFRunLoopCommonModes);

  Boolean opened = CFReadStreamOpen(run->input) && CFWriteStreamOpen(run->output);
  char host[128];
  say("[app] CFStreamCreatePairWithSocketToHost(\"%s\", %u), scheduled on the run loop, "
      "open -> %s",
      text_of(run->host, host, sizeof host), (unsigned)run->port, opened ? "TRUE" : "FALSE");

  CFRunLoopTimerContext timer_context = {0, run, NULL, NULL, NULL};
  CFRunLoopTimerRef timer = CFRunLoopTimerCreate(NULL, CFAbsoluteTimeGetCurrent() + kRunTimeout, 0,
                                                 0, 0, on_timeout, &timer_context);
  CFRunLoopAddTimer(CFRunLoopGetCurrent(), timer, kCFRunLoopCommonModes);
  if (opened) {
    CFRunLoopRun();
  } else {
    fail(run, "open returned FALSE");
  }
  CFRunLoopTimerInvalidate(timer);
  CFRelease(timer);

  CFReadStreamSetClient(run->input, kCFStreamEventNone, NULL, NULL);
  CFWriteStreamSetClient(run->output, kCFStreamEventNone, NULL, NULL);
  CFReadStreamUnscheduleFromRunLoop(run->input, CFRunLoopGetCurrent(), kCFRunLoopCommonModes);
  CFWriteStreamUnscheduleFromRunLoop(run->output, CFRunLoopGetCurrent(), kCFRunLoopCommonModes);
  CFReadStreamClose(run->input);
  CFWriteStreamClose(run->output);
  CFRelease(run->input);
  CFRelease(run->output);
  say("[app] closed both streams");
}

int main(void) {
  int failures = 0;
  printf(
      "OpenCFStream %s demo: TLS to the real destination through an HTTP CONNECT proxy, "
      "on loopback\n",
      ocfs_version_string());
  if (demo_peers_start() != 0) {
    printf("demo: cannot start the loopback peers: %s\n", demo_peers_error());
    return 1;
  }
  unsigned short proxy_port = demo_peers_proxy_port();
  say("[setup] TLS server on 127.0.0.1:%u with certificates for proxy.local (the default) and "
      "%s, chosen by SNI, issued by %s; it echoes what it receives",
      (unsigned)demo_peers_server_port(), kDestinationHost, demo_peers_ca_subject());
  say("[setup] HTTP CONNECT proxy on 127.0.0.1:%u, tunnels go to the TLS server",
      (unsigned)proxy_port);

  say("\nRun 1: CONNECT %s:443 through the proxy, then TLS on the open stream with the peer "
      "name set to %s",
      kDestinationHost, kDestinationHost);
  DemoRun good = {0};
  good.host = CFSTR("127.0.0.1");
  good.port = proxy_port;
  good.set_peer_name = TRUE;
  good.server_connection = 0;
  run_demo(&good);

  say("\nRun 2: the same without _kCFStreamPropertySocketPeerName; the pair is made to "
      "\"localhost\", the proxy's name, so TLS expects a certificate for localhost");
  DemoRun bad = {0};
  bad.host = CFSTR("localhost");
  bad.port = proxy_port;
  bad.set_peer_name = FALSE;
  bad.server_connection = 1;
  run_demo(&bad);

  const char *sni = "", *selected = "";
  demo_peers_server_hello(0, 1000, &sni, &selected);
  char first_sni[256];
  snprintf(first_sni, sizeof first_sni, "%s", sni);
  printf("\n");
  demo_peers_stop();

  /* What should have happened. */
  printf("\n");
  if (good.state != kStateDone) {
    say("MISMATCH run 1 did not complete: %s", good.failure);
    ++failures;
  }
  if (strcmp(good.echo, kMessage) != 0) {
    say("MISMATCH run 1 echo: expected \"%s\", got \"%s\"", kMessage, good.echo);
    ++failures;
  }
  if (strcmp(first_sni, kDestinationHost) != 0) {
    say("MISMATCH run 1 SNI seen by the server: expected \"%s\", got \"%s\"", kDestinationHost,
        first_sni);
    ++failures;
  }
  if (bad.error.domain != kCFStreamErrorDomainSSL || bad.error.error != errSSLHostNameMismatch) {
    say("MISMATCH run 2: expected CFStreamError {domain %d, %d} (errSSLHostNameMismatch), got "
        "{domain %ld, %d}%s%s",
        (int)kCFStreamErrorDomainSSL, (int)errSSLHostNameMismatch, (long)bad.error.domain,
        (int)bad.error.error, bad.failure[0] ? "; " : "", bad.failure);
    ++failures;
  }
  if (failures == 0) {
    say("demo: OK - the echo came back through the tunnel, the server saw SNI \"%s\", and "
        "without the peer name TLS checked the certificate against the proxy's name and "
        "refused it (%d, errSSLHostNameMismatch)",
        kDestinationHost, (int)errSSLHostNameMismatch);
  } else {
    say("demo: FAILED (%d unexpected result%s)", failures, failures == 1 ? "" : "s");
  }
  return failures == 0 ? 0 : 1;
}
