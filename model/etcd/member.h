// An etcd member: a Raft replica with the lessor on top (server/etcdserver, server/lease).
//
// Two loops, as in etcd. The Raft core (raft's node.run: stepping messages, terms, votes, the
// log, forwarding proposals) reacts to messages at once; the ready loop (etcdserver's
// raftNode.start: ticks, persisting, sending what the core produced, applying committed
// entries, promoting or demoting the lessor) runs on timers. A `stall_timers` fault on a member
// is therefore a ready loop stuck in fdatasync (#15247, #12528): it still receives, steps down
// on a newer term and renews keepalives, but sends nothing, applies nothing and does not demote
// its lessor until the stall ends. The lessor's runLoop is an urgent timer, so at the end of a
// stall it runs before the ready loop catches up: its revokes leave before the demotion.
// A member's term, vote and log outlive a restart (MemberStore); its lessor is rebuilt from the
// log with every expiry forever until a promotion (lessor.go initAndRecover). Without
// checkpoint_persist, the checkpoints it had applied before its crash are not applied again (the
// backend holds each lease with its TTL only, and entries up to its consistent index are not
// re-applied): a restarted member has forgotten every remaining TTL (#17132).
// A leadership transfer (move_leader_at) follows etcd raft: the leader sends the transferee
// TimeoutNow once its log is up to date, drops every proposal meanwhile, and gives up after an
// election timeout of ticks.
#pragma once

#include <cstdint>
#include <cstddef>
#include <map>
#include <memory>
#include <vector>

#include "model/etcd/lessor.h"
#include "model/etcd/messages.h"
#include "model/etcd/params.h"
#include "sim/actor.h"

namespace leasesim::etcd {

struct MemberStore {
  bool booted = false;
  int64_t term = 0;
  sim::NodeId voted_for = sim::kNoNode;
  std::vector<Entry> log{Entry{}};  // log[0] is a sentinel: entries are 1-based
  int64_t backend_applied = 0;      // the last entry applied: what the member's backend holds after a crash
};

class Member final : public sim::Actor {
 public:
  // `members`: every member's node id in the order of `servers:`; the first one leads term 1
  // from 0 s (an election from scratch would only add a randomized second to every scenario).
  Member(sim::Context& ctx, const EtcdParams& params, MemberStore& store, std::vector<sim::NodeId> members);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  enum class Role { follower, candidate, leader };
  struct Held {  // a keepalive for an expired lease, waiting for its revoke (lessor.go Renew)
    uint64_t lease;
    int64_t request;
    sim::NodeId client;
    sim::NodeId reply_to;
  };

  // Raft core.
  int64_t last_index() const { return static_cast<int64_t>(store_.log.size()) - 1; }
  int64_t log_term(int64_t i) const { return i >= 0 && i <= last_index() ? store_.log[i].term : -1; }
  void observe_term(int64_t term);
  void become_follower(sim::NodeId leader);
  void become_leader();
  void campaign();
  void arm_election();
  void on_vote(const sim::Message& m);
  void on_vote_reply(const sim::Message& m);
  void on_append(const sim::Message& m);
  void on_append_reply(const sim::Message& m);
  void send_append(size_t peer);
  void advance_commit();
  void propose(EntryType type, int64_t a, int64_t b, int64_t c);
  void start_transfer(size_t to);
  void abort_transfer();
  bool transferring() const { return transferee_ < members_.size(); }

  // Ready loop.
  void queue(sim::NodeId to, sim::MessageKind kind, const sim::MessageBody& body,
             std::shared_ptr<const std::vector<int64_t>> attachment = nullptr);
  void want_ready();
  void ready();
  void apply(int64_t index);
  void update_lessor();
  void revoke_loop();

  // Lease RPCs.
  void renew(uint64_t lease, int64_t request, sim::NodeId client, sim::NodeId reply_to);
  void answer(uint64_t lease, int64_t request, sim::NodeId client, sim::NodeId reply_to, int64_t ttl_seconds);

  size_t quorum() const { return members_.size() / 2 + 1; }

  sim::Context& ctx_;
  const EtcdParams& params_;
  MemberStore& store_;
  std::vector<sim::NodeId> members_;
  size_t me_ = 0;  // my position in members_
  sim::Duration min_ttl_;

  Role role_ = Role::follower;
  sim::NodeId leader_ = sim::kNoNode;
  int64_t commit_ = 0;
  int64_t applied_ = 0;
  int64_t fresh_from_ = 1;        // entries from here were proposed by this incarnation (replies owed)
  int64_t term_start_ = 0;        // the index of this leader's noop entry
  size_t votes_ = 0;
  std::vector<int64_t> next_, match_;  // leader: per member
  bool replicate_ = false;             // leader: new entries to send at the next ready
  size_t transferee_ = SIZE_MAX;       // leader: the member it hands its leadership to (raft leadTransferee)
  int64_t transfer_ticks_ = 0;         // ticks since the transfer began (raft electionElapsed)
  int64_t recovered_upto_ = 0;         // entries up to here were in the backend when this incarnation started

  struct Out {
    sim::NodeId to;
    sim::MessageKind kind;
    sim::MessageBody body;
    std::shared_ptr<const std::vector<int64_t>> attachment;
  };
  std::vector<Out> outbox_;
  bool ready_pending_ = false;
  sim::TimerId election_timer_, heartbeat_timer_;

  Lessor lessor_;
  std::vector<Held> held_;

  // The lock prefix's keys by create revision, each with its lease (deleted with it), and the
  // clients waiting for every older key to go (concurrency waitDeletes, served from applied state).
  struct Key {
    sim::NodeId client;
    uint64_t lease;
  };
  struct Waiter {
    sim::NodeId client;
    int64_t revision;
  };
  std::map<int64_t, Key> keys_;
  std::vector<Waiter> waiters_;
  void answer_waiters();

  sim::Symbol sym_ready_, sym_heartbeat_, sym_election_, sym_lessor_;
  sim::Symbol sym_leader_, sym_follower_, sym_candidate_, sym_promoted_, sym_demoted_, sym_dropped_, sym_skipped_, sym_checkpoint_;
  sim::Symbol sym_move_, sym_transfer_, sym_transfer_aborted_, sym_transfer_dropped_;
};

}  // namespace leasesim::etcd
