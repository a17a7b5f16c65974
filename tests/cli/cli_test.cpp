// The command line as users meet it: exit statuses, help, errors, reproduce lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/verbs.h"
#include "harness/fault_kind.h"
#include "harness/scenario_loader.h"
#include "leasesim/protocol.h"
#include "leasesim/version.h"
#include "sim/trace.h"
#include "tests/support/command.h"
#include "tests/support/files.h"
#include "tests/support/golden.h"

namespace leasesim {
namespace {

using testing::run_command;

const std::string kBin = LEASESIM_BINARY;

std::string temp_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "leasesim-cli-" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(Cli, RunExitsZeroWhenTheExpectationIsMetEvenForAViolation) {
  const auto r = run_command(kBin + " run scenarios/zbs/legacy-reply-delay-6s.yaml");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("[21.503s, 25.003s)  length 3.5s"), std::string::npos) << r.output;
}

TEST(Cli, RunJsonReportsTheWindow) {
  const auto r = run_command(kBin + " run scenarios/zbs/legacy-reply-delay-6s.yaml --json");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.output.find("\"start_ms\": 21503, \"end_ms\": 25003, \"length_ms\": 3500"), std::string::npos) << r.output;
}

TEST(Cli, VersionIsPrintedAndRecordedInJsonResultsAndExploreSummaries) {
  const std::string v(version());
  EXPECT_EQ(v, LEASESIM_VERSION);  // the project's VERSION, the package's version
  const auto r = run_command(kBin + " --version");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.output, "leasesim " + v + "\n");
  const std::string line = "\"leasesim_version\": \"" + v + "\"";
  EXPECT_NE(run_command(kBin + " run scenarios/zbs/legacy-reply-delay-6s.yaml --json").output.find(line), std::string::npos);
  const std::string dir = temp_dir("version");
  const auto e = run_command(kBin + " explore scenarios/explore/zbs-fixed-reply-delay.yaml --runs 2 --out " + dir);
  EXPECT_EQ(e.status, 0) << e.output;
  std::ifstream summary(dir + "/summary.json");
  std::stringstream text;
  text << summary.rdbuf();
  EXPECT_NE(text.str().find(line), std::string::npos) << text.str();
  const auto s = run_command(kBin + " sweep scenarios/sweep/zbs-legacy-reply-delay.yaml --vary 'faults[1].delay.extra' --from 0s --to 1s --resolution 1s --json");
  EXPECT_NE(s.output.find(line), std::string::npos) << s.output;
}

TEST(Cli, RunExitsOneAndPrintsTheReproduceCommandWhenAnExpectationFails) {
  const std::string dir = temp_dir("fail");
  write(dir + "/wrong.yaml",
        "duration: 30s\nprotocol: {kind: zbs}\nfollowers: [f]\n"
        "faults: [{at: 1s, restart: {node: master, for: 1s, sessions: forget}}]\n"
        "expect: {lease_safety: holds}\n");
  const auto r = run_command(kBin + " run " + dir + "/wrong.yaml --seed 5");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("FAIL  lease_safety: holds: the run violated it"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("reproduce  " + kBin + " run " + dir + "/wrong.yaml --seed 5"), std::string::npos) << r.output;
}

TEST(Cli, RunWithoutExpectExitsOneOnAViolation) {
  const std::string dir = temp_dir("noexpect");
  write(dir + "/v.yaml",
        "duration: 30s\nprotocol: {kind: zbs}\nfollowers: [f]\n"
        "faults: [{at: 1s, restart: {node: master, for: 1s, sessions: forget}}]\n");
  EXPECT_EQ(run_command(kBin + " run " + dir + "/v.yaml").status, 1);
}

// ZBS-13135's schedule with an `expect` that names only an event.
const char* kLegacyScheduleEventsOnly =
    "duration: 40s\nprotocol: {kind: zbs, follower_anchor: receive}\nfollowers: [follower-1]\n"
    "faults:\n"
    "  - {at: 1ms, drop: {from: follower-1, to: master, message: KeepAlive, count: 1}}\n"
    "  - {at: 5s, delay: {from: master, to: follower-1, message: KeepAliveReply, extra: 5.999s, count: 1}}\n"
    "  - {at: 10s, disconnect: {from: follower-1, to: master}}\n"
    "expect:\n  events: [{event: lease_expired, node: master, at: 21.503s}]\n";

TEST(Cli, AnEventsOnlyExpectDoesNotHideALeaseSafetyViolation) {
  const std::string dir = temp_dir("events-only");
  write(dir + "/s.yaml", kLegacyScheduleEventsOnly);
  const auto r = run_command(kBin + " run " + dir + "/s.yaml");
  EXPECT_EQ(r.status, 1) << r.output;
  const std::string tail =
      "expect     NOT MET\n"
      "  FAIL  lease_safety: holds (not declared violated): the run violated it: follower-1 [21.503s, 25.003s)\n"
      "  ok    lease_expired on master at 21.503s\n"
      "reproduce  " + kBin + " run " + dir + "/s.yaml --seed 1\n";
  ASSERT_GE(r.output.size(), tail.size()) << r.output;
  EXPECT_EQ(r.output.substr(r.output.size() - tail.size()), tail) << r.output;
  const auto suite = run_command(kBin + " check " + dir);
  EXPECT_EQ(suite.status, 1) << suite.output;
  EXPECT_NE(suite.output.find("    not met: lease_safety: holds (not declared violated): the run violated it: follower-1 [21.503s, "
                              "25.003s)\n"),
            std::string::npos)
      << suite.output;
}

// A lock holder paused past its session (gc-pause-lock), expecting only a clear liveness report.
TEST(Cli, ALivenessOnlyExpectDoesNotHideSessionAndLockSafetyViolations) {
  const std::string dir = temp_dir("liveness-only");
  write(dir + "/s.yaml",
        "duration: 20s\nprotocol: {kind: zookeeper, tick_time: 2s, session_timeout: 6s, lock: /lock}\n"
        "servers: [zk1]\nclients: [c1, c2]\nfaults: [{at: 5s, pause: {node: c1, for: 10s}}]\n"
        "expect: {session_liveness: clear}\n");
  const auto r = run_command(kBin + " run " + dir + "/s.yaml");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("expect     NOT MET\n  FAIL  session_safety: holds (not declared violated): the run violated it: c1 ["),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("\n  FAIL  lock_safety: holds (not declared violated): the run violated it: c1 ["), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("\n  ok    session_liveness: clear\n"), std::string::npos) << r.output;
  const auto json = run_command(kBin + " run " + dir + "/s.yaml --json");
  EXPECT_EQ(json.status, 1);
  EXPECT_NE(json.output.find("\"expectations_met\": false"), std::string::npos) << json.output;
}

TEST(Cli, BadInputExitsTwoWithFileLineColumn) {
  const std::string dir = temp_dir("bad");
  write(dir + "/bad.yaml", "duration: 40\nprotocol: {kind: zbs}\nfollowers: [f]\n");
  const auto r = run_command(kBin + " run " + dir + "/bad.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, dir + "/bad.yaml:1:11: duration: '40' has no unit; write it as 40s or 40ms (units: ns, us, ms, s, m, h)\n");
}

TEST(Cli, JudgeGivesTheRunsVerdictFromItsTraceAndRefusesABadLineAtItsPlace) {
  const std::string dir = temp_dir("judge");
  const std::string scenario = "scenarios/zbs/legacy-reply-delay-6s.yaml";
  ASSERT_EQ(run_command(kBin + " run " + scenario + " --trace " + dir + "/t.jsonl").status, 0);
  const auto r = run_command(kBin + " judge " + dir + "/t.jsonl --scenario " + scenario);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("judged     " + dir + "/t.jsonl, 40s of virtual time, 44 events, trace 6dd5ceac38b8efd6\n"
                          "verdict    lease_safety VIOLATED: 1 window\n"
                          "  follower-1  epoch 1  [21.503s, 25.003s)  length 3.5s\n"),
            std::string::npos)
      << r.output;

  write(dir + "/bad.jsonl", testing::read_file(dir + "/t.jsonl") + "{\"t_ms\": 1, \"node\": \"follower-1\", \"event\": \"node_started\"}\n");
  const auto bad = run_command(kBin + " judge " + dir + "/bad.jsonl --scenario " + scenario);
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.output, dir + "/bad.jsonl:45:10: node_started: t_ms 1 is before the previous event's 34503: a trace lists its "
                              "events in time order\n");

  const auto other = run_command(kBin + " judge " + dir + "/t.jsonl --scenario scenarios/zookeeper/gc-pause-lock.yaml");
  EXPECT_EQ(other.status, 2);
  EXPECT_EQ(other.output, dir + "/t.jsonl:1:21: node 'follower-1' is not one of the scenario's nodes\n");
}

TEST(Cli, CompareJitterFlagsTheKnifeEdgesAndPassesAStableScenario) {
  const auto lock = run_command(kBin + " compare --scenario scenarios/zookeeper/gc-pause-lock.yaml --jitter 5ms");
  EXPECT_EQ(lock.status, 4);
  EXPECT_EQ(lock.output.substr(0, lock.output.find('\n')),
            "pre-check  32 runs of zk-gc-pause-lock with one-way delays in [1ms, 6ms]: 14 of 32 (43%) moved a verdict, a window "
            "count or an expected event: NOT COMPARABLE at 5ms");
  EXPECT_NE(lock.output.find("  seed 3: lock_safety: the verdicts differ: violated (1 window) in the scenario, holds in seed 3\n"),
            std::string::npos);

  const auto buckets = run_command(kBin + " compare --scenario scenarios/zookeeper/expiry-buckets.yaml --jitter 5ms");
  EXPECT_EQ(buckets.status, 4);
  EXPECT_NE(buckets.output.find("24 of 32 (75%)"), std::string::npos) << buckets.output;
  EXPECT_NE(buckets.output.find("  seed 3: state on zk1 'session closing' (state about c2): at 8.000s in the scenario, 10.000s in "
                                "seed 3"),
            std::string::npos)
      << buckets.output;

  const auto stable = run_command(kBin + " compare --scenario scenarios/zbs/legacy-reply-delay-6s.yaml --jitter 5ms");
  EXPECT_EQ(stable.status, 0);
  EXPECT_EQ(stable.output, "pre-check  32 runs of zbs-legacy-reply-delay-6s with one-way delays in [1ms, 6ms]: no verdict, window "
                           "count or expected event moved: comparable\n");
}

TEST(Cli, CompareOfTwoRunsOfOneScenarioFindsThemTheSameInTextAndJson) {
  const std::string dir = temp_dir("compare");
  const std::string scenario = "scenarios/zbs/legacy-reply-delay-6s.yaml";
  ASSERT_EQ(run_command(kBin + " run " + scenario + " --trace " + dir + "/a.jsonl").status, 0);
  ASSERT_EQ(run_command(kBin + " run " + scenario + " --trace " + dir + "/b.jsonl").status, 0);
  const std::string both = kBin + " compare " + dir + "/a.jsonl " + dir + "/b.jsonl --scenario " + scenario;
  const auto text = run_command(both);
  EXPECT_EQ(text.status, 0);
  EXPECT_EQ(text.output, "compare    A " + dir + "/a.jsonl\n           B " + dir + "/b.jsonl\n"
                         "scenario   zbs-legacy-reply-delay-6s (scenarios/zbs/legacy-reply-delay-6s.yaml), tolerance 5ms\n"
                         "verdict    lease_safety: violated in both\n"
                         "windows    1 pair(s) compared\n"
                         "events     1 expected event pair(s) compared\n"
                         "result     the same within 5ms\n");
  const auto json = run_command(both + " --json --jitter 5ms --runs 4");
  EXPECT_EQ(json.status, 0);
  EXPECT_EQ(json.output, "{\"scenario\": \"zbs-legacy-reply-delay-6s\", \"a\": \"" + dir + "/a.jsonl\", \"b\": \"" + dir +
                             "/b.jsonl\", \"tolerance_ns\": 5000000, \"pre_check\": {\"jitter_ns\": 5000000, \"delay_lo_ns\": 1000000, "
                             "\"delay_hi_ns\": 6000000, \"runs\": 4, \"changed\": 0, \"comparable\": true, \"examples\": []}, "
                             "\"verdicts\": [\"lease_safety: violated in both\"], \"windows_compared\": 1, \"events_compared\": 1, "
                             "\"differences\": [], \"same\": true}\n");
}

TEST(Cli, UnknownOptionGetsADidYouMean) {
  const auto r = run_command(kBin + " run scenarios/zbs/legacy-reply-delay-6s.yaml --jsn");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "leasesim run: unknown option '--jsn' (did you mean '--json'?) (see leasesim run --help)\n");
}

TEST(Cli, UnknownVerbGetsADidYouMean) {
  const auto r = run_command(kBin + " chek scenarios");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "leasesim: unknown verb 'chek' (did you mean 'check'?); verbs: run, replay, judge, compare, live, check, explore, merge, sweep, help\n");
}

TEST(Cli, EveryVerbHasHelp) {
  for (const cli::Verb& v : cli::verbs()) {
    const std::string verb = v.name;
    const auto r = run_command(kBin + " " + verb + " --help");
    EXPECT_EQ(r.status, 0) << verb;
    EXPECT_NE(r.output.find("Usage: leasesim " + verb), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Exit status"), std::string::npos) << r.output;
    EXPECT_EQ(run_command(kBin + " help " + verb).output, r.output);
  }
  const auto top = run_command(kBin + " --help");
  EXPECT_EQ(top.status, 0);
  EXPECT_NE(top.output.find("leasesim check PATH..."), std::string::npos);
}

TEST(Cli, HelpScenarioSaysWhereTheFormatIsDocumentedAndSummarisesItOnAPage) {
  const auto r = run_command(kBin + " help scenario");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("docs/scenario-format.md in the leasesim\nrepository"), std::string::npos) << r.output;
  for (const std::string line : {"Top-level keys", "protocol: {kind: K, ...}", "network: ", "clocks: ", "faults: ",
                                 "expect: SAFETY_CHECKER: holds | violated", "windows: [{node, start, end",
                                 "events: [{event, node, name, at, count}", "explore: faults: ", "Example"}) {
    EXPECT_NE(r.output.find(line), std::string::npos) << line;
  }
  // The lists are the loader's and the trace's own: every name they accept is printed.
  std::vector<std::string> names = harness::scenario_keys();
  for (const Protocol* p : registry().all()) names.push_back(p->kind());
  names.insert(names.end(), harness::fault_kinds().begin(), harness::fault_kinds().end());
  for (const harness::FaultKind* k : harness::fault_table()) {
    for (const harness::FaultSetting& s : k->settings()) names.push_back(s.key);
  }
  for (int k = 0; k < sim::kEventKinds; ++k) names.emplace_back(sim::to_string(static_cast<sim::EventKind>(k)));
  for (const std::string& name : names) {
    const bool whole_word = r.output.find(" " + name + ",") != std::string::npos || r.output.find(" " + name + ".") != std::string::npos ||
                            r.output.find(" " + name + ";") != std::string::npos || r.output.find(" " + name + ":") != std::string::npos ||
                            r.output.find(" " + name + "\n") != std::string::npos;
    EXPECT_TRUE(whole_word) << name << " is not listed";
  }
  // One terminal page: 56 lines with seven protocols, one more for each protocol added since
  // (raft_lease), so that a longer page is a decision, not a drift.
  size_t lines = 0;
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line); ++lines) EXPECT_LE(line.size(), 100u) << line;
  EXPECT_LE(lines, 57u);
  // Its example is a scenario that runs and meets its expectations.
  const std::string dir = temp_dir("help-scenario");
  std::string example;
  for (size_t at = r.output.find("\n  ", r.output.find("\nExample")); at != std::string::npos; at = r.output.find("\n  ", at + 1)) {
    example += r.output.substr(at + 3, r.output.find('\n', at + 1) - at - 3) + "\n";
  }
  write(dir + "/example.yaml", example);
  const auto run = run_command(kBin + " run " + dir + "/example.yaml");
  EXPECT_EQ(run.status, 0) << example << run.output;
  EXPECT_NE(run.output.find("ok    windows: follower-1 [21.503s, 25.003s)"), std::string::npos) << run.output;
}

TEST(Cli, HelpFaultsListsEveryKindWithItsSettingsFromTheFaultTable) {
  const auto r = run_command(kBin + " help faults");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("docs/scenario-format.md"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\nevery fault\n  at *          instant, 0s <= at < duration or [lo, hi] -- when the fault starts\n"),
            std::string::npos)
      << r.output;
  for (const harness::FaultKind* k : harness::fault_table()) {
    const size_t at = r.output.find("\n" + k->key() + ": ");
    ASSERT_NE(at, std::string::npos) << k->key() << "\n" << r.output;
    EXPECT_EQ(r.output.find("\n  " + k->key() + ": ", at + 1), std::string::npos) << k->key() << ": once";
    const std::string block = r.output.substr(at, r.output.find("\n\n", at) - at);
    // Its settings in the table's order, each with its type, and a range where explore takes one.
    size_t pos = 0;
    for (const harness::FaultSetting& s : k->settings()) {
      pos = block.find("\n  " + s.key + (s.required ? " *" : "") + " ", pos);
      ASSERT_NE(pos, std::string::npos) << k->key() << "." << s.key << "\n" << block;
      const std::string line = block.substr(pos + 1, block.find('\n', pos + 1) - pos - 1);
      EXPECT_NE(line.find(s.type), std::string::npos) << line;
      EXPECT_EQ(line.find(" or [lo, hi]") != std::string::npos, s.range.has_value()) << line;
    }
    for (const Protocol* p : registry().all()) {
      if (k->keys(*p).size() == k->settings().size()) continue;
      for (const std::string& key : p->restart_keys()) {
        EXPECT_NE(block.find("  with protocol " + p->kind() + ", also: " + key), std::string::npos) << block;
      }
    }
  }
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line);) EXPECT_LE(line.size(), 100u) << line;
}

TEST(Cli, TheDocsFaultTablesAreTheFaultTablesOwn) {
  std::ifstream in(std::string(LEASESIM_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream docs;
  docs << in.rdbuf();
  const std::string text = docs.str();
  const std::string begin = "<!-- generated by: leasesim help faults --markdown -->\n";
  const size_t from = text.find(begin);
  ASSERT_NE(from, std::string::npos) << "docs/scenario-format.md has no fault tables";
  const size_t to = text.find("<!-- end of generated table -->", from);
  ASSERT_NE(to, std::string::npos);
  const auto md = run_command(kBin + " help faults --markdown");
  EXPECT_EQ(md.status, 0);
  EXPECT_EQ(text.substr(from + begin.size(), to - from - begin.size()), md.output)
      << "regenerate the tables in docs/scenario-format.md with: leasesim help faults --markdown";
  // Every kind has its row, and every setting of every kind is in the settings table.
  for (const harness::FaultKind* k : harness::fault_table()) {
    EXPECT_NE(md.output.find("\n| `" + k->key() + "` | "), std::string::npos) << k->key();
    for (const harness::FaultSetting& s : k->settings()) {
      EXPECT_NE(md.output.find("\n| `" + s.key + "` | "), std::string::npos) << k->key() << "." << s.key;
    }
  }
  const auto bad = run_command(kBin + " help faults --markdwn");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("did you mean '--markdown'"), std::string::npos) << bad.output;
}

TEST(Cli, HelpProtocolListsEveryProtocolAndPrintsOnesParametersFromItsFieldList) {
  const auto all = run_command(kBin + " help protocol");
  EXPECT_EQ(all.status, 0) << all.output;
  for (const Protocol* p : registry().all()) {
    EXPECT_NE(all.output.find("\n  " + p->kind() + "\n"), std::string::npos) << p->kind() << all.output;
    const auto one = run_command(kBin + " help protocol " + p->kind());
    EXPECT_EQ(one.status, 0) << one.output;
    EXPECT_EQ(one.output.rfind("protocol: {kind: " + p->kind() + ", ...}\n", 0), 0u) << one.output;
    for (const FieldDoc& d : p->param_docs()) {
      EXPECT_NE(one.output.find("\n  " + d.key + ": " + d.type + "; default " + d.default_text + "\n"), std::string::npos)
          << d.key << "\n" << one.output;
    }
    for (const std::string& key : p->restart_keys()) EXPECT_NE(one.output.find(key), std::string::npos) << key;
    for (const std::string& m : p->messages()) EXPECT_NE(one.output.find(m), std::string::npos) << m;
    std::istringstream in(one.output);
    for (std::string line; std::getline(in, line);) EXPECT_LE(line.size(), 100u) << line;
  }
  const auto typo = run_command(kBin + " help protocol zookeper");
  EXPECT_EQ(typo.status, 2);
  EXPECT_NE(typo.output.find("unknown protocol 'zookeper' (did you mean 'zookeeper'?)"), std::string::npos) << typo.output;
  EXPECT_EQ(run_command(kBin + " help protocol --markdown").status, 2);
  EXPECT_EQ(run_command(kBin + " help protocol zbs zookeeper").status, 2);
  EXPECT_EQ(run_command(kBin + " help protocol zbs --html").status, 2);
}

// The docs' parameter tables are the field lists' own, as `help protocol K --markdown` prints
// them: a parameter added, renamed or re-described in its field list shows here until the docs
// are regenerated.
TEST(Cli, TheDocsParameterTablesAreTheFieldListsOwn) {
  std::ifstream in(std::string(LEASESIM_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream docs;
  docs << in.rdbuf();
  const std::string text = docs.str();
  for (const Protocol* p : registry().all()) {
    const std::string begin = "<!-- generated by: leasesim help protocol " + p->kind() + " --markdown -->\n";
    const std::string end = "<!-- end of generated table -->";
    const size_t from = text.find(begin);
    ASSERT_NE(from, std::string::npos) << "docs/scenario-format.md has no table for " << p->kind();
    const size_t to = text.find(end, from);
    ASSERT_NE(to, std::string::npos);
    const auto md = run_command(kBin + " help protocol " + p->kind() + " --markdown");
    EXPECT_EQ(text.substr(from + begin.size(), to - from - begin.size()), md.output)
        << "regenerate the table in docs/scenario-format.md with: leasesim help protocol " << p->kind() << " --markdown";
  }
}

TEST(Cli, TraceOptionWritesOneLinePerEvent) {
  const std::string dir = temp_dir("trace");
  const auto r = run_command(kBin + " run scenarios/zbs/legacy-reply-delay-6s.yaml --trace " + dir + "/t.jsonl --json");
  EXPECT_EQ(r.status, 0);
  std::ifstream in(dir + "/t.jsonl");
  size_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  EXPECT_NE(r.output.find("\"events\": " + std::to_string(lines) + "\n"), std::string::npos) << r.output;
}

TEST(Cli, CheckRunsEveryScenarioAndSummarises) {
  const auto r = run_command(kBin + " check scenarios/zbs");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("zbs-legacy-reply-delay-6s"), std::string::npos);
  EXPECT_NE(r.output.find(" met, 0 failed, 0 bad input"), std::string::npos) << r.output;
}

TEST(Cli, CheckReportsFailuresAndBadInputAndExitsTwoForBadInput) {
  const std::string dir = temp_dir("suite");
  write(dir + "/a-fails.yaml",
        "duration: 30s\nprotocol: {kind: zbs}\nfollowers: [f]\n"
        "faults: [{at: 1s, restart: {node: master, for: 1s, sessions: forget}}]\nexpect: {lease_safety: holds}\n");
  write(dir + "/b-ok.yaml", "duration: 30s\nprotocol: {kind: zbs}\nfollowers: [f]\nexpect: {lease_safety: holds}\n");
  const auto failing = run_command(kBin + " check " + dir);
  EXPECT_EQ(failing.status, 1) << failing.output;
  EXPECT_NE(failing.output.find("reproduce: " + kBin + " run " + dir + "/a-fails.yaml --seed 1"), std::string::npos)
      << failing.output;
  EXPECT_NE(failing.output.find("2 scenarios: 1 met, 1 failed, 0 bad input"), std::string::npos) << failing.output;
  write(dir + "/c-bad.yaml", "duration: 30s\n");
  const auto bad = run_command(kBin + " check " + dir);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find(dir + "/c-bad.yaml:1:1: missing key 'protocol'"), std::string::npos) << bad.output;
}

// The JUnit a CI job reads, with the folder's location and wall times taken out.
std::string comparable_junit(std::string xml, const std::string& dir) {
  for (const auto& [from, to] : {std::pair{kBin, std::string("leasesim")}, std::pair{dir, std::string("DIR")}}) {
    for (size_t at = xml.find(from); at != std::string::npos; at = xml.find(from, at)) xml.replace(at, from.size(), to);
  }
  for (size_t at = xml.find(" time=\""); at != std::string::npos; at = xml.find(" time=\"", at + 1)) {
    const size_t end = xml.find('"', at + 7);
    xml.replace(at + 7, end - at - 7, "T");
  }
  return xml;
}

TEST(Cli, CheckListsAFileThatFailsToLoadInTheReportAndInJUnit) {
  const std::string dir = temp_dir("suite-reports");
  std::filesystem::create_directories(dir + "/zbs/more");
  write(dir + "/zbs/a-ok.yaml", "duration: 30s\nprotocol: {kind: zbs}\nfollowers: [f]\nexpect: {lease_safety: holds}\n");
  write(dir + "/zbs/more/typo.yaml", "duration: 40\nprotocol: {kind: zbs}\nfollowers: [f]\n");
  write(dir + "/zbs/z-long.yaml", "name: long\nduration: 1h\nprotocol: {kind: zbs}\nfollowers: [f]\n");
  const auto r = run_command(kBin + " check " + dir + " --max-events 100 --report " + dir + "/suite.html --junit " + dir + "/suite.xml");
  EXPECT_EQ(r.status, 3) << r.output;  // a limit stopped a run: that comes before the bad input
  EXPECT_NE(r.output.find("3 scenarios: 1 met, 0 failed, 1 bad input, 1 stopped or not run"), std::string::npos) << r.output;
  testing::expect_golden("check-folder.junit.xml", comparable_junit(testing::read_file(dir + "/suite.xml"), dir));
  const std::string page = testing::read_file(dir + "/suite.html");
  EXPECT_NE(page.find("<div class=\"meta\">3 scenarios: 1 met, 0 failed, 1 bad input, 1 stopped or not run</div>"), std::string::npos);
  EXPECT_NE(page.find("<tr><td><code>" + dir + "/zbs/more/typo.yaml</code></td><td class=\"bad\">BAD INPUT</td><td><code>" + dir +
                      "/zbs/more/typo.yaml:1:11: duration: &apos;40&apos; has no unit; write it as 40s or 40ms (units: ns, us, ms, "
                      "s, m, h)</code></td></tr>"),
            std::string::npos)
      << page;
}

TEST(Cli, CheckRefusesTwoScenariosWithTheSameName) {
  const std::string dir = temp_dir("same-name");
  write(dir + "/a.yaml", "name: twin\nduration: 30s\nprotocol: {kind: zbs}\nfollowers: [f]\n");
  write(dir + "/b.yaml", "name: twin\nduration: 30s\nprotocol: {kind: zbs}\nfollowers: [f]\n");
  write(dir + "/c.yaml", "name: other\nduration: 30s\nprotocol: {kind: zbs}\nfollowers: [f]\n");
  const auto r = run_command(kBin + " check " + dir + " --junit " + dir + "/suite.xml");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "leasesim check: " + dir + "/a.yaml and " + dir +
                          "/b.yaml are both named 'twin'; give each scenario of a suite its own `name`\n");
  EXPECT_FALSE(std::filesystem::exists(dir + "/suite.xml"));
}

TEST(Cli, ReplayPrintsEveryEventAndMarksTheWindow) {
  const auto r = run_command(kBin + " replay scenarios/zbs/legacy-reply-delay-6s.yaml");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("!        21.503000000  follower-1  violation_start     >>> lease_safety window opens"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("verdict    lease_safety VIOLATED: 1 window"), std::string::npos);
}

TEST(Cli, RunChecksDeterminismOnRequest) {
  const auto r = run_command(kBin + " run scenarios/zookeeper/leader-change-resets-deadlines.yaml --check-determinism");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("determinism  two more runs gave the same trace"), std::string::npos) << r.output;
}

TEST(Cli, ExploreFindsShrinksAndWritesAndShardsMergeToTheSameTotals) {
  const std::string dir = temp_dir("explore");
  const std::string file = "scenarios/explore/zbs-legacy-reply-delay.yaml";
  const auto whole = run_command(kBin + " explore " + file + " --runs 400 --out " + dir + "/whole");
  EXPECT_EQ(whole.status, 1) << whole.output;  // violations found
  EXPECT_NE(whole.output.find("runs         400 of 400, "), std::string::npos) << whole.output;
  for (int i = 0; i < 2; ++i) {
    const auto shard = run_command(kBin + " explore " + file + " --runs 400 --jobs 2 --shard " + std::to_string(i) + "/2 --out " + dir + "/s");
    EXPECT_EQ(shard.status, 1) << shard.output;
  }
  const auto merged = run_command(kBin + " merge " + dir + "/s/summary-shard-0-of-2.json " + dir + "/s/summary-shard-1-of-2.json");
  EXPECT_EQ(merged.status, 1) << merged.output;
  const auto line = [](const std::string& out, const std::string& head) {
    const size_t at = out.find(head);
    return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
  };
  EXPECT_EQ(line(merged.output, "runs "), line(whole.output, "runs "));
  EXPECT_EQ(line(merged.output, "violated "), line(whole.output, "violated "));
  EXPECT_FALSE(line(whole.output, "violated ").empty());
}

TEST(Cli, ExploreRefusesAScenarioWithoutASpaceAndABadShard) {
  const auto none = run_command(kBin + " explore scenarios/zbs/legacy-reply-delay-6s.yaml");
  EXPECT_EQ(none.status, 2);
  EXPECT_EQ(none.output, "scenarios/zbs/legacy-reply-delay-6s.yaml: the scenario has no `explore:` section to draw runs from (see README, \"Exploring\")\n");
  const auto shard = run_command(kBin + " explore scenarios/explore/zbs-legacy-reply-delay.yaml --shard 2/2");
  EXPECT_EQ(shard.status, 2);
  EXPECT_EQ(shard.output,
            "leasesim explore: --shard: '2/2' is not a shard (I/N, whole numbers with 0 <= I < N <= 100000, the most shards leasesim merge adds up) (see leasesim explore --help)\n");
}

TEST(Cli, MergeRefusesSummariesOfDifferentExplorations) {
  const std::string dir = temp_dir("merge");
  run_command(kBin + " explore scenarios/explore/zbs-legacy-reply-delay.yaml --runs 10 --shard 0/2 --out " + dir + "/a");
  run_command(kBin + " explore scenarios/explore/zbs-legacy-reply-delay.yaml --runs 20 --shard 1/2 --out " + dir + "/b");
  const auto r = run_command(kBin + " merge " + dir + "/a/summary-shard-0-of-2.json " + dir + "/b/summary-shard-1-of-2.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("leasesim merge: summaries of different explorations"), std::string::npos) << r.output;
}

TEST(Cli, CheckOfAMissingPathExitsTwo) {
  const auto r = run_command(kBin + " check /nonexistent");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "leasesim check: /nonexistent: no such file or directory\n");
}


TEST(Cli, ReportOptionsWriteTheirFilesAndNothingBeside) {
  const std::string dir = temp_dir("reports");
  const auto r = run_command(kBin + " run scenarios/zbs/legacy-reply-delay-6s.yaml --report " + dir + "/r.html --perfetto " + dir +
                             "/p.json --trace " + dir + "/t.jsonl");
  EXPECT_EQ(r.status, 0) << r.output;
  const auto c = run_command(kBin + " check scenarios/zbs --report " + dir + "/suite.html --junit " + dir + "/suite.xml");
  EXPECT_EQ(c.status, 0) << c.output;
  EXPECT_NE(c.output.find("report: " + dir + "/suite.html\njunit: " + dir + "/suite.xml\n"), std::string::npos) << c.output;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  // No temporary file is left behind.
  EXPECT_EQ(names, (std::vector<std::string>{"p.json", "r.html", "suite.html", "suite.xml", "t.jsonl"}));
  EXPECT_GT(std::filesystem::file_size(dir + "/t.jsonl"), 1000u);
}

TEST(Cli, AnUnwritableReportExitsTwoAndKeepsNoPartialFile) {
  const auto r = run_command(kBin + " run scenarios/zbs/legacy-reply-delay-6s.yaml --report /proc/leasesim.html");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("leasesim run: cannot write /proc/leasesim.html: "), std::string::npos) << r.output;
}

TEST(Cli, SweepPrintsTheLegacyBoundaryExactly) {
  const auto r = run_command(kBin + " sweep scenarios/sweep/zbs-legacy-reply-delay.yaml --vary 'faults[1].delay.extra' --from 0s --to 9s");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("boundary   lease_safety holds up to faults[1].delay.extra = 2.5s and is violated from 2.500000001s (window 1ns)\n"),
            std::string::npos)
      << r.output;
}

TEST(Cli, SweepTakesNegativeValuesAndWritesCsvAndSvg) {
  const std::string dir = temp_dir("sweep");
  const auto r = run_command(kBin + " sweep scenarios/zbs/drift-slow-follower-guarded.yaml --vary clocks.follower-1.drift_ppm --from 0 --to -2000 --csv " +
                             dir + "/d.csv --svg " + dir + "/d.svg");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("holds up to clocks.follower-1.drift_ppm = -1083 and is violated from -1084"), std::string::npos) << r.output;
  EXPECT_TRUE(std::filesystem::exists(dir + "/d.csv"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/d.svg"));
}

TEST(Cli, SweepUsageErrorsExitTwo) {
  const std::string f = " sweep scenarios/sweep/zbs-legacy-reply-delay.yaml";
  const auto missing = run_command(kBin + f + " --vary protocol.lease --from 1s");
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.output, "leasesim sweep: each --vary needs its own --from and --to (got 1 --vary, 1 --from, 0 --to)\n");
  const auto three = run_command(kBin + f + " --vary a --from 1 --to 2 --vary b --from 1 --to 2 --vary c --from 1 --to 2");
  EXPECT_EQ(three.status, 2);
  EXPECT_EQ(three.output, "leasesim sweep: give one or two --vary KEY, each with --from and --to\n");
  const auto typo = run_command(kBin + f + " --vary protocol.lease --from 1s --to 2s --step 3");
  EXPECT_EQ(typo.status, 2);
  EXPECT_NE(typo.output.find("--steps"), std::string::npos) << typo.output;
}

}  // namespace
}  // namespace leasesim
