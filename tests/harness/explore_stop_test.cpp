// A stop during shrinking (issue 19): what was shrunk is kept, the rest is listed as not fully
// shrunk, keyed by the kinds its best verified schedule has.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "harness/explore.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "reports/baseline.h"
#include "reports/json_reader.h"

namespace leasesim::harness {
namespace {

Scenario legacy_space() { return load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/explore/zbs-legacy-reply-delay.yaml"); }

reports::FirstRun first(uint64_t run, const std::string& signature, reports::Shrinking shrunk) {
  reports::FirstRun f;
  f.drawn_kinds = "drawn " + std::to_string(run);
  f.violation.checker = signature.substr(0, signature.find(':'));
  f.violation.signature = signature;
  f.violation.run = run;
  f.violation.shrunk = shrunk;
  return f;
}

// Per signature the lowest fully shrunk first run, else the lowest; in run order.
TEST(ExploreStop, ADistinctViolationKeepsItsLowestFullyShrunkRunElseItsLowest) {
  using reports::Shrinking;
  const std::vector<reports::FirstRun> firsts = {
      first(2, "x: drop", Shrinking::none),   first(3, "y: delay", Shrinking::partial), first(4, "z: pause", Shrinking::full),
      first(5, "x: drop", Shrinking::full),   first(6, "x: drop", Shrinking::full),     first(7, "y: delay", Shrinking::none),
      first(8, "z: pause", Shrinking::none)};
  EXPECT_EQ(reports::distinct_indices(firsts), (std::vector<size_t>{1, 2, 3}));
  const std::vector<reports::DistinctViolation> d = reports::distinct_violations(firsts);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].run, 3u);
  EXPECT_EQ(d[0].shrunk, Shrinking::partial);
  EXPECT_EQ(d[1].run, 4u);
  EXPECT_EQ(d[2].run, 5u);
  EXPECT_EQ(d[2].shrunk, Shrinking::full);
}

// "shrunk" is read back; a summary without it (older) shrank every first run unless it
// stopped; a first run not fully shrunk in an exploration that did not stop is refused.
TEST(ExploreStop, TheSummaryRecordsHowFarEachFirstRunWasShrunk) {
  ExploreOptions o;
  o.runs = 21;  // run 20 violates
  o.stop_shrinking = [](uint64_t n) { return n >= 3; };
  const reports::ExploreSummary s = explore(legacy_space(), o);
  ASSERT_EQ(s.first_runs.size(), 1u);
  const std::string json = reports::render_json(s);
  EXPECT_NE(json.find("\"faults_kept\": " + std::to_string(s.distinct[0].faults_kept) + ", \"shrunk\": \"partial\", \"file\": \"\"}"),
            std::string::npos)
      << json;
  EXPECT_EQ(reports::parse_summary_json(json).first_runs[0].violation.shrunk, reports::Shrinking::partial);
  EXPECT_EQ(reports::parse_summary_json(json).distinct[0].shrunk, reports::Shrinking::partial);
  auto without = [](std::string j) {
    for (size_t at; (at = j.find(", \"shrunk\": \"partial\"")) != std::string::npos;) j.erase(at, std::string(", \"shrunk\": \"partial\"").size());
    return j;
  };
  EXPECT_EQ(reports::parse_summary_json(without(json)).distinct[0].shrunk, reports::Shrinking::none);
  std::string not_stopped = json;
  not_stopped.replace(not_stopped.find("\"stopped\": \"max_wall\""), std::string("\"stopped\": \"max_wall\"").size(), "\"stopped\": null");
  EXPECT_EQ(reports::parse_summary_json(without(not_stopped)).distinct[0].shrunk, reports::Shrinking::full);
  try {
    reports::parse_summary_json(not_stopped);
    ADD_FAILURE() << "read a partly shrunk first run of an exploration that did not stop";
  } catch (const reports::JsonError& e) {
    EXPECT_NE(std::string(e.what()).find("distinct[0].shrunk: \"partial\" although the exploration was not stopped"), std::string::npos)
        << e.what();
  }
  std::string bogus = json;
  bogus.replace(bogus.find("\"partial\""), 9, "\"half\"");
  EXPECT_THROW(reports::parse_summary_json(bogus), reports::JsonError);
}

Scenario zookeeper_space() { return load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/explore/zookeeper-sessions.yaml"); }

// "run|signature|shrunk", one a distinct violation.
std::vector<std::string> listed(const reports::ExploreSummary& s) {
  std::vector<std::string> out;
  for (const reports::DistinctViolation& d : s.distinct) {
    out.push_back(std::to_string(d.run) + "|" + d.signature + "|" + reports::shrinking_name(d.shrunk));
  }
  return out;
}

// The ZooKeeper space's first 100 runs have 24 first runs (invariant, kinds drawn). Stopped
// after 441 shrinking runs: the first six are fully shrunk, and runs 0, 6 and 7 (delay + pause,
// partition + pause, pause drawn) all shrink to one pause, so each invariant's three make one
// distinct violation, run 0's. Run 8's session_safety is cut after dropping its drop: partial,
// keyed by the four faults it still has, which run 18's unshrunk session_safety (drawn delay
// + pause + restart) merges into. Every later one stays as drawn; those whose drawn kinds are
// already a fully shrunk signature (run 7's lock_safety: pause, say) merge into it.
TEST(ExploreStop, AStopDuringShrinkingKeepsWhatWasShrunkAndListsTheRestAsNotFullyShrunk) {
  const std::string dir = ::testing::TempDir() + "leasesim-explore-stop";
  std::filesystem::remove_all(dir);
  ExploreOptions o;
  o.runs = 100;
  o.out_dir = dir;
  o.stop_shrinking = [](uint64_t n) { return n >= 441; };
  const reports::ExploreSummary s = explore(zookeeper_space(), o);
  EXPECT_EQ(s.stopped, "max_wall");
  EXPECT_EQ(s.runs_done, 100u);
  ASSERT_EQ(s.first_runs.size(), 24u);
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(s.first_runs[i].violation.shrunk, reports::Shrinking::full) << i;
  EXPECT_EQ(s.first_runs[6].violation.shrunk, reports::Shrinking::partial);
  for (size_t i = 7; i < s.first_runs.size(); ++i) EXPECT_EQ(s.first_runs[i].violation.shrunk, reports::Shrinking::none) << i;
  EXPECT_EQ(listed(s), (std::vector<std::string>{
                           "0|session_safety: pause|full",
                           "0|lock_safety: pause|full",
                           "8|session_safety: delay + pause + restart|partial",
                           "8|lock_safety: delay + drop + pause + restart|none",
                           "10|session_safety: drop + pause|none",
                           "10|lock_safety: drop + pause|none",
                           "11|session_safety: drop + partition + pause|none",
                           "18|lock_safety: delay + pause + restart|none",
                           "20|session_safety: delay + drop + pause|none",
                           "29|session_safety: partition + pause + restart|none",
                           "32|session_safety: drop + partition + pause + restart|none",
                           "32|lock_safety: drop + partition + pause + restart|none",
                           "33|session_safety: delay + drop + partition + pause + restart|none",
                           "33|lock_safety: delay + drop + partition + pause + restart|none",
                           "42|session_safety: pause + restart|none",
                           "56|session_safety: drop + pause + restart|none",
                           "65|lock_safety: delay + drop + pause|none",
                           "98|session_safety: delay + partition + pause + restart|none",
                           "98|lock_safety: delay + partition + pause + restart|none",
                       }));
  EXPECT_EQ(reports::not_fully_shrunk(s), 17u);

  // The fully shrunk ones are what the whole exploration finds for them.
  ExploreOptions whole = o;
  whole.stop_shrinking = nullptr;
  whole.out_dir.clear();
  const reports::ExploreSummary full = explore(zookeeper_space(), whole);
  EXPECT_EQ(full.stopped, "");
  EXPECT_EQ(listed(full), (std::vector<std::string>{"0|session_safety: pause|full", "0|lock_safety: pause|full",
                                                    "65|lock_safety: delay + pause|full", "98|session_safety: pause + restart|full",
                                                    "98|lock_safety: pause + restart|full"}));
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(s.first_runs[i].violation.signature, full.first_runs[i].violation.signature) << i;

  // Each is written, its description saying how far it was shrunk, and reproduces.
  const Scenario partial = load_scenario_file(s.distinct[2].file);
  EXPECT_EQ(partial.faults.size(), 4u);
  EXPECT_NE(partial.description.find("run 8 (simulation seed " + std::to_string(s.distinct[2].run_seed) +
                                     ") violated session_safety; shrinking was cut short by the --max-wall time running out, so this "
                                     "is NOT FULLY MINIMISED: from 5 drawn faults to 4 (2 runs)"),
            std::string::npos)
      << partial.description;
  const Scenario drawn = load_scenario_file(s.distinct[4].file);
  EXPECT_EQ(drawn.faults.size(), 3u);
  EXPECT_NE(drawn.description.find("run 10 (simulation seed " + std::to_string(s.distinct[4].run_seed) +
                                   ") violated session_safety; shrinking was cut short by the --max-wall time running out before it "
                                   "began, so this is NOT MINIMISED: the 3 drawn faults"),
            std::string::npos)
      << drawn.description;
  for (const reports::DistinctViolation& d : s.distinct) {
    const reports::Result r = run_scenario(load_scenario_file(d.file));
    EXPECT_TRUE(r.expectations_met) << d.file;
    EXPECT_FALSE(r.violations.empty()) << d.file;
  }

  // With a baseline of the whole exploration's signatures, those not fully shrunk are new (they
  // may shrink to a known one, but nothing says so yet) and say why; run 42's, drawn with the
  // kinds of a known signature, is that violation.
  reports::ExploreSummary judged = s;
  reports::apply_baseline(judged, {"session_safety: pause", "lock_safety: pause", "lock_safety: delay + pause",
                                   "session_safety: pause + restart", "lock_safety: pause + restart"},
                          "b");
  EXPECT_TRUE(reports::exploration_failed(judged));
  const std::string text = reports::render_text(judged);
  EXPECT_NE(text.find("distinct     session_safety: delay + pause + restart  (run 8, 4 of 5 faults kept; NOT FULLY SHRUNK: the stop cut "
                      "its shrinking short)  NEW\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("distinct     session_safety: pause  (run 0, 1 of 3 faults kept)  known\n"), std::string::npos) << text;
  EXPECT_NE(text.find("distinct     session_safety: pause + restart  (run 42, 2 of 2 faults kept; NOT FULLY SHRUNK: the stop came before "
                      "its shrinking)  known\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("baseline     b: 3 known, 16 new distinct violations (16 of them not fully shrunk: the stop came first)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("STOPPED      the --max-wall time ran out: the counts cover the 100 runs that finished; 17 of the 19 distinct "
                      "violations are not fully shrunk; `--runs 100` with no stop shrinks them fully\n"),
            std::string::npos)
      << text;
}

// Shards stopped in shrinking merge by the same rule. Each is cut after 150 shrinking runs:
// shard 0 has run 0's two first runs fully shrunk (to a pause) and run 6's session_safety cut
// to a pause; shard 1 (odd runs) run 7's, drawn with a pause alone. All of them merge into run
// 0's two, the rest stay as drawn.
TEST(ExploreStop, StoppedShardsMergeByTheSameRule) {
  std::vector<reports::ExploreSummary> shards;
  for (uint64_t i = 0; i < 2; ++i) {
    ExploreOptions o;
    o.runs = 100;
    o.shard_index = i;
    o.shard_count = 2;
    o.stop_shrinking = [](uint64_t n) { return n >= 150; };
    shards.push_back(reports::parse_summary_json(reports::render_json(explore(zookeeper_space(), o))));
    EXPECT_EQ(shards.back().stopped, "max_wall");
  }
  const reports::ExploreSummary m = reports::merge(shards);
  EXPECT_EQ(listed(m), (std::vector<std::string>{
                           "0|session_safety: pause|full",
                           "0|lock_safety: pause|full",
                           "6|lock_safety: partition + pause|none",
                           "8|session_safety: delay + drop + pause + restart|none",
                           "8|lock_safety: delay + drop + pause + restart|none",
                           "10|session_safety: drop + pause|none",
                           "10|lock_safety: drop + pause|none",
                           "11|session_safety: drop + partition + pause|none",
                           "18|session_safety: delay + pause + restart|none",
                           "18|lock_safety: delay + pause + restart|none",
                           "20|session_safety: delay + drop + pause|none",
                           "29|session_safety: partition + pause + restart|none",
                           "32|session_safety: drop + partition + pause + restart|none",
                           "32|lock_safety: drop + partition + pause + restart|none",
                           "33|session_safety: delay + drop + partition + pause + restart|none",
                           "33|lock_safety: delay + drop + partition + pause + restart|none",
                           "42|session_safety: pause + restart|none",
                           "56|session_safety: drop + pause + restart|none",
                           "65|lock_safety: delay + drop + pause|none",
                           "98|session_safety: delay + partition + pause + restart|none",
                           "98|lock_safety: delay + partition + pause + restart|none",
                       }));
  EXPECT_EQ(m.stopped, "max_wall");
}

// A shard stopped before it shrank its run 2 (drawn: delay + pause); the other shard shrank
// its run 3, drawn with the same kinds, fully, to a pause. The merge keeps run 2 as the first
// of that key, and keeps run 3 too rather than drop the minimised scenario it wrote. Had run 2
// been fully shrunk, it alone would stand for the key, as in one unsharded exploration.
TEST(ExploreStop, AMergeKeepsAFullyShrunkRunWhoseKeyALowerUnshrunkRunHas) {
  using reports::Shrinking;
  auto shard = [](uint64_t index, reports::FirstRun f) {
    reports::ExploreSummary s;
    s.scenario = "space";
    s.runs = 10;
    s.shard_index = index;
    s.shard_count = 2;
    s.stopped = "max_wall";
    s.first_runs.push_back(std::move(f));
    return s;
  };
  auto drawn = [](uint64_t run, const std::string& signature, Shrinking shrunk) {
    reports::FirstRun f = first(run, signature, shrunk);
    f.drawn_kinds = "delay + pause";
    return f;
  };
  const reports::ExploreSummary m = reports::merge(
      {shard(0, drawn(2, "session_safety: delay + pause", Shrinking::none)), shard(1, drawn(3, "session_safety: pause", Shrinking::full))});
  EXPECT_EQ(listed(m), (std::vector<std::string>{"2|session_safety: delay + pause|none", "3|session_safety: pause|full"}));

  const reports::ExploreSummary whole = reports::merge(
      {shard(0, drawn(2, "session_safety: pause", Shrinking::full)), shard(1, drawn(3, "session_safety: pause", Shrinking::full))});
  EXPECT_EQ(listed(whole), (std::vector<std::string>{"2|session_safety: pause|full"}));
}

}  // namespace
}  // namespace leasesim::harness
