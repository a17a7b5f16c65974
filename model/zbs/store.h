// What ZBS nodes keep across a crash (the `restart` fault).
//
// The master persists each session as it was registered: the follower, its epoch and the
// deadline of the registration grant. Renewals live in memory only, as ZooKeeper never logs a
// session touch (an open question of the ZBS-13135 notes; apache/zookeeper SessionTrackerImpl
// keeps sessionsWithTimeout, not deadlines); with persisted_deadline: every_grant (params.h)
// each grant rewrites the deadline instead. After a restart the master re-tracks them by policy:
//   recompute: a fresh full lease from the restart (what ZooKeeper does);
//   keep:      the persisted deadline (YAML `continue`): with `registration`, renewals made
//              since registration are lost, so a follower renewed since then can outlive it;
//   forget:    none; every persisted session is expired at the restart.
// A follower persists only its last epoch, so that after a restart it registers a new session.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "sim/time.h"
#include "sim/trace.h"

namespace leasesim::zbs {

enum class RestartSessions { recompute, keep, forget };

struct PersistedSession {
  uint64_t epoch = 0;
  int64_t token = 0;  // its fencing token
  sim::LocalTime deadline;  // of the registration (or latest) grant, on the master's clock
};

struct MasterStore {
  std::map<sim::NodeId, PersistedSession> sessions;  // ordered: restarts re-track in node order
  // Set by the restart fault before the master starts again; empty on the first boot.
  std::optional<RestartSessions> restart_policy;
  // Fencing tokens handed out so far: each registration takes the next, and so does the
  // master's own fencing write when it expires a session (a resource then refuses older ones).
  int64_t generation = 0;
};

struct FollowerStore {
  uint64_t last_epoch = 0;
};

}  // namespace leasesim::zbs
