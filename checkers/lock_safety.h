// lock_safety: no two nodes may believe they hold the same lock at once (the ZooKeeper lock
// recipe on an ephemeral node; Curator TN10, Kleppmann's fencing-token argument).
//
// Belief comes from lock_held / lock_released (and a crash ends it). When a node comes to
// believe it holds a lock that another still believes it holds, a window opens for the pair,
// reported against the earlier holder (whose belief is the stale one) with the newer as
// `other`; it closes when either lets go. Both ends are events, so windows are exact, and each
// carries the part during which the stale holder was paused.
#pragma once

#include <map>
#include <vector>

#include "checkers/checker.h"
#include "checkers/pause_tracker.h"

namespace leasesim::checkers {

class LockSafetyChecker final : public Checker {
 public:
  // `name`: the invariant as the protocol calls it (a session with two owners is a lock held
  // twice). REQUIRES: static storage (windows keep a view of it).
  explicit LockSafetyChecker(sim::Trace& trace, std::string_view name = "lock_safety");

  std::string_view name() const override { return name_; }
  void on_event(const sim::TraceEvent& e) override;
  sim::KindSet kinds() const override;
  sim::Instant horizon() const override;
  void advance_to(sim::Instant t) override;
  void finish(sim::Instant end) override;

 private:
  struct Holder {
    sim::NodeId node;
    uint64_t session;
  };
  struct Window {
    sim::Symbol lock;
    Holder stale;
    Holder newer;
    sim::Instant start;
    bool announced = false;  // violation_start traced: only once time has moved past start
  };
  void release(sim::Symbol lock, sim::NodeId node, sim::Instant t);
  void close(const Window& w, sim::Instant t, bool cut_by_run_end);
  void announce(Window& w);

  sim::Trace& trace_;
  std::string_view name_;
  std::map<sim::Symbol, std::vector<Holder>> holders_;  // in the order they came to hold it
  std::vector<Window> open_;
  PauseTracker pauses_;
  sim::Symbol sym_name_;
};

}  // namespace leasesim::checkers
