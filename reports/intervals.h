// What a drawing of a run shows, derived once from its trace: for each lease holder the intervals
// its grantor granted, the intervals it believed and the intervals it held a lock (following its clock's changes exactly, by
// the simulator's own rule), each message's flight from send to arrival or loss, and each
// fault's band. The HTML timeline and the Perfetto trace both draw these.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reports/recording.h"

namespace leasesim::reports {

struct Interval {
  sim::NodeId node;  // the holder (for grants too: whom the grant is for)
  uint64_t epoch;
  int64_t start;
  int64_t end;
};

struct Flight {
  uint64_t id;
  sim::NodeId from;
  sim::NodeId to;
  std::string kind;
  int64_t sent;
  int64_t end;  // arrival, or the loss
  bool lost;
  std::string why;  // the loss's reason
};

struct Band {
  sim::NodeId node;  // kNoNode: a network fault
  std::string what;
  int64_t start;
  int64_t end;  // the run's end if it did not end before
};

struct Intervals {
  std::vector<Interval> grants;
  std::vector<Interval> beliefs;
  std::vector<Interval> locks;  // a node believing it holds a lock (epoch: its session)
  std::vector<Flight> flights;  // a duplicated message flies twice
  std::vector<Band> faults;
};

Intervals derive_intervals(const Recording& r);

}  // namespace leasesim::reports
