// Checking a run against its scenario's `expect`: the verdict, the exact windows, and events at
// exact instants or counted. The event part watches the trace while the run goes on, keeping
// only what the expectations ask about.
#pragma once

#include <string>
#include <vector>

#include "harness/scenario.h"
#include "reports/result.h"
#include "sim/trace.h"

namespace leasesim::harness {

class EventWatch final : public sim::TraceSink {
 public:
  // `tolerance`: how far from its `at` an event may be and still count as at it; zero (exact)
  // but for a live run, whose instants move by the machine's latency.
  EventWatch(const std::vector<ExpectedEvent>& expected, const sim::Trace& trace, sim::Duration tolerance = {});
  void on_event(const sim::TraceEvent& e) override;

  struct Seen {
    int64_t count = 0;     // every matching event
    int64_t at_count = 0;  // those at the expected instant
    std::vector<int64_t> first_times;  // a few, for messages
  };
  const std::vector<Seen>& seen() const { return seen_; }

 private:
  struct Want {
    sim::EventKind kind;
    sim::NodeId node;  // kNoNode: any
    std::optional<Instant> at;
    std::string name;  // empty: any
  };
  const sim::Trace& trace_;
  std::vector<Want> wants_;
  std::vector<Seen> seen_;
  sim::Duration tolerance_;
};

// `windows` holds both the violations and the liveness reports of the run, in start order.
// Besides what `expect` names, every one of `safety_checkers` that it does not declare
// violated must hold (an outcome "X: holds (not declared violated)" each): naming some
// checkers or events never switches the others off. Liveness checkers are reports and are
// checked only when named. Expected windows' edges must be exact, or within `tolerance` (a live
// run's).
std::vector<reports::ExpectationOutcome> check_expectations(const Expect& expect, const std::vector<std::string>& safety_checkers,
                                                             const std::vector<reports::ViolationRecord>& windows,
                                                             const EventWatch& watch, sim::Duration tolerance = {});

}  // namespace leasesim::harness
