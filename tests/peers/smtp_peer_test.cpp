// STARTTLS against a real SMTP server (aiosmtpd, STARTTLS required before MAIL): plaintext
// greeting and EHLO, TLS turned on in the open stream by a settings dictionary set on the write
// half only, then a whole mail transaction over TLS, checked in the server's mailbox.
#include <CoreFoundation/CoreFoundation.h>
#include <CFNetwork/CFNetwork.h>

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>

#include "peer_servers.hpp"
#include "peer_streams.hpp"
#include "tls/test_certificates.hpp"

namespace {

using ocfs_test::peers::CF;
using ocfs_test::peers::SmtpPeer;
using ocfs_test::peers::SocketPair;
using ocfs_test::peers::StreamReader;
using ocfs_test::peers::TempDir;
using ocfs_test::tls::KeyAndCert;
using ocfs_test::tls::TestPki;

bool starts_with(const std::string &text, const std::string &prefix) {
  return text.rfind(prefix, 0) == 0;
}

std::string unique_token() {
  std::random_device random;
  std::mt19937_64 generator(
      random() ^ static_cast<uint64_t>(getpid()) ^
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  char text[32];
  std::snprintf(text, sizeof text, "token-%016llx", static_cast<unsigned long long>(generator()));
  return text;
}

class SmtpStartTls : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(smtp_.start(dir_, mail_.pem_cert(), mail_.pem_key())); }

  void TearDown() override {
    pair_ = SocketPair{};
    smtp_.stop();
    if (HasFailure()) std::cerr << smtp_.logs() << std::endl;
  }

  // Sends one command line and reads the whole reply.
  void command(const std::string &line, std::string *reply) {
    ASSERT_TRUE(ocfs_test::peers::write_all(pair_.out, line + "\r\n"));
    ASSERT_TRUE(reader_.read_smtp_reply(reply)) << "after " << line;
  }

  TempDir dir_;
  TestPki pki_;
  KeyAndCert mail_ = pki_.good("mail.test");
  SmtpPeer smtp_;
  SocketPair pair_;
  StreamReader reader_{nullptr};
};

TEST_F(SmtpStartTls, AiosmtpdUpgradesAndAcceptsMail) {
  ASSERT_TRUE(ocfs_test::peers::open_pair("127.0.0.1", smtp_.port(), &pair_));
  reader_ = StreamReader(pair_.in);
  std::string reply;

  // Plaintext phase.
  ASSERT_TRUE(reader_.read_smtp_reply(&reply));
  ASSERT_TRUE(starts_with(reply, "220 ")) << reply;
  ASSERT_NO_FATAL_FAILURE(command("EHLO client.test", &reply));
  ASSERT_TRUE(starts_with(reply, "250")) << reply;
  EXPECT_NE(reply.find("250-STARTTLS\r\n"), std::string::npos) << reply;
  ASSERT_NO_FATAL_FAILURE(command("MAIL FROM:<alice@client.test>", &reply));
  EXPECT_TRUE(starts_with(reply, "530")) << "MAIL before STARTTLS: " << reply;
  ASSERT_NO_FATAL_FAILURE(command("STARTTLS", &reply));
  ASSERT_TRUE(starts_with(reply, "220 ")) << reply;
  ASSERT_EQ(reader_.buffered(), "");  // nothing read ahead of the upgrade

  // TLS on the open stream, configured on the write half only: the pair shares it.
  CF<CFDictionaryRef> settings =
      ocfs_test::peers::tls_settings(pki_.ca().der_cert(), CFSTR("mail.test"));
  ASSERT_TRUE(CFWriteStreamSetProperty(pair_.out, kCFStreamPropertySSLSettings, settings));

  // Encrypted phase: the server forgets the plaintext session (RFC 3207), so EHLO again.
  ASSERT_NO_FATAL_FAILURE(command("EHLO client.test", &reply));
  ASSERT_TRUE(starts_with(reply, "250")) << reply;
  EXPECT_EQ(reply.find("STARTTLS"), std::string::npos) << "STARTTLS offered over TLS: " << reply;
  const std::string subject =
      ocfs_test::peers::string_property(pair_.in, kOCFSStreamPropertySSLPeerSubject);
  EXPECT_NE(subject.find("CN=mail.test"), std::string::npos) << subject;
  EXPECT_EQ(ocfs_test::peers::string_property(pair_.in, kOCFSStreamPropertySSLProtocolVersion),
            "TLSv1.3");
  EXPECT_EQ(ocfs_test::peers::peer_leaf_certificate(pair_.in), mail_.der_cert());

  const std::string token = unique_token();
  ASSERT_NO_FATAL_FAILURE(command("MAIL FROM:<alice@client.test>", &reply));
  ASSERT_TRUE(starts_with(reply, "250 ")) << reply;
  ASSERT_NO_FATAL_FAILURE(command("RCPT TO:<bob@mail.test>", &reply));
  ASSERT_TRUE(starts_with(reply, "250 ")) << reply;
  ASSERT_NO_FATAL_FAILURE(command("DATA", &reply));
  ASSERT_TRUE(starts_with(reply, "354 ")) << reply;
  const std::string message =
      "From: alice@client.test\r\nTo: bob@mail.test\r\n"
      "Subject: peer test\r\n\r\nThe token is " +
      token + ".\r\n";
  ASSERT_TRUE(ocfs_test::peers::write_all(pair_.out, message));
  ASSERT_NO_FATAL_FAILURE(command(".", &reply));
  ASSERT_TRUE(starts_with(reply, "250 ")) << reply;
  ASSERT_NO_FATAL_FAILURE(command("QUIT", &reply));
  EXPECT_TRUE(starts_with(reply, "221 ")) << reply;
  std::string rest;
  EXPECT_TRUE(reader_.read_to_end(&rest));
  EXPECT_EQ(rest, "");

  // The server wrote the message before it answered the final ".".
  const std::string mailbox = ocfs_test::peers::read_file(smtp_.mailbox());
  EXPECT_NE(mailbox.find("MAIL FROM:<alice@client.test>\nRCPT TO:<bob@mail.test>\nTLS:yes\n"),
            std::string::npos)
      << mailbox;
  EXPECT_NE(mailbox.find("The token is " + token + ".\r\n"), std::string::npos) << mailbox;
}

}  // namespace
