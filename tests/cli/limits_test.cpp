// Resource limits and signals as users meet them: --max-events, --max-wall, --max-memory, and
// Ctrl-C / SIGTERM, each stopping with its own exit status, saying so, and keeping its findings.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <vector>

#include "reports/explore_summary.h"
#include "tests/support/command.h"
#include "tests/support/files.h"
#include "tests/support/signalled.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;
using testing::run_command;

const std::string kBin = LEASESIM_BINARY;
const std::string kLegacy = "scenarios/zbs/legacy-reply-delay-6s.yaml";

std::string temp_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "leasesim-limits-" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Ten years of virtual time with a thousand followers, some 10^11 events: hours of work on
// any machine, so only a limit or a signal ends it.
std::string endless(const std::string& dir) {
  const std::string f = dir + "/endless.yaml";
  std::ofstream out(f);
  out << "duration: 87600h\nprotocol: {kind: zbs}\nfollowers:\n";
  for (int i = 0; i < 1000; ++i) out << "  - f" << i << "\n";
  return f;
}

TEST(Limits, MaxEventsStopsTheRunKeepsItsWindowAndExitsThree) {
  const auto r = run_command(kBin + " run " + kLegacy + " --max-events 40");
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_NE(r.output.find("40 events"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("STOPPED    at 25.003s of 40s (the --max-events budget was spent); what follows covers [0s, 25.003s) only"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("follower-1  epoch 1  [21.503s, 25.003s)  length 3.5s"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("expect     not checked: the run did not reach its end"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("reproduce"), std::string::npos) << r.output;
}

TEST(Limits, MaxEventsInJsonNamesTheReasonAndInstant) {
  const auto r = run_command(kBin + " run " + kLegacy + " --max-events 20 --json");
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.output.find("\"stopped\": {\"reason\": \"max_events\", \"at_ms\": 9503},"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"expectations_met\": false"), std::string::npos) << r.output;
}

TEST(Limits, ABudgetTheRunDoesNotReachChangesNothing) {
  const auto limited = run_command(kBin + " run " + kLegacy + " --max-events 1000000 --json");
  const auto plain = run_command(kBin + " run " + kLegacy + " --json");
  EXPECT_EQ(limited.status, 0);
  EXPECT_EQ(limited.output, plain.output);
}

TEST(Limits, MaxWallStopsARunThatWouldNotEnd) {
  const std::string dir = temp_dir("wall");
  // The deadline counts from the command's start, the load included (a few milliseconds for
  // this file): 2 s leaves a loaded or sanitized machine ample time to reach the run.
  const auto r = run_command(kBin + " run " + endless(dir) + " --max-wall 2s");
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_NE(r.output.find("(the --max-wall time ran out); what follows covers [0s, "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("verdict    lease_safety holds"), std::string::npos) << r.output;
}

TEST(Limits, BadLimitValuesAreUsageErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--max-events 0",
       "leasesim run: --max-events: '0' is not an event budget (a whole number from 1 to 18446744073709551615) (see leasesim run --help)\n"},
      {"--max-events -1",
       "leasesim run: --max-events: '-1' is not an event budget (a whole number from 1 to 18446744073709551615) (see leasesim run --help)\n"},
      {"--max-wall 0s",
       "leasesim run: --max-wall: '0s' is not a wall-clock time limit (a duration from 1ns to 87600h, such as 30s or 10m) (see "
       "leasesim run --help)\n"},
      {"--max-wall 87601h",
       "leasesim run: --max-wall: '87601h' is not a wall-clock time limit (a duration from 1ns to 87600h, such as 30s or 10m) (see "
       "leasesim run --help)\n"},
      {"--max-wall 5",
       "leasesim run: --max-wall: '5' is not a wall-clock time limit (a duration from 1ns to 87600h, such as 30s or 10m): '5' has no "
       "unit; write it as 5s or 5ms (units: ns, us, ms, s, m, h) (see leasesim run --help)\n"},
      {"--max-memory 1.5G",
       "leasesim run: --max-memory: '1.5G' is not a memory size (a number of bytes, at least 1, with an optional K, M, G or T for "
       "powers of 1024: 512M, 4G, 1073741824) (see leasesim run --help)\n"},
      {"--max-memory 0",
       "leasesim run: --max-memory: '0' is not a memory size (a number of bytes, at least 1, with an optional K, M, G or T for "
       "powers of 1024: 512M, 4G, 1073741824) (see leasesim run --help)\n"},
  };
  for (const auto& [flags, message] : cases) {
    const auto r = run_command(kBin + " run " + kLegacy + " " + flags);
    EXPECT_EQ(r.status, 2) << flags;
    EXPECT_EQ(r.output, message) << flags;
  }
}

TEST(Limits, AScenarioThatNeedsMoreMemoryThanAllowedIsRefusedBeforeItRuns) {
  const std::string dir = temp_dir("memory");
  std::ofstream f(dir + "/big.yaml");
  f << "duration: 10s\nprotocol: {kind: zbs}\nfollowers:\n";
  for (int i = 0; i < 50'000; ++i) f << "  - f" << i << "\n";
  f.close();
  const auto r = run_command(kBin + " run " + dir + "/big.yaml --max-memory 100M");
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_EQ(r.output, "leasesim run: " + dir +
                          "/big.yaml: would need about 211MiB of memory (50001 nodes, 0 faults), more than the 100MiB that "
                          "--max-memory allows; make the scenario smaller or run it where there is more memory\n");
  EXPECT_EQ(run_command(kBin + " run " + dir + "/big.yaml --max-memory 1G --max-events 10").status, 3);
}

TEST(Limits, ExploreRefusesMoreJobsThanMemoryHolds) {
  const auto r = run_command(kBin + " explore scenarios/explore/zbs-legacy-reply-delay.yaml --jobs 100 --max-memory 1G");
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_EQ(r.output, "leasesim explore: scenarios/explore/zbs-legacy-reply-delay.yaml: would need about 1.6GiB of memory (100 runs "
                      "side by side of 2 nodes and up to 5 faults), more than the 1.0GiB that --max-memory allows; use fewer --jobs, "
                      "or split the runs with --shard I/N over machines\n");
}

// Explore streams: a hundred billion runs need no more memory than a hundred, and the first
// starts at once (with --until-first, the 21st is the last).
TEST(Limits, ExploreNeedsNoMemoryPerRunRequested) {
  const std::string dir = temp_dir("explore-many");
  const auto r = run_command(kBin + " explore scenarios/explore/zbs-legacy-reply-delay.yaml --runs 100000000000 --until-first "
                             "--max-memory 64M --jobs 2 --out " + dir);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("runs         21 of 100000000000, 1 violating (first: run 20)\n"), std::string::npos) << r.output;
}

TEST(Limits, ExploreCountsRunsOverTheEventBudget) {
  const std::string dir = temp_dir("explore-budget");
  const auto r = run_command(kBin + " explore scenarios/explore/zbs-legacy-reply-delay.yaml --runs 50 --max-events 30 --out " + dir);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("over budget  50 runs stopped by the event budget (first: run 0); see --max-events"), std::string::npos)
      << r.output;
  const reports::ExploreSummary s = reports::parse_summary_json(testing::read_file(dir + "/summary.json"));
  EXPECT_EQ(s.runs_over_budget, 50u);
  EXPECT_EQ(s.first_over_budget_run, 0u);
  EXPECT_EQ(s.runs_done, 50u);
}

TEST(Limits, CheckStopsAtMaxWallAndListsTheRestAsNotRun) {
  const std::string dir = temp_dir("check");
  endless(dir);
  fs::copy_file(kLegacy, dir + "/z-after.yaml");
  const auto r = run_command(kBin + " check " + dir + " --max-wall 2s");
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_NE(r.output.find("STOPPED   the --max-wall time ran out at "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(dir + "/z-after.yaml"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("NOT RUN"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("2 scenarios: 0 met, 0 failed, 0 bad input, 2 stopped or not run"), std::string::npos) << r.output;
}

// The signal is sent once the run is under way, its trace being written: a signal while the
// scenario loads ends the command before any run, with no result (slow_load_test.cpp).
TEST(Signals, CtrlCStopsARunWhichSaysSoAndExits130) {
  const std::string dir = temp_dir("sigint-run");
  fs::create_directories(dir + "/trace");
  const auto r = testing::signal_when_ready({kBin, "run", endless(dir), "--trace", dir + "/trace/t.jsonl"}, dir + "/out.txt",
                                            dir + "/err.txt", SIGINT, testing::writing_in(dir + "/trace"));
  ASSERT_TRUE(r.ready) << r.out << r.err;
  EXPECT_EQ(r.status, 130) << r.out << r.err;
  EXPECT_NE(r.out.find("(interrupted by a signal); what follows covers [0s, "), std::string::npos) << r.out;
}

// Explore with --progress prints "  N/TOTAL runs ..." to stderr each second: the signal is sent
// once a line shows a run counted (`ready`), so the summary has at least that one, whatever the speed.
testing::Signalled explore_until(const std::string& dir, int signal, const std::string& jobs,
                                 const std::function<bool(pid_t, const std::string&)>& ready = testing::a_run_counted,
                                 const std::vector<std::string>& more = {}) {
  std::vector<std::string> argv = {kBin, "explore", "scenarios/explore/zbs-legacy-reply-delay.yaml", "--runs", "100000000000", "--jobs",
                                   jobs, "--progress", "--out", dir + "/out"};
  argv.insert(argv.end(), more.begin(), more.end());
  return testing::signal_when_ready(argv, dir + "/stdout.txt", dir + "/stderr.txt", signal, ready);
}

testing::Signalled explore_until_a_run_is_counted(const std::string& dir, int signal, const std::string& jobs) {
  return explore_until(dir, signal, jobs);
}

// The signal comes during the runs, after a violating one: nothing is shrunk, and each first
// run's scenario is written as drawn, saying so.
TEST(Signals, CtrlCDuringExploreWritesAValidSummaryOfTheFinishedRunsAndTheirScenariosUnshrunk) {
  const std::string dir = temp_dir("sigint-explore");
  const auto r = explore_until(dir, SIGINT, "2", testing::a_violating_run_counted);
  ASSERT_TRUE(r.ready) << r.out << r.err;
  EXPECT_EQ(r.status, 130) << r.out << r.err;
  const reports::ExploreSummary s = reports::parse_summary_json(testing::read_file(dir + "/out/summary.json"));
  EXPECT_EQ(s.stopped, "interrupted");
  EXPECT_GT(s.runs_violating, 0u);
  EXPECT_EQ(s.runs, 100'000'000'000u);
  ASSERT_FALSE(s.distinct.empty());
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir + "/out")) files.push_back(e.path().filename().string());
  std::vector<std::string> expected = {"summary.json"};  // no temporary file, no half-written scenario
  for (const reports::DistinctViolation& d : s.distinct) {
    EXPECT_EQ(d.shrunk, reports::Shrinking::none) << d.signature;
    EXPECT_EQ(d.faults_kept, d.faults_drawn) << d.signature;
    expected.push_back(fs::path(d.file).filename().string());
    std::string text = testing::read_file(d.file);  // the description is folded over lines
    for (size_t at; (at = text.find("\n  ")) != std::string::npos;) text.replace(at, 3, " ");
    EXPECT_NE(text.find("shrinking was cut short by a signal before it began, so this is NOT MINIMISED: the " +
                        std::to_string(d.faults_drawn) + " drawn faults"),
              std::string::npos)
        << text;
    const auto rerun = run_command(kBin + " run " + d.file);
    EXPECT_EQ(rerun.status, 0) << rerun.output;  // the drawn schedule, with its windows declared
  }
  std::sort(files.begin(), files.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(files, expected);
  const std::string n = std::to_string(s.runs_done);
  const std::string k = std::to_string(s.distinct.size());
  EXPECT_NE(r.out.find("STOPPED      interrupted by a signal: the counts cover the " + n + " runs that finished; " + k + " of the " + k +
                       " distinct violations are not fully shrunk; `--runs " + n + "` with no stop shrinks them fully\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("faults kept; NOT FULLY SHRUNK: the stop came before its shrinking)"), std::string::npos) << r.out;
}

// --write-baseline from such an exploration is refused (the old baseline stays); merge
// --baseline of its summary lists the violations it does not know as new, saying they are not
// fully shrunk, and exits 3 as the stopped exploration did.
TEST(Signals, AStoppedExplorationWritesNoBaselineAndItsNewViolationsStillFail) {
  const std::string dir = temp_dir("sigint-baseline");
  const std::string baseline = dir + "/baseline";
  std::ofstream(baseline) << "# accepted\n";
  const auto r = explore_until(dir, SIGINT, "1", testing::a_violating_run_counted, {"--write-baseline", baseline});
  ASSERT_TRUE(r.ready) << r.out << r.err;
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(testing::read_file(baseline), "# accepted\n");
  const reports::ExploreSummary s = reports::parse_summary_json(testing::read_file(dir + "/out/summary.json"));
  const std::string k = std::to_string(s.distinct.size());
  EXPECT_NE(r.err.find("leasesim explore: --write-baseline " + baseline + ": not written: the exploration was stopped (a signal) before " +
                       k + " of its " + k +
                       " distinct violations were fully shrunk, and a baseline holds fully shrunk signatures only; run again with "
                       "--runs " + std::to_string(s.runs_done) + " and no stop to write it\n"),
            std::string::npos)
      << r.err;
  const auto merged = run_command(kBin + " merge " + dir + "/out/summary.json --baseline " + baseline);
  EXPECT_EQ(merged.status, 3) << merged.output;
  EXPECT_NE(merged.output.find("baseline     " + baseline + ": 0 known, " + k + " new distinct violations (" + k +
                               " of them not fully shrunk: the stop came first)\n"),
            std::string::npos)
      << merged.output;
}

// A stop before any violation leaves nothing unshrunk, but its runs are not the exploration's:
// no baseline (an empty one would accept nothing the whole exploration finds), exit 2.
TEST(Limits, AnExplorationStoppedBeforeAnyViolationWritesNoBaseline) {
  const std::string dir = temp_dir("wall-baseline");
  const std::string space = dir + "/quiet.yaml";
  std::ofstream(space) << "duration: 10s\nprotocol: {kind: zbs}\nfollowers: [f1]\nexplore: {}\n";
  const std::string baseline = dir + "/baseline";
  std::ofstream(baseline) << "# accepted\n";
  // 10^11 runs: only the deadline ends it, however fast the machine.
  const auto r = run_command(kBin + " explore " + space + " --runs 100000000000 --max-wall 500ms --out " + dir +
                             "/out --write-baseline " + baseline);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(testing::read_file(baseline), "# accepted\n");
  const reports::ExploreSummary s = reports::parse_summary_json(testing::read_file(dir + "/out/summary.json"));
  EXPECT_EQ(s.stopped, "max_wall");
  EXPECT_EQ(s.runs_violating, 0u);
  const std::string n = std::to_string(s.runs_done);
  EXPECT_NE(r.output.find("leasesim explore: --write-baseline " + baseline + ": not written: the exploration was stopped (--max-wall) after " +
                          n + " of its 100000000000 runs, and a baseline holds what the whole exploration finds; run again with --runs " +
                          n + " and no stop to write it\n"),
            std::string::npos)
      << r.output;
}

TEST(Signals, SigtermDuringExploreLikewiseExits143) {
  const std::string dir = temp_dir("sigterm-explore");
  const auto r = explore_until_a_run_is_counted(dir, SIGTERM, "1");
  ASSERT_TRUE(r.ready) << r.out << r.err;
  EXPECT_EQ(r.status, 143) << r.out << r.err;
  const reports::ExploreSummary s = reports::parse_summary_json(testing::read_file(dir + "/out/summary.json"));
  EXPECT_EQ(s.stopped, "interrupted");
  EXPECT_GT(s.runs_done, 0u);
}

TEST(Signals, ProgressLinesGoToStderrOnePerLineWhenItIsNotATerminal) {
  const std::string dir = temp_dir("progress");
  const auto r = explore_until_a_run_is_counted(dir, SIGINT, "1");
  ASSERT_TRUE(r.ready) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << r.err;
  unsigned long long done = 0, total = 0, per_second = 0, violating = 0, distinct = 0;
  EXPECT_EQ(std::sscanf(r.err.c_str(), "  %llu/%llu runs  %llu runs/s  %llu violating  %llu distinct\n", &done, &total, &per_second,
                        &violating, &distinct),
            5)
      << r.err;
  EXPECT_EQ(total, 100'000'000'000u);
}

}  // namespace
}  // namespace leasesim
