#include "model/session_tracker/server.h"

namespace leasesim::session_tracker {
namespace {

constexpr uint64_t kSyncRound = 1;    // leader: sync every follower
constexpr uint64_t kSyncCheck = 2;    // follower: has the leader been heard within sync_timeout?
constexpr uint64_t kLossBase = 1ull << 40;  // leader: + follower id, its ack deadline

}  // namespace

Server::Server(sim::Context& ctx, const SessionTrackerParams& params, const Group& group, Disk& disk)
    : ctx_(ctx), params_(params), group_(group), disk_(disk), table_(disk.table), log_(disk.log) {}

void Server::on_start() {
  last_sync_ = ctx_.now();
  if (disk_.restarted) restarted();
  if (leader()) {
    for (size_t i = 1; i < group_.servers.size(); ++i) {
      const NodeId f = group_.servers[i];
      followers_[f].last_ack = ctx_.now();
      check_follower(f);
    }
    sync_round();
  } else {
    sync_timer_ = ctx_.set_timer(ctx_.now() + params_.sync_timeout, kSyncCheck, ctx_.intern("sync check"));
  }
}

// Started again after a crash, with what its disk kept (restart_keeps_log) and nothing else:
// no heartbeat times, no pending proposals, no view of the followers. A follower counts itself
// outside the quorum until the leader's sync catches it up (it may have missed commits); then,
// as the leader does at once, it owns again the sessions its table gives it, their timeouts
// counted per restart_counts_from.
void Server::restarted() {
  disk_.restarted = false;
  next_zxid_ = log_.size() + 1;
  resume_from_disk_ = true;
  ctx_.state(sim::kNoNode, ctx_.intern("restarted with " + std::to_string(log_.size()) + " committed txns"));
  if (leader()) {
    resume_at_ = log_.size();
    resume_if_caught_up();
  } else {
    in_quorum_ = false;
  }
}

void Server::on_timer(uint64_t tag) {
  if (tag == kSyncRound) return sync_round();
  if (tag == kSyncCheck) return sync_timed_out();
  if (tag >= kLossBase) return check_follower(static_cast<NodeId>(tag - kLossBase));
  if (auto it = expiry_tags_.find(tag); it != expiry_tags_.end()) {
    const Key k = it->second;
    expiry_tags_.erase(it);
    return expiry_due(k);
  }
  orphan_due(tag);
}

void Server::on_message(const sim::Message& m) {
  const sim::MessageBody& b = m.body;
  switch (m.kind) {
    case kConnect:
    case kHeartbeat:
    case kGet: return on_client(m);
    case kPutConfig:
      if (!in_quorum_) return;
      config_waiters_.emplace_back(static_cast<NodeId>(b[0]), m.from);
      return send_request(TxnType::config, static_cast<NodeId>(b[0]), static_cast<uint64_t>(b[1]));
    case kRequest: return on_request(m);
    case kReject: return ctx_.send(static_cast<NodeId>(b[0]), kExpired, {b[1], 0, 0, 0});
    case kPropose:
      if (in_quorum_) ctx_.send(m.from, kAck, {b[0], 0, 0, 0});
      return;
    case kAck: return on_ack(m.from, static_cast<uint64_t>(b[0]));
    case kCommit: return apply(Txn::decode(b));
    case kSync: return on_sync(static_cast<uint64_t>(b[0]));
    case kSyncAck: return on_sync_ack(m.from, static_cast<uint64_t>(b[0]), static_cast<uint64_t>(b[1]));
    case kTouch: return on_touch({static_cast<NodeId>(b[0]), static_cast<uint64_t>(b[1])});
    default: return;
  }
}

// ---- the leader ----

void Server::sync_round() {
  for (size_t i = 1; i < group_.servers.size(); ++i) {
    ctx_.send(group_.servers[i], kSync, {static_cast<int64_t>(log_.size()), 0, 0, 0});
  }
  ctx_.set_timer(ctx_.now() + params_.sync_interval, kSyncRound, ctx_.intern("sync round"));
}

// A follower acked: it is in the quorum (again); catch it up on what it missed.
// `synced`: the zxid the acked sync carried; every commit up to it was sent before it.
void Server::on_sync_ack(NodeId from, uint64_t applied, uint64_t synced) {
  Follower& f = followers_[from];
  f.last_ack = ctx_.now();
  if (f.lost) {
    f.lost = false;
    ctx_.state(from, ctx_.intern("follower back in quorum"));
    for (auto it = orphan_ids_.begin(); it != orphan_ids_.end();) {  // its sessions are its own again
      if (table_[it->first].owner != from) { ++it; continue; }
      ctx_.cancel_timer(it->second);
      it = orphan_ids_.erase(it);
    }
  }
  for (uint64_t z = applied + 1; z <= synced && z <= log_.size(); ++z) ctx_.send(from, kCommit, log_[z - 1].encode());
  // Proposals it has not acked (lost while it was cut off) go again: without them a proposal
  // made while the group had no quorum would block every later commit for good.
  for (const auto& [zxid, p] : pending_) {
    if (p.acked.count(from) == 0) ctx_.send(from, kPropose, p.txn.encode());
  }
}

// The follower's ack deadline: the timer re-arms until an ack is leader_sync_timeout old.
void Server::check_follower(NodeId id) {
  Follower& f = followers_[id];
  const LocalTime due = f.last_ack + params_.leader_sync_timeout;
  if (ctx_.now() < due || f.lost) {
    f.loss_timer = ctx_.set_timer(f.lost ? ctx_.now() + params_.sync_interval : due, kLossBase + id,
                                  ctx_.intern("follower ack deadline"));
    return;
  }
  f.lost = true;
  ctx_.state(id, ctx_.intern("follower off quorum"));
  f.loss_timer = ctx_.set_timer(ctx_.now() + params_.sync_interval, kLossBase + id, ctx_.intern("follower ack deadline"));
  if (!params_.leader_expires_orphans) return;
  const LocalTime anchor = params_.revalidation_from == RevalidationFrom::owner_lost ? ctx_.now() : f.last_ack;
  for (const auto& [k, e] : table_) {
    if (!e.open || e.owner != id) continue;
    LocalTime from = anchor;
    if (auto t = touched_.find(k); t != touched_.end() && t->second > from) from = t->second;
    arm_orphan(k, from + params_.revalidation_timeout);
  }
}

void Server::arm_orphan(const Key& k, LocalTime deadline) {
  if (deadline < ctx_.now()) deadline = ctx_.now();
  const uint64_t tag = next_tag_++;
  orphan_timers_[tag] = k;
  orphan_ids_[k] = ctx_.set_timer(deadline, tag, ctx_.intern("orphan revalidation timeout"));
}

void Server::orphan_due(uint64_t tag) {
  auto it = orphan_timers_.find(tag);
  if (it == orphan_timers_.end()) return;
  const Key k = it->second;
  orphan_timers_.erase(it);
  orphan_ids_.erase(k);
  const Entry& e = table_[k];
  if (!e.open || !followers_[e.owner].lost) return;
  ctx_.state(k.first, ctx_.intern("orphan expired"));
  propose(TxnType::close, k.first, k.second, e.owner);
}

// A forwarded heartbeat: the session is alive, whatever the leader thinks of its owner, so an
// orphan's revalidation timeout starts again from it.
void Server::on_touch(const Key& k) {
  touched_[k] = ctx_.now();
  auto it = orphan_ids_.find(k);
  if (it == orphan_ids_.end()) return;
  ctx_.cancel_timer(it->second);
  orphan_ids_.erase(it);
  arm_orphan(k, ctx_.now() + params_.revalidation_timeout);
}

void Server::on_request(const sim::Message& m) {
  const auto type = static_cast<TxnType>(m.body[0]);
  const Key k{static_cast<NodeId>(m.body[1]), static_cast<uint64_t>(m.body[2])};
  const auto server = static_cast<NodeId>(m.body[3]);
  auto it = table_.find(k);
  const bool open = it != table_.end() && it->second.open;
  if (type == TxnType::create) {
    if (it == table_.end()) propose(type, k.first, k.second, server);
  } else if (type == TxnType::config) {
    propose(type, k.first, k.second, server);
  } else if (type == TxnType::own) {
    if (open) {
      propose(type, k.first, k.second, server);
    } else if (it != table_.end()) {
      const sim::MessageBody reject = {static_cast<int64_t>(k.first), static_cast<int64_t>(k.second), 0, 0};
      if (server == ctx_.self()) on_message({ctx_.self(), ctx_.self(), kReject, 0, reject, nullptr});
      else ctx_.send(server, kReject, reject);
    }
  } else if (open && it->second.owner == server) {
    propose(type, k.first, k.second, server);
  }
}

// A proposal goes to every follower; a lost one is simply not counted until it acks.
void Server::propose(TxnType type, NodeId client, uint64_t epoch, NodeId owner) {
  const Txn t{next_zxid_++, type, owner, client, epoch};
  pending_[t.zxid] = {t, {}};
  for (size_t i = 1; i < group_.servers.size(); ++i) ctx_.send(group_.servers[i], kPropose, t.encode());
  on_ack(ctx_.self(), 0);  // a group of one commits at once
}

// Commits in zxid order every proposal a quorum has acked.
void Server::on_ack(NodeId from, uint64_t zxid) {
  if (auto it = pending_.find(zxid); it != pending_.end()) it->second.acked.insert(from);
  while (!pending_.empty() && pending_.begin()->first == log_.size() + 1 &&
         pending_.begin()->second.acked.size() + 1 >= group_.quorum()) {
    const Txn t = pending_.begin()->second.txn;
    pending_.erase(pending_.begin());
    for (size_t i = 1; i < group_.servers.size(); ++i) ctx_.send(group_.servers[i], kCommit, t.encode());
    apply(t);
  }
}

// ---- every server ----

void Server::apply(const Txn& t) {
  if (t.zxid != log_.size() + 1) return;  // a gap: the next sync's ack brings what is missing
  log_.push_back(t);
  if (t.type == TxnType::config) {
    disk_.configs[t.client] = static_cast<int64_t>(t.epoch);
    changed(t);
    if (t.owner == ctx_.self()) answer_configured(t.client);
    return resume_if_caught_up();
  }
  const Key k{t.client, t.epoch};
  if (t.type == TxnType::create && table_.count(k) != 0) return;  // a client's retried create
  if (t.type == TxnType::own && (table_.count(k) == 0 || !table_[k].open)) {
    // A move ordered after the session's close (both were pending): the close stands.
    if (t.owner == ctx_.self()) ctx_.send(t.client, kExpired, {static_cast<int64_t>(t.epoch), 0, 0, 0});
    return;
  }
  const NodeId before = table_.count(k) != 0 && table_[k].open ? table_[k].owner : sim::kNoNode;
  if (t.type == TxnType::close) {
    table_[k].open = false;
  } else {
    table_[k] = {t.owner, true, ctx_.now()};
  }
  if (t.type == TxnType::create || (t.type == TxnType::close && before != sim::kNoNode)) changed(t);
  if (leader()) {
    if (t.type == TxnType::close) {
      ctx_.lease_expired(t.client, t.epoch);  // the group committed the session's expiry
    } else {
      // The longest an untouched session lives by design: its owner's timeout, or its owner's
      // loss found and the revalidation timeout after it.
      ctx_.lease_granted(t.client, t.epoch,
                         ctx_.now() + timeout_of(t.client) + params_.leader_sync_timeout + params_.revalidation_timeout);
    }
  }
  if (before == ctx_.self() && (t.type == TxnType::close || t.owner != ctx_.self())) {
    stop_owning(k);
    if (t.type == TxnType::close) ctx_.send(t.client, kExpired, {static_cast<int64_t>(t.epoch), 0, 0, 0});
  }
  if (t.type != TxnType::close && t.owner == ctx_.self()) {
    start_owning(k, ctx_.now());
    if (group_.membership) ctx_.state(t.client, ctx_.intern(view_text()));  // a PUT's answer shows the group
    ctx_.send(t.client, kConnected, {static_cast<int64_t>(t.epoch), version_or_zero(), 0, 0});
  }
  resume_if_caught_up();
}

sim::Symbol Server::session_symbol(const Key& k) {
  return ctx_.intern(group_.client_names[k.first] + "#" + std::to_string(k.second));
}

// `heard`: the instant the session's timeout counts from (now, unless a restart reads the disk).
void Server::start_owning(const Key& k, LocalTime heard) {
  if (owned_.count(k) == 0) ctx_.lock_held(session_symbol(k), k.second);
  Owned& o = owned_[k];
  ctx_.cancel_timer(o.expiry);
  o.last_heartbeat = heard;
  const uint64_t tag = next_tag_++;
  expiry_tags_[tag] = k;
  const LocalTime due = heard + timeout_of(k.first);
  o.expiry = ctx_.set_timer(due < ctx_.now() ? ctx_.now() : due, tag, ctx_.intern("session timeout"));
}

void Server::stop_owning(const Key& k) {
  auto it = owned_.find(k);
  if (it == owned_.end()) return;
  ctx_.cancel_timer(it->second.expiry);
  owned_.erase(it);
  ctx_.lock_released(session_symbol(k), k.second);
}

// The owner's timer: no heartbeat for session_timeout. Only a server in the quorum may close.
void Server::expiry_due(const Key& k) {
  auto it = owned_.find(k);
  if (it == owned_.end()) return;
  const LocalTime due = it->second.last_heartbeat + timeout_of(k.first);
  const uint64_t tag = next_tag_++;
  expiry_tags_[tag] = k;
  if (ctx_.now() < due) {
    it->second.expiry = ctx_.set_timer(due, tag, ctx_.intern("session timeout"));
    return;
  }
  // Asked again every sync interval until the close commits (or the session moves).
  it->second.expiry = ctx_.set_timer(ctx_.now() + params_.sync_interval, tag, ctx_.intern("session timeout"));
  if (in_quorum_) send_request(TxnType::close, k.first, k.second);
}

void Server::send_request(TxnType type, NodeId client, uint64_t epoch) {
  const sim::MessageBody body = {static_cast<int64_t>(type), static_cast<int64_t>(client), static_cast<int64_t>(epoch),
                                 static_cast<int64_t>(ctx_.self())};
  if (leader()) on_request({ctx_.self(), ctx_.self(), kRequest, 0, body, nullptr});
  else ctx_.send(leader_id(), kRequest, body);
}

// A client connects (to create or revalidate) or sends a heartbeat. Outside the quorum a
// server answers nothing; the client's connection timeout moves it on.
void Server::on_client(const sim::Message& m) {
  if (!in_quorum_) return;
  const Key k{m.from, static_cast<uint64_t>(m.body[0])};
  if (m.kind == kConnect) {
    return send_request(m.body[1] != 0 ? TxnType::create : TxnType::own, k.first, k.second);
  }
  if (auto it = owned_.find(k); it != owned_.end()) {
    it->second.last_heartbeat = ctx_.now();
    if (m.kind == kGet) answer_get(m);
    else ctx_.send(m.from, kHeartbeatAck, {m.body[0], version_or_zero(), m.body[1], 0});  // body[1]: the member's heartbeat number
    if (params_.forward_heartbeats && !leader()) {
      ctx_.send(leader_id(), kTouch, {static_cast<int64_t>(k.first), m.body[0], 0, 0});
    } else if (params_.forward_heartbeats) {
      on_touch(k);
    }
    return;
  }
  if (auto it = table_.find(k); it != table_.end() && !it->second.open) ctx_.send(m.from, kExpired, {m.body[0], 0, 0, 0});
}

void Server::on_sync(uint64_t leader_zxid) {
  last_sync_ = ctx_.now();
  if (!in_quorum_) {
    in_quorum_ = true;
    resume_at_ = leader_zxid;
    ctx_.state(leader_id(), ctx_.intern("rejoined quorum"));
  }
  ctx_.send(leader_id(), kSyncAck, {static_cast<int64_t>(log_.size()), static_cast<int64_t>(leader_zxid), 0, 0});
  resume_if_caught_up();
}

// Back in the quorum and caught up with what the group committed meanwhile: the sessions the
// table still gives this server are its own again, with a fresh timeout (their clients were
// dropped; they revalidate, or the owner expires them).
void Server::resume_if_caught_up() {
  if (resume_at_ == kNoResume || log_.size() < resume_at_) return;
  resume_at_ = kNoResume;
  const bool from_disk = resume_from_disk_ && params_.restart_counts_from == RestartCountsFrom::last_written;
  resume_from_disk_ = false;
  for (const auto& [k, e] : table_) {
    if (e.open && e.owner == ctx_.self()) start_owning(k, from_disk ? e.written : ctx_.now());
  }
}

void Server::sync_timed_out() {
  const LocalTime due = last_sync_ + params_.sync_timeout;
  if (in_quorum_ && ctx_.now() >= due) leave_quorum();
  sync_timer_ = ctx_.set_timer(in_quorum_ ? due : ctx_.now() + params_.sync_interval, kSyncCheck,
                               ctx_.intern("sync check"));
}

// Cut off from the leader for sync_timeout: stop answering, drop every client. The sessions
// stay this server's in the table; it resumes them (with a fresh timeout) if it rejoins first.
void Server::leave_quorum() {
  in_quorum_ = false;
  ctx_.state(leader_id(), ctx_.intern("left quorum"));
  std::vector<Key> keys;
  for (const auto& [k, o] : owned_) keys.push_back(k);
  for (const Key& k : keys) {
    stop_owning(k);
    ctx_.send(k.first, kDisconnect, {0, 0, 0, 0});
  }
}

}  // namespace leasesim::session_tracker

namespace leasesim::session_tracker {

// ---- the membership tracker's group version, reads and configuration ----

namespace {
int64_t bit(NodeId n) { return n < 63 ? int64_t{1} << n : 0; }  // members are among the first 63 nodes
}  // namespace

// A committed change of the member list (a join, a removal) or of the configuration.
void Server::changed(const Txn& t) {
  ++disk_.version;
  if (group_.membership && leader()) {
    ctx_.state(t.type == TxnType::config ? sim::kNoNode : t.client,
               ctx_.intern("group version " + std::to_string(disk_.version)));
  }
}

void Server::answer_configured(NodeId member) {
  for (auto it = config_waiters_.begin(); it != config_waiters_.end(); ++it) {
    if (it->first != member) continue;
    ctx_.send(it->second, kConfigured, {static_cast<int64_t>(member), disk_.version, 0, 0});
    config_waiters_.erase(it);
    return;
  }
}

// The group as this server answers a read: its version, the members with an open session
// (active), those configured but not joined (inactive), and every configuration. The view is
// traced, so that view_agreement can compare what two trackers answer for one version.
void Server::answer_get(const sim::Message& m) {
  int64_t active = 0;
  int64_t inactive = 0;
  for (const auto& [k, e] : table_) {
    if (e.open) active |= bit(k.first);
  }
  for (const auto& [member, value] : disk_.configs) {
    if (member != sim::kNoNode && (active & bit(member)) == 0) inactive |= bit(member);
  }
  ctx_.state(m.from, ctx_.intern(view_text()));
  ctx_.send(m.from, kGetAnswer, {m.body[0], disk_.version, active, inactive});
}

std::string Server::view_text() const {
  auto name = [this](NodeId n) { return n < group_.client_names.size() ? group_.client_names[n] : std::to_string(n); };
  std::set<NodeId> active;
  for (const auto& [k, e] : table_) {
    if (e.open) active.insert(k.first);
  }
  std::string text = "view " + std::to_string(disk_.version) + ": active [";
  for (NodeId n : active) text += (text.back() == '[' ? "" : " ") + name(n);
  text += "] inactive [";
  for (const auto& [member, value] : disk_.configs) {
    if (member != sim::kNoNode && active.count(member) == 0) text += (text.back() == '[' ? "" : " ") + name(member);
  }
  text += "] config [";
  for (const auto& [member, value] : disk_.configs) {
    text += (text.back() == '[' ? "" : " ") + (member == sim::kNoNode ? std::string("group") : name(member)) + "=" +
            std::to_string(value);
  }
  return text + "]";
}

}  // namespace leasesim::session_tracker
