#include "model/zookeeper/server.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "model/zookeeper/messages.h"

namespace leasesim::zookeeper {

using sim::NodeId;

namespace {

int64_t ms_of(sim::Duration d) { return d.ns / 1'000'000; }

}  // namespace

Server::Server(sim::Context& ctx, const ZooKeeperParams& params, std::vector<NodeId> servers, size_t index,
               bool leading_at_start, Replica& disk)
    : ctx_(ctx),
      params_(params),
      servers_(std::move(servers)),
      myid_(static_cast<int64_t>(index) + 1),
      leading_at_start_(leading_at_start),
      disk_(disk) {
  sym_expirer_ = ctx_.intern("session expirer");
  sym_ping_ = ctx_.intern("ping followers");
  sym_silent_ = ctx_.intern("leader silent");
  sym_quorum_ = ctx_.intern("quorum check");
  sym_election_ = ctx_.intern("election");
  sym_role_[static_cast<int>(Role::looking)] = ctx_.intern("LOOKING");
  sym_role_[static_cast<int>(Role::following)] = ctx_.intern("FOLLOWING");
  sym_role_[static_cast<int>(Role::leading)] = ctx_.intern("LEADING");
}

void Server::on_start() {
  // At the run's start the ensemble has already formed; after a restart the server looks for
  // its leader like any server that (re)joins.
  if (disk_.starts++ > 0) {
    look();
  } else if (leading_at_start_) {
    lead();
  } else {
    follow(static_cast<int64_t>(servers_.size()));
  }
}

void Server::enter(Role r) {
  if (role_ == r) return;
  role_ = r;
  ctx_.state(sim::kNoNode, sym_role_[static_cast<int>(r)]);
}

// --- client requests ----------------------------------------------------------------------

void Server::reply_to(NodeId client, Kind kind, int64_t a, int64_t b, int64_t c) {
  auto it = connections_.find(client);
  if (it != connections_.end()) ctx_.send(client, kind, {a, b, c, it->second.id});
}

void Server::close_connection(NodeId client) {
  auto it = connections_.find(client);
  if (it == connections_.end()) return;
  const int64_t conn = it->second.id;
  connections_.erase(it);
  for (auto& [path, clients] : watches_) clients.erase(client);
  ctx_.send(client, kClose, {0, 0, 0, conn});
}

int64_t Server::lock_status(sim::Symbol path, uint64_t session) const {
  auto it = disk_.ephemerals.find(path);
  if (it == disk_.ephemerals.end()) return 0;
  return it->second == session ? 2 : 1;
}

void Server::on_connect(NodeId client, uint64_t session, int64_t requested_ms, int64_t conn) {
  if (!serving()) {  // "ZooKeeperServer not running": the connection is closed at once
    ctx_.send(client, kClose, {0, 0, 0, conn});
    return;
  }
  // processConnectRequest: clamp to [min, max], min first. A new connection from a client
  // replaces its old one here.
  const int64_t t = std::clamp(requested_ms, ms_of(params_.min_timeout()), ms_of(params_.max_timeout()));
  connections_[client] = Connection{0, t, conn};
  if (role_ == Role::leading) {
    finish_connect(client, leader_connect(client, session, t), t, conn);
  } else {
    ctx_.send(leader_node(), kForwardConnect, {static_cast<int64_t>(client), static_cast<int64_t>(session), t, conn});
  }
}

void Server::finish_connect(NodeId client, uint64_t session, int64_t timeout_ms, int64_t conn) {
  auto it = connections_.find(client);
  if (it == connections_.end() || it->second.id != conn) return;  // closed or replaced meanwhile
  if (session == 0) {  // finishSessionInit(valid = false): timeout 0, id 0, then close
    reply_to(client, kConnectResponse, 0, 0);
    close_connection(client);
    return;
  }
  it->second.session = session;
  reply_to(client, kConnectResponse, static_cast<int64_t>(session), timeout_ms);
}

bool Server::touch(uint64_t session, int64_t timeout_ms) {
  if (role_ == Role::leading) return leader_touch(session, timeout_ms);
  touch_table_[session] = timeout_ms;  // LearnerSessionTracker.touchSession: always true
  return true;
}

void Server::on_message(const sim::Message& m) {
  const auto& b = m.body;
  const NodeId from = m.from;
  switch (m.kind) {
    case kConnectRequest:
      on_connect(from, static_cast<uint64_t>(b[0]), b[1], b[3]);
      return;
    case kPing:
    case kCreate:
    case kExists: {
      auto it = connections_.find(from);
      const auto session = static_cast<uint64_t>(b[0]);
      if (!serving() || it == connections_.end() || it->second.id != b[3] || it->second.session != session) return;
      if (!touch(session, it->second.timeout_ms)) return;  // MissingSessionException: dropped
      const auto path = static_cast<sim::Symbol>(b[1]);
      if (m.kind == kPing) {
        reply_to(from, kPingReply, b[0]);
      } else if (m.kind == kExists) {
        watches_[path].insert(from);
        reply_to(from, kExistsReply, b[0], b[1], lock_status(path, session));
      } else if (role_ == Role::leading) {
        reply_to(from, kCreateReply, b[0], b[1], leader_create(path, session) ? 1 : 0);
      } else {
        ctx_.send(leader_node(), kForwardCreate, {static_cast<int64_t>(from), b[0], b[1], b[3]});
      }
      return;
    }
    case kLeaderPing: {
      if (role_ == Role::looking || (role_ == Role::following && servers_[static_cast<size_t>(leader_myid_ - 1)] != from)) {
        const auto it = std::find(servers_.begin(), servers_.end(), from);
        follow(static_cast<int64_t>(it - servers_.begin()) + 1);
      }
      if (role_ != Role::following) return;
      ctx_.cancel_timer(leader_silent_);
      leader_silent_ = ctx_.set_timer(ctx_.now() + sim::Duration{params_.tick_time.ns * params_.sync_limit}, kLeaderSilent, sym_silent_);
      auto touches = std::make_shared<std::vector<int64_t>>();
      for (const auto& [session, timeout] : touch_table_) touches->insert(touches->end(), {static_cast<int64_t>(session), timeout});
      touch_table_.clear();  // LearnerSessionTracker.snapshot(): swapped for an empty table
      ctx_.send(from, kLearnerPing, {}, std::move(touches));
      return;
    }
    case kLearnerPing:
      if (role_ != Role::leading) return;
      follower_heard_ms_[from] = now_ms();
      if (m.attachment) {
        const std::vector<int64_t>& t = *m.attachment;
        for (size_t i = 0; i + 1 < t.size(); i += 2) leader_touch(static_cast<uint64_t>(t[i]), t[i + 1]);
      }
      return;
    case kForwardConnect:
      if (role_ != Role::leading) return;
      follower_heard_ms_[from] = now_ms();
      ctx_.send(from, kConnectResult,
                {b[0], static_cast<int64_t>(leader_connect(static_cast<NodeId>(b[0]), static_cast<uint64_t>(b[1]), b[2])), b[2], b[3]});
      return;
    case kConnectResult:
      if (role_ == Role::following) finish_connect(static_cast<NodeId>(b[0]), static_cast<uint64_t>(b[1]), b[2], b[3]);
      return;
    case kForwardCreate: {
      if (role_ != Role::leading) return;
      const bool created = leader_create(static_cast<sim::Symbol>(b[2]), static_cast<uint64_t>(b[1]));
      ctx_.send(from, kCreateResult, {b[0], b[1], b[2], created ? b[3] : -b[3]});
      return;
    }
    case kCreateResult: {
      if (role_ != Role::following) return;
      const auto client = static_cast<NodeId>(b[0]);
      auto it = connections_.find(client);
      if (it != connections_.end() && it->second.id == std::abs(b[3])) reply_to(client, kCreateReply, b[1], b[2], b[3] > 0 ? 1 : 0);
      return;
    }
    case kCommit:
      if (role_ == Role::leading) return;
      switch (static_cast<Txn>(b[0])) {
        case Txn::create_session: apply_create_session(static_cast<uint64_t>(b[1]), b[2], static_cast<NodeId>(b[3])); break;
        case Txn::close_session: apply_close_session(static_cast<uint64_t>(b[1])); break;
        case Txn::create_node: apply_create_node(static_cast<sim::Symbol>(b[2]), static_cast<uint64_t>(b[1])); break;
      }
      if (m.attachment) disk_.decode(*m.attachment);  // a leader bringing this server up to date
      return;
    case kVote:
      on_vote(from, b[0], b[1] != 0, b[2]);
      return;
    default:
      return;
  }
}

// --- the leader's session tracker ---------------------------------------------------------

uint64_t Server::leader_connect(NodeId client, uint64_t session, int64_t timeout_ms) {
  if (session != 0) return leader_touch(session, timeout_ms) ? session : 0;  // revalidateSession
  // createSession: a fresh id, tracked at once with the negotiated timeout, then committed.
  session = static_cast<uint64_t>(myid_) * 1'000'000 + ++disk_.sessions_created;
  tracked_[session] = Tracked{timeout_ms, client, false};
  leader_touch(session, timeout_ms);
  apply_create_session(session, timeout_ms, client);
  broadcast_commit(Txn::create_session, static_cast<int64_t>(session), timeout_ms, static_cast<int64_t>(client));
  return session;
}

bool Server::leader_touch(uint64_t session, int64_t timeout_ms) {
  auto it = tracked_.find(session);
  if (it == tracked_.end() || it->second.closing) return false;
  const int64_t before = queue_->contains(session) ? queue_->bucket_of(session) : -1;
  const int64_t bucket = queue_->update(session, timeout_ms, now_ms());
  if (bucket != before) ctx_.lease_granted(it->second.client, session, at_ms(bucket));  // its deadline moved
  return true;
}

bool Server::leader_create(sim::Symbol path, uint64_t owner) {
  auto it = tracked_.find(owner);
  if (it == tracked_.end() || it->second.closing || disk_.ephemerals.contains(path)) return false;
  apply_create_node(path, owner);
  broadcast_commit(Txn::create_node, static_cast<int64_t>(owner), path, 0);
  return true;
}

void Server::arm_expirer() {
  ctx_.cancel_timer(expirer_);
  expirer_ = ctx_.set_timer(at_ms(queue_->next_expiration()), kExpirer, sym_expirer_, /*urgent=*/true);
}

// SessionTrackerImpl.run: poll until the next bucket is in the future.
void Server::drain_expired() {
  while (queue_->next_expiration() <= now_ms()) {
    for (uint64_t session : queue_->poll(now_ms())) {
      Tracked& t = tracked_.at(session);
      t.closing = true;  // setSessionClosing: no touch from here on
      ctx_.lease_expired(t.client, session);
      apply_close_session(session);
      broadcast_commit(Txn::close_session, static_cast<int64_t>(session), 0, 0);
      tracked_.erase(session);
    }
  }
  arm_expirer();
}

void Server::broadcast_commit(Txn txn, int64_t a, int64_t b, int64_t c) {
  for (NodeId s : servers_) {
    if (s != ctx_.self()) ctx_.send(s, kCommit, {static_cast<int64_t>(txn), a, b, c});
  }
}

// --- applying committed transactions (every server) ---------------------------------------

void Server::apply_create_session(uint64_t session, int64_t timeout_ms, NodeId client) {
  disk_.sessions[session] = SessionRecord{timeout_ms, client};
}

void Server::apply_close_session(uint64_t session) {
  disk_.sessions.erase(session);
  // DataTree.killSession: delete the session's ephemerals, notifying this server's watchers.
  for (sim::Symbol path : disk_.owned_by(session)) {
    disk_.ephemerals.erase(path);
    auto w = watches_.find(path);
    if (w == watches_.end()) continue;
    for (NodeId client : w->second) reply_to(client, kWatchEvent, 0, path);
    watches_.erase(w);  // watches fire once
  }
  // FinalRequestProcessor: a server still holding the client's connection closes it.
  std::vector<NodeId> holding;
  for (const auto& [client, c] : connections_) {
    if (c.session == session) holding.push_back(client);
  }
  for (NodeId client : holding) close_connection(client);
}

void Server::apply_create_node(sim::Symbol path, uint64_t owner) { disk_.ephemerals[path] = owner; }

// --- roles ----------------------------------------------------------------------------------

void Server::lead() {
  enter(Role::leading);
  leader_myid_ = myid_;
  known_leader_myid_ = 0;
  // A new tracker re-tracks every committed session with a full timeout from now.
  queue_.emplace(ms_of(params_.tick_time), now_ms());
  tracked_.clear();
  for (const auto& [session, r] : disk_.sessions) {
    tracked_[session] = Tracked{r.timeout_ms, r.client, false};
    leader_touch(session, r.timeout_ms);
  }
  follower_heard_ms_.clear();
  for (NodeId s : servers_) {
    if (s != ctx_.self()) follower_heard_ms_[s] = now_ms();
  }
  arm_expirer();
  if (servers_.size() > 1) {  // a standalone server has nobody to ping and is its own quorum
    on_timer(kPingFollowers);
    quorum_timer_ = ctx_.set_timer(ctx_.now() + params_.tick_time, kQuorumCheck, sym_quorum_);
  }
}

void Server::follow(int64_t leader_myid) {
  enter(Role::following);
  leader_myid_ = leader_myid;
  known_leader_myid_ = 0;
  queue_.reset();
  tracked_.clear();
  touch_table_.clear();
  ctx_.cancel_timer(leader_silent_);
  leader_silent_ = ctx_.set_timer(ctx_.now() + sim::Duration{params_.tick_time.ns * params_.sync_limit}, kLeaderSilent, sym_silent_);
}

void Server::stop_serving() {
  std::vector<NodeId> clients;
  for (const auto& [client, c] : connections_) clients.push_back(client);
  for (NodeId client : clients) close_connection(client);
  watches_.clear();
  queue_.reset();
  tracked_.clear();
  for (sim::TimerId t : {expirer_, ping_timer_, quorum_timer_, leader_silent_, election_timer_}) ctx_.cancel_timer(t);
}

void Server::look() {
  stop_serving();
  enter(Role::looking);
  leader_myid_ = 0;
  known_leader_myid_ = 0;
  heard_myids_ = {myid_};
  for (NodeId s : servers_) {
    if (s != ctx_.self()) ctx_.send(s, kVote, {myid_, 0, 0, 0});
  }
  election_timer_ = ctx_.set_timer(ctx_.now() + params_.election_time, kElection, sym_election_);
}

void Server::on_vote(NodeId from, int64_t sender_myid, bool sender_leads, int64_t sender_follows) {
  if (role_ == Role::looking) {
    heard_myids_.insert(sender_myid);
    if (sender_leads) known_leader_myid_ = sender_myid;
    if (sender_follows != 0) known_leader_myid_ = sender_follows;
    return;
  }
  // A serving server tells a looking one whom to follow; a leader also brings its state.
  if (sender_leads || sender_follows != 0) return;
  if (role_ == Role::leading) {
    ctx_.send(from, kVote, {myid_, 1, 0, 0});
    ctx_.send(from, kCommit, {0, 0, 0, 0}, std::make_shared<std::vector<int64_t>>(disk_.encode()));
    follower_heard_ms_[from] = now_ms();
  } else {
    ctx_.send(from, kVote, {myid_, 0, leader_myid_, 0});
  }
}

void Server::decide_election() {
  if (known_leader_myid_ != 0) {
    follow(known_leader_myid_);
    return;
  }
  if (static_cast<int64_t>(heard_myids_.size()) >= quorum()) {
    const int64_t winner = *heard_myids_.rbegin();
    if (winner == myid_) {
      lead();
    } else {
      follow(winner);
    }
    return;
  }
  look();  // no quorum in sight: vote again
}

void Server::on_timer(uint64_t tag) {
  switch (tag) {
    case kExpirer:
      if (role_ == Role::leading) drain_expired();
      return;
    case kPingFollowers:
      if (role_ != Role::leading) return;
      for (NodeId s : servers_) {
        if (s != ctx_.self()) ctx_.send(s, kLeaderPing, {});
      }
      // Leader.lead: a ping round every tickTime / 2.
      ping_timer_ = ctx_.set_timer(ctx_.now() + sim::Duration{params_.tick_time.ns / 2}, kPingFollowers, sym_ping_);
      return;
    case kQuorumCheck: {
      if (role_ != Role::leading) return;
      int64_t in_touch = 1;
      for (const auto& [s, heard] : follower_heard_ms_) {
        in_touch += now_ms() - heard <= ms_of(params_.tick_time) * params_.sync_limit ? 1 : 0;
      }
      if (in_touch < quorum()) {
        look();
      } else {
        quorum_timer_ = ctx_.set_timer(ctx_.now() + params_.tick_time, kQuorumCheck, sym_quorum_);
      }
      return;
    }
    case kLeaderSilent:
      if (role_ == Role::following) look();
      return;
    case kElection:
      if (role_ == Role::looking) decide_election();
      return;
    default:
      return;
  }
}

void Server::on_connection_lost(NodeId peer) {
  if (connections_.erase(peer) > 0) {
    for (auto& [path, clients] : watches_) clients.erase(peer);
  }
  // Learner: the leader's socket closed. Leader: a follower left (the quorum check notices).
  if (role_ == Role::following && peer == leader_node()) look();
}

}  // namespace leasesim::zookeeper
