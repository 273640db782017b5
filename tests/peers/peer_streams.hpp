// Socket-stream helpers for the peer tests, written against the Apple-named compat API as ported
// code would be: an owning CF reference, a pair opened with short blocking timeouts, blocking
// writes of whole buffers and a reader that buffers whatever a read returns (the library never
// reads ahead; an application may) and hands it out by delimiter, SMTP reply or end of stream.
#ifndef OCFS_TESTS_PEERS_PEER_STREAMS_HPP
#define OCFS_TESTS_PEERS_PEER_STREAMS_HPP

#include <CoreFoundation/CoreFoundation.h>
#include <CFNetwork/CFNetwork.h>
#include <Security/Security.h>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocfs_test::peers {

// Owns one reference (CFRelease on destruction): the test support's owner, under the name the
// peer tests use.
template <typename Ref>
using CF = ::ocfs_test::Owned<Ref>;

// Blocking calls give up after this long (the default is 75 s), so that a stuck test fails
// within its time budget.
inline constexpr double kBlockingTimeoutSeconds = 8.0;

// A string object's UTF-8 text; "<null>" for NULL, "<not a string>" for other types.
std::string utf8(CFTypeRef string);
// "{domain, error}" with the stream's CopyError description, for messages.
std::string describe_error(CFReadStreamRef in);
std::string describe_error(CFWriteStreamRef out);
// The string value of a read-stream property ("<null>" when there is none).
std::string string_property(CFReadStreamRef in, CFStringRef key);
// The DER bytes of the first element of kCFStreamPropertySSLPeerCertificates (empty if none).
std::vector<uint8_t> peer_leaf_certificate(CFReadStreamRef in);

// kCFStreamPropertySSLSettings for the tests: the CA as the only anchor and, when peer_name is
// not NULL, kCFStreamSSLPeerName (a CFString or kCFNull).
CF<CFDictionaryRef> tls_settings(const std::vector<uint8_t> &anchor_der, CFTypeRef peer_name);

// A socket pair to host:port, created with CFStreamCreatePairWithSocketToHost, with both
// blocking timeouts set to kBlockingTimeoutSeconds; both halves opened (unscheduled: reads and
// writes block).
struct SocketPair {
  CF<CFReadStreamRef> in;
  CF<CFWriteStreamRef> out;
};
::testing::AssertionResult open_pair(const char *host, int port, SocketPair *pair);

// Writes all of `bytes`, blocking.
::testing::AssertionResult write_all(CFWriteStreamRef out, std::string_view bytes);

class StreamReader {
 public:
  explicit StreamReader(CFReadStreamRef in) : in_(in) {}

  // Reads until `delimiter` has arrived; moves everything up to and including it to *text.
  ::testing::AssertionResult read_until(std::string_view delimiter, std::string *text);
  // One SMTP reply (RFC 5321 4.2: "ddd-" lines, then a "ddd " line), lines kept with their CRLF.
  ::testing::AssertionResult read_smtp_reply(std::string *reply);
  // Everything until CFReadStreamRead returns 0 (end of stream).
  ::testing::AssertionResult read_to_end(std::string *text);

  // Bytes read from the stream and not yet handed out.
  const std::string &buffered() const { return buffer_; }

 private:
  // One CFReadStreamRead into the buffer; false at end (*ended) or on error (*error).
  bool fill(bool *ended, std::string *error);

  CFReadStreamRef in_;
  std::string buffer_;
};

}  // namespace ocfs_test::peers

#endif  // OCFS_TESTS_PEERS_PEER_STREAMS_HPP
