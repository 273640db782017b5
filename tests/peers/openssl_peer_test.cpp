// Our server side of TLS (kCFStreamSSLIsServer on a pair over an accepted socket) against the
// real `openssl s_client`: plain TLS, and SMTP STARTTLS (`-starttls smtp`), with s_client
// verifying our certificate and host name. Written against the Apple-named API.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "peer_process.hpp"
#include "peer_streams.hpp"
#include "tls/test_certificates.hpp"

namespace ocfs_test::peers {
namespace {

constexpr const char *kOpenSsl = "/usr/bin/openssl";

// A listening socket on 127.0.0.1 and its port.
struct Listener {
  int fd = -1;
  int port = 0;
  Listener() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&address), length) != 0 ||
        ::listen(fd, 1) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
      return;
    }
    port = ntohs(address.sin_port);
  }
  ~Listener() {
    if (fd >= 0) ::close(fd);
  }
  // The next connection, or -1 after `timeout_ms`.
  int accept_one(int timeout_ms) const {
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, timeout_ms) != 1) return -1;
    return ::accept(fd, nullptr, nullptr);
  }
};

class OpenSslClientTest : public ::testing::Test {
 protected:
  tls::TestPki pki;
  tls::KeyAndCert identity = pki.good("a.test");
  TempDir dir;
  SocketPair server;

  // s_client against `port`, verifying a.test with our CA; `extra` arguments appended.
  std::unique_ptr<PeerProcess> start_client(int port, std::vector<std::string> extra) {
    write_file(dir / "ca.pem", pki.ca().pem_cert());
    std::vector<std::string> argv = {kOpenSsl,
                                     "s_client",
                                     "-connect",
                                     "127.0.0.1:" + std::to_string(port),
                                     "-CAfile",
                                     (dir / "ca.pem").string(),
                                     "-verify_return_error",
                                     "-verify_hostname",
                                     "a.test",
                                     "-servername",
                                     "a.test",
                                     "-brief",
                                     "-ign_eof"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto client = std::make_unique<PeerProcess>("openssl s_client", argv, dir / "s_client.log");
    EXPECT_TRUE(client->start());
    return client;
  }

  // The accepted connection as a pair that will close the socket.
  ::testing::AssertionResult adopt(int fd) {
    if (fd < 0) return ::testing::AssertionFailure() << "s_client never connected";
    CFStreamCreatePairWithSocket(nullptr, fd, server.in.out(), server.out.out());
    CFReadStreamSetProperty(server.in, kCFStreamPropertyShouldCloseNativeSocket, kCFBooleanTrue);
    CF<CFNumberRef> timeout(CFNumberCreate(nullptr, kCFNumberDoubleType, &kBlockingTimeoutSeconds));
    CFReadStreamSetProperty(server.in, _kCFStreamPropertyReadTimeout, timeout);
    CFReadStreamSetProperty(server.in, _kCFStreamPropertyWriteTimeout, timeout);
    if (!CFReadStreamOpen(server.in) || !CFWriteStreamOpen(server.out)) {
      return ::testing::AssertionFailure() << "open failed";
    }
    return ::testing::AssertionSuccess();
  }

  // kCFStreamSSLIsServer with our certificate and key.
  bool start_tls() {
    std::vector<uint8_t> der = identity.der_cert();
    CF<CFDataRef> certificate(CFDataCreate(nullptr, der.data(), static_cast<CFIndex>(der.size())));
    unsigned char *key_bytes = nullptr;
    int key_length = i2d_PrivateKey(identity.key.get(), &key_bytes);
    CF<CFDataRef> key(CFDataCreate(nullptr, key_bytes, key_length > 0 ? key_length : 0));
    OPENSSL_free(key_bytes);
    const void *item = certificate.get();
    CF<CFArrayRef> certificates(CFArrayCreate(nullptr, &item, 1, &kCFTypeArrayCallBacks));
    CF<CFMutableDictionaryRef> settings(CFDictionaryCreateMutable(
        nullptr, 0, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks));
    CFDictionarySetValue(settings, kCFStreamSSLIsServer, kCFBooleanTrue);
    CFDictionarySetValue(settings, kCFStreamSSLCertificates, certificates);
    CFDictionarySetValue(settings, kOCFSStreamSSLPrivateKey, key);
    return CFWriteStreamSetProperty(server.out, kCFStreamPropertySSLSettings, settings);
  }

  // Writes `reply`, closes (close_notify), and waits for s_client to print it and exit.
  void reply_and_check(PeerProcess &client, const std::string &reply) {
    ASSERT_TRUE(write_all(server.out, reply));
    EXPECT_EQ(string_property(server.in, kOCFSStreamPropertySSLProtocolVersion), "TLSv1.3");
    CFReadStreamClose(server.in);
    CFWriteStreamClose(server.out);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (client.running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::string log = client.logs();
    EXPECT_NE(log.find("Verification: OK"), std::string::npos) << log;
    EXPECT_NE(log.find("Protocol version: TLSv1.3"), std::string::npos) << log;
    EXPECT_NE(log.find(reply), std::string::npos) << log;
  }
};

TEST_F(OpenSslClientTest, PlainTlsServerIsVerifiedByOpenSsl) {
  ASSERT_TRUE(require_program(kOpenSsl, "openssl", "openssl"));
  Listener listener;
  ASSERT_GT(listener.port, 0);
  auto client = start_client(listener.port, {});
  ASSERT_TRUE(adopt(listener.accept_one(10000)));
  ASSERT_TRUE(start_tls());
  reply_and_check(*client, "served over TLS by a CFStream pair\n");
}

TEST_F(OpenSslClientTest, SmtpStartTlsServerSide) {
  ASSERT_TRUE(require_program(kOpenSsl, "openssl", "openssl"));
  Listener listener;
  ASSERT_GT(listener.port, 0);
  auto client = start_client(listener.port, {"-starttls", "smtp"});
  ASSERT_TRUE(adopt(listener.accept_one(10000)));
  StreamReader reader(server.in);
  std::string line;
  ASSERT_TRUE(write_all(server.out, "220 mail.a.test ESMTP ready\r\n"));
  ASSERT_TRUE(reader.read_until("\r\n", &line));
  EXPECT_EQ(line.rfind("EHLO ", 0), 0u) << line;
  ASSERT_TRUE(write_all(server.out, "250-mail.a.test\r\n250 STARTTLS\r\n"));
  ASSERT_TRUE(reader.read_until("\r\n", &line));
  EXPECT_EQ(line, "STARTTLS\r\n");
  EXPECT_EQ(reader.buffered(), "") << "nothing was pipelined";
  ASSERT_TRUE(write_all(server.out, "220 go ahead\r\n"));
  ASSERT_TRUE(start_tls());
  reply_and_check(*client, "250 secured by a CFStream pair\r\n");
}

}  // namespace
}  // namespace ocfs_test::peers
