// A ZooKeeper server (zookeeper-server, release-3.9.5). One server alone is a standalone
// ensemble; with more, one leads and the others follow.
//
// Sessions. Only the leader tracks expiry (LeaderSessionTracker): an ExpiryQueue on its own
// millisecond clock. Every packet of a session is a touch with the connection's negotiated
// timeout, connection attempts included (revalidateSession); a closing session accepts no
// touches, and a request whose touch fails is dropped without a reply. The expirer wakes at
// each bucket boundary, marks the bucket's sessions closing (the moment the session is expired,
// lease_expired in the trace) and closes them: their ephemeral nodes are deleted, watchers are
// notified, the connection is closed. After a hold it drains every overdue bucket before any
// queued request is read (its timer is urgent). A follower records touches and hands them to
// the leader in its reply to the leader's ping, every tickTime/2; the leader touches them at
// its own time. A client may connect to any serving server: a new session is created by the
// leader, an existing one revalidated by it (a touch with the newly negotiated timeout; an
// unknown or closing session gets timeout 0 and the connection is closed).
//
// Roles. Committed changes go to every follower (Commit, applied on arrival; proposals and
// acknowledgements are not modelled). A follower that hears nothing from its leader for
// sync_limit ticks stops serving and looks for a leader; so does a leader that hears from no
// quorum for as long. A looking server votes; after election_time it follows a leader some
// server already follows, or, with a quorum of servers heard, the one with the highest myid
// leads (Fast Leader Election with equal logs). A new leader re-tracks every committed session
// with a full timeout from that moment. A server that stops serving closes its connections.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "model/zookeeper/expiry_queue.h"
#include "model/zookeeper/messages.h"
#include "model/zookeeper/params.h"
#include "model/zookeeper/replica.h"
#include "sim/actor.h"

namespace leasesim::zookeeper {

class Server final : public sim::Actor {
 public:
  // `servers[i]` has myid i + 1; `leading_at_start` starts it as the ensemble's leader and the
  // others as its followers, as if the ensemble had formed before the run.
  Server(sim::Context& ctx, const ZooKeeperParams& params, std::vector<sim::NodeId> servers, size_t index,
         bool leading_at_start, Replica& disk);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;
  void on_connection_lost(sim::NodeId peer) override;

 private:
  enum class Role { looking, following, leading };
  enum TimerTag : uint64_t { kExpirer, kPingFollowers, kLeaderSilent, kQuorumCheck, kElection };
  struct Connection {
    uint64_t session = 0;  // 0 while the handshake is pending
    int64_t timeout_ms = 0;
    int64_t id = 0;        // the client's number for it
  };
  struct Tracked {
    int64_t timeout_ms = 0;
    sim::NodeId client = sim::kNoNode;
    bool closing = false;
  };

  // time
  int64_t now_ms() const { return ctx_.now().ns / 1'000'000; }  // Time.currentElapsedTime()
  sim::LocalTime at_ms(int64_t ms) const { return sim::LocalTime{ms * 1'000'000}; }
  bool serving() const { return role_ != Role::looking; }
  sim::NodeId leader_node() const { return servers_[static_cast<size_t>(leader_myid_ - 1)]; }
  int64_t quorum() const { return static_cast<int64_t>(servers_.size()) / 2 + 1; }

  // client requests
  void on_connect(sim::NodeId client, uint64_t session, int64_t requested_ms, int64_t conn);
  void finish_connect(sim::NodeId client, uint64_t session, int64_t timeout_ms, int64_t conn);
  bool touch(uint64_t session, int64_t timeout_ms);  // the local view: leader tracks, follower records
  // To a connected client, on its current connection; nothing if it has none here.
  void reply_to(sim::NodeId client, Kind kind, int64_t a, int64_t b = 0, int64_t c = 0);
  int64_t lock_status(sim::Symbol path, uint64_t session) const;
  void close_connection(sim::NodeId client);

  // leader
  uint64_t leader_connect(sim::NodeId client, uint64_t session, int64_t timeout_ms);
  bool leader_touch(uint64_t session, int64_t timeout_ms);
  bool leader_create(sim::Symbol path, uint64_t owner);
  void drain_expired();
  void arm_expirer();
  void broadcast_commit(Txn txn, int64_t a, int64_t b, int64_t c);

  // every server
  void apply_create_session(uint64_t session, int64_t timeout_ms, sim::NodeId client);
  void apply_close_session(uint64_t session);
  void apply_create_node(sim::Symbol path, uint64_t owner);

  // roles
  void lead();
  void follow(int64_t leader_myid);
  void look();
  void stop_serving();
  void on_vote(sim::NodeId from, int64_t sender_myid, bool sender_leads, int64_t sender_follows);
  void decide_election();
  void enter(Role r);

  sim::Context& ctx_;
  ZooKeeperParams params_;
  std::vector<sim::NodeId> servers_;
  int64_t myid_;
  bool leading_at_start_;
  Replica& disk_;  // the committed state, which survives a crash
  Role role_ = Role::looking;
  int64_t leader_myid_ = 0;
  std::map<sim::NodeId, Connection> connections_;
  std::map<sim::Symbol, std::set<sim::NodeId>> watches_;  // path -> local clients (one-shot)
  // leader
  std::optional<ExpiryQueue> queue_;
  std::map<uint64_t, Tracked> tracked_;
  sim::TimerId expirer_;
  sim::TimerId ping_timer_;
  sim::TimerId quorum_timer_;
  std::map<sim::NodeId, int64_t> follower_heard_ms_;
  // follower
  std::map<uint64_t, int64_t> touch_table_;  // session -> timeout ms (LearnerSessionTracker)
  sim::TimerId leader_silent_;
  // looking
  std::set<int64_t> heard_myids_;
  int64_t known_leader_myid_ = 0;
  sim::TimerId election_timer_;
  sim::Symbol sym_expirer_, sym_ping_, sym_silent_, sym_quorum_, sym_election_;
  sim::Symbol sym_role_[3];
};

}  // namespace leasesim::zookeeper
