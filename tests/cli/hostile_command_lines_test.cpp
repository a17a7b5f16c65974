// Hostile command lines (tests/hostile/cli/): for each NAME.args (the arguments after
// `leasesim`, one a line), NAME.expected holds `exit N` and then exactly what leasesim must
// print on stderr. A refused command line (exit 2) prints nothing on stdout; a stopped run
// (exit 3) prints what it found there, which other tests check. Negative and wrapped numbers,
// numbers past their ranges, unknown help topics: each refused with its reason, never taken
// as something else; runs that would not end, stopped by their event budget.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/command.h"
#include "tests/support/files.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;

const std::string kBin = LEASESIM_BINARY;
const std::string kDir = "tests/hostile/cli";

using Outcome = testing::SplitResult;

// Runs leasesim with `args` as they are, no shell between (an argument may hold anything).
Outcome run_args(const std::vector<std::string>& args) {
  const std::string base = ::testing::TempDir() + "leasesim-hostile-cli-" + std::to_string(getpid());
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen((base + ".out").c_str(), "w", stdout);
    std::freopen((base + ".err").c_str(), "w", stderr);
    std::vector<char*> argv{const_cast<char*>(kBin.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int raw = 0;
  waitpid(pid, &raw, 0);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, testing::read_file(base + ".out"), testing::read_file(base + ".err")};
}

std::vector<std::string> cases() { return testing::stems_in(kDir, ".args"); }

class HostileCommandLine : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileCommandLine, GetsItsExactMessageAndExitStatus) {
  const std::string base = kDir + "/" + GetParam();
  std::vector<std::string> args;
  std::ifstream in(base + ".args");
  for (std::string line; std::getline(in, line);) args.push_back(line);
  const std::string expected = testing::read_file(base + ".expected");
  const size_t eol = expected.find('\n');
  ASSERT_EQ(expected.rfind("exit ", 0), 0u) << base << ".expected starts with `exit N`";
  const Outcome o = run_args(args);
  const int status = std::stoi(expected.substr(5, eol - 5));
  EXPECT_EQ(o.status, status);
  if (status == 2) {
    EXPECT_EQ(o.out, "");
  }
  EXPECT_EQ(o.err, expected.substr(eol + 1));
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileCommandLine, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(HostileCommandLineCorpus, CoversEveryNumericOption) {
  std::string all;
  for (const std::string& c : cases()) all += testing::read_file(kDir + "/" + c + ".args");
  for (const std::string option : {"--seed", "--runs", "--jobs", "--shard", "--steps", "--max-events", "--max-wall", "--max-memory"}) {
    EXPECT_NE(all.find(option + "\n"), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace leasesim
