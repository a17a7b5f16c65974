// One Raft server of the leader-lease model (etcd raft's raft.go, modelled without a log):
//  - follower: an election timer, randomised in [ET, ET + jitter) at each role change (etcd
//    resetRandomizedElectionTimeout); `reset` restarts it at each message from the leader,
//    `repeating` fires every timeout and campaigns only when the leader was not heard within
//    ET (sofa-jraft handleElectionTimeout); with `tick` > 0 it counts ticks (etcd tickElection);
//  - campaign: PreVote for term + 1 when pre_vote is on, then Vote; a server that heard from a
//    leader within ET ignores both when check_quorum is on (etcd's inLease), as a leader does;
//  - leader: heartbeats every heartbeat_interval; every step_down_every it counts the peers whose
//    newest acknowledged heartbeat was sent within step_down_window and steps down without a
//    quorum (etcd CheckQuorum, sofa-jraft stepDownTimer, hashicorp checkLeaderLease);
//  - lease: `quorum_ack` believes (lease_believed) until the send time of the newest heartbeat a
//    quorum acknowledged + lease - max_clock_drift on its own clock; `leader` believes while it
//    leads. It counts as leader (lock_held "leader") from new_leader_wait after its election;
//  - restart: term and vote are on disk, and so is the lease end, which restart_lease may
//    believe again (a CockroachDB-style epoch lease) or wait out.
#pragma once

#include <limits>
#include <vector>

#include "model/raft_lease/messages.h"
#include "model/raft_lease/params.h"
#include "sim/actor.h"

namespace leasesim::raft_lease {

class RaftServer final : public sim::Actor {
 public:
  RaftServer(sim::Context& ctx, const RaftParams& params, Persistent& disk, std::vector<sim::NodeId> peers,
             Duration phase, bool first);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  enum class Role { follower, pre_candidate, candidate, leader };
  void on_tick();
  void on_election_timer();
  void arm_election_timer(sim::LocalTime from);
  void reset_election();
  bool in_lease() const;
  void campaign();
  void become_candidate();
  void become_follower(uint64_t term, sim::NodeId lead);
  void become_leader();
  void start_serving();
  void send_heartbeats();
  void check_quorum();
  void count_vote(sim::NodeId from, bool granted);
  void on_vote_request(const sim::Message& m, bool pre);
  void on_heartbeat(const sim::Message& m);
  void on_heartbeat_reply(const sim::Message& m);
  void extend_lease();
  void restore_lease();
  void drop_restored(uint64_t newer_term);
  size_t quorum() const { return (peers_.size() + 1) / 2 + 1; }
  size_t index_of(sim::NodeId n) const;

  sim::Context& ctx_;
  const RaftParams& params_;
  Persistent& disk_;
  std::vector<sim::NodeId> peers_;  // the other servers
  Duration phase_;
  bool first_;

  Role role_ = Role::follower;
  sim::NodeId lead_ = sim::kNoNode;
  sim::LocalTime heard_;          // when lead_ was last heard from (untimed mode)
  int64_t elapsed_ = 0;           // tick mode: ticks since the leader was heard, or since the last check
  int64_t heartbeat_elapsed_ = 0;  // tick mode, leader: ticks since the last heartbeat
  Duration timeout_;              // this term's randomised election timeout
  std::vector<bool> votes_;       // per peer, in a campaign
  std::vector<sim::LocalTime> acked_;  // per peer: the send time of its newest acknowledged heartbeat
  sim::LocalTime lease_end_;
  bool serving_ = false;
  bool restored_ = false;        // believing the lease persisted before a restart (restart_lease: restore)
  sim::LocalTime guard_until_{std::numeric_limits<int64_t>::min()};  // restore_guarded: serve nothing before the clock reads this
  sim::TimerId election_timer_, heartbeat_timer_, check_timer_, serve_timer_;
  sim::Symbol sym_tick_, sym_election_, sym_heartbeat_, sym_check_, sym_serve_, sym_leader_, sym_pre_, sym_campaign_,
      sym_elected_, sym_serving_, sym_step_down_, sym_follower_;
};

}  // namespace leasesim::raft_lease
