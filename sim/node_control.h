// A node as a fault injector acts on it: the node faults' mechanics, each applied at its
// scheduler's now(). The simulated node (sim/node.h) implements them inside the runtime its actor
// runs in; a second runtime can implement them on a real process (SIGSTOP and SIGCONT, kill and
// exec, a faked clock). Their semantics are sim/node.h's.
#pragma once

#include <cstdint>

#include "sim/message.h"
#include "sim/time.h"

namespace leasesim::sim {

class NodeControl {
 public:
  // Started and not crashed since.
  virtual bool up() const = 0;

  // Stalls and pauses nest: the node runs again when the last one ends.
  // REQUIRES for each end: a matching begin.
  virtual void begin_stall() = 0;
  virtual void end_stall() = 0;
  virtual void begin_pause(bool clock_stops) = 0;
  virtual void end_pause(bool clock_stops) = 0;
  // A new rate (billionths) from now on; a step of the clock's reading.
  virtual void set_drift(int64_t drift_ppb) = 0;
  virtual void jump_clock(Duration step) = 0;
  // REQUIRES: up(). Its timers, waiting work and actor are gone.
  virtual void crash() = 0;
  // REQUIRES: !up(). A fresh actor from the one it booted with, started at once.
  virtual void restart() = 0;
  // The node's connection to `peer` broke (see Actor::on_connection_lost); waits out a pause.
  virtual void connection_lost(NodeId peer) = 0;

 protected:
  ~NodeControl() = default;
};

}  // namespace leasesim::sim
