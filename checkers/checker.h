// What every checker is: a trace sink that reports violation windows. A window may end at an
// instant where nothing happens (a belief running out), so a checker names the next such
// instant (its horizon) and is told when virtual time reaches it, before any later event.
#pragma once

#include <string_view>
#include <vector>

#include "sim/time.h"
#include "sim/trace.h"

namespace leasesim::checkers {

struct Violation {
  std::string_view checker;  // the invariant, e.g. "lease_safety"
  sim::NodeId node = sim::kNoNode;  // whose belief is wrong
  uint64_t epoch = 0;               // of node's lease or session
  sim::NodeId other = sim::kNoNode;  // lock_safety: the rightful holder
  sim::Symbol lock = 0;              // lock_safety: which lock
  sim::Instant start;
  sim::Instant end;           // exclusive
  sim::Duration paused;       // the part of [start, end) during which `node` was paused
  bool cut_by_run_end = false;  // still open when the run ended; `end` is the run's end
  sim::Duration length() const { return end - start; }
};

class HorizonListener {
 public:
  virtual void horizon_moved() = 0;

 protected:
  ~HorizonListener() = default;
};

class Checker : public sim::TraceSink {
 public:
  virtual ~Checker() = default;
  virtual std::string_view name() const = 0;
  // A liveness checker's windows are reports (something that should have happened did not),
  // not safety violations: they do not make a run's verdict `violated`.
  virtual bool liveness() const { return false; }

  // The earliest instant at which a window of this checker may open or close with no event
  // there. It may be early (session_liveness's entries left behind: due_heap.h): advance_to
  // then changes nothing.
  virtual sim::Instant horizon() const { return sim::Instant::never(); }
  // Virtual time has reached `t` (t >= horizon()); open and close what did by then.
  virtual void advance_to(sim::Instant /*t*/) {}
  // The run ended at `end`: close every window, marking those cut short.
  virtual void finish(sim::Instant end) = 0;

  const std::vector<Violation>& violations() const { return violations_; }
  void set_horizon_listener(HorizonListener* l) { listener_ = l; }

 protected:
  void horizon_moved() {
    if (listener_ != nullptr) listener_->horizon_moved();
  }
  std::vector<Violation> violations_;

 private:
  HorizonListener* listener_ = nullptr;
};

}  // namespace leasesim::checkers
