// Every hostile input (tests/hostile/) gets its exact message on stderr, nothing on stdout,
// and exit status 2: no crash, no hang, no partial run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/command.h"
#include "tests/support/files.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;
using testing::run_command;

const std::string kBin = LEASESIM_BINARY;

using Outcome = testing::SplitResult;

Outcome run_file(const std::string& file) { return testing::run_command_split(kBin + " run '" + file + "'", ::testing::TempDir()); }

std::vector<std::string> hostile_files() { return testing::stems_in("tests/hostile", ".yaml"); }

class Hostile : public ::testing::TestWithParam<std::string> {};

TEST_P(Hostile, GetsItsExactMessageAndExitStatusTwo) {
  const std::string base = "tests/hostile/" + GetParam();
  const Outcome o = run_file(base + ".yaml");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, testing::read_file(base + ".expected"));
}

INSTANTIATE_TEST_SUITE_P(Corpus, Hostile, ::testing::ValuesIn(hostile_files()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(HostileCorpus, HasEveryKindTheIssueNames) {
  // Guards against the corpus shrinking unnoticed: the directory listing drives the cases.
  EXPECT_GE(hostile_files().size(), 30u);
}

// Inputs too big to keep in the repository are written here, each once.
std::string generated(const std::string& name, const std::string& head, const std::string& item, size_t n) {
  const std::string path = ::testing::TempDir() + "leasesim-hostile-" + name + ".yaml";
  std::ofstream out(path);
  out << head;
  for (size_t i = 0; i < n; ++i) {
    std::string line = item;
    for (size_t at; (at = line.find("{i}")) != std::string::npos;) line.replace(at, 3, std::to_string(i));
    out << line;
  }
  return path;
}

TEST(Boundary, AFaultAtTheRunsLastInstantRunsAndOneAtItsEndIsRefused) {
  // The run is [0, duration): its last instant is duration - 1ns.
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/last-instant.yaml") << "duration: 10s\nprotocol: {kind: zbs}\nfollowers: [f1]\n"
                                               "faults:\n  - {at: 9.999999999s, pause: {node: f1, for: 1s}}\n";
  const auto r = run_command(kBin + " run " + dir + "/last-instant.yaml --trace " + dir + "/last-instant.jsonl");
  EXPECT_EQ(r.status, 0) << r.output;
  const std::string trace = testing::read_file(dir + "/last-instant.jsonl");
  EXPECT_NE(trace.find("{\"t_ms\": 9999.999999, \"node\": \"f1\", \"event\": \"fault_start\", \"fault\": \"pause f1 for 1s\", \"index\": 0, \"class\": \"pause\"}\n"),
            std::string::npos)
      << trace;
  EXPECT_EQ(testing::read_file("tests/hostile/fault-at-run-end.expected"),
            "tests/hostile/fault-at-run-end.yaml:5:10: faults[0].at: 10s is outside the run, which lasts 10s (instants 0s up "
            "to, not including, 10s)\n");
}

void expect_refused(const std::string& file, const std::string& message) {
  const Outcome o = run_file(file);
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, file + ":" + message + "\n");
}

TEST(HostileGenerated, AMillionFollowersAreRefusedAtTheList) {
  expect_refused(generated("followers", "duration: 10s\nprotocol: {kind: zbs}\nfollowers:\n", "  - f{i}\n", 1'000'000),
                 "4:3: followers: 1000000 followers and 1 other node; a scenario may have at most 100000 nodes");
}

// A protocol's fixed node (zbs's master) is a node too: 100,000 followers make 100,001 nodes
// (they used to pass the cap).
TEST(HostileGenerated, TheMasterCountsAgainstTheNodeCap) {
  expect_refused(generated("followers-at-cap", "duration: 10s\nprotocol: {kind: zbs}\nfollowers:\n", "  - f{i}\n", 100'000),
                 "4:3: followers: 100000 followers and 1 other node; a scenario may have at most 100000 nodes");
}

TEST(HostileGenerated, AtTheNodeCapAScenarioLoadsAndRuns) {
  const std::string f = generated("followers-cap", "duration: 1s\nprotocol: {kind: zbs}\nfollowers:\n", "  - f{i}\n", 99'999);
  const auto r = run_command(kBin + " run '" + f + "' --json");
  EXPECT_EQ(r.status, 0) << r.output.substr(0, 500);
  EXPECT_NE(r.output.find("\"verdict\": \"holds\""), std::string::npos) << r.output.substr(0, 500);
}

TEST(HostileGenerated, ServersAndClientsCountTogether) {
  expect_refused(generated("clients", "duration: 10s\nprotocol: {kind: zookeeper}\nservers: [s1, s2, s3]\nclients:\n", "  - c{i}\n", 99'998),
                 "5:3: clients: 99998 clients and 3 other nodes; a scenario may have at most 100000 nodes");
}

TEST(HostileGenerated, AHundredThousandFaultsAreRefusedAtTheList) {
  expect_refused(generated("faults", "duration: 1000s\nprotocol: {kind: zbs}\nfollowers: [f1]\nfaults:\n",
                           "  - {at: {i}ms, drop: {from: master, count: 1}}\n", 100'000),
                 "5:3: faults: 100000 faults; a scenario may have at most 10000");
}

TEST(HostileGenerated, TenThousandFaultsStillRun) {
  // The limit is not a hint: at the cap a scenario loads and runs, each fault in the trace.
  const std::string f = generated("faults-at-cap", "duration: 1000s\nprotocol: {kind: zbs}\nfollowers: [f1]\nfaults:\n",
                                  "  - {at: {i}ms, delay: {to: f1, extra: {i}ns, count: 1}}\n", 10'000);
  const auto r = run_command(kBin + " run '" + f + "' --json");
  EXPECT_EQ(r.status, 0) << r.output.substr(0, 500);
  EXPECT_NE(r.output.find("\"verdict\": \"holds\""), std::string::npos) << r.output.substr(0, 500);
}

TEST(HostileGenerated, ExploreTemplatesMayNotAddMoreThanTheFaultCap) {
  expect_refused(generated("templates", "duration: 100s\nprotocol: {kind: zbs}\nfollowers: [f1]\nexplore:\n  faults:\n",
                           "    - {at: [0s, 1s], max: 1000, drop: {from: master, count: 1}}\n", 11),
                 "6:5: explore.faults: the templates' `max` add up to 11000 faults in one run; at most 10000");
}

}  // namespace
}  // namespace leasesim
