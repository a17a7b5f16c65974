// Parameters of the Raft leader-lease model (`kind: raft_lease`). Scenario keys under
// `protocol:` are these field names; protocol.cpp describes each once, with its source.
// Defaults follow etcd (100 ms tick, 10-tick election timeout randomised in [ET, 2ET),
// heartbeat every tick, CheckQuorum and PreVote on) with the lease of sofa-jraft's fix.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace leasesim::raft_lease {

using sim::Duration;

// How long a leader believes it may serve reads locally.
enum class LeaseMode {
  quorum_ack,  // from the send time of the newest heartbeat a quorum acknowledged, for lease - max_clock_drift
  leader,      // for as long as it leads, until its step-down check fails (sofa-jraft before PR #34, hashicorp/raft)
};

// What a follower's election timer is counted from.
enum class ElectionTimer {
  reset,      // restarted by each message from the leader (etcd, raft-rs, hashicorp/raft)
  repeating,  // fires every timeout from the node's start and checks the leader's last contact (sofa-jraft RepeatedTimer)
};

// What a restarted server makes of the lease it last extended before its crash.
enum class RestartLease {
  forget,           // nothing: the lease lives in memory (etcd, TiKV, sofa-jraft)
  restore,          // it believes the persisted lease end again, read on its own clock (CockroachDB before PR #23122)
  restore_guarded,  // it serves nothing until its clock has passed the persisted lease end (PR #23122)
};

struct RaftParams {
  Duration election_timeout = Duration::seconds(1);  // etcd --election-timeout 1000 ms
  Duration election_jitter = Duration::seconds(1);   // randomised timeout in [ET, ET + jitter): etcd [ET, 2ET)
  Duration heartbeat_interval = Duration::millis(100);
  // 0: timers run on the node's clock exactly; > 0: every timer counts ticks of this length
  // (etcd raft's Tick, TiKV raft-base-tick-interval), each node ticking from its phase.
  Duration tick = Duration{0};
  std::vector<Duration> timer_phases;  // per server, in the order of `servers`; missing: 0
  ElectionTimer election_timer = ElectionTimer::reset;
  bool check_quorum = true;  // a follower that heard from a leader within ET ignores (pre-)votes
  bool pre_vote = true;
  // The leader's step-down check: every `step_down_every` (0: never) it counts the peers whose
  // newest acknowledged message was sent within `step_down_window`, and steps down without a quorum.
  Duration step_down_every = Duration::seconds(1);
  Duration step_down_window = Duration::seconds(1);
  LeaseMode lease_mode = LeaseMode::quorum_ack;
  Duration lease = Duration::millis(900);  // sofa-jraft leaderLeaseTimeRatio 90% of ET
  Duration max_clock_drift = Duration{0};
  // A new leader serves (reads, and counts as leader) only this long after its election
  // (hashicorp/raft #108's proposal: wait LeaderLeaseTimeout at the start of the term).
  Duration new_leader_wait = Duration{0};
  RestartLease restart_lease = RestartLease::forget;
  bool first_campaigns = true;  // the first of `servers` campaigns at its start (raft.Node.Campaign)
};

}  // namespace leasesim::raft_lease
