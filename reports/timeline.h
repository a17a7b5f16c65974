// The human timeline of a run (`leasesim replay`): one line per event in fixed columns, time in
// seconds to the nanosecond, the node, the event and what it was about. Lines inside a
// violation window are marked with `!` in the first column, so a window reads at a glance.
#pragma once

#include <ostream>
#include <set>
#include <utility>

#include "sim/trace.h"

namespace leasesim::reports {

class TimelineWriter final : public sim::TraceSink {
 public:
  TimelineWriter(std::ostream& out, const sim::Trace& trace);
  void on_event(const sim::TraceEvent& e) override;

 private:
  std::ostream& out_;
  const sim::Trace& trace_;
  size_t node_width_ = 4;
  std::set<std::pair<sim::NodeId, sim::Symbol>> open_;  // (node, checker) with a window open
};

// What the timeline says about one event, after its node and kind.
std::string describe_event(const sim::TraceEvent& e, const sim::Trace& trace);

}  // namespace leasesim::reports
