#include "peer_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

extern char **environ;

namespace ocfs_test::peers {

namespace {

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "ended (wait status " + std::to_string(status) + ")";
}

}  // namespace

// ---- Files and directories ---------------------------------------------------------------------

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ocfs-peers-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path &path, const std::string &contents, unsigned mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + path.string());
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      close(fd);
      throw std::system_error(error, std::generic_category(), "write " + path.string());
    }
    done += static_cast<size_t>(n);
  }
  close(fd);
}

std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// ---- Ports -------------------------------------------------------------------------------------

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
  sockaddr_in address = loopback(0);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
    int error = errno;
    close(fd);
    throw std::system_error(error, std::generic_category(), "bind 127.0.0.1:0");
  }
  close(fd);
  return ntohs(address.sin_port);
}

bool can_connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address = loopback(port);
  int result;
  do {
    result = connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
  } while (result != 0 && errno == EINTR);
  close(fd);
  return result == 0;
}

bool port_taken(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address = loopback(port);
  bool taken =
      bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 && errno == EADDRINUSE;
  close(fd);
  return taken;
}

::testing::AssertionResult require_program(const std::string &program, const std::string &name,
                                           const std::string &package) {
  if (access(program.c_str(), X_OK) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << name << " not found (" << program << "): run  apt-get install -y " << package
         << "  (or scripts/setup-deps.sh as root)";
}

// ---- Processes ---------------------------------------------------------------------------------

PeerProcess::PeerProcess(std::string name, std::vector<std::string> argv, std::filesystem::path log)
    : name_(std::move(name)), argv_(std::move(argv)), log_(std::move(log)) {}

PeerProcess::~PeerProcess() {
  stop();
}

::testing::AssertionResult PeerProcess::start() {
  if (pid_ > 0) return ::testing::AssertionFailure() << name_ << " already started";
  std::vector<char *> args;
  for (std::string &arg : argv_)
    args.push_back(arg.data());
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attributes);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  // Its own process group, so that stop() can reach the peer's worker processes too; default
  // signal dispositions and an empty mask whatever the test process has.
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(
      &attributes,
      static_cast<short>(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
  pid_t pid = -1;
  int error = posix_spawn(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) {
    return ::testing::AssertionFailure()
           << "cannot start " << name_ << " (" << argv_[0] << "): " << std::strerror(error);
  }
  pid_ = pid;
  return ::testing::AssertionSuccess();
}

bool PeerProcess::running() const {
  if (pid_ <= 0 || exited_) return false;
  siginfo_t info{};
  if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return false;
  }
  return info.si_pid != pid_;
}

void PeerProcess::stop() {
  if (pid_ <= 0 || exited_) return;
  // The whole group: nginx's master and workers alike. The leader is not reaped before the last
  // kill below, so the group id cannot have been reused.
  kill(-pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(-pid_, SIGKILL);
  int status = 0;
  pid_t reaped;
  do {
    reaped = waitpid(pid_, &status, 0);
  } while (reaped < 0 && errno == EINTR);
  exited_ = true;
  exit_description_ = reaped == pid_ ? describe_status(status) : "could not be reaped";
}

std::string PeerProcess::logs() const {
  std::string text = "---- " + name_ + " output (" + log_.string() + ") ----\n" + read_file(log_);
  for (const auto &path : extra_logs_) {
    text += "\n---- " + name_ + " log " + path.string() + " ----\n" + read_file(path);
  }
  return text;
}

::testing::AssertionResult PeerProcess::wait_ready(int port,
                                                   const std::filesystem::path &marker_file,
                                                   const std::string &marker,
                                                   std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (!running()) {
      stop();
      return ::testing::AssertionFailure() << name_ << " " << exit_description_
                                           << " before it was ready on 127.0.0.1:" << port << "\n"
                                           << logs();
    }
    if (read_file(marker_file).find(marker) != std::string::npos && can_connect(port)) {
      return ::testing::AssertionSuccess();
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return ::testing::AssertionFailure()
             << name_ << " not ready on 127.0.0.1:" << port << " after " << timeout.count() << " ms"
             << (marker.empty() ? "" : " (waiting for \"" + marker + "\")") << "\n"
             << logs();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace ocfs_test::peers
