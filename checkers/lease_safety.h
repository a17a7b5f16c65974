// lease_safety: at no moment may a holder believe its lease valid while the grantor has expired
// that lease (docs/scenario-format.md, "Checkers"). A protocol may run the same check under
// another name (a session believed while connected is a lease with no end).
//
// Belief is the holder's own predicate, evaluated exactly on its own clock at every instant:
//   believes(v) = it holds a lease of epoch e (lease_believed, not ended by expiry_learned,
//                 lease_dropped or a crash) and clock_f.local(v) < the lease's local end.
// The grantor has expired epoch e from its lease_expired event until it grants e again.
// A window opens at an event (an expiry, a belief, a clock step) and closes at an event or at
// the first instant the holder's clock reaches the lease end, which may be an instant where
// nothing happens; clock changes re-plan that instant. Each window is [start, end) in virtual
// time, with the part during which the holder was paused (it could not act then).
#pragma once

#include <functional>
#include <set>
#include <vector>

#include "checkers/checker.h"
#include "checkers/pause_tracker.h"
#include "sim/clock.h"
#include "sim/prefetch.h"

namespace leasesim::checkers {

class LeaseSafetyChecker final : public Checker {
 public:
  using ClockOf = std::function<const sim::Clock&(sim::NodeId)>;

  LeaseSafetyChecker(sim::Trace& trace, ClockOf clock_of, std::string_view name = "lease_safety");

  std::string_view name() const override { return name_; }
  void on_event(const sim::TraceEvent& e) override;
  sim::KindSet kinds() const override;
  bool prefetches() const override { return true; }
  void prefetch_node(sim::NodeId n) const override {
    if (n < holders_.size()) sim::prefetch_object(&holders_[n]);
  }
  sim::Instant horizon() const override { return horizon_; }
  void advance_to(sim::Instant t) override;
  void finish(sim::Instant end) override;

 private:
  struct Holder {
    bool believes = false;
    uint64_t epoch = 0;
    sim::LocalTime end_local;
    // Epochs the grantor has expired: one per re-registration in ZBS, but one per idle lease for
    // an etcd client that granted 10,000 (a list made each event a scan of them).
    std::set<uint64_t> expired;
    bool open = false;       // a window is open
    bool announced = false;  // its violation_start is in the trace
    sim::Instant window_start;
    sim::Instant window_end;  // planned: when the clock reaches end_local
  };

  Holder& holder(sim::NodeId n);
  bool expired(const Holder& f, uint64_t epoch) const;
  void evaluate(sim::NodeId n, sim::Instant t);
  void open(sim::NodeId n, sim::Instant t, sim::Instant planned_end);
  void announce(sim::NodeId n);
  void close(sim::NodeId n, sim::Instant t, bool cut_by_run_end);
  sim::Instant next_action(const Holder& f) const;
  void recompute_horizon();

  sim::Trace& trace_;
  ClockOf clock_of_;
  std::string_view name_;
  std::vector<Holder> holders_;  // indexed by NodeId
  std::vector<sim::NodeId> open_;    // holders with an open window
  PauseTracker pauses_;
  sim::Instant horizon_ = sim::Instant::never();
  sim::Symbol sym_name_;
};

}  // namespace leasesim::checkers
