// What a drawing of a run shows, derived once from its trace: for each lease holder the intervals
// its grantor granted, the intervals it believed and the intervals it held a lock (following its clock's changes exactly, by
// the simulator's own rule), each message's flight from send to arrival or loss, and each
// fault's band; and each node's protocol states as the protocol declares them (Recording::bands):
// spans of one state, and the labels written where they change. The HTML timeline and the
// Perfetto trace both draw these.
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

// A state held from `start` to `end` (the next state of its band, the tracer's crash, or the
// run's end). Each (band, tracer) on a lane has a row of its own, numbered from 0 on that lane.
struct StateSpan {
  sim::NodeId lane;   // the node whose lane draws it: the tracer, or its peer for an on_peer band
  int row;
  size_t band;        // index in Recording::bands
  size_t state;       // index in the band's states
  sim::NodeId of;     // the node that traced it
  int64_t start;
  int64_t end;
};

// A `state` event named by one of a band's label prefixes ("epoch 3"), where it happened.
struct StateLabel {
  sim::NodeId lane;
  int row;
  size_t band;
  int64_t t;
  std::string text;
};

struct Intervals {
  std::vector<Interval> grants;
  std::vector<Interval> beliefs;
  std::vector<Interval> locks;  // a node believing it holds a lock (epoch: its session)
  std::vector<Flight> flights;  // a duplicated message flies twice
  std::vector<Band> faults;
  std::vector<StateSpan> states;  // in order of start
  std::vector<StateLabel> state_labels;
};

Intervals derive_intervals(const Recording& r);

}  // namespace leasesim::reports
