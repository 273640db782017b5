#include "peer_servers.hpp"

#include <system_error>

namespace ocfs_test::peers {

namespace {

std::string quoted(const std::filesystem::path &path) {
  return "\"" + path.string() + "\"";
}

// aiosmtpd behind a Controller thread; the main thread waits until the process is killed.
constexpr const char *kSmtpScript = R"PY(import ssl
import sys
import threading

from aiosmtpd.controller import Controller

port, cert, key, mailbox = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]


class Mailbox:
    async def handle_DATA(self, server, session, envelope):
        with open(mailbox, "ab") as out:
            out.write(b"MAIL FROM:<" + envelope.mail_from.encode() + b">\n")
            for rcpt in envelope.rcpt_tos:
                out.write(b"RCPT TO:<" + rcpt.encode() + b">\n")
            out.write(b"TLS:" + (b"yes" if session.ssl else b"no") + b"\n")
            out.write(envelope.original_content)
            out.write(b"\n.\n")
        return "250 Message accepted for delivery"


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
controller = Controller(Mailbox(), hostname="127.0.0.1", port=port, server_hostname="mail.test",
                        tls_context=context, require_starttls=True)
controller.start()
print("READY", flush=True)
threading.Event().wait()
)PY";

}  // namespace

::testing::AssertionResult Peer::launch(const std::string &name, const std::filesystem::path &dir,
                                        const std::string &ready_file,
                                        const std::string &ready_marker) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path output = dir / "output.log";
  ::testing::AssertionResult result = ::testing::AssertionFailure();
  for (int attempt = 0; attempt < 3; ++attempt) {
    process_.reset();
    std::error_code ignored;
    std::filesystem::remove(output, ignored);
    for (const auto &file : log_files(dir))
      std::filesystem::remove(file, ignored);

    port_ = free_port();
    process_ = std::make_unique<PeerProcess>(name, configure(dir), output);
    for (auto &file : log_files(dir))
      process_->add_log(file);
    result = process_->start();
    if (!result) return result;
    result = process_->wait_ready(port_, dir / ready_file, ready_marker);
    if (result) return result;
    process_->stop();
    if (!port_taken(port_)) return result;  // not a port race
  }
  return result;
}

// ---- nginx -------------------------------------------------------------------------------------

::testing::AssertionResult NginxPeer::start(const TempDir &dir, std::vector<VirtualHost> hosts) {
  if (auto found = require_program(kNginx, "nginx", "nginx"); !found) return found;
  hosts_ = std::move(hosts);
  // Logged by the master once its sockets are bound and its pid file written.
  return launch("nginx", dir / "nginx", "error.log", "start worker processes");
}

std::vector<std::filesystem::path> NginxPeer::log_files(const std::filesystem::path &dir) const {
  return {dir / "error.log", dir / "access.log"};
}

std::vector<std::string> NginxPeer::configure(const std::filesystem::path &dir) {
  // Unprivileged-friendly: every path nginx writes is under dir (-e covers the error log used
  // before the configuration is read).
  std::string conf;
  conf += "worker_processes 1;\n";
  conf += "error_log " + quoted(dir / "error.log") + " info;\n";
  conf += "pid " + quoted(dir / "nginx.pid") + ";\n";
  conf += "events { worker_connections 64; }\n";
  conf += "http {\n";
  conf +=
      "  log_format peers '$remote_addr \"$request\" $status host=$host sni=$ssl_server_name "
      "$ssl_protocol reused=$ssl_session_reused';\n";
  conf += "  access_log " + quoted(dir / "access.log") + " peers;\n";
  for (const char *temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    conf += "  " + std::string(temp) + "_temp_path " + quoted(dir / (std::string(temp) + "_temp")) +
            ";\n";
  }
  conf += "  default_type text/plain;\n";
  conf += "  ssl_protocols TLSv1.2 TLSv1.3;\n";
  bool first = true;
  for (const VirtualHost &host : hosts_) {
    const auto cert = dir / (host.name + ".crt");
    const auto key = dir / (host.name + ".key");
    write_file(cert, host.pem_cert);
    write_file(key, host.pem_key, 0600);
    conf += "  server {\n";
    conf += "    listen 127.0.0.1:" + std::to_string(port_) + " ssl" +
            (first ? " default_server" : "") + ";\n";
    conf += "    server_name " + host.name + ";\n";
    conf += "    ssl_certificate " + quoted(cert) + ";\n";
    conf += "    ssl_certificate_key " + quoted(key) + ";\n";
    conf += "    location / { return 200 \"served " + host.name + "\\n\"; }\n";
    conf += "  }\n";
    first = false;
  }
  conf += "}\n";
  write_file(dir / "nginx.conf", conf);
  return {kNginx,
          "-p",
          dir.string() + "/",
          "-e",
          (dir / "error.log").string(),
          "-c",
          (dir / "nginx.conf").string(),
          "-g",
          "daemon off;"};
}

// ---- tinyproxy ---------------------------------------------------------------------------------

::testing::AssertionResult TinyproxyPeer::start(const TempDir &dir, int connect_port) {
  if (auto found = require_program(kTinyproxy, "tinyproxy", "tinyproxy"); !found) return found;
  connect_port_ = connect_port;
  // Logged once the listening socket exists.
  return launch("tinyproxy", dir / "tinyproxy", "tinyproxy.log", "Accepting connections");
}

std::vector<std::filesystem::path> TinyproxyPeer::log_files(
    const std::filesystem::path &dir) const {
  return {dir / "tinyproxy.log"};
}

std::vector<std::string> TinyproxyPeer::configure(const std::filesystem::path &dir) {
  // No User/Group: as root tinyproxy 1.11 warns and keeps the current user, which is what a test
  // wants (the scratch directory is private to it).
  std::string conf;
  conf += "Port " + std::to_string(port_) + "\n";
  conf += "Listen 127.0.0.1\n";
  conf += "Timeout 30\n";
  conf += "PidFile " + quoted(dir / "tinyproxy.pid") + "\n";
  conf += "LogFile " + quoted(dir / "tinyproxy.log") + "\n";
  conf += "LogLevel Info\n";
  conf += "MaxClients 10\n";
  conf += "Allow 127.0.0.1\n";
  conf += "ConnectPort " + std::to_string(connect_port_) + "\n";
  write_file(dir / "tinyproxy.conf", conf);
  return {kTinyproxy, "-d", "-c", (dir / "tinyproxy.conf").string()};
}

// ---- aiosmtpd ----------------------------------------------------------------------------------

::testing::AssertionResult SmtpPeer::start(const TempDir &dir, const std::string &pem_cert,
                                           const std::string &pem_key) {
  if (auto found = require_program(kPython, "python3", "python3-aiosmtpd"); !found) return found;
  pem_cert_ = pem_cert;
  pem_key_ = pem_key;
  mailbox_ = dir / "smtp" / "mailbox.txt";
  ::testing::AssertionResult result = launch("aiosmtpd", dir / "smtp", "output.log", "READY\n");
  if (!result && logs().find("No module named 'aiosmtpd'") != std::string::npos) {
    return ::testing::AssertionFailure()
           << "aiosmtpd not found for " << kPython << ": run  apt-get install -y python3-aiosmtpd"
           << "  (or scripts/setup-deps.sh as root)\n"
           << result.message();
  }
  return result;
}

std::vector<std::string> SmtpPeer::configure(const std::filesystem::path &dir) {
  write_file(dir / "smtp_server.py", kSmtpScript);
  write_file(dir / "mail.crt", pem_cert_);
  write_file(dir / "mail.key", pem_key_, 0600);
  return {kPython,
          "-I",
          "-u",
          (dir / "smtp_server.py").string(),
          std::to_string(port_),
          (dir / "mail.crt").string(),
          (dir / "mail.key").string(),
          mailbox_.string()};
}

}  // namespace ocfs_test::peers
