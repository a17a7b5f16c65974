// What the Chubby cell keeps across a master failover: the replicated database (§2.9: the new
// master "builds in-memory data structures for sessions and locks that are recorded in the
// database"). Lease timeouts are not in it: the new master only knows a bound on them.
// A client keeps its last session number, so that after a restart it creates the next.
#pragma once

#include <cstdint>
#include <deque>
#include <map>

#include "sim/time.h"
#include "sim/trace.h"

namespace leasesim::chubby {

struct LockWaiter {
  sim::NodeId client;
  uint64_t session;
};

struct MasterStore {
  bool booted = false;        // a start after the first is a failover
  uint64_t master_epoch = 1;  // §2.9 step 1: each new master picks a new one
  std::map<sim::NodeId, uint64_t> sessions;  // the live session of each client; ordered: a failover extends in node order
  // The one lock: its holder, its generation (the sequencer) and its waiters in arrival order.
  // A waiting Acquire outlives a failover as if the client library re-sent it to the new master.
  bool held = false;
  LockWaiter holder{};
  int64_t generation = 0;
  std::deque<LockWaiter> waiters;
  sim::LocalTime free_at;  // lock-delay: not granted before this, on the master's clock
};

struct ClientStore {
  uint64_t last_session = 0;
};

}  // namespace leasesim::chubby
