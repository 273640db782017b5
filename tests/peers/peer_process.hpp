// Real peer processes for the peer tests (POSIX only): a scratch directory, free loopback ports,
// a child process in its own process group with its output in a log file, and readiness polling.
// Only 127.0.0.1 is ever used. Every peer is stopped (SIGTERM, then SIGKILL to its process group,
// then reaped) when its PeerProcess goes away, whatever the test's outcome.
#ifndef OCFS_TESTS_PEERS_PEER_PROCESS_HPP
#define OCFS_TESTS_PEERS_PEER_PROCESS_HPP

#include <gtest/gtest.h>

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace ocfs_test::peers {

// A fresh directory under the system's temporary directory, removed with its contents on
// destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::filesystem::path &path() const { return path_; }
  std::filesystem::path operator/(const std::string &name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Writes `contents` to `path` (created or truncated) with the given permission bits; throws
// std::runtime_error on failure.
void write_file(const std::filesystem::path &path, const std::string &contents,
                unsigned mode = 0644);
// The file's contents, or "" when it cannot be read.
std::string read_file(const std::filesystem::path &path);

// A TCP port on 127.0.0.1 that was free a moment ago (bind port 0, read it back, close).
int free_port();
// True when a TCP connection to 127.0.0.1:port succeeds (the connection is closed at once).
bool can_connect(int port);
// True when another socket listens on 127.0.0.1:port (a bind with SO_REUSEADDR fails).
bool port_taken(int port);

// Fails unless `program` is an executable file, with the Debian package to install.
::testing::AssertionResult require_program(const std::string &program, const std::string &name,
                                           const std::string &package);

// A child process, started with posix_spawn in its own process group, stdin from /dev/null and
// stdout+stderr appended to `log`.
class PeerProcess {
 public:
  PeerProcess(std::string name, std::vector<std::string> argv, std::filesystem::path log);
  ~PeerProcess();
  PeerProcess(const PeerProcess &) = delete;
  PeerProcess &operator=(const PeerProcess &) = delete;

  const std::string &name() const { return name_; }
  pid_t pid() const { return pid_; }

  ::testing::AssertionResult start();
  // True while the process has not exited (an exited child is left unreaped until stop()).
  bool running() const;
  // SIGTERM, up to 3 s for the process to exit, then SIGKILL to the whole group; reaped.
  // Idempotent.
  void stop();

  // The log, plus the extra files given to add_log (the peer's own log files), for messages.
  void add_log(std::filesystem::path path) { extra_logs_.push_back(std::move(path)); }
  std::string logs() const;

  // Waits until `marker_file` contains `marker` (a line the peer writes once it listens, so a
  // stranger on the port cannot pass for it) and 127.0.0.1:port accepts a connection, at most
  // `timeout`. Fails with the logs if the process exits first or the time runs out.
  ::testing::AssertionResult wait_ready(
      int port, const std::filesystem::path &marker_file, const std::string &marker,
      std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  std::string name_;
  std::vector<std::string> argv_;
  std::filesystem::path log_;
  std::vector<std::filesystem::path> extra_logs_;
  pid_t pid_ = -1;
  bool exited_ = false;  // reaped
  std::string exit_description_;
};

}  // namespace ocfs_test::peers

#endif  // OCFS_TESTS_PEERS_PEER_PROCESS_HPP
