// Comparing two traces of one scenario: a trace shifted by 3 ms after 10 s is the same at 5 ms
// and differs at 2 ms, the window named and the shift explained as inherited from the anchor; a
// belief that ends later after the same anchor is a rule difference.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "harness/compare.h"
#include "harness/judge.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "reports/jsonl_trace.h"

namespace leasesim::harness {
namespace {

constexpr int64_t kMs = 1'000'000;

struct Judgement {
  Judged judged;
  reports::Recording recording;
};

// The scenario's run, each event changed by `edit`, written as JSONL and judged.
void judge_edited(const Scenario& s, const std::function<void(sim::TraceEvent&)>& edit, Judgement& out) {
  reports::Recording run;
  RunOptions o;
  o.recording = &run;
  run_scenario(s, o);
  sim::Trace names;  // the run's names, interned in the same order, so its symbols mean the same
  for (const std::string& n : run.nodes) names.add_node(n);
  for (size_t i = 1; i < run.symbols.size(); ++i) names.intern(run.symbols[i]);
  const std::string path =
      (std::filesystem::temp_directory_path() / ("leasesim-compare-" + std::to_string(getpid()) + ".jsonl")).string();
  {
    std::ofstream f(path);
    for (sim::TraceEvent e : run.events) {
      edit(e);
      f << reports::render_event_json(e, names) << "\n";
    }
  }
  JudgeOptions jo;
  jo.recording = &out.recording;
  out.judged = judge_trace(s, path, jo);
  std::filesystem::remove(path);
  ASSERT_EQ(out.judged.error, "");
}

void shift_after_10s(sim::TraceEvent& e) {
  if (e.t.ns < 10'000 * kMs) return;
  e.t.ns += 3 * kMs;
  const bool times_in_a_b = e.kind == sim::EventKind::lease_granted || e.kind == sim::EventKind::lease_believed;
  if (times_in_a_b) {
    e.a += 3 * kMs;
    e.b += 3 * kMs;
  }
  if (e.kind == sim::EventKind::message_sent && !sim::Instant{e.a}.is_never()) e.a += 3 * kMs;
}

class CompareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/zbs/legacy-reply-delay-6s.yaml");
    judge_edited(s_, [](sim::TraceEvent&) {}, a_);
  }
  Comparison compare(const Judgement& b, int64_t tolerance_ms) {
    return compare_traces({"A", &a_.judged.result, &a_.recording}, {"B", &b.judged.result, &b.recording}, sim::Duration{tolerance_ms * kMs});
  }
  Scenario s_;
  Judgement a_;
};

TEST_F(CompareTest, AShiftOf3msAfter10sIsTheSameAt5msAndInheritedAt2ms) {
  Judgement b;
  judge_edited(s_, shift_after_10s, b);
  const Comparison at5 = compare(b, 5);
  EXPECT_EQ(at5.windows_compared, 1u);
  EXPECT_TRUE(at5.differences.empty());
  EXPECT_EQ(at5.verdicts, std::vector<std::string>{"lease_safety: violated in both"});

  const Comparison at2 = compare(b, 2);
  ASSERT_EQ(at2.differences.size(), 1u);
  EXPECT_EQ(at2.differences[0],
            "lease_safety on follower-1: [21.503s, 25.003s) in A, [21.506s, 25.006s) in B: start +3ms, end +3ms, beyond the "
            "tolerance 2ms\n"
            "  start: inherited: both come 11.503s after the last fault_start 'disconnect follower-1->master' (A at 10.000s, B at "
            "10.003s): the anchor moved, not a rule\n"
            "  end: inherited: both come 9.5s after the last message_delivered 'KeepAliveReply' from master to follower-1 (A at "
            "15.503s, B at 15.506s): the anchor moved, not a rule");
}

TEST_F(CompareTest, AnExpectedEventIsComparedLikeAnEdgeAndExplained) {
  Judgement b;
  judge_edited(s_, shift_after_10s, b);
  const auto with_events = [&](int64_t tolerance_ms) {
    return compare_traces({"A", &a_.judged.result, &a_.recording}, {"B", &b.judged.result, &b.recording},
                          sim::Duration{tolerance_ms * kMs}, s_.expect.events);
  };
  const Comparison at5 = with_events(5);
  EXPECT_EQ(at5.events_compared, 1u);
  EXPECT_TRUE(at5.differences.empty());
  const Comparison at2 = with_events(2);
  ASSERT_EQ(at2.differences.size(), 2u);
  EXPECT_EQ(at2.differences[1],
            "expected event lease_expired on master (at 21.503s): at 21.503s in A, 21.506s in B: +3ms, beyond the tolerance 2ms\n"
            "  inherited: both come 11.503s after the last fault_start 'disconnect follower-1->master' (A at 10.000s, B at "
            "10.003s): the anchor moved, not a rule");
}

TEST_F(CompareTest, ABeliefEndingLaterAfterTheSameAnchorIsARuleDifference) {
  Judgement b;
  // The follower's second belief lasts 4 ms longer: the same reply, another rule for its end.
  judge_edited(s_, [](sim::TraceEvent& e) {
    if (e.kind == sim::EventKind::lease_believed && e.t.ns == 15'503 * kMs) {
      e.a += 4 * kMs;
      e.b += 4 * kMs;
    }
  }, b);
  const Comparison c = compare(b, 2);
  ASSERT_EQ(c.differences.size(), 1u);
  EXPECT_EQ(c.differences[0],
            "lease_safety on follower-1: [21.503s, 25.003s) in A, [21.503s, 25.007s) in B: start +0s, end +4ms, beyond the "
            "tolerance 2ms\n"
            "  end: a rule differs: A comes 9.5s after the last message_delivered 'KeepAliveReply' from master to follower-1 at "
            "15.503s, B 9.504s after the last message_delivered 'KeepAliveReply' from master to follower-1 at 15.503s");
}

TEST_F(CompareTest, AVerdictThatDiffersIsNamed) {
  Judgement b;
  // Without the master's expiry there is nothing to violate.
  judge_edited(s_, [](sim::TraceEvent& e) {
    if (e.kind == sim::EventKind::lease_expired) e.kind = sim::EventKind::node_started;
  }, b);
  const Comparison c = compare(b, 5);
  EXPECT_EQ(c.verdicts, std::vector<std::string>{"lease_safety: violated (1 window) in A, holds in B"});
  ASSERT_EQ(c.differences.size(), 2u);
  EXPECT_EQ(c.differences[0], "lease_safety: the verdicts differ: violated (1 window) in A, holds in B");
  EXPECT_EQ(c.differences[1], "lease_safety on follower-1: 1 window(s) in A, 0 in B: A [21.503s, 25.003s)");
}

}  // namespace
}  // namespace leasesim::harness
