// Parameters of the HTTP group membership tracker (`kind: membership_tracker`), the design
// discussion's "simple HTTP-based group membership tracker" on top of its session tracker: a
// member is a session (PUT joins, HEAD heartbeats, GET reads, silence leaves), so the
// replicated group's parameters are the session tracker's (SessionTrackerParams, described
// once in model/session_tracker/fields.h) and these are the members' and admins' own. The
// discussion gives the default timeout (10 s) and the workflow's 20 s; the rest are readings.
#pragma once

#include <vector>

#include "model/session_tracker/params.h"

namespace leasesim::membership_tracker {

using sim::Duration;

// How long a member believes it is in the group (by its own clock).
enum class MemberBelief {
  until_timeout,  // until its last answered heartbeat's (or join's) send time + its timeout - belief_margin
  until_told,     // until a tracker answers that it was removed (no end of its own)
};

struct MembershipParams : session_tracker::SessionTrackerParams {
  // Inherited: session_timeout is the default timeout of a join without `?timeout=` (the
  // discussion: "say the default session timeout is 10 seconds"); heartbeat_interval how often
  // a member sends HEAD; connection_timeout how long a member waits for any answer before it
  // PUTs again at the next tracker.

  // Each member's `?timeout=`, by its position in `group_members`; absent or 0: session_timeout.
  std::vector<Duration> timeouts;
  // When each member first PUTs, by its position in `group_members`; absent: at 0.
  std::vector<Duration> join_at;
  // The tracker every member PUTs to first (1: the first listed, the leader), then the next.
  int64_t join_tracker = 1;
  MemberBelief member_belief = MemberBelief::until_timeout;
  // A member believes until its heartbeat's send time + timeout minus this (room for its
  // clock running slow against the trackers').
  Duration belief_margin = Duration::seconds(0);
  // When each admin PUTs a configuration for every member, in order, then the group's.
  Duration configure_at = Duration::seconds(1);
  // change_notice reports a member that learns of a committed change later than its heartbeat
  // interval plus this after the change.
  Duration notice_grace = Duration::millis(10);
};

}  // namespace leasesim::membership_tracker
