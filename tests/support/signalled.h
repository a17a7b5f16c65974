// Test support: signal a command once it has shown it is ready for it, never after a guessed
// delay. The command's stdout and stderr go to files; readiness is judged from its stderr so
// far (a progress line) or from the process itself (its signal handler is installed).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/files.h"

namespace leasesim::testing {

struct Signalled {
  bool ready = false;  // whether the signal was sent (otherwise the command ended first)
  int status = -1;     // the exit status, or 128 + the signal that ended it, as a shell says
  std::string out;
  std::string err;
};

// Whether process `pid` catches `signal`: its SigCgt mask in /proc has the signal's bit.
inline bool catches(pid_t pid, int signal) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("SigCgt:", 0) == 0) return ((std::stoull(line.substr(7), nullptr, 16) >> (signal - 1)) & 1) != 0;
  }
  return false;
}

// The process's command name ("leasesim" once exec has happened).
inline std::string command_name(pid_t pid) {
  std::string name;
  std::getline(std::ifstream("/proc/" + std::to_string(pid) + "/comm"), name);
  return name;
}

// Runs `argv` with stdout and stderr in `out_file` and `err_file`; once `ready(pid, stderr so
// far)` holds, sends `signal` and waits for the end. Polls every 10 ms: how long the command
// takes to get ready changes nothing but the test's duration. A command that is not ready
// after five minutes is broken: it is killed and reported as never ready.
inline Signalled signal_when_ready(const std::vector<std::string>& argv, const std::string& out_file, const std::string& err_file,
                                   int signal, const std::function<bool(pid_t, const std::string&)>& ready) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  Signalled r;
  int raw = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (waitpid(pid, &raw, WNOHANG) == 0) {
    if (ready(pid, read_file(err_file))) {
      r.ready = true;
      kill(pid, signal);
      waitpid(pid, &raw, 0);
      break;
    }
    if (std::chrono::steady_clock::now() > give_up) {
      kill(pid, SIGKILL);
      waitpid(pid, &raw, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : WIFSIGNALED(raw) ? 128 + WTERMSIG(raw) : -1;
  r.out = read_file(out_file);
  r.err = read_file(err_file);
  return r;
}

// Ready once the process is leasesim itself (after exec) with its handler for `signal` in place.
inline std::function<bool(pid_t, const std::string&)> handler_installed(int signal) {
  return [signal](pid_t pid, const std::string&) { return command_name(pid) == "leasesim" && catches(pid, signal); };
}

// Ready once the process is leasesim itself and holds open a file in the directory `dir` that
// has some content: a file being written. (An unnamed temporary file shows nowhere else: its
// link in /proc/PID/fd reads "DIR/#12345 (deleted)".)
inline std::function<bool(pid_t, const std::string&)> writing_in(const std::string& dir) {
  const std::string prefix = std::filesystem::canonical(dir).string() + "/";
  return [prefix](pid_t pid, const std::string&) {
    if (command_name(pid) != "leasesim") return false;
    std::error_code ec;
    for (const auto& fd : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
      std::error_code link_ec;
      const std::string target = std::filesystem::read_symlink(fd.path(), link_ec).string();
      struct stat st {};
      if (!link_ec && target.rfind(prefix, 0) == 0 && ::stat(fd.path().c_str(), &st) == 0 && st.st_size > 0) return true;
    }
    return false;
  };
}

// Whether a line of explore's --progress in `err` ("  12/100000 runs  950 runs/s  1 violating
// 1 distinct") has at least `done` runs counted and `violating` violating runs.
inline bool a_progress_line_with(const std::string& err, unsigned long long done, unsigned long long violating) {
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    unsigned long long d = 0, total = 0, per_second = 0, v = 0;
    const int n = std::sscanf(line.c_str(), "  %llu/%llu runs  %llu runs/s  %llu violating", &d, &total, &per_second, &v);
    if (n >= 2 && d >= done && (violating == 0 || (n == 4 && v >= violating))) return true;
  }
  return false;
}

// Ready once a progress line shows at least one run counted.
inline bool a_run_counted(pid_t, const std::string& err) { return a_progress_line_with(err, 1, 0); }

// Ready once a progress line shows a violating run: the signal then comes before shrinking (the
// progress line is printed only during the runs), with a first run to shrink.
inline bool a_violating_run_counted(pid_t, const std::string& err) { return a_progress_line_with(err, 1, 1); }

}  // namespace leasesim::testing
