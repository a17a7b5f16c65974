// Exploration: runs depend on (scenario, seed, index) alone, so job counts and shards change
// nothing but the wall time; what it writes reproduces.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/explore.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "harness/scenario_writer.h"

namespace leasesim::harness {
namespace {

Scenario legacy_space() { return load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/explore/zbs-legacy-reply-delay.yaml"); }

// Everything but the wall time, which is the only thing allowed to differ.
std::string comparable(reports::ExploreSummary s) {
  s.wall_seconds = 0;
  for (auto& d : s.distinct) d.file.clear();
  s.shard_index = 0;
  s.shard_count = 1;
  return reports::render_json(s);
}

TEST(Explore, DrawsTheSameRunForTheSameSeedAndIndex) {
  const Scenario base = legacy_space();
  EXPECT_EQ(to_yaml(generate_run(base, 7, 42)), to_yaml(generate_run(base, 7, 42)));
  EXPECT_NE(to_yaml(generate_run(base, 7, 42)), to_yaml(generate_run(base, 7, 43)));
  EXPECT_NE(to_yaml(generate_run(base, 8, 42)), to_yaml(generate_run(base, 7, 42)));
}

TEST(Explore, DrawsWithinTheRangesInWholeMilliseconds) {
  const Scenario base = legacy_space();
  for (uint64_t i = 0; i < 200; ++i) {
    const Scenario s = generate_run(base, 1, i);
    EXPECT_LE(s.faults.size(), 5u);
    for (const Fault& f : s.faults) {
      EXPECT_EQ(f.at.ns % 1'000'000, 0);
      EXPECT_LE(f.at, Instant{59'000'000'000});
      if (const auto* d = std::get_if<DelayFault>(&f.action)) {
        EXPECT_GE(d->extra, Duration{});
        EXPECT_LE(d->extra, Duration::seconds(9));
      }
    }
  }
}

TEST(Explore, TheJobCountChangesNothingButTheWallTime) {
  const Scenario base = legacy_space();
  ExploreOptions one;
  one.runs = 600;
  ExploreOptions two = one;
  two.jobs = 2;
  EXPECT_EQ(comparable(explore(base, one)), comparable(explore(base, two)));
}

TEST(Explore, MergedShardsGiveTheUnshardedTotals) {
  const Scenario base = legacy_space();
  ExploreOptions all;
  all.runs = 1000;
  const reports::ExploreSummary whole = explore(base, all);
  ASSERT_GT(whole.runs_violating, 0u);
  std::vector<reports::ExploreSummary> shards;
  for (uint64_t i = 0; i < 3; ++i) {
    ExploreOptions o = all;
    o.shard_index = i;
    o.shard_count = 3;
    shards.push_back(reports::parse_summary_json(reports::render_json(explore(base, o))));
  }
  const reports::ExploreSummary merged = reports::merge(shards);
  EXPECT_EQ(merged.runs_done, whole.runs_done);
  EXPECT_EQ(merged.runs_violating, whole.runs_violating);
  EXPECT_EQ(merged.violations, whole.violations);
  EXPECT_EQ(merged.first_violating_run, whole.first_violating_run);
  EXPECT_THROW(reports::merge({shards[0], shards[1]}), std::runtime_error);  // a shard missing
  EXPECT_THROW(reports::merge({shards[0], shards[0], shards[2]}), std::runtime_error);  // one twice
}

TEST(Explore, UntilFirstStopsAtTheFirstViolatingRun) {
  const Scenario base = legacy_space();
  ExploreOptions o;
  o.runs = 1000;
  o.until_first = true;
  o.jobs = 2;
  const reports::ExploreSummary s = explore(base, o);
  ASSERT_TRUE(s.first_violating_run.has_value());
  EXPECT_EQ(s.runs_done, *s.first_violating_run + 1);
  EXPECT_EQ(s.runs_violating, 1u);
}

TEST(Explore, WritesMinimisedScenariosThatReproduce) {
  const std::string dir = ::testing::TempDir() + "leasesim-explore-test";
  std::filesystem::remove_all(dir);
  const Scenario base = legacy_space();
  ExploreOptions o;
  o.runs = 300;
  o.out_dir = dir;
  const reports::ExploreSummary s = explore(base, o);
  ASSERT_FALSE(s.distinct.empty()) << "the legacy space violates within its first few hundred runs";
  for (const auto& d : s.distinct) {
    const Scenario found = load_scenario_file(d.file);
    EXPECT_LE(found.faults.size(), d.faults_drawn);
    const reports::Result r = run_scenario(found);
    EXPECT_TRUE(r.expectations_met) << d.file;
    EXPECT_FALSE(r.violations.empty()) << d.file;
    EXPECT_NE(found.description.find("seed 1: run " + std::to_string(d.run)), std::string::npos) << found.description;
  }
}

// A ZooKeeper run that loses a lock often breaks the session too: the minimised scenario
// declares every invariant it violates, or its own run would fail it.
TEST(Explore, MinimisedScenariosDeclareEveryInvariantTheyViolate) {
  const std::string dir = ::testing::TempDir() + "leasesim-explore-zk";
  std::filesystem::remove_all(dir);
  ExploreOptions o;
  o.runs = 100;
  o.out_dir = dir;
  const reports::ExploreSummary s = explore(load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/explore/zookeeper-sessions.yaml"), o);
  ASSERT_FALSE(s.distinct.empty());
  for (const auto& d : s.distinct) {
    const reports::Result r = run_scenario(load_scenario_file(d.file));
    EXPECT_TRUE(r.expectations_met) << d.file;
  }
}

TEST(Explore, ShrinkingFindsTheReplyDelayJustAboveTheMargin) {
  // Run 20 of seed 1 needs a lost KeepAlive, a slow reply and a cut; shrunk, its reply is
  // 2.5 s late on top of the 1 ms network delay: 2.501 s, 1 ms above the margin.
  const std::string dir = ::testing::TempDir() + "leasesim-explore-shrink";
  std::filesystem::remove_all(dir);
  ExploreOptions o;
  o.runs = 21;
  o.out_dir = dir;
  const reports::ExploreSummary s = explore(legacy_space(), o);
  ASSERT_EQ(s.distinct.size(), 1u);
  EXPECT_EQ(s.distinct[0].run, 20u);
  const Scenario found = load_scenario_file(s.distinct[0].file);
  bool saw_delay = false;
  for (const Fault& f : found.faults) {
    if (const auto* d = std::get_if<DelayFault>(&f.action)) {
      EXPECT_EQ(d->extra, Duration::millis(2500));
      saw_delay = true;
    }
  }
  EXPECT_TRUE(saw_delay);
}

}  // namespace
}  // namespace leasesim::harness
