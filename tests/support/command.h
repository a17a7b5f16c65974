// Test support: run a shell command and capture its output and exit status.
#pragma once

#include <sys/wait.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>

#include "tests/support/files.h"

namespace leasesim::testing {

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr together
};

inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int raw = pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

struct SplitResult {
  int status = -1;
  std::string out;
  std::string err;
};

// stdout and stderr apart. stderr goes through a file in `dir` named after this process, since
// ctest runs cases side by side, each in its own process.
inline SplitResult run_command_split(const std::string& command, const std::string& dir) {
  const std::string err = dir + "leasesim-stderr-" + std::to_string(getpid()) + ".err";
  const CommandResult r = run_command("( " + command + " 2>'" + err + "' )");
  return {r.status, r.output, read_file(err)};
}

}  // namespace leasesim::testing
