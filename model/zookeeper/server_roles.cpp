// Roles: the election, a new leader's epoch and sync (Zab's discovery and synchronisation,
// simplified to one FollowerInfo / NewLeader / AckNewLeader exchange), the leader's tick check of
// its learners, a follower's watch on its leader, and stepping down.
#include <algorithm>
#include <memory>
#include <string>


#include "model/zookeeper/server.h"

namespace leasesim::zookeeper {

using sim::NodeId;

// --- looking -------------------------------------------------------------------------------

void Server::stop_serving() {
  close_all_connections();
  // Its connections to other servers close with the role (Leader.shutdown, Learner.shutdown).
  if (role_ == Role::following) ctx_.send(node_of(leader_myid_), kClose, {});
  if (role_ == Role::leading) {
    for (const auto& [learner, state] : learners_) ctx_.send(learner, kClose, {});
    for (NodeId learner : joining_) ctx_.send(learner, kClose, {});
  }
  queue_.reset();
  tracked_.clear();
  prepped_.clear();
  pending_.clear();
  for (const auto& [learner, state] : learners_) ctx_.cancel_timer(state.read);
  learners_.clear();
  joining_.clear();
  follower_infos_.clear();
  touch_table_.clear();
  established_ = false;
  epoch_chosen_ = false;
  synced_ = false;
  log_.clear();
  requests_.clear();
  for (sim::TimerId t : {expirer_, tick_timer_, leader_silent_, election_timer_, init_timer_}) ctx_.cancel_timer(t);
}

void Server::look() {
  stop_serving();
  enter(Role::looking);
  leader_myid_ = 0;
  election_ = Election{};
  election_.looking[myid_] = {disk_.accepted_epoch, disk_.last_zxid};
  for (NodeId s : servers_) {
    if (s != ctx_.self()) send_vote(s);
  }
  election_timer_ = ctx_.set_timer(ctx_.now() + params_.election_time, kElection, sym_election_);
}

void Server::send_vote(NodeId to) {
  const VoteState st = role_ == Role::looking     ? VoteState::looking
                       : role_ == Role::following ? VoteState::following
                                                  : VoteState::leading;
  ctx_.send(to, kVote, {myid_, static_cast<int64_t>(st), role_ == Role::looking ? disk_.accepted_epoch : leader_myid_, disk_.last_zxid});
}

// A looking server answers a looking peer it had not heard this round (so that a server that
// starts looking later still hears it); a serving server tells a looking one whom it serves.
void Server::on_vote(NodeId from, const sim::MessageBody& b) {
  const auto state = static_cast<VoteState>(b[1]);
  if (role_ != Role::looking) {
    if (state == VoteState::looking) send_vote(from);
    return;
  }
  if (state != VoteState::looking) {
    election_.serving[b[0]] = b[2];
    return;
  }
  const bool first = !election_.looking.contains(b[0]);
  election_.looking[b[0]] = {b[2], b[3]};
  if (first) send_vote(from);
}

void Server::decide_election() {
  const Election::Decision d = election_.decide(myid_, quorum());
  switch (d.outcome) {
    case Election::Outcome::follow: follow(d.leader); return;
    case Election::Outcome::lead: lead(); return;
    case Election::Outcome::again: look(); return;
  }
}

// --- leading ---------------------------------------------------------------------------------

void Server::lead() {
  enter(Role::leading);
  leader_myid_ = myid_;
  tick_ = 0;
  tick_skip_ = true;
  follower_infos_ = early_infos_;
  early_infos_.clear();
  follower_infos_[ctx_.self()] = disk_.accepted_epoch;
  init_timer_ = ctx_.set_timer(ctx_.now() + sim::Duration{params_.tick_time.ns * params_.init_limit}, kInitLimit, sym_init_);
  if (static_cast<int64_t>(follower_infos_.size()) >= quorum()) choose_epoch();
}

void Server::on_follower_info(NodeId from, int64_t accepted_epoch) {
  if (role_ == Role::looking) {
    early_infos_[from] = accepted_epoch;  // it chose this server before this server decided
  } else if (role_ == Role::leading && !epoch_chosen_) {
    follower_infos_[from] = accepted_epoch;
    if (static_cast<int64_t>(follower_infos_.size()) >= quorum()) choose_epoch();
  } else if (role_ == Role::leading) {
    send_new_leader(from);  // a server (re)joining an epoch under way
  }
}

// Leader.getEpochToPropose: one above every epoch a quorum has accepted, so that no follower
// of an older leader accepts that leader's packets again. The leader's own logged history
// becomes the new epoch's starting point: sent to each follower now, but committed only when a
// quorum has acknowledged it (establish). A leader that fails before then has committed none of
// it: the next leader may not have it, and then those transactions never happened (a close
// logged by a leader without a quorum does not expire the session).
void Server::choose_epoch() {
  int64_t highest = 0;
  for (const auto& [server, epoch] : follower_infos_) highest = std::max(highest, epoch);
  epoch_ = highest + 1;
  epoch_chosen_ = true;
  disk_.accepted_epoch = epoch_;
  next_counter_ = 0;
  for (const auto& [server, epoch] : follower_infos_) {
    if (server != ctx_.self()) send_new_leader(server);
  }
  follower_infos_.clear();
  if (quorum() == 1) establish();
}

void Server::send_new_leader(NodeId to) {
  drop_learner(to);
  joining_.insert(to);
  std::map<int64_t, Txn> outstanding;
  for (const auto& [zxid, p] : pending_) outstanding[zxid] = p.txn;
  // Until the epoch is established the leader's history is still in its log: the follower
  // gets the state with it applied, as it will be once committed.
  Replica history = disk_;
  for (const auto& [zxid, txn] : disk_.log) history.apply(txn);
  history.log.clear();
  ctx_.send(to, kNewLeader, {epoch_}, std::make_shared<std::vector<int64_t>>(history.encode_sync(outstanding)));
}

void Server::on_ack_new_leader(NodeId from, int64_t epoch) {
  if (role_ != Role::leading || !epoch_chosen_ || epoch != epoch_ || !joining_.contains(from)) return;
  joining_.erase(from);
  heard_from_learner(from);
  if (!established_ && 1 + static_cast<int64_t>(learners_.size()) >= quorum()) establish();
}

// A quorum follows: the epoch is established (traced here, when it exists, not when it was
// proposed); serve, tracking every committed session afresh.
void Server::establish(bool trace_epoch) {
  established_ = true;
  ctx_.cancel_timer(init_timer_);
  // A quorum holds the leader's history: it is committed now (an expiry in it is traced now).
  if (!disk_.log.empty()) on_commit(disk_.log.rbegin()->first);
  if (trace_epoch) ctx_.state(sim::kNoNode, ctx_.intern(kEpochPrefix + std::to_string(epoch_)));
  track_committed_sessions();
  if (servers_.size() > 1) {
    tick_timer_ = ctx_.set_timer(ctx_.now() + sim::Duration{params_.tick_time.ns / 2}, kLeaderTick, sym_tick_);
  }
}

// Leader.lead: every tickTime/2 it pings its learners; every other time (a tick) it first
// counts the learners whose last packet is at most sync_limit ticks old, and stops leading
// without a quorum of them ("Not sufficient followers synced").
void Server::on_leader_tick() {
  if (!tick_skip_) {
    ++tick_;
    int64_t synced = 1;
    for (const auto& [learner, state] : learners_) synced += tick_ <= state.deadline ? 1 : 0;
    if (synced < quorum()) {
      look();
      return;
    }
  }
  tick_skip_ = !tick_skip_;
  for (const auto& [learner, state] : learners_) ctx_.send(learner, kLeaderPing, {epoch_});
  tick_timer_ = ctx_.set_timer(ctx_.now() + sim::Duration{params_.tick_time.ns / 2}, kLeaderTick, sym_tick_);
}

void Server::heard_from_learner(NodeId from) {
  Learner& l = learners_[from];
  l.deadline = tick_ + params_.sync_limit;
  ctx_.cancel_timer(l.read);
  l.read = ctx_.set_timer(ctx_.now() + sim::Duration{params_.tick_time.ns * params_.sync_limit}, kLearnerRead + from,
                          sym_learner_read_);
}

void Server::drop_learner(NodeId learner) {
  if (const auto l = learners_.find(learner); l != learners_.end()) {
    ctx_.cancel_timer(l->second.read);
    learners_.erase(l);
  }
  joining_.erase(learner);
}

// --- following -------------------------------------------------------------------------------

void Server::follow(int64_t leader_myid) {
  ctx_.cancel_timer(election_timer_);
  enter(Role::following);
  leader_myid_ = leader_myid;
  synced_ = false;
  early_infos_.clear();
  ctx_.send(node_of(leader_myid), kFollowerInfo, {disk_.accepted_epoch, disk_.last_zxid});
  arm_leader_silent(params_.init_limit);
}

// Learner.registerWithLeader: an epoch older than the one accepted is refused ("Leaders epoch
// is less than accepted epoch": the follower looks again); the same epoch is accepted again (a
// server rejoining its leader, or one whose earlier leader of that epoch never gathered a
// quorum: a leader's epoch is above every epoch a quorum reported, so two leaders can share an
// epoch only if one of them was never established). The leader's state replaces this server's.
void Server::on_new_leader(const sim::Message& m) {
  if (role_ != Role::following || synced_ || m.from != node_of(leader_myid_) || !m.attachment) return;
  const int64_t e = m.body[0];
  if (e < disk_.accepted_epoch) {
    look();
    return;
  }
  const bool newer = e > disk_.accepted_epoch;
  disk_.accepted_epoch = e;
  epoch_ = e;
  disk_.decode_sync(*m.attachment);
  next_expected_ = epoch_of(disk_.last_zxid) == e ? disk_.last_zxid + 1 : make_zxid(e, 1);
  synced_ = true;
  touch_table_.clear();
  if (newer) ctx_.state(sim::kNoNode, ctx_.intern(kEpochPrefix + std::to_string(e)));
  ctx_.send(m.from, kAckNewLeader, {e});
  arm_leader_silent(params_.sync_limit);
}

void Server::on_leader_ping(const sim::Message& m) {
  if (!from_leader(m) || !synced_ || m.body[0] != epoch_) return;
  // Most pings carry no touches: they send no attachment rather than an empty one allocated per
  // ping (the leader reads both alike, and the trace never sees an attachment).
  std::shared_ptr<std::vector<int64_t>> touches;
  if (!touch_table_.empty()) {
    touches = std::make_shared<std::vector<int64_t>>();
    // Each session's last touch, in session order (a stable sort keeps touches in arrival order).
    std::stable_sort(touch_table_.begin(), touch_table_.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (size_t i = 0; i < touch_table_.size(); ++i) {
      if (i + 1 < touch_table_.size() && touch_table_[i + 1].first == touch_table_[i].first) continue;
      touches->insert(touches->end(), {static_cast<int64_t>(touch_table_[i].first), touch_table_[i].second});
    }
    touch_table_.clear();  // LearnerSessionTracker.snapshot(): swapped for an empty table
  }
  ctx_.send(m.from, kLearnerPing, {epoch_}, std::move(touches));
}

// The learner's read timeout on its leader's socket: syncLimit ticks once synced, initLimit
// ticks while it waits for NewLeader.
void Server::arm_leader_silent(int64_t ticks) {
  ctx_.cancel_timer(leader_silent_);
  leader_silent_ = ctx_.set_timer(ctx_.now() + sim::Duration{params_.tick_time.ns * ticks}, kLeaderSilent, sym_silent_);
}

}  // namespace leasesim::zookeeper
