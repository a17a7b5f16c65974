// Transactions (the leader's prep, proposals, acknowledgements, commits; every server's apply)
// and the leader's session tracker.
#include <memory>

#include "model/zookeeper/server.h"

namespace leasesim::zookeeper {

using sim::NodeId;

// --- the leader's prep (PrepRequestProcessor) ------------------------------------------------

// createSession: a fresh id, tracked at once with the negotiated timeout, then proposed; the
// client is answered when it commits (FinalRequestProcessor, finishSessionInit).
void Server::prep_session(NodeId client, int64_t timeout_ms, NodeId origin, int64_t conn) {
  const uint64_t session = session_id(myid_, ++disk_.sessions_created);
  tracked_[session] = Tracked{timeout_ms, client, false, false};
  leader_touch(session, timeout_ms);
  propose(Txn{TxnType::create_session, session, timeout_ms, client, origin, conn});
}

// revalidateSession: a touch at the leader; not a proposal (LearnerHandler's REVALIDATE).
bool Server::revalidate(uint64_t session, int64_t timeout_ms) { return leader_touch(session, timeout_ms); }

// An ephemeral create is checked against the outstanding changes (the prepped view), so that
// two creates of one path in flight cannot both succeed; a failed one is proposed as an error.
void Server::prep_create(NodeId client, uint64_t session, sim::Symbol path, NodeId origin, int64_t conn) {
  Txn t{TxnType::create_node, session, path, client, origin, conn};
  const Tracked* tracked = tracked_.find(session);
  if (tracked == nullptr || tracked->closing || prepped_.contains(path)) {
    t.type = TxnType::error;
  } else {
    prepped_[path] = session;
  }
  propose(t);
}

// --- proposals ------------------------------------------------------------------------------

void Server::propose(const Txn& t) {
  const int64_t zxid = make_zxid(epoch_, ++next_counter_);
  disk_.log[zxid] = t;
  disk_.last_zxid = zxid;
  pending_[zxid] = Pending{t, {}};
  auto body = std::make_shared<std::vector<int64_t>>();
  body->reserve(Txn::kWords);  // one allocation, not one per doubling as encode appends
  t.encode(*body);
  for (const auto& [learner, state] : learners_) ctx_.send(learner, kProposal, {zxid}, body);
  for (NodeId learner : joining_) ctx_.send(learner, kProposal, {zxid}, body);
  if (log_.immediate()) {
    on_logged(zxid);
  } else {
    log_.push(zxid);
  }
}

// Proposals come in zxid order on the leader's stream (TCP); one that skips a counter means the
// stream lost something (a fault dropped it), which a real connection cannot survive: the
// follower leaves and syncs again rather than keep a history with a hole.
void Server::on_proposal(const sim::Message& m) {
  const int64_t zxid = m.body[0];
  if (!from_leader(m) || !synced_ || epoch_of(zxid) != epoch_ || !m.attachment || m.attachment->size() < Txn::kWords) return;
  if (zxid != next_expected_) {
    look();
    return;
  }
  ++next_expected_;
  disk_.log[zxid] = Txn::decode(m.attachment->data());
  disk_.last_zxid = std::max(disk_.last_zxid, zxid);
  if (log_.immediate()) {
    on_logged(zxid);
  } else {
    log_.push(zxid);
  }
}

// The log sync of `zxid` is done: the leader counts its own acknowledgement, a follower sends
// its own (SendAckRequestProcessor), if it still serves the epoch the proposal belongs to.
void Server::on_logged(int64_t zxid) {
  if (epoch_of(zxid) != epoch_) return;
  if (role_ == Role::leading) {
    on_ack(ctx_.self(), zxid);
  } else if (role_ == Role::following && synced_ && disk_.log.contains(zxid)) {
    ctx_.send(node_of(leader_myid_), kAck, {zxid});
  }
}

void Server::on_ack(NodeId from, int64_t zxid) {
  auto it = pending_.find(zxid);
  if (it == pending_.end()) return;
  it->second.acks.insert(from);
  commit_ready();
}

// Leader.tryToCommit: proposals commit in zxid order, each once a quorum has logged it.
void Server::commit_ready() {
  while (!pending_.empty() && static_cast<int64_t>(pending_.begin()->second.acks.size()) >= quorum()) {
    const int64_t zxid = pending_.begin()->first;
    const Txn txn = pending_.begin()->second.txn;
    pending_.erase(pending_.begin());
    for (const auto& [learner, state] : learners_) ctx_.send(learner, kCommit, {zxid});
    for (NodeId learner : joining_) ctx_.send(learner, kCommit, {zxid});
    disk_.log.erase(zxid);
    apply(zxid, txn);
  }
}

// A commit covers every transaction logged up to it, in order (Zab delivers in order).
void Server::on_commit(int64_t zxid) {
  while (!disk_.log.empty() && disk_.log.begin()->first <= zxid) {
    const int64_t z = disk_.log.begin()->first;
    const Txn txn = disk_.log.begin()->second;
    disk_.log.erase(disk_.log.begin());
    apply(z, txn);
  }
}

void Server::apply(int64_t zxid, const Txn& t) {
  for (sim::Symbol path : disk_.apply(t)) {
    auto w = watches_.find(path);
    if (w == watches_.end()) continue;
    for (NodeId client : w->second) reply_to(client, kWatchEvent, 0, path);
    watches_.erase(w);  // watches fire once
  }
  if (t.type == TxnType::create_session && role_ == Role::leading) {
    if (Tracked* tracked = tracked_.find(t.session)) tracked->committed = true;
    if (queue_ && queue_->contains(t.session)) ctx_.lease_granted(t.client, t.session, at_ms(queue_->bucket_of(t.session)));
  }
  if (t.type == TxnType::close_session) {
    // FinalRequestProcessor: every server still holding the session's connection closes it.
    std::vector<NodeId> holding;  // in client order, as a scan of connections_ would find them
    if (auto by = connections_by_session_.find(t.session); by != connections_by_session_.end()) {
      holding.assign(by->second.begin(), by->second.end());
    }
    for (NodeId client : holding) close_connection(client);
    if (role_ == Role::leading) {
      // The ensemble has expired the session: from here no server can revive it.
      tracked_.erase(t.session);
      if (queue_) queue_->remove(t.session);
      ctx_.lease_expired(t.client, t.session);
    }
  }
  answer(zxid, t);
}

// --- the leader's session tracker -----------------------------------------------------------

// The trace shows a grant whenever a committed session's deadline moves; a session being
// created is granted when its creation commits (until then the ensemble does not know it, and a
// leader that steps down first takes it along).
bool Server::leader_touch(uint64_t session, int64_t timeout_ms) {
  const Tracked* tracked = tracked_.find(session);
  if (!queue_ || tracked == nullptr || tracked->closing) return false;
  const int64_t before = queue_->find(session);
  const int64_t bucket = queue_->update(session, timeout_ms, now_ms());
  if (bucket != before && tracked->committed) ctx_.lease_granted(tracked->client, session, at_ms(bucket));
  return true;
}

// A new tracker re-tracks every committed session with a full timeout from now.
void Server::track_committed_sessions() {
  queue_.emplace(tick_ms(), now_ms());
  tracked_.clear();
  for (const auto& [session, r] : disk_.sessions) {
    tracked_[session] = Tracked{r.timeout_ms, r.client, false, true};
    leader_touch(session, r.timeout_ms);
  }
  prepped_ = disk_.ephemerals;
  arm_expirer();
}

void Server::arm_expirer() {
  ctx_.cancel_timer(expirer_);
  expirer_ = ctx_.set_timer(at_ms(queue_->next_expiration()), kExpirer, sym_expirer_, /*urgent=*/true);
}

// SessionTrackerImpl.run: poll until the next bucket is in the future; each expired session is
// marked closing (setSessionClosing: no touch from here on) and its close proposed.
void Server::drain_expired() {
  while (queue_->next_expiration() <= now_ms()) {
    for (uint64_t session : queue_->poll(now_ms())) {
      Tracked& t = tracked_.at(session);
      t.closing = true;
      ctx_.state(t.client, sym_closing_);
      std::erase_if(prepped_, [&](const auto& e) { return e.second == session; });
      propose(Txn{TxnType::close_session, session, 0, t.client, sim::kNoNode, 0});
    }
  }
  arm_expirer();
}

}  // namespace leasesim::zookeeper
