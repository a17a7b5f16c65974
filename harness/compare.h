// Comparing two judged traces of one scenario (`leasesim compare`): the same verdicts, and each
// window within a tolerance of its counterpart. A window that moved is explained from its
// anchor, the last message delivered to or fault on the node that acted at the window's edge:
// when both traces put the edge the same time after the same anchor, the difference is latency
// inherited from the anchor (a message or a fault came later); otherwise the rule that made
// the edge differs (a timeout counted another way, a model versus a real system).
#pragma once

#include <string>
#include <vector>

#include "reports/recording.h"
#include "reports/result.h"
#include "sim/time.h"

namespace leasesim::harness {

struct JudgedTrace {
  std::string name;  // as the user named it, for messages
  const reports::Result* result;
  const reports::Recording* recording;
};

struct Comparison {
  size_t windows_compared = 0;  // pairs of windows, one from each trace
  std::vector<std::string> differences;  // each a paragraph: what differs, and why if known
  std::vector<std::string> verdicts;     // "lease_safety: violated in both", one per checker
};

Comparison compare_traces(const JudgedTrace& a, const JudgedTrace& b, sim::Duration tolerance);

}  // namespace leasesim::harness
