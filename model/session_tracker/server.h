// A server of the session-tracking group. Every server keeps the replicated session table
// (owner and open/closed of each session), applied from committed txns in zxid order; the
// first server listed is the leader for the whole run (no election yet), which proposes txns,
// commits them on a quorum of acks, syncs its followers and tracks which of them are in the
// quorum. A session's owner alone sees its heartbeats (never replicated) and expires it through
// a committed close; the leader expires the orphans of an owner that fell off the quorum unless
// a client revalidates them in time. A server outside the quorum commits and expires nothing.
// The membership tracker (model/membership_tracker/) runs these same servers with
// `Group::membership` set: each committed change of the member list or of the configuration
// bumps the group version, answers carry it, and members read the group (Get) and admins
// configure it (PutConfig). What a server keeps on disk (its Disk) outlives a restart.
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
  // A client's own session timeout (the membership tracker's `PUT ?timeout=`), by node id;
  // absent or zero: the protocol's session_timeout. It is the same in every server's copy, as
  // a timeout committed with the create would be.
  std::vector<sim::Duration> timeouts;
  bool membership = false;  // the membership tracker's versions, reads and configuration
  size_t quorum() const { return servers.size() / 2 + 1; }
  sim::Duration timeout_of(NodeId client, sim::Duration otherwise) const {
    return client < timeouts.size() && timeouts[client].ns > 0 ? timeouts[client] : otherwise;
  }
};

using Key = std::pair<NodeId, uint64_t>;  // client, epoch
struct Entry {
  NodeId owner = sim::kNoNode;
  bool open = true;
  LocalTime written;  // the owner's clock when the create or move was applied here
};

// What a server keeps on disk: the committed log and what it applied from it. A restart keeps
// it (restart_keeps_log) or clears it; heartbeat times are never on it.
struct Disk {
  std::map<Key, Entry> table;
  std::vector<Txn> log;  // committed txns in zxid order (zxid = index + 1)
  std::map<NodeId, int64_t> configs;  // member (kNoNode: the group) -> its configuration
  int64_t version = -1;  // the group version: one more per committed change; the first is 0
  bool restarted = false;  // set before a restart; the server clears it when it starts
};

class Server final : public sim::Actor {
 public:
  Server(sim::Context& ctx, const SessionTrackerParams& params, const Group& group, Disk& disk);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
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
  void start_owning(const Key& k, LocalTime heard);
  void stop_owning(const Key& k);
  void expiry_due(const Key& k);
  void on_client(const sim::Message& m);
  void on_sync(uint64_t leader_zxid);
  void resume_if_caught_up();
  void sync_timed_out();
  void leave_quorum();
  void send_request(TxnType type, NodeId client, uint64_t epoch);
  sim::Symbol session_symbol(const Key& k);
  sim::Duration timeout_of(NodeId client) const { return group_.timeout_of(client, params_.session_timeout); }
  void restarted();

  // The membership tracker's group version, reads and configuration.
  void changed(const Txn& t);
  void answer_get(const sim::Message& m);
  int64_t version_or_zero() const { return group_.membership ? disk_.version : 0; }
  std::string view_text() const;
  void answer_configured(NodeId member);

  sim::Context& ctx_;
  const SessionTrackerParams params_;
  const Group& group_;
  static constexpr uint64_t kNoResume = UINT64_MAX;
  bool in_quorum_ = true;
  uint64_t resume_at_ = kNoResume;  // rejoined: resume owning once this zxid is applied
  LocalTime last_sync_;
  sim::TimerId sync_timer_;
  Disk& disk_;
  std::map<Key, Entry>& table_;         // the replicated state, as applied here (on disk)
  std::vector<Txn>& log_;               // committed txns in zxid order (on disk)
  bool resume_from_disk_ = false;       // restarted: the next resume counts per restart_counts_from
  std::map<Key, Owned> owned_;
  std::map<uint64_t, Pending> pending_;  // leader: by zxid
  uint64_t next_zxid_ = 1;               // leader: the next proposal's
  std::map<NodeId, Follower> followers_;  // leader
  std::map<uint64_t, Key> orphan_timers_;  // leader: timer tag -> session
  std::map<Key, sim::TimerId> orphan_ids_;
  std::map<Key, LocalTime> touched_;      // leader: last forwarded heartbeat
  uint64_t next_tag_ = 16;
  std::map<uint64_t, Key> expiry_tags_;
  std::vector<std::pair<NodeId, NodeId>> config_waiters_;  // member configured -> the admin awaiting it
};

}  // namespace leasesim::session_tracker

namespace leasesim::session_tracker {

// A restart of `node` (a deployment's before_restart): a server keeps its disk, or loses it
// when keeps_log is false, and learns at its start that it restarted. Other nodes keep nothing.
inline void restart_disk(const Group& group, std::vector<Disk>& disks, bool keeps_log, NodeId node) {
  for (size_t i = 0; i < group.servers.size(); ++i) {
    if (group.servers[i] != node) continue;
    if (!keeps_log) disks[i] = Disk{};
    disks[i].restarted = true;
  }
}

}  // namespace leasesim::session_tracker
