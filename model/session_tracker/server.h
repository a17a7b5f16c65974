// A server of the session-tracking group. Every server keeps the replicated session table
// (owner and open/closed of each session), applied from committed txns in zxid order; the
// first server listed is the leader for the whole run (no election yet), which proposes txns,
// commits them on a quorum of acks, syncs its followers and tracks which of them are in the
// quorum. A session's owner alone sees its heartbeats (never replicated) and expires it through
// a committed close; the leader expires the orphans of an owner that fell off the quorum unless
// a client revalidates them in time. A server outside the quorum commits and expires nothing.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/session_tracker/messages.h"
#include "model/session_tracker/params.h"
#include "sim/actor.h"

namespace leasesim::session_tracker {

using sim::LocalTime;
using sim::NodeId;

struct Group {
  std::vector<NodeId> servers;  // servers[0] is the leader
  std::vector<std::string> client_names;  // by node id (empty for servers)
  size_t quorum() const { return servers.size() / 2 + 1; }
};

class Server final : public sim::Actor {
 public:
  Server(sim::Context& ctx, const SessionTrackerParams& params, const Group& group);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  using Key = std::pair<NodeId, uint64_t>;  // client, epoch
  struct Entry {
    NodeId owner = sim::kNoNode;
    bool open = true;
  };
  struct Owned {  // a session this server owns and answers
    LocalTime last_heartbeat;
    sim::TimerId expiry;
  };
  struct Pending {  // the leader's proposal awaiting a quorum
    Txn txn;
    std::set<NodeId> acked;  // followers that acked it (the leader's own vote is implied)
  };
  struct Follower {  // the leader's view of one follower
    LocalTime last_ack;
    bool lost = false;
    sim::TimerId loss_timer;
  };

  bool leader() const { return ctx_.self() == group_.servers[0]; }
  NodeId leader_id() const { return group_.servers[0]; }

  // Leader.
  void sync_round();
  void on_request(const sim::Message& m);
  void propose(TxnType type, NodeId client, uint64_t epoch, NodeId owner);
  void on_ack(NodeId from, uint64_t zxid);
  void on_sync_ack(NodeId from, uint64_t applied, uint64_t synced);
  void check_follower(NodeId f);
  void arm_orphan(const Key& k, LocalTime deadline);
  void orphan_due(uint64_t tag);
  void on_touch(const Key& k);

  // Every server.
  void apply(const Txn& t);
  void start_owning(const Key& k);
  void stop_owning(const Key& k);
  void expiry_due(const Key& k);
  void on_client(const sim::Message& m);
  void on_sync(uint64_t leader_zxid);
  void resume_if_caught_up();
  void sync_timed_out();
  void leave_quorum();
  void send_request(TxnType type, NodeId client, uint64_t epoch);
  sim::Symbol session_symbol(const Key& k);

  sim::Context& ctx_;
  const SessionTrackerParams params_;
  const Group& group_;
  static constexpr uint64_t kNoResume = UINT64_MAX;
  bool in_quorum_ = true;
  uint64_t resume_at_ = kNoResume;  // rejoined: resume owning once this zxid is applied
  LocalTime last_sync_;
  sim::TimerId sync_timer_;
  std::map<Key, Entry> table_;          // the replicated state, as applied here
  std::vector<Txn> log_;                // committed txns in zxid order (zxid = index + 1)
  std::map<Key, Owned> owned_;
  std::map<uint64_t, Pending> pending_;  // leader: by zxid
  uint64_t next_zxid_ = 1;               // leader: the next proposal's
  std::map<NodeId, Follower> followers_;  // leader
  std::map<uint64_t, Key> orphan_timers_;  // leader: timer tag -> session
  std::map<Key, sim::TimerId> orphan_ids_;
  std::map<Key, LocalTime> touched_;      // leader: last forwarded heartbeat
  uint64_t next_tag_ = 16;
  std::map<uint64_t, Key> expiry_tags_;
};

}  // namespace leasesim::session_tracker
