// Parameters of decentralised session tracking (`kind: session_tracker`), the design discussion
// of a session tracker on a zab-like replicated group (a leader, followers, quorum commit).
// The discussion is a design, not a released system: it gives a 10 s default session timeout
// and nothing else in figures, so every figure below is a reading, and every choice it leaves
// open is a named parameter. Scenario keys under `protocol:` are these field names.
#pragma once

#include "sim/time.h"

namespace leasesim::session_tracker {

using sim::Duration;

// Where the leader counts an orphan's revalidation timeout from. The discussion: "expire the
// sessions if the clients don't revalidate them within a certain time period after the session
// owner fell off the quorum". When an owner "fell off" is the reading:
enum class RevalidationFrom {
  owner_lost,  // when the leader finds the owner off the quorum (its last ack + leader_sync_timeout)
  last_heard,  // the owner's last ack to the leader (the last instant it was known in the quorum)
};

// What a restarted owner counts a session's timeout from. Heartbeats are not on disk ("only
// session creation/revalidation/expiration touches the disk, but heartbeating doesn't"), so a
// restarted server knows of each session it owns only when its create or move committed:
enum class RestartCountsFrom {
  restart,       // its own restart: a full timeout before it may expire a session it has not heard since
  last_written,  // the session's last committed create or move (the last instant on disk)
};

struct SessionTrackerParams {
  // The owner expires a session after this long without a heartbeat, through a committed close.
  // The discussion's HTTP tracker: "say the default session timeout is 10 seconds".
  Duration session_timeout = Duration::seconds(10);
  // How often a client sends a heartbeat to its session's owner. A reading: a third of the
  // session timeout, rounded down to whole seconds, as ZooKeeper clients ping at a third.
  Duration heartbeat_interval = Duration::seconds(3);
  // A client that has had no answer from its server for this long drops its connection and
  // revalidates elsewhere. A reading: half the session timeout, so it moves well before its
  // owner would expire it (ZooKeeper's C client uses two thirds).
  Duration connection_timeout = Duration::seconds(5);
  // How often the leader syncs its followers (a ping that carries its last committed txn).
  // A reading: ZooKeeper pings learners every half tick; 1 s keeps the arithmetic round.
  Duration sync_interval = Duration::seconds(1);
  // The owner's sync timeout: a follower that has not heard the leader for this long is outside
  // the quorum: it stops answering heartbeats and drops its clients (ZooKeeper: syncLimit x
  // tickTime on the follower's socket). Until then it keeps answering: the discussion's danger.
  Duration sync_timeout = Duration::seconds(5);
  // The leader finds a follower off the quorum when it has had no ack from it for this long
  // (ZooKeeper's leader: a learner not synced within syncLimit ticks). A reading: the same 5 s.
  Duration leader_sync_timeout = Duration::seconds(5);
  // The leader expires an orphan (a session whose owner fell off the quorum) that no client has
  // revalidated within this long. The discussion gives no figure; 10 s, the session timeout.
  Duration revalidation_timeout = Duration::seconds(10);
  RevalidationFrom revalidation_from = RevalidationFrom::owner_lost;
  // The discussion's first proposal: the owner also forwards each heartbeat to the leader (not
  // replicated), so the leader counts an orphan's revalidation timeout from the later of
  // revalidation_from and the session's last forwarded heartbeat. Its conclusion: false.
  bool forward_heartbeats = false;
  // Whether the leader expires orphans at all. false: the design before the discussion's fix
  // ("if a server is not in the quorum, it can't expire the session even if the client stops
  // sending heartbeat"): an orphan lives until its owner rejoins and expires it.
  bool leader_expires_orphans = true;
  // A restarted server keeps its committed log (sessions, owners, configuration, the group
  // version): the discussion's "creation/revalidation/expiration touches the disk". false: it
  // starts empty, as a process without a disk would.
  bool restart_keeps_log = true;
  RestartCountsFrom restart_counts_from = RestartCountsFrom::restart;
};

}  // namespace leasesim::session_tracker
