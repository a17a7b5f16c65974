// A ZooKeeper server (zookeeper-server, release-3.8). One server alone is a standalone ensemble
// (its own quorum); with more, one leads and the others follow, and nothing is committed
// without a quorum.
//
// Writes are proposals. Creating a session, creating an ephemeral node (or failing to) and
// closing a session are transactions: the leader logs each one and sends it to its learners;
// each logs it (log_sync) and acknowledges; once a quorum (the leader included) has logged it,
// the leader commits it, in zxid order, and tells the learners. A server applies a committed
// transaction to its state (the Replica, on disk); the server holding the requester's
// connection then answers it (ConnectResponse, CreateReply). A server cut off from a quorum
// commits nothing: a leader isolated with a minority can expire nobody and hand nothing over.
//
// Sessions. Only the leader tracks expiry (LeaderSessionTracker): an ExpiryQueue on its own
// millisecond clock. Every packet of a session is a touch with the connection's negotiated
// timeout, connection attempts included (revalidateSession: a touch at the leader, no proposal;
// a follower asks the leader, REVALIDATE); a closing session accepts no touches. The expirer
// wakes at each bucket boundary and marks the bucket's sessions closing (a `state` "session
// closing" on the leader, at the instant ZooKeeper logs "Expiring session") and proposes their
// close; when the close commits the session is expired (lease_expired on the leader), its
// ephemerals are deleted, watchers notified and its connections closed, on every server. After
// a hold the expirer drains every overdue bucket before any queued request is read (its timer
// is urgent). A follower records touches and hands them to the leader in its reply to the
// leader's ping, every tickTime/2; the leader touches them at its own time.
//
// Roles and epochs. A LOOKING server runs an election (election.h). The winner waits for a
// quorum of FollowerInfo, takes the epoch above every accepted epoch among them, commits its own
// logged history, and sends each follower NewLeader with its state; a follower refuses a
// NewLeader for an epoch older than the one it accepted, so two leaders can never both gather a
// quorum for one epoch, and a follower ignores every packet of a leader or epoch it does not
// follow. The leader serves once a quorum has acknowledged, then
// re-tracks every committed session with a full timeout from that moment. Every tick it checks
// that a quorum of learners sent something within sync_limit ticks (LearnerHandler.synced), else
// it stops leading; a follower that hears nothing from its leader for sync_limit ticks, or sees
// its connection close, stops following. A server that stops serving closes its client
// connections (and its connections to other servers) and looks for a leader again.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "model/zookeeper/delay_fifo.h"
#include "model/zookeeper/election.h"
#include "model/zookeeper/expiry_queue.h"
#include "model/zookeeper/messages.h"
#include "sim/by_node.h"
#include "model/zookeeper/params.h"
#include "model/zookeeper/zk_time.h"
#include "model/zookeeper/replica.h"
#include "model/zookeeper/session_table.h"
#include "sim/actor.h"
#include "sim/state_bands.h"

namespace leasesim::zookeeper {

class Server final : public sim::Actor {
 public:
  // Its role (LOOKING, FOLLOWING, LEADING) as the timelines draw it, with the epoch it serves.
  static sim::StateBand role_band();
  // A server traces the epoch it serves as a state named so ("epoch 3").
  static constexpr const char* kEpochPrefix = "epoch ";
  // `servers[i]` has myid i + 1; `leading_at_start` starts it as the leader of epoch 1 and the
  // others as its followers, as if the ensemble had formed before the run.
  Server(sim::Context& ctx, const ZooKeeperParams& params, std::vector<sim::NodeId> servers, size_t index,
         bool leading_at_start, Replica& disk);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;
  void on_connection_lost(sim::NodeId peer) override;
  void prefetch_message(sim::NodeId from) const override { connections_.prefetch(from); }

 private:
  enum class Role { looking, following, leading };
  enum TimerTag : uint64_t { kExpirer, kLeaderTick, kLeaderSilent, kElection, kInitLimit, kLogSync, kProcessing };
  // A learner's read timeout: this plus the learner's node, so that each learner has its own
  // tag above every TimerTag and the timer names the learner it fired for.
  static constexpr uint64_t kLearnerRead = uint64_t{1} << 32;
  struct Connection {
    uint64_t session = 0;  // 0 while the handshake is pending
    int64_t timeout_ms = 0;
    int64_t id = 0;        // the client's number for it
  };
  struct Tracked {
    int64_t timeout_ms = 0;
    sim::NodeId client = sim::kNoNode;
    bool closing = false;
    // Its creation is applied here (disk_.sessions holds it): a touch that moves its deadline
    // is a grant. Kept with the entry so that a touch reads no session-keyed tree.
    bool committed = false;
  };
  struct Pending {
    Txn txn;
    std::set<sim::NodeId> acks;
  };

  // time and membership
  int64_t now_ms() const { return ctx_.now().ns / 1'000'000; }
  sim::LocalTime at_ms(int64_t ms) const { return local_ms(ms); }
  int64_t tick_ms() const { return params_.tick_time.ns / 1'000'000; }
  int64_t quorum() const { return static_cast<int64_t>(servers_.size()) / 2 + 1; }
  bool is_server(sim::NodeId n) const;
  int64_t myid_of(sim::NodeId n) const;
  sim::NodeId node_of(int64_t myid) const { return servers_[static_cast<size_t>(myid - 1)]; }
  bool serving() const { return (role_ == Role::leading && established_) || (role_ == Role::following && synced_); }
  bool from_leader(const sim::Message& m) const;

  // client requests (server_clients.cpp)
  void on_client_message(const sim::Message& m);
  void on_connect(sim::NodeId client, uint64_t session, int64_t requested_ms, int64_t conn);
  void finish_connect(sim::NodeId client, uint64_t session, int64_t timeout_ms, int64_t conn);
  void on_session_request(const sim::Message& m);
  bool touch(uint64_t session, int64_t timeout_ms);  // the leader tracks, a follower records
  void reply_to(sim::NodeId client, Kind kind, int64_t a, int64_t b = 0, int64_t c = 0);
  bool on_connection(sim::NodeId client, int64_t conn) const;
  int64_t lock_status(sim::Symbol path, uint64_t session) const;
  void close_connection(sim::NodeId client);
  void set_session(sim::NodeId client, Connection& c, uint64_t session);
  void erase_connection(sim::NodeId client, Connection& c);
  void close_all_connections();

  // transactions (server_txns.cpp)
  void prep_session(sim::NodeId client, int64_t timeout_ms, sim::NodeId origin, int64_t conn);
  bool revalidate(uint64_t session, int64_t timeout_ms);
  void prep_create(sim::NodeId client, uint64_t session, sim::Symbol path, sim::NodeId origin, int64_t conn);
  void propose(const Txn& t);
  void on_proposal(const sim::Message& m);
  void on_logged(int64_t zxid);
  void on_ack(sim::NodeId from, int64_t zxid);
  void commit_ready();
  void on_commit(int64_t zxid);
  void apply(int64_t zxid, const Txn& t);
  void answer(int64_t zxid, const Txn& t);

  // the leader's session tracker (server_txns.cpp)
  bool leader_touch(uint64_t session, int64_t timeout_ms);
  void track_committed_sessions();
  void drain_expired();
  void arm_expirer();

  // roles (server_roles.cpp)
  void look();
  void on_vote(sim::NodeId from, const sim::MessageBody& b);
  void send_vote(sim::NodeId to);
  void decide_election();
  void lead();
  void on_follower_info(sim::NodeId from, int64_t accepted_epoch);
  void choose_epoch();
  void send_new_leader(sim::NodeId to);
  void on_ack_new_leader(sim::NodeId from, int64_t epoch);
  void establish(bool trace_epoch = true);
  void on_leader_tick();
  void heard_from_learner(sim::NodeId from);
  void drop_learner(sim::NodeId learner);
  void follow(int64_t leader_myid);
  void on_new_leader(const sim::Message& m);
  void on_leader_ping(const sim::Message& m);
  void arm_leader_silent(int64_t ticks);
  void stop_serving();
  void enter(Role r);

  sim::Context& ctx_;
  ZooKeeperParams params_;
  std::vector<sim::NodeId> servers_;
  int64_t myid_;
  bool leading_at_start_;
  Replica& disk_;  // survives a crash
  Role role_ = Role::looking;
  bool announced_ = false;  // its first role is traced, even LOOKING after a restart
  int64_t leader_myid_ = 0;  // whom it leads or follows (itself when leading)
  int64_t epoch_ = 0;        // the epoch it serves in
  // What a client's every request looks up: by client, one load (prefetch_message names it).
  sim::ByNode<Connection> connections_;
  // The clients whose connection here is on each session (connections_ by its session field),
  // so that a session's close finds them without a scan of every connection. Kept by
  // set_session and erase_connection, the only writers of a connection's session.
  std::unordered_map<uint64_t, std::set<sim::NodeId>> connections_by_session_;
  std::map<sim::Symbol, std::set<sim::NodeId>> watches_;  // path -> local clients (one-shot)
  DelayFifo<int64_t> log_;           // zxids being synced to the log
  DelayFifo<sim::Message> requests_;  // client requests waiting for processing_time
  // looking
  Election election_;
  std::map<sim::NodeId, int64_t> early_infos_;  // FollowerInfo heard while looking: accepted epoch
  sim::TimerId election_timer_;
  // leader
  bool established_ = false;
  bool epoch_chosen_ = false;
  std::map<sim::NodeId, int64_t> follower_infos_;  // before the epoch: FollowerInfo's accepted epochs
  std::set<sim::NodeId> joining_;                  // sent NewLeader, not yet acknowledged
  // An acknowledged learner, as its LearnerHandler sees it.
  struct Learner {
    int64_t deadline = 0;  // the tick of its next ack deadline (LearnerHandler.synced)
    // Its socket read timeout: the handler reads with SO_TIMEOUT = syncLimit x tickTime, on the
    // clock, not in ticks; a read that times out ends the handler, and the learner no longer
    // counts at the next tick check. A pause stops the ticks but not this clock: a leader
    // resumed after its learners fell silent for that long steps down at its next tick check.
    sim::TimerId read;
  };
  std::map<sim::NodeId, Learner> learners_;
  int64_t tick_ = 0;
  bool tick_skip_ = true;
  int64_t next_counter_ = 0;
  std::map<int64_t, Pending> pending_;             // proposals by zxid, not yet committed
  std::map<sim::Symbol, uint64_t> prepped_;        // ephemerals as the last prepped txn left them
  std::optional<ExpiryQueue> queue_;
  SessionTable<Tracked> tracked_;  // at an address the id gives (session_table.h); never iterated
  sim::TimerId expirer_;
  sim::TimerId tick_timer_;
  sim::TimerId init_timer_;
  // follower
  bool synced_ = false;
  int64_t next_expected_ = 0;  // the zxid of the next proposal on the leader's stream
  // LearnerSessionTracker's touch table (session -> timeout ms), as the touches came: the ping
  // that snapshots it keeps each session's last and sends them in session order, so a touch is
  // an append instead of a tree insert.
  std::vector<std::pair<uint64_t, int64_t>> touch_table_;
  sim::TimerId leader_silent_;
  sim::Symbol sym_expirer_, sym_tick_, sym_silent_, sym_learner_read_, sym_election_, sym_init_, sym_log_, sym_processing_, sym_closing_;
  sim::Symbol sym_role_[3];
};

}  // namespace leasesim::zookeeper
