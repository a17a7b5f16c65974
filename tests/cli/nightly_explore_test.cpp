// `explore` as a nightly job: a baseline of known violations (exit 0 while only they appear,
// 1 with the minimised scenario of a new one), --for, --swarm and `explore: {}`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/command.h"

namespace leasesim {
namespace {

using testing::run_command;

const std::string kBin = LEASESIM_BINARY;
const std::string kSpace = "scenarios/explore/zookeeper-sessions.yaml";
const std::string kBaseline = "scenarios/explore/zookeeper-sessions.baseline";
const std::string kNightly = " --runs 300 --seed 1";  // the README's nightly command, made short

std::string temp_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "leasesim-nightly-" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read(const std::string& path) {
  std::stringstream s;
  s << std::ifstream(path).rdbuf();
  return s.str();
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// The line of `out` starting with `head`, or "".
std::string line(const std::string& out, const std::string& head) {
  const size_t at = out.find(head);
  return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
}

TEST(NightlyExplore, TheShippedBaselineKnowsEveryViolationSoTheNightlyCommandExitsZero) {
  const std::string dir = temp_dir("known");
  const auto r = run_command(kBin + " explore " + kSpace + kNightly + " --baseline " + kBaseline + " --out " + dir);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(" new distinct violations"), std::string::npos) << r.output;
  EXPECT_EQ(line(r.output, "baseline "), "baseline     " + kBaseline + ": 5 known, 0 new distinct violations");
  EXPECT_EQ(r.output.find("  NEW"), std::string::npos) << r.output;
}

TEST(NightlyExplore, ABaselineWithOneSignatureRemovedFailsOnItAndWritesItsMinimisedScenario) {
  const std::string dir = temp_dir("new");
  std::string text = read(kBaseline);
  const std::string removed = "lock_safety: delay + pause\n";
  ASSERT_NE(text.find(removed), std::string::npos) << text;
  text.erase(text.find(removed), removed.size());
  write(dir + "/baseline", text);
  const auto r = run_command(kBin + " explore " + kSpace + kNightly + " --baseline " + dir + "/baseline --out " + dir + "/found");
  EXPECT_EQ(r.status, 1) << r.output;
  const std::string fresh = line(r.output, "distinct     " + removed.substr(0, removed.size() - 1));
  ASSERT_NE(fresh.find("  NEW"), std::string::npos) << r.output;
  const size_t arrow = r.output.find("-> ", r.output.find(fresh));
  const std::string file = r.output.substr(arrow + 3, r.output.find('\n', arrow) - arrow - 3);
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  const auto rerun = run_command(kBin + " run " + file);
  EXPECT_EQ(rerun.status, 0) << rerun.output;  // its expect is the violation
  EXPECT_NE(rerun.output.find("VIOLATED"), std::string::npos) << rerun.output;
}

TEST(NightlyExplore, WriteBaselineWritesTheSortedSignaturesThatTheShippedFileHolds) {
  const std::string dir = temp_dir("write");
  const auto r = run_command(kBin + " explore " + kSpace + kNightly + " --write-baseline " + dir + "/b --out " + dir);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_EQ(read(dir + "/b"), read(kBaseline));
}

TEST(NightlyExplore, ShardsMergeWithTheSameBaseline) {
  const std::string dir = temp_dir("shards");
  for (int i = 0; i < 2; ++i) {
    const auto s = run_command(kBin + " explore " + kSpace + kNightly + " --shard " + std::to_string(i) + "/2 --baseline " + kBaseline +
                               " --out " + dir);
    EXPECT_EQ(s.status, 0) << s.output;
  }
  const std::string shards = " " + dir + "/summary-shard-0-of-2.json " + dir + "/summary-shard-1-of-2.json";
  const auto known = run_command(kBin + " merge" + shards + " --baseline " + kBaseline);
  EXPECT_EQ(known.status, 0) << known.output;
  EXPECT_EQ(line(known.output, "baseline "), "baseline     " + kBaseline + ": 5 known, 0 new distinct violations");
  write(dir + "/empty", "# nothing accepted\n");
  const auto none = run_command(kBin + " merge" + shards + " --baseline " + dir + "/empty");
  EXPECT_EQ(none.status, 1) << none.output;
  EXPECT_EQ(run_command(kBin + " merge" + shards).status, 1);
}

TEST(NightlyExplore, AMalformedBaselineIsRefusedWithFileLineAndColumn) {
  const std::string dir = temp_dir("malformed");
  const std::string file = dir + "/b";
  const auto refused = [&](const std::string& text) {
    write(file, text);
    const auto r = run_command(kBin + " explore " + kSpace + " --runs 1 --baseline " + file + " --out " + dir);
    EXPECT_EQ(r.status, 2) << r.output;
    return r.output;
  };
  EXPECT_EQ(refused("# c\nsession_safety pause\n"), file + ":2:15: expected ': ' after the invariant name\n");
  EXPECT_EQ(refused("Lease: drop\n"), file + ":1:1: expected an invariant name (lowercase letters, digits, '_'), as in 'lease_safety: delay + drop'\n");
  EXPECT_EQ(refused("x: pause + drop\n"), file + ":1:12: kinds of fault are listed once each, sorted: 'drop' after 'pause'\n");
  EXPECT_EQ(refused("x: drop, pause\n"), file + ":1:8: expected ' + ' between kinds of fault, or the end of the line\n");
  EXPECT_EQ(refused("x: no fault\n\nx: no fault\n"), file + ":3:1: 'x: no fault' is given twice\n");
  const auto merge = run_command(kBin + " merge " + dir + "/none.json --baseline " + file);
  EXPECT_EQ(merge.status, 2) << merge.output;
  EXPECT_EQ(merge.output, file + ":3:1: 'x: no fault' is given twice\n");
}

TEST(NightlyExplore, ForRunsUntilTheTimeIsUpAndSaysWhichRunsReproduceIt) {
  const std::string dir = temp_dir("for");
  const auto r = run_command(kBin + " explore scenarios/explore/zbs-fixed-reply-delay.yaml --for 1ms --out " + dir);
  EXPECT_EQ(r.status, 0) << r.output;  // nothing violates in this space: 0, not the stopped status 3
  const std::string runs = line(r.output, "runs ");
  ASSERT_FALSE(runs.empty()) << r.output;
  const std::string n = runs.substr(13, runs.find(' ', 13) - 13);
  EXPECT_EQ(runs, "runs         " + n + " of " + n + ", 0 violating");
  EXPECT_EQ(line(r.output, "reproduce "), "reproduce    --for did " + n + " runs, as many as this machine had time for: `--runs " + n +
                                              " --seed 1` reproduces them exactly");
  const auto both = run_command(kBin + " explore " + kSpace + " --for 1s --runs 5");
  EXPECT_EQ(both.status, 2);
  EXPECT_EQ(both.output, "leasesim explore: give --runs N or --for DURATION, not both\n");
  const auto sharded = run_command(kBin + " explore " + kSpace + " --for 1s --shard 0/2");
  EXPECT_EQ(sharded.status, 2);
}

TEST(NightlyExplore, SwarmRunsAreTheSameWhateverTheJobsAndShards) {
  const std::string dir = temp_dir("swarm");
  const auto whole = run_command(kBin + " explore " + kSpace + " --runs 200 --swarm --out " + dir + "/w");
  const auto jobs = run_command(kBin + " explore " + kSpace + " --runs 200 --swarm --jobs 2 --out " + dir + "/j");
  EXPECT_EQ(whole.status, 1) << whole.output;
  for (int i = 0; i < 2; ++i) {
    run_command(kBin + " explore " + kSpace + " --runs 200 --swarm --shard " + std::to_string(i) + "/2 --out " + dir + "/s");
  }
  const auto merged = run_command(kBin + " merge " + dir + "/s/summary-shard-0-of-2.json " + dir + "/s/summary-shard-1-of-2.json");
  for (const char* head : {"runs ", "violated ", "distinct "}) {
    EXPECT_EQ(line(jobs.output, head), line(whole.output, head));
    EXPECT_EQ(line(merged.output, head), line(whole.output, head));
  }
  EXPECT_EQ(line(whole.output, "swarm "), "swarm        each run enabled a random half of the fault templates (--swarm)");
  EXPECT_EQ(line(merged.output, "swarm "), line(whole.output, "swarm "));  // the shards say so, and merge reads it
  const auto plain = run_command(kBin + " explore " + kSpace + " --runs 200 --out " + dir + "/p");
  EXPECT_NE(line(plain.output, "runs "), line(whole.output, "runs "));  // other runs
}

// Every summary says whether it ran with --swarm; merge refuses to add up swarm and plain
// shards, naming both files, and keeps reading summaries written before the field (as plain).
TEST(NightlyExplore, MergeRefusesSwarmShardsBesidePlainOnes) {
  const std::string dir = temp_dir("swarm-mixed");
  for (const std::string swarm : {"", " --swarm"}) {
    for (int i = 0; i < 2; ++i) {
      run_command(kBin + " explore " + kSpace + " --runs 20 --shard " + std::to_string(i) + "/2" + swarm + " --out " + dir +
                  (swarm.empty() ? "/plain" : "/swarm"));
    }
  }
  const std::string swarm0 = dir + "/swarm/summary-shard-0-of-2.json";
  const std::string plain1 = dir + "/plain/summary-shard-1-of-2.json";
  EXPECT_NE(read(swarm0).find("\n  \"swarm\": true,\n"), std::string::npos) << read(swarm0);
  EXPECT_NE(read(plain1).find("\n  \"swarm\": false,\n"), std::string::npos) << read(plain1);
  const auto mixed = run_command(kBin + " merge " + swarm0 + " " + plain1);
  EXPECT_EQ(mixed.status, 2) << mixed.output;
  EXPECT_EQ(mixed.output, plain1 + ": was run without --swarm, but " + swarm0 +
                              " was run with --swarm: the runs of the one are not those of the other; merge shards all run with "
                              "--swarm, or all without\n");
  const auto swarm = run_command(kBin + " merge " + swarm0 + " " + dir + "/swarm/summary-shard-1-of-2.json --json");
  EXPECT_NE(swarm.output.find("\n  \"swarm\": true,\n"), std::string::npos) << swarm.output;
  // Without the field (an older leasesim): a plain shard, which merges with plain ones.
  std::string old = read(dir + "/plain/summary-shard-0-of-2.json");
  old.erase(old.find("  \"swarm\": false,\n"), std::string("  \"swarm\": false,\n").size());
  write(dir + "/old-0.json", old);
  EXPECT_EQ(run_command(kBin + " merge " + dir + "/old-0.json " + plain1).status, 1);
  const auto old_mixed = run_command(kBin + " merge " + dir + "/old-0.json " + dir + "/swarm/summary-shard-1-of-2.json");
  EXPECT_EQ(old_mixed.status, 2) << old_mixed.output;
}

// A shard cut short makes the merge one that was cut short: exit 3, as explore's own, even when
// the baseline knows every violation found, so that a nightly job never passes on runs that
// were not made.
TEST(NightlyExplore, MergeOfAShardThatWasCutShortExitsThreeEvenWithEveryViolationKnown) {
  const std::string dir = temp_dir("stopped-shard");
  for (int i = 0; i < 2; ++i) {
    const auto shard = run_command(kBin + " explore " + kSpace + " --runs 40 --seed 1 --shard " + std::to_string(i) + "/2 --out " + dir);
    ASSERT_EQ(shard.status, 1) << shard.output;
  }
  const std::string shard0 = dir + "/summary-shard-0-of-2.json";
  const std::string shard1 = dir + "/summary-shard-1-of-2.json";
  const auto whole = run_command(kBin + " merge " + shard0 + " " + shard1 + " --baseline " + kBaseline);
  EXPECT_EQ(whole.status, 0) << whole.output;
  EXPECT_NE(line(whole.output, "baseline ").find(" known, 0 new distinct violations"), std::string::npos) << whole.output;
  std::string text = read(shard1);
  const std::string complete = "\n  \"stopped\": null,\n";
  ASSERT_NE(text.find(complete), std::string::npos) << text;
  text.replace(text.find(complete), complete.size(), "\n  \"stopped\": \"max_wall\",\n");
  write(shard1, text);
  const auto cut = run_command(kBin + " merge " + shard0 + " " + shard1 + " --baseline " + kBaseline);
  EXPECT_EQ(cut.status, 3) << cut.output;
  EXPECT_EQ(line(cut.output, "baseline "), line(whole.output, "baseline "));
  EXPECT_NE(line(cut.output, "STOPPED "), "") << cut.output;
}

}  // namespace
}  // namespace leasesim
