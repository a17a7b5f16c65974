// The replicated group's parameters, described once for every protocol built on the session
// tracker's servers (session_tracker, membership_tracker): P is SessionTrackerParams or a
// struct deriving from it. Each protocol describes its own client-side fields before these.
#pragma once

#include <vector>

#include "leasesim/params.h"
#include "model/session_tracker/params.h"

namespace leasesim::session_tracker {

template <class P>
std::vector<Field<P>> group_fields() {
  using fields::DurationRule;
  return {
      fields::duration<P>("sync_interval", &P::sync_interval, DurationRule::period,
                          "how often the leader syncs its followers (each acks; the ack is how the leader knows the quorum)",
                          "a reading: ZooKeeper's leader pings learners every half tick"),
      fields::duration<P>("sync_timeout", &P::sync_timeout, DurationRule::positive,
                          "the owner's sync timeout: a follower that has not heard the leader for this long leaves the quorum, "
                          "stops answering heartbeats and drops its clients; until then it answers",
                          "the design discussion leaves it open; 5 s reads ZooKeeper's syncLimit x tickTime"),
      fields::duration<P>("leader_sync_timeout", &P::leader_sync_timeout, DurationRule::positive,
                          "the leader finds a follower off the quorum (its sessions orphans) after this long without an ack",
                          "a reading: ZooKeeper's leader drops a learner not synced within syncLimit ticks"),
      fields::duration<P>("revalidation_timeout", &P::revalidation_timeout, DurationRule::non_negative,
                          "the leader expires an orphan that no client revalidates within this long (counted from "
                          "revalidation_from)",
                          "the design discussion: \"within a certain time period after the session owner fell off the quorum\" "
                          "(no figure; 10 s, the session timeout)"),
      fields::choice<P, RevalidationFrom>(
          "revalidation_from", &P::revalidation_from,
          {{"owner_lost", RevalidationFrom::owner_lost}, {"last_heard", RevalidationFrom::last_heard}},
          "where the revalidation timeout is counted from: `owner_lost`: when the leader finds the owner off the "
          "quorum; `last_heard`: the owner's last ack (the orphan is expired no earlier than the loss is found)",
          "a reading of \"after the session owner fell off the quorum\""),
      fields::flag<P>("forward_heartbeats", &P::forward_heartbeats,
                      "the owner also forwards each heartbeat to the leader (not replicated); the leader then counts an "
                      "orphan's revalidation timeout from its last forwarded heartbeat if that is later",
                      "the design discussion's first proposal; its conclusion drops it (`false`)"),
      fields::flag<P>("leader_expires_orphans", &P::leader_expires_orphans,
                      "`false`: the leader never expires orphans, which live until their owner rejoins and expires them",
                      "the design discussion: \"if a server is not in the quorum, it can't expire the session\" (the "
                      "problem) and the orphan rule (the fix, `true`)"),
      fields::flag<P>("restart_keeps_log", &P::restart_keeps_log,
                      "a restarted server keeps its committed log (sessions, owners, configuration, group version) and "
                      "loses the rest (heartbeat times, pending proposals); `false`: it starts empty",
                      "the design discussion: \"only session creation/revalidation/expiration touches the disk, but "
                      "heartbeating doesn't\" (`true`); `false` is a server without a disk"),
      fields::choice<P, RestartCountsFrom>(
          "restart_counts_from", &P::restart_counts_from,
          {{"restart", RestartCountsFrom::restart}, {"last_written", RestartCountsFrom::last_written}},
          "what a restarted owner counts the timeout of each session it owns from: `restart`: its restart (a full "
          "timeout before it expires a session it has not heard since); `last_written`: the session's last committed "
          "create or move, the last instant on its disk",
          "a reading: heartbeats are not on disk (the design discussion), so the restarted owner does not know them"),
  };
}

}  // namespace leasesim::session_tracker
