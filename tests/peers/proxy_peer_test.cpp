// A TLS client behind an HTTP CONNECT proxy, against real servers: tinyproxy tunnels to nginx,
// which serves two TLS virtual hosts (a.test, the default, and b.test) chosen by SNI on one port.
// The pair is opened to the proxy, talks plaintext CONNECT, then turns TLS on in the open stream
// with the real target's name as the TLS peer name: SNI and the host-name check must use that
// name, not the proxy's (the question that started the project; DESIGN.md contract 7).
#include <CoreFoundation/CoreFoundation.h>
#include <CFNetwork/CFNetwork.h>
#include <Security/SecureTransport.h>

#include <gtest/gtest.h>

#include <iostream>
#include <optional>
#include <string>

#include "peer_servers.hpp"
#include "peer_streams.hpp"
#include "tls/test_certificates.hpp"

namespace {

using ocfs_test::peers::CF;
using ocfs_test::peers::NginxPeer;
using ocfs_test::peers::SocketPair;
using ocfs_test::peers::StreamReader;
using ocfs_test::peers::TempDir;
using ocfs_test::peers::TinyproxyPeer;
using ocfs_test::tls::KeyAndCert;
using ocfs_test::tls::TestPki;

class ThroughTinyproxyToNginx : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(nginx_.start(
        dir_, {{"a.test", a_.pem_cert(), a_.pem_key()}, {"b.test", b_.pem_cert(), b_.pem_key()}}));
    ASSERT_TRUE(proxy_.start(dir_, nginx_.port()));
  }

  void TearDown() override {
    pair_ = SocketPair{};
    proxy_.stop();
    nginx_.stop();
    if (HasFailure()) std::cerr << proxy_.logs() << "\n" << nginx_.logs() << std::endl;
  }

  // A pair to host:<proxy port>, tunnelled by CONNECT to 127.0.0.1:<nginx port> (an address:
  // the proxy resolves no test names), blocking calls throughout.
  void open_tunnel(const char *host) {
    ASSERT_TRUE(ocfs_test::peers::open_pair(host, proxy_.port(), &pair_));
    reader_ = StreamReader(pair_.in);
    const std::string target = "127.0.0.1:" + std::to_string(nginx_.port());
    ASSERT_TRUE(ocfs_test::peers::write_all(
        pair_.out, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n"));
    std::string reply;
    ASSERT_TRUE(reader_.read_until("\r\n\r\n", &reply));
    const std::string status_line = reply.substr(0, reply.find("\r\n"));
    ASSERT_NE(status_line.find(" 200 "), std::string::npos) << reply;
    // Nothing may follow the proxy's reply before TLS starts (it would be plaintext).
    ASSERT_EQ(reader_.buffered(), "");
  }

  // Sets the same TLS settings on both halves of the open pair (STARTTLS); both sets succeed.
  void start_tls(CFDictionaryRef settings) {
    ASSERT_NE(settings, nullptr);
    ASSERT_TRUE(CFReadStreamSetProperty(pair_.in, kCFStreamPropertySSLSettings, settings));
    ASSERT_TRUE(CFWriteStreamSetProperty(pair_.out, kCFStreamPropertySSLSettings, settings));
  }

  // GET / through the tunnel; expects exactly the answer of virtual host `name`, with its
  // certificate, over TLS 1.3, then a clean end of stream (nginx sends close_notify). With
  // `reused`, also whether the handshake resumed a session.
  void expect_served_by(const std::string &name, const KeyAndCert &cert,
                        std::optional<bool> reused = std::nullopt) {
    ASSERT_TRUE(ocfs_test::peers::write_all(
        pair_.out, "GET / HTTP/1.1\r\nHost: " + name + "\r\nConnection: close\r\n\r\n"));
    std::string header;
    ASSERT_TRUE(reader_.read_until("\r\n\r\n", &header));
    EXPECT_EQ(header.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << header;
    const std::string body = "served " + name + "\n";
    EXPECT_NE(header.find("\r\nContent-Length: " + std::to_string(body.size()) + "\r\n"),
              std::string::npos)
        << header;

    // TLS is up: the peer is the virtual host the name selected.
    const std::string subject =
        ocfs_test::peers::string_property(pair_.in, kOCFSStreamPropertySSLPeerSubject);
    EXPECT_NE(subject.find("CN=" + name), std::string::npos) << subject;
    EXPECT_EQ(ocfs_test::peers::string_property(pair_.in, kOCFSStreamPropertySSLProtocolVersion),
              "TLSv1.3");
    EXPECT_EQ(ocfs_test::peers::peer_leaf_certificate(pair_.in), cert.der_cert())
        << "the peer's leaf certificate is not " << name << "'s";
    if (reused) {
      CF<CFTypeRef> value(CFReadStreamCopyProperty(pair_.in, kOCFSStreamPropertySSLSessionReused));
      EXPECT_TRUE(value.get() != nullptr &&
                  CFEqual(value, *reused ? kCFBooleanTrue : kCFBooleanFalse))
          << "kOCFSStreamPropertySSLSessionReused should be " << (*reused ? "true" : "false");
    }

    std::string rest;
    ASSERT_TRUE(reader_.read_to_end(&rest));
    EXPECT_EQ(rest, body);
    EXPECT_EQ(CFReadStreamGetStatus(pair_.in), kCFStreamStatusAtEnd);
    CF<CFTypeRef> truncated(CFReadStreamCopyProperty(pair_.in, kOCFSStreamPropertySSLTruncated));
    EXPECT_TRUE(truncated.get() != nullptr && CFEqual(truncated, kCFBooleanFalse))
        << "nginx ends with close_notify; kOCFSStreamPropertySSLTruncated should be false";
  }

  std::vector<uint8_t> ca() const { return pki_.ca().der_cert(); }

  TempDir dir_;
  TestPki pki_;
  KeyAndCert a_ = pki_.good("a.test");
  KeyAndCert b_ = pki_.good("b.test");
  NginxPeer nginx_;
  TinyproxyPeer proxy_;
  SocketPair pair_;
  StreamReader reader_{nullptr};
};

// SocketRocket's way: _kCFStreamPropertySocketPeerName on one half names the target, then
// settings without a peer name on both halves.
TEST_F(ThroughTinyproxyToNginx, SocketPeerNameSelectsTargetHost) {
  ASSERT_NO_FATAL_FAILURE(open_tunnel("127.0.0.1"));
  ASSERT_TRUE(CFReadStreamSetProperty(pair_.in, _kCFStreamPropertySocketPeerName, CFSTR("b.test")));
  CF<CFDictionaryRef> settings = ocfs_test::peers::tls_settings(ca(), nullptr);
  ASSERT_NO_FATAL_FAILURE(start_tls(settings));
  ASSERT_NO_FATAL_FAILURE(expect_served_by("b.test", b_));
}

// Apple's supported way: kCFStreamSSLPeerName inside the settings dictionary.
TEST_F(ThroughTinyproxyToNginx, SettingsPeerNameSelectsTargetHost) {
  ASSERT_NO_FATAL_FAILURE(open_tunnel("127.0.0.1"));
  CF<CFDictionaryRef> settings = ocfs_test::peers::tls_settings(ca(), CFSTR("b.test"));
  ASSERT_NO_FATAL_FAILURE(start_tls(settings));
  ASSERT_NO_FATAL_FAILURE(expect_served_by("b.test", b_));
}

// kCFStreamSSLPeerName comes before _kCFStreamPropertySocketPeerName.
TEST_F(ThroughTinyproxyToNginx, SettingsPeerNameWinsOverSocketPeerName) {
  ASSERT_NO_FATAL_FAILURE(open_tunnel("127.0.0.1"));
  ASSERT_TRUE(
      CFWriteStreamSetProperty(pair_.out, _kCFStreamPropertySocketPeerName, CFSTR("a.test")));
  CF<CFDictionaryRef> settings = ocfs_test::peers::tls_settings(ca(), CFSTR("b.test"));
  ASSERT_NO_FATAL_FAILURE(start_tls(settings));
  ASSERT_NO_FATAL_FAILURE(expect_served_by("b.test", b_));
}

// Without a peer name the pair's own host, the proxy's name "localhost", is used: nginx's default
// host (a.test) answers and the host-name check fails on both halves.
TEST_F(ThroughTinyproxyToNginx, ProxyHostNameWithoutPeerNameFailsVerification) {
  ASSERT_NO_FATAL_FAILURE(open_tunnel("localhost"));
  CF<CFDictionaryRef> settings = ocfs_test::peers::tls_settings(ca(), nullptr);
  ASSERT_NO_FATAL_FAILURE(start_tls(settings));

  // The write may be queued until the handshake ends; the read must see the failure.
  const std::string request = "GET / HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n";
  CFWriteStreamWrite(pair_.out, reinterpret_cast<const UInt8 *>(request.data()),
                     static_cast<CFIndex>(request.size()));
  UInt8 byte = 0;
  EXPECT_EQ(CFReadStreamRead(pair_.in, &byte, 1), -1);

  CFStreamError in_error = CFReadStreamGetError(pair_.in);
  EXPECT_EQ(in_error.domain, kCFStreamErrorDomainSSL)
      << ocfs_test::peers::describe_error(pair_.in.get());
  EXPECT_EQ(in_error.error, errSSLHostNameMismatch)
      << ocfs_test::peers::describe_error(pair_.in.get());
  CFStreamError out_error = CFWriteStreamGetError(pair_.out);
  EXPECT_EQ(out_error.domain, kCFStreamErrorDomainSSL)
      << ocfs_test::peers::describe_error(pair_.out.get());
  EXPECT_EQ(out_error.error, errSSLHostNameMismatch)
      << ocfs_test::peers::describe_error(pair_.out.get());
  EXPECT_EQ(CFReadStreamGetStatus(pair_.in), kCFStreamStatusError);
  EXPECT_EQ(CFWriteStreamGetStatus(pair_.out), kCFStreamStatusError);
  // The certificate that failed is the default host's, still readable after the failure.
  EXPECT_EQ(ocfs_test::peers::peer_leaf_certificate(pair_.in), a_.der_cert());
}

// kCFNull as the peer name: no SNI (nginx's default host answers and logs no server name) and no
// host-name check, but the chain is still verified against the anchors.
TEST_F(ThroughTinyproxyToNginx, NullPeerNameSendsNoSniAndSkipsNameCheck) {
  ASSERT_NO_FATAL_FAILURE(open_tunnel("localhost"));
  CF<CFDictionaryRef> settings = ocfs_test::peers::tls_settings(ca(), kCFNull);
  ASSERT_NO_FATAL_FAILURE(start_tls(settings));
  ASSERT_NO_FATAL_FAILURE(expect_served_by("a.test", a_));
  nginx_.stop();  // flushes the access log
  const std::string access_log = ocfs_test::peers::read_file(dir_ / "nginx" / "access.log");
  EXPECT_NE(access_log.find("\"GET / HTTP/1.1\" 200 host=a.test sni=- TLSv1.3 reused=.\n"),
            std::string::npos)
      << access_log;
}

// Resumption through the proxy: the cache entry is for the peer name, not only for the proxy's
// address. A second connection named b.test resumes b.test's session; one named a.test in
// between is not offered it (a resumed TLS 1.3 session sends no certificate, so a.test would be
// trusted on b.test's word) and does a full handshake with a.test's certificate.
TEST_F(ThroughTinyproxyToNginx, SessionResumesOnlyForTheSamePeerName) {
  struct Step {
    const char *name;
    const KeyAndCert &cert;
    bool reused;
  };
  for (const Step &step :
       {Step{"b.test", b_, false}, Step{"a.test", a_, false}, Step{"b.test", b_, true}}) {
    SCOPED_TRACE(std::string("connection to ") + step.name);
    pair_ = SocketPair{};
    ASSERT_NO_FATAL_FAILURE(open_tunnel("127.0.0.1"));
    CF<CFStringRef> name(CFStringCreateWithCString(nullptr, step.name, kCFStringEncodingUTF8));
    CF<CFDictionaryRef> settings = ocfs_test::peers::tls_settings(ca(), name);
    ASSERT_NO_FATAL_FAILURE(start_tls(settings));
    ASSERT_NO_FATAL_FAILURE(expect_served_by(step.name, step.cert, step.reused));
  }
  // nginx's side of it ("r": resumed).
  nginx_.stop();
  const std::string access_log = ocfs_test::peers::read_file(dir_ / "nginx" / "access.log");
  EXPECT_NE(
      access_log.find("200 host=b.test sni=b.test TLSv1.3 reused=.\n"
                      "127.0.0.1 \"GET / HTTP/1.1\" 200 host=a.test sni=a.test TLSv1.3 reused=.\n"
                      "127.0.0.1 \"GET / HTTP/1.1\" 200 host=b.test sni=b.test TLSv1.3 reused=r\n"),
      std::string::npos)
      << access_log;
}

}  // namespace
