#include "live/zookeeper/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace leasesim::live::zookeeper {

namespace {

// In the child, before exec: every descriptor but stdin/out/err and `keep` closed. asio opens
// its sockets without FD_CLOEXEC, and a client or server inheriting the proxy's sockets holds
// their connections open after the proxy closes them: a killed leader's followers then never
// saw its end (found by the live run of leader-change-resets-deadlines). Only close(2) and
// close_range(2), which are async-signal-safe.
void close_range_or_loop(int lo, int hi) {
  if (lo > hi) return;
  if (::syscall(SYS_close_range, static_cast<unsigned>(lo), static_cast<unsigned>(hi), 0) == 0) return;
  for (int fd = lo; fd <= hi; ++fd) ::close(fd);  // kernels before 5.9
}

// No allocation here: the parent may have other threads (the proxy's, while servers start).
void close_all_but(int a, int b) {
  if (a > b) std::swap(a, b);
  int from = 3;
  for (int k : {a, b}) {
    if (k < from) continue;
    close_range_or_loop(from, k - 1);
    from = k + 1;
  }
  const long most = ::sysconf(_SC_OPEN_MAX);
  close_range_or_loop(from, most > 0 && most < (1 << 20) ? static_cast<int>(most) - 1 : (1 << 20) - 1);
}

}  // namespace

using std::chrono::milliseconds;
using std::chrono::steady_clock;

void Process::start(const std::vector<std::string>& args, const std::string& what, int out_fd, const std::string& out_file, int keep_fd) {
  if (pid_ > 0) return;
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Built before fork: the child may not allocate.
  std::vector<std::string> env_copy = environment_;
  std::vector<char*> envp;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) envp.push_back(*e);
  for (std::string& e : env_copy) envp.push_back(e.data());
  envp.push_back(nullptr);
  int report[2];  // the child's exec error, if any; closed by a successful exec
  if (::pipe2(report, O_CLOEXEC) != 0) throw std::runtime_error("cannot start " + what + ": pipe: " + std::strerror(errno));
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot start " + what + ": fork: " + std::strerror(errno));
  if (pid == 0) {
    ::setpgid(0, 0);
    // If leasesim dies without stopping it, it goes too (a safety net under the teardown,
    // which signals the recorded pid).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    const int fd = out_fd >= 0 ? out_fd : ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
    }
    if (fd >= 0 && fd > STDERR_FILENO) ::close(fd);
    if (keep_fd >= 0) ::fcntl(keep_fd, F_SETFD, 0);
    close_all_but(report[1], keep_fd);
    ::execve(argv[0], argv.data(), envp.data());
    const int err = errno;
    (void)!::write(report[1], &err, sizeof err);
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  ::close(report[1]);
  int err = 0;
  const ssize_t n = ::read(report[0], &err, sizeof err);
  ::close(report[0]);
  if (n == sizeof err) {
    ::waitpid(pid, nullptr, 0);
    throw std::runtime_error("cannot start " + what + ": " + args[0] + ": " + std::strerror(err));
  }
  pid_ = pid;
}

bool Process::reap(milliseconds wait) {
  if (pid_ <= 0) return true;
  const auto deadline = steady_clock::now() + wait;
  while (true) {
    const pid_t r = ::waitpid(pid_, nullptr, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
      pid_ = -1;
      return true;
    }
    if (steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
}

// A signal is delivered when each thread next runs: until the kernel reports the stop (or the
// continuation) to its parent, the process may still act, or not yet.
void Process::pause() {
  if (pid_ <= 0 || stopped_) return;
  ::kill(-pid_, SIGSTOP);
  int status = 0;
  while (::waitpid(pid_, &status, WUNTRACED) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) || WIFSIGNALED(status)) {
    pid_ = -1;
    return;
  }
  stopped_ = true;
}

// Waiting for the continuation of a process that was not stopped would wait forever (a
// restarted process is a new one): only what pause() stopped is continued.
void Process::resume() {
  if (pid_ <= 0 || !stopped_) return;
  stopped_ = false;
  ::kill(-pid_, SIGCONT);
  int status = 0;
  while (::waitpid(pid_, &status, WCONTINUED) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) || WIFSIGNALED(status)) pid_ = -1;
}

void Process::kill() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);  // a stopped process dies of it too
  stopped_ = false;
  reap(milliseconds(60'000));
}

void Process::stop(int term, milliseconds grace) {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGCONT);  // a stopped process cannot act on `term`
  stopped_ = false;
  ::kill(-pid_, term);
  if (!reap(grace)) kill();
}

}  // namespace leasesim::live::zookeeper
