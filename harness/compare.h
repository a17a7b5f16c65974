// Comparing two judged traces of one scenario (`leasesim compare`): the same verdicts, and each
// window within a tolerance of its counterpart. A window that moved is explained from its
// anchor, the last message delivered to or fault on the node that acted at the window's edge:
// when both traces put the edge the same time after the same anchor, the difference is latency
// inherited from the anchor (a message or a fault came later); otherwise the rule that made
// the edge differs (a timeout counted another way, a model versus a real system).
#pragma once

#include <string>
#include <vector>

#include "harness/run_limits.h"
#include "harness/scenario.h"
#include "reports/recording.h"
#include "reports/result.h"
#include "sim/time.h"

namespace leasesim::harness {

struct JudgedTrace {
  std::string name;  // as the user named it, for messages
  const reports::Result* result;
  const reports::Recording* recording;  // null: differences are named, not explained
};

struct Comparison {
  size_t windows_compared = 0;  // pairs of windows, one from each trace
  size_t events_compared = 0;   // pairs of expected events (`expect` events with `at`)
  std::vector<std::string> differences;  // each a paragraph: what differs, and why if known
  std::vector<std::string> verdicts;     // "lease_safety: violated in both", one per checker
  int64_t largest_shift_ns = 0;          // the largest |shift| of a paired window's edge
};

// `expected`: the scenario's `expect` events; each with an instant is found in both recordings
// (at that instant, or else the nearest) and its two instants compared like a window's edge.
Comparison compare_traces(const JudgedTrace& a, const JudgedTrace& b, sim::Duration tolerance,
                          const std::vector<ExpectedEvent>& expected = {});

// The knife-edge pre-check: is the scenario's outcome stable under small random delays? Runs it
// `runs` times more, each with another seed and one-way delays drawn from [d, d + jitter] (d
// the scenario's), and compares each with the scenario's own run: the verdicts, the number of
// windows of each checker on each node, and the instant of each expected event (`expect`
// events with `at`, within `jitter`). A scenario where one of them moves is not comparable at
// that tolerance: a real system's latency alone could move it. (Window edges move with every
// hop's latency; comparing two traces explains those.)
struct KnifeEdge {
  size_t runs = 0;
  size_t changed = 0;  // runs that differ from the scenario's own
  std::vector<std::string> examples;  // the first few differences, "seed 3: ..."
  std::string stopped;  // a limit stopped one of the runs: nothing is concluded
};
KnifeEdge knife_edge_check(const Scenario& scenario, sim::Duration jitter, size_t runs, const RunLimits& limits);

}  // namespace leasesim::harness
