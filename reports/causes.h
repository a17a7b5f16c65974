// What led to a violation window, found in the run's trace for the HTML timeline's causal view
// (clicking a window highlights these and dims the rest): the last grant of the lease the node
// believed, the last renewal that reached its grantor, the faults between that renewal and the
// window, and the message whose arrival made the belief the window is of (with its flight time,
// the delay that made it). Any of them may be missing: a run need not have them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reports/intervals.h"
#include "reports/recording.h"
#include "reports/result.h"

namespace leasesim::reports {

struct Cause {
  std::string what;     // "last grant", "last renewal to reach the grantor", "fault", "made the belief"
  int64_t t;            // when it happened (a message's: its arrival, or its loss)
  sim::NodeId node;     // where it is drawn
  int64_t flight = -1;  // index in Intervals::flights, for a message
  int64_t fault = -1;   // index in Intervals::faults, for a fault
};

std::vector<Cause> causes_of(const ViolationRecord& v, const Recording& r, const Intervals& iv);

}  // namespace leasesim::reports
