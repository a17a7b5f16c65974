// Output paths: every file leasesim writes stays where it was asked for (a scenario's name is
// one file name inside explore's --out), every path is checked before any run and nothing is
// created that was not asked for, a file that cannot be written after the runs costs nothing
// else (exit status 4), and a SIGKILL at any moment leaves no stray file behind.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/support/command.h"
#include "tests/support/files.h"
#include "tests/support/signalled.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;
using testing::run_command;

const std::string kBin = LEASESIM_BINARY;
const std::string kScenario = "scenarios/zbs/legacy-reply-delay-6s.yaml";
const std::string kSpace = "scenarios/explore/zbs-legacy-reply-delay.yaml";

std::string temp_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "leasesim-outputs-" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> listing(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void expect_refused(const std::string& command, const std::string& message) {
  const auto r = run_command(command);
  EXPECT_EQ(r.status, 2) << command;
  EXPECT_EQ(r.output, message + "\n") << command;  // nothing else: no run, no result
}

TEST(OutputPaths, EveryVerbRefusesAFileInAMissingDirectoryBeforeAnyRunAndCreatesNothing) {
  const std::string dir = temp_dir("missing");
  const std::string f = dir + "/nonexistent/x";
  const std::string missing = ": the directory " + dir + "/nonexistent does not exist";
  expect_refused(kBin + " run " + kScenario + " --report " + f, "leasesim run: cannot write " + f + missing);
  expect_refused(kBin + " run " + kScenario + " --trace " + f, "leasesim run: cannot write " + f + missing);
  expect_refused(kBin + " run " + kScenario + " --perfetto " + f, "leasesim run: cannot write " + f + missing);
  expect_refused(kBin + " replay " + kScenario + " --report " + f, "leasesim replay: cannot write " + f + missing);
  expect_refused(kBin + " check " + kScenario + " --junit " + f, "leasesim check: cannot write " + f + missing);
  expect_refused(kBin + " check " + kScenario + " --report " + f, "leasesim check: cannot write " + f + missing);
  expect_refused(kBin + " explore " + kSpace + " --out " + dir + "/out --junit " + f, "leasesim explore: cannot write " + f + missing);
  expect_refused(kBin + " sweep " + kScenario + " --vary faults[1].delay.extra --from 0s --to 9s --svg " + f,
                 "leasesim sweep: cannot write " + f + missing);
  EXPECT_EQ(listing(dir), std::vector<std::string>{});  // neither nonexistent/ nor out/
}

TEST(OutputPaths, ExploreCreatesItsOutDirectoryButNotItsParents) {
  const std::string dir = temp_dir("out");
  expect_refused(kBin + " explore " + kSpace + " --runs 10 --out " + dir + "/a/b",
                 "leasesim explore: cannot create the directory " + dir + "/a/b: " + dir +
                     "/a does not exist; leasesim creates the last directory of the path only (--out)");
  EXPECT_EQ(listing(dir), std::vector<std::string>{});
  const auto r = run_command(kBin + " explore " + kSpace + " --runs 10 --out " + dir + "/a");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(listing(dir + "/a"), std::vector<std::string>{"summary.json"});
}

TEST(OutputPaths, ADirectoryADeviceOrAFileWhereTheOtherIsNeededIsRefused) {
  const std::string dir = temp_dir("kinds");
  std::ofstream(dir + "/file") << "x";
  expect_refused(kBin + " run " + kScenario + " --trace " + dir, "leasesim run: cannot write " + dir + ": it is a directory");
  expect_refused(kBin + " run " + kScenario + " --perfetto /dev/null",
                 "leasesim run: cannot write /dev/null: it is a character device, not a regular file");
  expect_refused(kBin + " run " + kScenario + " --report " + dir + "/file/r.html",
                 "leasesim run: cannot write " + dir + "/file/r.html: " + dir + "/file is not a directory");
  expect_refused(kBin + " explore " + kSpace + " --out " + dir + "/file",
                 "leasesim explore: cannot write in " + dir + "/file: it is a regular file, not a directory (--out)");
  fs::create_directory(dir + "/out");
  fs::create_directory(dir + "/out/summary.json");
  expect_refused(kBin + " explore " + kSpace + " --out " + dir + "/out",
                 "leasesim explore: cannot write " + dir + "/out/summary.json: it is a directory (--out)");
}

TEST(OutputPaths, AFileNameThatCannotBeAScenarioNameAsksForAName) {
  const std::string dir = temp_dir("stem");
  for (const std::string name : {"my scenario", ".hidden"}) {
    std::ofstream(dir + "/" + name + ".yaml") << "duration: 10s\nprotocol: {kind: zbs}\nfollowers: [f1]\n";
    expect_refused(kBin + " run '" + dir + "/" + name + ".yaml'",
                   dir + "/" + name + ".yaml: the file's name makes '" + name +
                       "' the scenario's name, which it cannot be (1 to 128 ASCII letters, digits, '-', '_' or '.', not starting "
                       "with '.'); give the scenario a `name:`");
  }
  std::ofstream(dir + "/named.yaml") << "name: named-after-all\nduration: 10s\nprotocol: {kind: zbs}\nfollowers: [f1]\n";
  EXPECT_EQ(run_command(kBin + " run " + dir + "/named.yaml").status, 0);
}

// The longest name there may be: explore's minimised scenarios keep their run and invariant,
// stay inside --out, and load and reproduce.
TEST(OutputPaths, TheLongestNameWritesMinimisedScenariosInsideOutThatReproduce) {
  const std::string dir = temp_dir("long-name");
  const std::string name(128, 'n');
  std::ofstream(dir + "/space.yaml") << "name: " << name << "\n" << testing::read_file(kSpace).substr(testing::read_file(kSpace).find("duration:"));
  const auto r = run_command(kBin + " explore " + dir + "/space.yaml --runs 200 --out " + dir + "/out");
  ASSERT_EQ(r.status, 1) << r.output;
  const std::vector<std::string> files = listing(dir + "/out");
  ASSERT_GE(files.size(), 2u);
  EXPECT_EQ(listing(dir), (std::vector<std::string>{"out", "space.yaml"}));
  for (const std::string& f : files) {
    if (f == "summary.json") continue;
    EXPECT_EQ(f.size(), 128u + 5) << f;  // the name at its longest, and .yaml
    EXPECT_NE(f.find("-lease_safety-run"), std::string::npos) << f;
    const auto again = run_command(kBin + " run " + dir + "/out/" + f);
    EXPECT_EQ(again.status, 0) << again.output;
  }
}

// A file that cannot be written once the runs are done (here a directory stands where one
// minimised scenario goes): the summary and the other files are written, the summary printed
// (the violations found are not lost), the file named, exit status 4.
TEST(OutputPaths, AWriteErrorLateInExploreWritesTheRestPrintsTheSummaryAndExitsFour) {
  const std::string dir = temp_dir("late");
  const auto first = run_command(kBin + " explore " + kSpace + " --runs 200 --out " + dir + "/first");
  ASSERT_EQ(first.status, 1) << first.output;
  std::vector<std::string> found = listing(dir + "/first");
  found.erase(std::find(found.begin(), found.end(), "summary.json"));
  ASSERT_GE(found.size(), 2u);
  // The same exploration again, with a directory where its first minimised scenario goes.
  fs::create_directories(dir + "/again/" + found[0]);
  const auto r = run_command("(" + kBin + " explore " + kSpace + " --runs 200 --out " + dir + "/again 2>" + dir + "/err)");
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_NE(r.output.find("runs         200 of 200, "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("summary      " + dir + "/again/summary.json\n"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("-> " + dir + "/again/" + found[0]), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("-> " + dir + "/again/" + found[1]), std::string::npos) << r.output;
  EXPECT_EQ(testing::read_file(dir + "/err"), "leasesim explore: cannot write " + dir + "/again/" + found[0] +
                                                  ": Is a directory\nleasesim explore: 1 file could not be written; the "
                                                  "results above are complete (exit status 4)\n");
  EXPECT_EQ(listing(dir + "/again"), listing(dir + "/first"));  // no temporary file left
  EXPECT_EQ(testing::read_file(dir + "/again/" + found[1]), testing::read_file(dir + "/first/" + found[1]));
}

// A full disk, as a file size limit makes one (SIGXFSZ ignored, as the shell passes it on):
// the HTML report does not fit, the trace does; the result is printed, exit status 4.
TEST(OutputPaths, AFullDiskAfterARunPrintsTheResultWritesWhatFitsAndExitsFour) {
  const std::string dir = temp_dir("full");
  const auto r = run_command("(trap '' XFSZ; ulimit -f 16; " + kBin + " run " + kScenario + " --trace " + dir + "/t.jsonl --report " +
                             dir + "/r.html 2>" + dir + "/err)");
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_NE(r.output.find("verdict    lease_safety VIOLATED"), std::string::npos) << r.output;
  EXPECT_EQ(testing::read_file(dir + "/err"), "leasesim run: cannot write " + dir +
                                                  "/r.html: File too large\nleasesim run: 1 file could not be written; the "
                                                  "results above are complete (exit status 4)\n");
  EXPECT_EQ(listing(dir), (std::vector<std::string>{"err", "t.jsonl"}));
  EXPECT_GT(fs::file_size(dir + "/t.jsonl"), 1000u);
}

// A run whose trace streams for hours of wall time: killed once its trace has content.
std::string endless(const std::string& dir) {
  std::ofstream(dir + "/endless.yaml") << "duration: 87600h\nprotocol: {kind: zbs}\nfollowers: [f1, f2, f3, f4]\n";
  return dir + "/endless.yaml";
}

TEST(OutputPaths, ASigkillWhileRunWritesItsTraceLeavesNoFileBehind) {
  const std::string dir = temp_dir("kill-run");
  fs::create_directory(dir + "/trace");
  const auto r = testing::signal_when_ready({kBin, "run", endless(dir), "--trace", dir + "/trace/t.jsonl", "--max-wall", "5m"},
                                            dir + "/out", dir + "/err", SIGKILL, testing::writing_in(dir + "/trace"));
  ASSERT_TRUE(r.ready) << r.out << r.err;
  EXPECT_EQ(r.status, 128 + SIGKILL);
  EXPECT_EQ(listing(dir + "/trace"), std::vector<std::string>{});
}

TEST(OutputPaths, ASigkillWhileRunRewritesATraceLeavesTheOldOneAndNothingElse) {
  const std::string dir = temp_dir("kill-rerun");
  fs::create_directory(dir + "/trace");
  std::ofstream(dir + "/trace/t.jsonl") << "the old trace\n";
  const auto r = testing::signal_when_ready({kBin, "run", endless(dir), "--trace", dir + "/trace/t.jsonl", "--max-wall", "5m"},
                                            dir + "/out", dir + "/err", SIGKILL, testing::writing_in(dir + "/trace"));
  ASSERT_TRUE(r.ready) << r.out << r.err;
  EXPECT_EQ(listing(dir + "/trace"), std::vector<std::string>{"t.jsonl"});
  EXPECT_EQ(testing::read_file(dir + "/trace/t.jsonl"), "the old trace\n");
}

TEST(OutputPaths, ASigkillDuringCheckWithAReportLeavesNoFileBehind) {
  const std::string dir = temp_dir("kill-check");
  fs::create_directories(dir + "/suite");
  fs::create_directories(dir + "/report");
  fs::copy_file(kScenario, dir + "/suite/a.yaml");
  fs::copy_file(endless(dir), dir + "/suite/b.yaml");
  const std::string out = dir + "/out";
  // Killed once the first scenario's line is out (check prints a line as each one ends).
  const auto r = testing::signal_when_ready({kBin, "check", dir + "/suite", "--report", dir + "/report/r.html", "--max-wall", "5m"}, out,
                                            dir + "/err", SIGKILL,
                                            [&](pid_t, const std::string&) { return testing::read_file(out).find(" met ") != std::string::npos; });
  ASSERT_TRUE(r.ready) << r.out << r.err;
  EXPECT_EQ(r.status, 128 + SIGKILL);
  EXPECT_EQ(listing(dir + "/report"), std::vector<std::string>{});
}

}  // namespace
}  // namespace leasesim
