// Judging a trace read back from JSONL: for every scenario the same windows as its run, to the
// nanosecond, and the same trace hash (which covers every field of every event, so the reader
// gives back exactly what the writer wrote); and the reader's refusals, at their line and column.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "harness/judge.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "harness/trace_feed.h"
#include "reports/jsonl_reader.h"

namespace leasesim::harness {
namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("leasesim-judge-" + std::to_string(getpid()) + "-" + name)).string();
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

bool same_window(const reports::ViolationRecord& a, const reports::ViolationRecord& b) {
  return a.checker == b.checker && a.node == b.node && a.epoch == b.epoch && a.other == b.other && a.lock == b.lock &&
         a.start_ns == b.start_ns && a.end_ns == b.end_ns && a.paused_ns == b.paused_ns && a.cut_by_run_end == b.cut_by_run_end;
}

void expect_same_windows(const std::vector<reports::ViolationRecord>& a, const std::vector<reports::ViolationRecord>& b,
                         const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(same_window(a[i], b[i])) << what << " window " << i;
}

// Each suite scenario, its run and the run's JSONL trace, to `fn`. A trace takes about 110
// bytes an event in memory here; the few scenarios of millions of events (etcd's ten-hour E4)
// are left out, and returned: the others cover every event kind.
using SuiteTrace = std::function<void(const std::string& what, const Scenario& s, const reports::Result& run, const std::string& jsonl)>;
std::vector<std::string> for_each_suite_trace(const SuiteTrace& fn) {
  std::vector<std::string> too_long;
  for (const auto& e : std::filesystem::recursive_directory_iterator(LEASESIM_SOURCE_DIR "/scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    const Scenario s = load_scenario_file(e.path().string());
    std::ostringstream jsonl;
    RunOptions o;
    o.trace_jsonl = &jsonl;
    o.limits.max_events = 300'000;
    const reports::Result run = run_scenario(s, o);
    if (!run.stopped.empty()) {
      too_long.push_back(e.path().filename().string());
      continue;
    }
    fn(e.path().string(), s, run, jsonl.str());
  }
  return too_long;
}

TEST(Judge, EverySuiteScenarioJudgedFromItsTraceGivesItsRunsWindowsAndHash) {
  size_t checked = 0;
  size_t with_windows = 0;
  const std::vector<std::string> too_long =
      for_each_suite_trace([&](const std::string& what, const Scenario& s, const reports::Result& run, const std::string& jsonl) {
        const std::string path = write_temp("suite.jsonl", jsonl);
        const Judged judged = judge_trace(s, path);
        std::filesystem::remove(path);
        ASSERT_EQ(judged.error, "") << what;
        expect_same_windows(judged.result.violations, run.violations, what);
        expect_same_windows(judged.result.reports, run.reports, what);
        EXPECT_EQ(judged.result.expectations_met, run.expectations_met) << what;
        EXPECT_EQ(judged.result.events, run.events) << what;
        EXPECT_EQ(judged.result.trace_hash, run.trace_hash) << what;
        ++checked;
        if (!run.violations.empty() || !run.reports.empty()) ++with_windows;
      });
  EXPECT_GT(checked, 100u);
  EXPECT_GT(with_windows, 30u);
  EXPECT_LE(too_long.size(), 2u) << too_long[0];
}

TEST(Judge, EveryCheckerDeclaresTheKindsItReadsItsWindowsAreTheSameWhenItSeesEveryKind) {
  // A checker is handed only the kinds it declares (TraceSink::kinds). Fed every event of
  // every suite scenario both ways, each set of checkers finds the same windows; a case added
  // to a checker's on_event without its kind fails here.
  size_t with_windows = 0;
  for_each_suite_trace([&](const std::string& what, const Scenario& s, const reports::Result&, const std::string& jsonl) {
    TraceFeed declared(s);
    TraceFeed every(s, true);
    reports::JsonlTraceParser read_declared(declared.trace());
    reports::JsonlTraceParser read_every(every.trace());
    std::istringstream lines(jsonl);
    int n = 0;
    for (std::string line; std::getline(lines, line);) {
      ++n;
      const sim::TraceEvent a = read_declared.parse(line, n);
      const sim::TraceEvent b = read_every.parse(line, n);
      if (is_finding(a.kind)) continue;
      declared.feed(a);
      every.feed(b);
    }
    declared.finish(sim::Instant{s.duration.ns});
    every.finish(sim::Instant{s.duration.ns});
    const auto va = declared.checkers().violations();
    const auto vb = every.checkers().violations();
    ASSERT_EQ(va.size(), vb.size()) << what;
    for (size_t i = 0; i < va.size(); ++i) {
      const checkers::Violation& a = va[i];
      const checkers::Violation& b = vb[i];
      EXPECT_TRUE(a.checker == b.checker && a.node == b.node && a.epoch == b.epoch && a.other == b.other &&
                  declared.trace().text(a.lock) == every.trace().text(b.lock) && a.start == b.start && a.end == b.end &&
                  a.paused == b.paused && a.cut_by_run_end == b.cut_by_run_end)
          << what << " window " << i;
    }
    EXPECT_EQ(declared.trace().events(), every.trace().events()) << what;
    if (!va.empty()) ++with_windows;
  });
  EXPECT_GT(with_windows, 30u);
}

const char* kZbs = "duration: 10s\nprotocol: {kind: zbs}\nfollowers: [f1]\n";

std::string judge_error(const std::string& trace) {
  const Scenario s = load_scenario_text(kZbs, "s.yaml");
  const std::string path = write_temp("bad.jsonl", trace);
  const Judged j = judge_trace(s, path);
  std::filesystem::remove(path);
  return j.error;
}

TEST(Judge, RefusesALineThatIsNotAnEventAtItsLineAndColumn) {
  const std::string ok = R"({"t_ms": 0, "node": "f1", "event": "node_started"})" "\n";
  EXPECT_EQ(judge_error(ok + "[1]\n"), "2:1: a trace line must be one JSON object (an event)");
  EXPECT_EQ(judge_error(ok + R"({"t_ms": 1, "node": "f1", "event": "node_startd"})"),
            "2:36: unknown event 'node_startd'; expected one of message_sent, message_delivered, message_dropped, message_lost, "
            "message_deferred, timer_fired, timer_deferred, lease_granted, lease_believed, lease_expired, expiry_learned, "
            "lease_dropped, lock_held, lock_released, connection_lost, fault_start, fault_end, clock_changed, node_crashed, "
            "node_started, state, violation_start, violation_end, write_accepted, write_rejected");
  EXPECT_EQ(judge_error(R"({"t_ms": 1, "node": "f2", "event": "node_started"})"),
            "1:21: node 'f2' is not one of the scenario's nodes");
  EXPECT_EQ(judge_error(R"({"t_ms": 1, "node": "f1", "event": "node_started", "extra": 1})"),
            "1:61: node_started: unknown field 'extra' (this event has no fields of its own)");
  EXPECT_EQ(judge_error(R"({"t_ms": 1, "node": "f1", "event": "lease_expired", "holder": "master"})"),
            "1:1: lease_expired: missing field 'epoch'");
  EXPECT_EQ(judge_error(R"({"t_ms": 1, "node": "f1", "event": "lease_expired", "holder": "master", "epoch": -1})"),
            "1:82: 'epoch' must be a whole number from 0 to 18446744073709551615, got '-1'");
  EXPECT_EQ(judge_error(R"({"t_ms": 2, "node": "f1", "event": "node_started"})" "\n"
                        R"({"t_ms": 1.5, "node": "f1", "event": "node_started"})"),
            "2:10: node_started: t_ms 1.5 is before the previous event's 2: a trace lists its events in time order");
  EXPECT_EQ(judge_error(R"({"t_ms": 10000, "node": "f1", "event": "node_started"})"),
            "1:1: an event at 10000 ms is at or past the scenario's end (10000 ms): the trace is of another scenario, or "
            "longer than it");
  EXPECT_EQ(judge_error(R"({"t_ms": 0.0000001, "node": "f1", "event": "node_started"})").substr(0, 14), "1:10: 't_ms': ");
  EXPECT_EQ(judge_error(ok + "\n"), "2:1: an empty line: a trace has one event on every line");
}

TEST(Judge, RefusesAFileThatIsNotARegularFile) {
  const Scenario s = load_scenario_text(kZbs, "s.yaml");
  EXPECT_EQ(judge_trace(s, std::filesystem::temp_directory_path().string()).error,
            "is a directory; a trace must be a regular file");
}

TEST(Judge, AViolationSeenOnlyInTheTraceIsFoundByTheCheckers) {
  // A trace no simulation wrote: the follower believes its lease until 5 s (on a perfect
  // clock) and the master expires it at 3 s, so lease_safety is violated over [3 s, 5 s).
  const Scenario s = load_scenario_text(kZbs, "s.yaml");
  const std::string path = write_temp(
      "made.jsonl",
      R"({"t_ms": 0, "node": "master", "event": "lease_granted", "holder": "f1", "epoch": 1, "until_ms": 3000, "until_local_ms": 3000})" "\n"
      R"({"t_ms": 1, "node": "f1", "event": "lease_believed", "epoch": 1, "until_ms": 5000, "until_local_ms": 5000})" "\n"
      R"({"t_ms": 3000, "node": "master", "event": "lease_expired", "holder": "f1", "epoch": 1})" "\n");
  const Judged j = judge_trace(s, path);
  std::filesystem::remove(path);
  ASSERT_EQ(j.error, "");
  ASSERT_EQ(j.result.violations.size(), 1u);
  EXPECT_EQ(j.result.violations[0].checker, "lease_safety");
  EXPECT_EQ(j.result.violations[0].start_ns, 3'000'000'000);
  EXPECT_EQ(j.result.violations[0].end_ns, 5'000'000'000);
}

}  // namespace
}  // namespace leasesim::harness
