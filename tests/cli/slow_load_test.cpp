// A scenario file at the loader's caps takes seconds to load (more on a loaded machine), and the
// load is one yaml-cpp parse that looks at no clock: --max-wall and Ctrl-C / SIGTERM must end
// the command during it all the same, with the stopped outcome and its exit status
// (cli/stoppable_work.h). The file is generated, once per test binary.
//
// No test here depends on timing. --max-wall counts from the command's start, so with 1ns the
// deadline has passed before the load begins; with a few milliseconds it passes during a load
// of seconds, and a deadline found past when the load ends wins over the load all the same
// (the stop is checked after the wait too). A signal is sent as soon as the handler is in
// place, which is before the load: caught before or during it, it ends the load the same way;
// the file is big enough that the load outlasts the test's reaction by seconds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "tests/support/command.h"
#include "tests/support/files.h"
#include "tests/support/signalled.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;

const std::string kBin = LEASESIM_BINARY;

std::string temp_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "leasesim-slow-load-" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A valid scenario at the caps: 99,999 followers (100,000 nodes with the master), each with a
// clock, and 10,000 faults; some 4 MB and 600,000 YAML values. It loads (in 1 to 2 s on an
// idle machine) and runs for one second of virtual time, with an explore section so that every
// verb takes it.
void write_big_scenario(const std::string& path) {
  std::ofstream out(path);
  out << "duration: 1s\nprotocol: {kind: zbs}\nfollowers:\n";
  for (int i = 0; i < 99'999; ++i) out << "  - f" << i << "\n";
  out << "clocks:\n";
  for (int i = 0; i < 99'999; ++i) out << "  f" << i << ": {offset: " << i << "ns, drift_ppm: " << (i % 200) - 100 << "}\n";
  out << "faults:\n";
  for (int i = 0; i < 10'000; ++i) out << "  - {at: " << i << "us, delay: {to: f" << i << ", extra: 1ms, count: 1}}\n";
  out << "explore:\n  faults:\n    - {at: [0s, 500ms], max: 1, drop: {from: master, count: 1}}\n";
}

// The big scenario, written once per process: ctest runs each test in a process of its own,
// two at a time, so the directory is this process's.
const std::string& big_scenario() {
  static const std::string path = [] {
    const std::string dir = temp_dir("big-" + std::to_string(getpid()));
    write_big_scenario(dir + "/big.yaml");
    return dir + "/big.yaml";
  }();
  return path;
}

// A folder of `n` copies for check, which loads every file before any run.
std::string big_suite(const std::string& name, int n) {
  const std::string dir = temp_dir(name);
  for (int i = 0; i < n; ++i) fs::copy_file(big_scenario(), dir + "/big-" + std::to_string(i) + ".yaml");
  return dir;
}

std::string stopped_line(const std::string& verb, const std::string& file, const std::string& why) {
  return "leasesim " + verb + ": " + file + ": stopped while loading it, before any run: " + why + "\n";
}

struct VerbCase {
  std::string verb;
  std::vector<std::string> extra;  // what the verb needs beyond the file
};

void PrintTo(const VerbCase& c, std::ostream* os) { *os << c.verb; }

class DeadlineBeforeTheLoad : public ::testing::TestWithParam<VerbCase> {};

TEST_P(DeadlineBeforeTheLoad, EndsTheCommandStoppedWithExitThreeAndNoRun) {
  const VerbCase& c = GetParam();
  std::string command = kBin + " " + c.verb + " '" + big_scenario() + "'";
  for (const std::string& a : c.extra) command += " " + a;
  const std::string dir = temp_dir("deadline-" + c.verb);
  const auto r = testing::run_command_split("cd '" + dir + "' && " + command + " --max-wall 1ns", ::testing::TempDir());
  EXPECT_EQ(r.status, 3) << r.out << r.err;
  EXPECT_TRUE(fs::is_empty(dir));  // explore's --out is not made
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, stopped_line(c.verb, big_scenario(), "the --max-wall time ran out"));
}

INSTANTIATE_TEST_SUITE_P(EveryVerb, DeadlineBeforeTheLoad,
                         ::testing::Values(VerbCase{"run", {}}, VerbCase{"replay", {}}, VerbCase{"check", {}},
                                           VerbCase{"explore", {"--runs", "1", "--out", "explore-out-never-made"}},
                                           VerbCase{"sweep", {"--vary", "protocol.network_margin", "--from", "0s", "--to", "1s"}}),
                         [](const ::testing::TestParamInfo<VerbCase>& p) { return p.param.verb; });

TEST(SlowLoad, ADeadlinePassingDuringTheLoadStopsIt) {
  // Five loads of seconds each against a deadline of 5 ms from the command's start.
  const std::string dir = big_suite("check-wall", 5);
  const auto r = testing::run_command_split(kBin + " check '" + dir + "' --max-wall 5ms", ::testing::TempDir());
  EXPECT_EQ(r.status, 3) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  // Stopped at the first file, or (had its load beaten 5 ms) a later one: each is a load.
  EXPECT_EQ(r.err.rfind("leasesim check: " + dir + "/big-", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(": stopped while loading it, before any run: the --max-wall time ran out\n"), std::string::npos) << r.err;
}

TEST(SlowLoad, CtrlCDuringTheLoadEndsTheCommandWith130) {
  const std::string dir = temp_dir("sigint");
  const auto r = testing::signal_when_ready({kBin, "run", big_scenario()}, dir + "/out.txt", dir + "/err.txt", SIGINT,
                                            testing::handler_installed(SIGINT));
  ASSERT_TRUE(r.ready) << r.out << r.err;
  EXPECT_EQ(r.status, 130) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, stopped_line("run", big_scenario(), "interrupted by a signal"));
}

TEST(SlowLoad, SigtermDuringCheckLoadingItsFolderEndsItWith143) {
  const std::string dir = big_suite("sigterm", 3);
  const std::string io = temp_dir("sigterm-io");
  const auto r = testing::signal_when_ready({kBin, "check", dir, "--report", io + "/r.html"}, io + "/out.txt", io + "/err.txt", SIGTERM,
                                            testing::handler_installed(SIGTERM));
  ASSERT_TRUE(r.ready) << r.out << r.err;
  EXPECT_EQ(r.status, 143) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(": stopped while loading it, before any run: interrupted by a signal\n"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(io + "/r.html"));
}

}  // namespace
}  // namespace leasesim
