// The server's dispatch: what arrives, and which part handles it (client requests in
// server_clients.cpp, transactions and the session tracker in server_txns.cpp, election and
// roles in server_roles.cpp).
#include "model/zookeeper/server.h"

#include <algorithm>

namespace leasesim::zookeeper {

namespace {
// By Role; the names are QuorumPeer.ServerState's. A new leader is marked across the timeline.
const sim::DrawnState kRoles[3] = {{"LOOKING", "#e8a33d", false}, {"FOLLOWING", "#8dbbe3", false}, {"LEADING", "#2e7d32", true}};
}  // namespace

using sim::NodeId;

Server::Server(sim::Context& ctx, const ZooKeeperParams& params, std::vector<NodeId> servers, size_t index,
               bool leading_at_start, Replica& disk)
    : ctx_(ctx),
      params_(params),
      servers_(std::move(servers)),
      myid_(static_cast<int64_t>(index) + 1),
      leading_at_start_(leading_at_start),
      disk_(disk),
      log_(ctx, kLogSync, ctx.intern("log sync"), params.log_sync),
      requests_(ctx, kProcessing, ctx.intern("request processing"), params.processing_time) {
  sym_expirer_ = ctx_.intern("session expirer");
  sym_tick_ = ctx_.intern("leader tick");
  sym_silent_ = ctx_.intern("leader silent");
  sym_learner_read_ = ctx_.intern("learner read timeout");
  sym_election_ = ctx_.intern("election");
  sym_init_ = ctx_.intern("init limit");
  sym_closing_ = ctx_.intern("session closing");
  for (int r = 0; r < 3; ++r) sym_role_[r] = ctx_.intern(kRoles[r].name);
}

sim::StateBand Server::role_band() { return {"role", {kRoles[0], kRoles[1], kRoles[2]}, {kEpochPrefix}, false}; }

bool Server::is_server(NodeId n) const { return std::find(servers_.begin(), servers_.end(), n) != servers_.end(); }

int64_t Server::myid_of(NodeId n) const {
  return static_cast<int64_t>(std::find(servers_.begin(), servers_.end(), n) - servers_.begin()) + 1;
}

bool Server::from_leader(const sim::Message& m) const {
  return role_ == Role::following && m.from == node_of(leader_myid_);
}

void Server::on_start() {
  // After a restart the server looks for its leader like any server that (re)joins. At the
  // run's start the ensemble has already formed, in epoch 1.
  if (disk_.starts++ > 0) {
    look();
    return;
  }
  const auto n = static_cast<int64_t>(servers_.size());
  disk_.accepted_epoch = 1;
  disk_.last_zxid = make_zxid(1, 0);
  epoch_ = 1;
  leader_myid_ = n;
  if (leading_at_start_) {
    enter(Role::leading);
    epoch_chosen_ = true;
    for (NodeId s : servers_) {
      if (s != ctx_.self()) heard_from_learner(s);
    }
    establish(/*trace_epoch=*/false);  // formed before the run, like its followers' epoch
  } else {
    enter(Role::following);
    synced_ = true;
    next_expected_ = make_zxid(1, 1);
    arm_leader_silent(params_.sync_limit);
  }
}

void Server::enter(Role r) {
  if (role_ == r && announced_) return;
  role_ = r;
  announced_ = true;
  ctx_.state(sim::kNoNode, sym_role_[static_cast<int>(r)]);
}

void Server::on_message(const sim::Message& m) {
  const auto& b = m.body;
  if (!is_server(m.from)) {
    if (requests_.immediate()) {
      on_client_message(m);
    } else {
      requests_.push(m);
    }
    return;
  }
  // The learner's read timeout starts again with every packet from its leader.
  if (from_leader(m) && synced_) arm_leader_silent(params_.sync_limit);
  switch (m.kind) {
    case kVote: on_vote(m.from, b); return;
    case kFollowerInfo: on_follower_info(m.from, b[0]); return;
    case kNewLeader: on_new_leader(m); return;
    case kAckNewLeader: on_ack_new_leader(m.from, b[0]); return;
    case kLeaderPing: on_leader_ping(m); return;
    case kProposal: on_proposal(m); return;
    case kConnectResult:
      if (from_leader(m) && synced_) finish_connect(static_cast<NodeId>(b[0]), static_cast<uint64_t>(b[1]), b[2], b[3]);
      return;
    case kCommit:
      if (from_leader(m) && synced_ && epoch_of(b[0]) == epoch_) on_commit(b[0]);
      return;
    case kClose:  // the peer closed our connection
      on_connection_lost(m.from);
      return;
    default: break;
  }
  if (role_ != Role::leading || !learners_.contains(m.from)) return;
  heard_from_learner(m.from);
  switch (m.kind) {
    case kLearnerPing: {
      if (b[0] != epoch_ || !m.attachment) return;
      // A follower's thousands of touches in one event, each of a session of its own: while one
      // runs, the entries of the one kTouchAhead further on are loaded (session_table.h), and,
      // from the tracked entry loaded then, the checkers' entries for the client of the one
      // kHolderAhead further on, which its grant reads. Eight, as the engine's own look-ahead
      // (sim/simulator.cpp), and half of it: readings, not measured optima.
      constexpr size_t kTouchAhead = 8;
      constexpr size_t kHolderAhead = 4;
      const std::vector<int64_t>& touches = *m.attachment;
      const auto load = [&](size_t i) {
        if (i >= touches.size()) return;
        tracked_.prefetch(static_cast<uint64_t>(touches[i]));
        if (queue_) queue_->prefetch(static_cast<uint64_t>(touches[i]));
      };
      const auto load_holder = [&](size_t i) {
        if (i >= touches.size()) return;
        if (const Tracked* t = tracked_.find(static_cast<uint64_t>(touches[i]))) ctx_.prefetch_holder(t->client);
      };
      for (size_t i = 0; i < 2 * kTouchAhead; i += 2) load(i);
      for (size_t i = 0; i + 1 < touches.size(); i += 2) {
        load(i + 2 * kTouchAhead);
        load_holder(i + 2 * kHolderAhead);
        leader_touch(static_cast<uint64_t>(touches[i]), touches[i + 1]);
      }
      return;
    }
    case kAck: on_ack(m.from, b[0]); return;
    case kForwardConnect: {
      const auto client = static_cast<NodeId>(b[0]);
      const auto session = static_cast<uint64_t>(b[1]);
      if (!established_) return;
      if (session == 0) {
        prep_session(client, b[2], m.from, b[3]);
      } else {
        ctx_.send(m.from, kConnectResult, {b[0], revalidate(session, b[2]) ? b[1] : 0, b[2], b[3]});
      }
      return;
    }
    case kForwardCreate:
      if (established_) prep_create(static_cast<NodeId>(b[0]), static_cast<uint64_t>(b[1]), static_cast<sim::Symbol>(b[2]), m.from, b[3]);
      return;
    default: return;
  }
}

void Server::on_timer(uint64_t tag) {
  if (tag >= kLearnerRead) {
    const auto learner = static_cast<NodeId>(tag - kLearnerRead);
    if (learners_.contains(learner)) {
      ctx_.send(learner, kClose, {});  // LearnerHandler.shutdown closes its socket
      drop_learner(learner);
    }
    return;
  }
  switch (tag) {
    case kExpirer:
      if (role_ == Role::leading && established_) drain_expired();
      return;
    case kLeaderTick:
      if (role_ == Role::leading && established_) on_leader_tick();
      return;
    case kLeaderSilent:
      if (role_ == Role::following) look();
      return;
    case kElection:
      if (role_ == Role::looking) decide_election();
      return;
    case kInitLimit:
      if (role_ == Role::leading && !established_) look();
      return;
    case kLogSync:
      for (int64_t zxid : log_.take_due()) on_logged(zxid);
      return;
    case kProcessing:
      for (const sim::Message& m : requests_.take_due()) on_client_message(m);
      return;
    default:
      return;
  }
}

void Server::on_connection_lost(NodeId peer) {
  if (!is_server(peer)) {
    if (Connection* c = connections_.find(peer)) {
      erase_connection(peer, *c);
      for (auto& [path, clients] : watches_) clients.erase(peer);
    }
    return;
  }
  // Learner: its leader's socket closed. Leader: a learner left (the tick check counts the rest).
  if (role_ == Role::following && peer == node_of(leader_myid_)) {
    look();
  } else if (role_ == Role::leading) {
    drop_learner(peer);
  }
}

}  // namespace leasesim::zookeeper
