// `leasesim live` against a real ZooKeeper, run as a user runs it (the binary, a scenario of
// the suite), for the live-labelled tests: its output, its exit status, and the processes it
// left behind, found by an environment marker every process it starts inherits.
#pragma once

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace leasesim::live::zookeeper::testing {

struct Ran {
  int status = -1;  // the exit status, or 128 + the signal
  std::string out;
};

// Runs `leasesim args...` with MARKER=`marker` in its environment, calling `meanwhile(pid)`
// once it has started (it may signal it), then waits for its end.
inline Ran run_leasesim(const std::vector<std::string>& args, const std::string& marker, const std::function<void(pid_t)>& meanwhile = {}) {
  const std::string out_file = std::string(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp/") + "live-out-" + marker;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("LEASESIM_TEST_MARKER", marker.c_str(), 1);
    std::FILE* f = std::freopen(out_file.c_str(), "w", stdout);
    (void)f;
    ::dup2(STDOUT_FILENO, STDERR_FILENO);
    std::vector<std::string> all{LEASESIM_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (meanwhile) meanwhile(pid);
  int status = 0;
  ::waitpid(pid, &status, 0);
  Ran r;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream in(out_file);
  std::stringstream s;
  s << in.rdbuf();
  r.out = s.str();
  std::remove(out_file.c_str());
  return r;
}

inline std::string new_marker() {
  std::random_device rd;
  return "m" + std::to_string(rd()) + std::to_string(rd());
}

// The pids of live processes whose environment holds the marker (a JVM, a zkclient).
inline std::vector<int> processes_with(const std::string& marker) {
  std::vector<int> out;
  const std::string needle = "LEASESIM_TEST_MARKER=" + marker;
  DIR* d = ::opendir("/proc");
  if (d == nullptr) return out;
  while (dirent* e = ::readdir(d)) {
    const int pid = std::atoi(e->d_name);
    if (pid <= 0) continue;
    std::ifstream env("/proc/" + std::string(e->d_name) + "/environ", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(env)), std::istreambuf_iterator<char>());
    std::ifstream stat("/proc/" + std::string(e->d_name) + "/stat");
    std::string line;
    std::getline(stat, line);
    const size_t paren = line.rfind(')');
    const bool zombie = paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'Z';
    if (!zombie && all.find(needle) != std::string::npos) out.push_back(pid);
  }
  ::closedir(d);
  return out;
}

}  // namespace leasesim::live::zookeeper::testing
