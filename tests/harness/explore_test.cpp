// Exploration: runs depend on (scenario, seed, index) alone, so job counts and shards change
// nothing but the wall time; what it writes reproduces.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>

#include "harness/explore.h"
#include "harness/run_limits.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "harness/scenario_writer.h"
#include "tests/support/same_exploration.h"
#include "harness/shrink.h"

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

using testing::expect_same_exploration;

// Each shard shrinks ITS first run of a (checker, drawn kinds) pair, which may shrink to
// another signature than the first run overall: 4 shards of the legacy space's first 1000
// runs, merged by signature alone, list run 363 where the unsharded exploration lists 919.
void expect_shards_merge_exactly(const Scenario& base, uint64_t runs, uint64_t shard_count, const std::string& name) {
  const std::string dir = ::testing::TempDir() + "leasesim-explore-shards-" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directory(dir);  // explore makes out_dir, not its parents
  ExploreOptions all;
  all.runs = runs;
  all.jobs = 2;
  all.out_dir = dir + "/whole";
  const reports::ExploreSummary whole = explore(base, all);
  ASSERT_FALSE(whole.distinct.empty());
  std::vector<reports::ExploreSummary> shards;
  for (uint64_t i = 0; i < shard_count; ++i) {
    ExploreOptions o = all;
    o.shard_index = i;
    o.shard_count = shard_count;
    o.out_dir = dir + "/shards";
    shards.push_back(reports::parse_summary_json(reports::render_json(explore(base, o))));
  }
  expect_same_exploration(reports::merge(shards), whole);
  EXPECT_THROW(reports::merge({shards.begin(), shards.end() - 1}), std::runtime_error);  // a shard missing
  shards.back() = shards.front();
  EXPECT_THROW(reports::merge(shards), std::runtime_error);  // one twice
}

TEST(Explore, FourShardsOfTheLegacySpaceMergeIntoExactlyTheUnshardedSummary) {
  expect_shards_merge_exactly(legacy_space(), 1000, 4, "legacy");
}

TEST(Explore, ThreeShardsOfTheZooKeeperSpaceMergeIntoExactlyTheUnshardedSummary) {
  expect_shards_merge_exactly(load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/explore/zookeeper-sessions.yaml"), 100, 3, "zookeeper");
}

// A summary written before first runs were recorded still merges, by signature as it used to.
TEST(Explore, ASummaryWithoutFirstRunsStillReadsAndMerges) {
  ExploreOptions o;
  o.runs = 200;
  std::string json = reports::render_json(explore(legacy_space(), o));
  const size_t from = json.find("  \"first_runs\": ");
  const size_t to = json.find("  \"nondeterministic\": ");
  ASSERT_NE(from, std::string::npos);
  json.erase(from, to - from);
  const reports::ExploreSummary old = reports::parse_summary_json(json);
  ASSERT_FALSE(old.distinct.empty());
  ASSERT_EQ(old.first_runs.size(), old.distinct.size());
  EXPECT_EQ(old.first_runs[0].drawn_kinds, "");
  EXPECT_EQ(reports::merge({old}).distinct.size(), old.distinct.size());
}

// Streaming: nothing is set aside per requested run, so a trillion runs start as quickly as ten.
TEST(Explore, TheFirstRunStartsAtOnceWhateverTheRunCount) {
  ExploreOptions o;
  o.runs = 1'000'000'000'000;
  o.until_first = true;
  const reports::ExploreSummary s = explore(legacy_space(), o);
  EXPECT_EQ(s.runs_done, 21u);
  EXPECT_EQ(s.first_violating_run, 20u);
}

// Whenever a signal stops it, with any number of threads, what was counted is exactly the
// first n runs: the same counts and first runs as an exploration of n runs.
TEST(Explore, AnInterruptedExplorationCountsExactlyItsFirstRuns) {
  const Scenario base = legacy_space();
  ExploreOptions o;
  o.runs = 1'000'000'000;
  o.jobs = 2;
  o.progress_every = std::chrono::milliseconds(1);
  o.on_progress = [](const ExploreProgress& p) {
    if (p.done >= 2000) request_interrupt(SIGINT);
  };
  const reports::ExploreSummary cut = explore(base, o);
  clear_interrupt();
  ASSERT_EQ(cut.stopped, "interrupted");
  ASSERT_GE(cut.runs_done, 2000u);
  ExploreOptions first;
  first.runs = cut.runs_done;
  const reports::ExploreSummary whole = explore(base, first);
  EXPECT_EQ(cut.runs_violating, whole.runs_violating);
  EXPECT_EQ(cut.violations, whole.violations);
  EXPECT_EQ(cut.first_violating_run, whole.first_violating_run);
  ASSERT_EQ(cut.first_runs.size(), whole.first_runs.size());
  for (size_t i = 0; i < cut.first_runs.size(); ++i) {
    EXPECT_EQ(cut.first_runs[i].drawn_kinds, whole.first_runs[i].drawn_kinds);
    EXPECT_EQ(cut.first_runs[i].violation.run, whole.first_runs[i].violation.run);
  }
  // Cut short during the runs, nothing was shrunk: each first run is listed as drawn.
  for (const reports::DistinctViolation& d : cut.distinct) {
    EXPECT_EQ(d.faults_kept, d.faults_drawn);
    EXPECT_EQ(d.shrunk, reports::Shrinking::none);
  }
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

// The session tracker's own space (issue 15): within 100 runs of seed 1, explore finds both of
// its safety invariants broken, each minimised to one fault, and every scenario it writes
// reproduces with its expect met.
TEST(Explore, TheSessionTrackerSpaceBreaksBothItsSafetyInvariantsWithOneFaultEach) {
  const std::string dir = ::testing::TempDir() + "leasesim-explore-tracker";
  std::filesystem::remove_all(dir);
  ExploreOptions o;
  o.runs = 100;
  o.out_dir = dir;
  const reports::ExploreSummary s =
      explore(load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/explore/session-tracker-owners.yaml"), o);
  EXPECT_GT(s.violations.count("session_safety"), 0u);
  EXPECT_GT(s.violations.count("single_owner"), 0u);
  ASSERT_FALSE(s.distinct.empty());
  for (const auto& d : s.distinct) {
    EXPECT_EQ(d.faults_kept, 1u) << d.file;
    const reports::Result r = run_scenario(load_scenario_file(d.file));
    EXPECT_TRUE(r.expectations_met) << d.file;
    EXPECT_FALSE(r.violations.empty()) << d.file;
  }
}

// The membership tracker's own space (issue 15 part 2): within 100 runs of seed 1, explore
// finds a member believing it is in the group after its removal, minimised to one fault (a
// partition of its tracker with it: the orphan's revalidation timeout, 10 s, is shorter than
// its own, 20 s), and every scenario it writes reproduces with its expect met.
TEST(Explore, TheMembershipTrackerSpaceFindsAMemberBelievingAfterItsRemovalWithOnePartition) {
  const std::string dir = ::testing::TempDir() + "leasesim-explore-membership";
  std::filesystem::remove_all(dir);
  ExploreOptions o;
  o.runs = 100;
  o.out_dir = dir;
  const reports::ExploreSummary s =
      explore(load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/explore/membership-tracker-faults.yaml"), o);
  EXPECT_GT(s.violations.count("membership_safety"), 0u);
  EXPECT_EQ(s.violations.count("view_agreement"), 0u);  // the log is kept across restarts
  bool one_partition = false;
  ASSERT_FALSE(s.distinct.empty());
  for (const auto& d : s.distinct) {
    const reports::Result r = run_scenario(load_scenario_file(d.file));
    EXPECT_TRUE(r.expectations_met) << d.file;
    EXPECT_FALSE(r.violations.empty()) << d.file;
    if (d.checker == "membership_safety" && d.faults_kept == 1) one_partition = true;
  }
  EXPECT_TRUE(one_partition);
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

TEST(Explore, SwarmEnablesTheSameTemplatesForTheSameSeedAndIndexAndDrawsNothingFromTheOthers) {
  const Scenario base = legacy_space();
  size_t all_on = 0;
  size_t enabled = 0;
  for (uint64_t i = 0; i < 200; ++i) {
    const std::vector<bool> on = swarm_enabled(base, 1, i);
    ASSERT_EQ(on, swarm_enabled(base, 1, i));
    ASSERT_EQ(on.size(), 4u);
    enabled += static_cast<size_t>(std::count(on.begin(), on.end(), true));
    const Scenario s = generate_run(base, 1, i, true);
    EXPECT_EQ(to_yaml(s), to_yaml(generate_run(base, 1, i, true)));
    // Template 3 is the only disconnect, template 2 the only drop.
    for (const Fault& f : s.faults) {
      if (std::holds_alternative<DisconnectFault>(f.action)) {
        EXPECT_TRUE(on[3]) << i;
      }
      if (std::holds_alternative<DropFault>(f.action)) {
        EXPECT_TRUE(on[2]) << i;
      }
    }
    // With every template on, the run is the one without swarm: its own stream decides.
    if (std::count(on.begin(), on.end(), true) == 4) {
      ++all_on;
      EXPECT_EQ(to_yaml(s), to_yaml(generate_run(base, 1, i)));
    }
  }
  EXPECT_EQ(enabled, 436u);  // of 800: about half
  EXPECT_EQ(all_on, 22u);  // of 200: about 1 in 16
}

TEST(Explore, SwarmChangesNothingButTheWallTimeWithJobsOrShards) {
  const Scenario base = legacy_space();
  ExploreOptions one;
  one.runs = 400;
  one.swarm = true;
  ExploreOptions two = one;
  two.jobs = 2;
  const reports::ExploreSummary whole = explore(base, one);
  EXPECT_EQ(comparable(whole), comparable(explore(base, two)));
  std::vector<reports::ExploreSummary> shards;
  for (uint64_t i = 0; i < 3; ++i) {
    ExploreOptions s = one;
    s.shard_index = i;
    s.shard_count = 3;
    shards.push_back(reports::parse_summary_json(reports::render_json(explore(base, s))));  // as merge reads them
  }
  const reports::ExploreSummary merged = reports::merge(shards);
  EXPECT_TRUE(merged.swarm);  // read from the shards' summaries
  EXPECT_EQ(comparable(merged), comparable(whole));
  shards[1].swarm = false;
  try {
    reports::merge(shards);
    ADD_FAILURE() << "a plain shard merged with swarm ones";
  } catch (const reports::MergeMismatch& e) {
    EXPECT_EQ(e.shard, 1u);
    EXPECT_EQ(e.other, 0u);
    EXPECT_EQ(e.describe("b.json", "a.json"), "b.json: was run without --swarm, but a.json was run with --swarm: the runs of the one are not "
                                              "those of the other; merge shards all run with --swarm, or all without");
  }
}

TEST(Explore, AnEmptySpaceDrawsOnlyTheSeedAndFindsWhatTheNetworkDelaysBreak) {
  const Scenario base = load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/explore/zbs-legacy-network-delays.yaml");
  ASSERT_TRUE(base.explore);
  const Scenario run = generate_run(base, 1, 3);
  EXPECT_TRUE(run.faults.empty());
  EXPECT_TRUE(run.clocks.empty());
  EXPECT_NE(run.seed, generate_run(base, 1, 4).seed);
  const std::string dir = ::testing::TempDir() + "leasesim-explore-empty-space";
  std::filesystem::remove_all(dir);
  ExploreOptions o;
  o.runs = 200;
  o.out_dir = dir;
  const reports::ExploreSummary s = explore(base, o);
  EXPECT_EQ(s.runs_violating, 49u);
  ASSERT_EQ(s.distinct.size(), 1u);
  EXPECT_EQ(s.distinct[0].signature, "lease_safety: no fault");
  EXPECT_EQ(s.distinct[0].run, 4u);
  // Shrinking narrowed the network's delays: the written scenario has, and states, the range
  // that still breaks it.
  const Scenario found = load_scenario_file(s.distinct[0].file);
  EXPECT_EQ(found.network.delay_lo, Duration::millis(1));
  EXPECT_EQ(found.network.delay_hi, Duration::millis(8752));
  EXPECT_NE(found.description.find("network delay [1ms, 8.752s] (the space's [1ms, 9s])"), std::string::npos) << found.description;
  EXPECT_FALSE(run_scenario(found, {}).violations.empty());
}

TEST(Explore, ShrinkingSetsDrawnClocksToZeroWhenTheViolationDoesNotNeedThem) {
  Scenario s = load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/zbs/legacy-reply-delay-6s.yaml");
  s.clocks["follower-1"] = ClockSpec{Duration::millis(40), sim::Ppm{-75'000}};
  s.clocks["master"] = ClockSpec{Duration::millis(7), sim::Ppm{30'000}};
  ASSERT_TRUE(violates(s, "lease_safety"));
  const Shrunk shrunk = shrink(s, ShrinkScope{s.faults.size(), {"follower-1"}, false}, "lease_safety");
  EXPECT_EQ(shrunk.scenario.clocks.at("follower-1").drift_ppm.ppb, 0);
  EXPECT_EQ(shrunk.scenario.clocks.at("follower-1").offset, Duration{});
  // Not drawn: the scenario's own clock stays as written.
  EXPECT_EQ(shrunk.scenario.clocks.at("master").drift_ppm.ppb, 30'000);
  EXPECT_EQ(shrunk.scenario.faults.size(), s.faults.size());
}

}  // namespace
}  // namespace leasesim::harness
