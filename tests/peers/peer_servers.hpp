// The real servers the peer tests talk to, each configured in a scratch directory and started on
// a free 127.0.0.1 port: nginx (TLS virtual hosts chosen by SNI), tinyproxy (HTTP CONNECT) and
// aiosmtpd (SMTP with required STARTTLS). A missing server fails the test with the Debian package
// to install (scripts/setup-deps.sh installs them all).
#ifndef OCFS_TESTS_PEERS_PEER_SERVERS_HPP
#define OCFS_TESTS_PEERS_PEER_SERVERS_HPP

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "peer_process.hpp"

namespace ocfs_test::peers {

inline constexpr const char *kNginx = "/usr/sbin/nginx";
inline constexpr const char *kTinyproxy = "/usr/bin/tinyproxy";
// Debian's Python, which python3-aiosmtpd installs into (a python3 earlier on PATH may lack it).
inline constexpr const char *kPython = "/usr/bin/python3";

// Base of the three peers: the process, its port and its logs.
class Peer {
 public:
  virtual ~Peer() = default;
  int port() const { return port_; }
  // Everything the peer wrote (its output and its own log files), for failure messages.
  std::string logs() const { return process_ ? process_->logs() : std::string("(not started)"); }
  void stop() {
    if (process_) process_->stop();
  }

 protected:
  // Picks a free port, writes the configuration for it (configure), starts the process and waits
  // until `ready_marker` appears in dir/`ready_file` and the port accepts connections; retried
  // with another port when the one picked was taken in the meantime (by a parallel test).
  ::testing::AssertionResult launch(const std::string &name, const std::filesystem::path &dir,
                                    const std::string &ready_file, const std::string &ready_marker);
  // Writes the configuration for port_ into dir and returns the command line.
  virtual std::vector<std::string> configure(const std::filesystem::path &dir) = 0;
  // Log files of the peer besides its output.
  virtual std::vector<std::filesystem::path> log_files(const std::filesystem::path &dir) const {
    (void)dir;
    return {};
  }

  int port_ = 0;
  std::unique_ptr<PeerProcess> process_;
};

// One TLS virtual host: its name and its certificate and key in PEM.
struct VirtualHost {
  std::string name;
  std::string pem_cert;
  std::string pem_key;
};

// nginx with one TLS listener on 127.0.0.1 serving every host of `hosts` by SNI (the first is the
// default_server); each answers every request with 200 and the body "served <name>\n".
// TLS 1.2 and 1.3 (nginx 1.22's default would be 1.0 to 1.2).
class NginxPeer : public Peer {
 public:
  ::testing::AssertionResult start(const TempDir &dir, std::vector<VirtualHost> hosts);

 private:
  std::vector<std::string> configure(const std::filesystem::path &dir) override;
  std::vector<std::filesystem::path> log_files(const std::filesystem::path &dir) const override;
  std::vector<VirtualHost> hosts_;
};

// tinyproxy on 127.0.0.1, allowing clients from 127.0.0.1 only and CONNECT to `connect_port`
// only, in the foreground.
class TinyproxyPeer : public Peer {
 public:
  ::testing::AssertionResult start(const TempDir &dir, int connect_port);

 private:
  std::vector<std::string> configure(const std::filesystem::path &dir) override;
  std::vector<std::filesystem::path> log_files(const std::filesystem::path &dir) const override;
  int connect_port_ = 0;
};

// aiosmtpd on 127.0.0.1 (server name "mail.test") requiring STARTTLS before MAIL, with the given
// certificate; every message accepted is appended to mailbox().
class SmtpPeer : public Peer {
 public:
  ::testing::AssertionResult start(const TempDir &dir, const std::string &pem_cert,
                                   const std::string &pem_key);
  const std::filesystem::path &mailbox() const { return mailbox_; }

 private:
  std::vector<std::string> configure(const std::filesystem::path &dir) override;
  std::string pem_cert_, pem_key_;
  std::filesystem::path mailbox_;
};

}  // namespace ocfs_test::peers

#endif  // OCFS_TESTS_PEERS_PEER_SERVERS_HPP
