#include "model/chubby/master.h"

#include "model/chubby/messages.h"

namespace leasesim::chubby {

using sim::Duration;
using sim::LocalTime;
using sim::NodeId;

namespace {
// A session's two timers share its client's id: 2 x client for the lease's end, 2 x client + 1
// for a held KeepAlive's answer.
constexpr uint64_t kLockTag = UINT64_MAX;
uint64_t expiry_tag(NodeId c) { return 2 * static_cast<uint64_t>(c); }
uint64_t hold_tag(NodeId c) { return 2 * static_cast<uint64_t>(c) + 1; }
}  // namespace

Master::Master(sim::Context& ctx, const ChubbyParams& params, MasterStore& store) : ctx_(ctx), params_(params), store_(store) {
  sym_expiry_ = ctx_.intern("lease end");
  sym_hold_ = ctx_.intern("held KeepAlive");
  sym_lock_delay_ = ctx_.intern("lock-delay");
  sym_failover_ = ctx_.intern("failover: session extended");
  sym_expired_ = ctx_.intern("session expired");
}

void Master::on_start() {
  if (store_.booted) fail_over();
  store_.booted = true;
}

Master::Session& Master::session(NodeId client) {
  if (sessions_.size() <= client) sessions_.resize(client + 1);
  return sessions_[client];
}

// §2.9: a new epoch (step 1), and every session of the database extended to the bound of what
// the predecessor may have granted (step 3), its lease timer having stood still meanwhile.
void Master::fail_over() {
  ++store_.master_epoch;
  std::vector<NodeId> lapsed;
  for (const auto& [client, id] : store_.sessions) {
    Session& s = session(client);
    s = Session{};
    s.id = id;
    s.live = true;
    s.answer_now = true;
    if (params_.failover_extension.ns == 0) {
      lapsed.push_back(client);
      continue;
    }
    extend(client, params_.failover_extension);
    ctx_.state(client, sym_failover_);
  }
  for (NodeId c : lapsed) expire(c);
  grant_lock_if_free();
}

void Master::extend(NodeId client, Duration by) {
  Session& s = session(client);
  s.deadline = ctx_.now() + by;
  ctx_.lease_granted(client, s.id, s.deadline);
  ctx_.cancel_timer(s.expiry);
  s.expiry = ctx_.set_timer(s.deadline, expiry_tag(client), sym_expiry_);
}

void Master::answer(NodeId client, uint64_t request, Duration remaining, Duration hold) {
  const KeepAliveReply r{request, ReplyStatus::granted, store_.master_epoch, remaining, hold};
  ctx_.send(client, kKeepAliveReply, r.encode());
}

void Master::refuse(NodeId client, uint64_t request, int status) {
  const KeepAliveReply r{request, static_cast<ReplyStatus>(status), store_.master_epoch, {}, {}};
  ctx_.send(client, kKeepAliveReply, r.encode());
}

void Master::create(NodeId client, uint64_t id, uint64_t request) {
  Session& s = session(client);
  s = Session{};
  s.id = id;
  s.live = true;
  store_.sessions[client] = id;
  extend(client, params_.lease_extension);
  answer(client, request, params_.lease_extension, Duration{0});
}

void Master::expire(NodeId client) {
  Session& s = session(client);
  s.live = false;
  ctx_.cancel_timer(s.expiry);
  ctx_.cancel_timer(s.hold);
  s.expiry = {};
  s.hold = {};
  ctx_.lease_expired(client, s.id);
  ctx_.state(client, sym_expired_);
  store_.sessions.erase(client);
  if (s.pending) {
    s.pending = false;
    refuse(client, s.request, static_cast<int>(ReplyStatus::expired));
  }
  if (store_.held && store_.holder.client == client && store_.holder.session == s.id) {
    store_.held = false;  // the holder failed: lock-delay (§2.4)
    store_.free_at = ctx_.now() + params_.lock_delay;
    grant_lock_if_free();
  }
}

// Waiters whose session ended meanwhile are skipped here, not searched for at each expiry.
void Master::grant_lock_if_free() {
  if (store_.held || store_.waiters.empty()) return;
  if (ctx_.now() < store_.free_at) {
    if (!lock_timer_.valid()) lock_timer_ = ctx_.set_timer(store_.free_at, kLockTag, sym_lock_delay_);
    return;
  }
  while (!store_.waiters.empty()) {
    const LockWaiter w = store_.waiters.front();
    store_.waiters.pop_front();
    const Session& s = session(w.client);
    if (!s.live || s.id != w.session) continue;
    store_.held = true;
    store_.holder = w;
    ++store_.generation;
    ctx_.send(w.client, kAcquireReply, {static_cast<int64_t>(w.session), store_.generation, 0, 0});
    return;
  }
}

void Master::on_timer(uint64_t tag) {
  if (tag == kLockTag) {
    lock_timer_ = {};
    grant_lock_if_free();
    return;
  }
  const auto client = static_cast<NodeId>(tag / 2);
  Session& s = session(client);
  if (tag == expiry_tag(client)) {
    s.expiry = {};
    if (s.live && ctx_.now() >= s.deadline) expire(client);
    return;
  }
  s.hold = {};
  if (!s.live || !s.pending) return;
  s.pending = false;
  extend(client, params_.lease_extension);
  answer(client, s.request, params_.lease_extension, ctx_.now() - s.arrived);
}

void Master::on_message(const sim::Message& m) {
  if (m.kind == kKeepAlive) on_keepalive(m);
  if (m.kind == kAcquire) on_acquire(m);
}

void Master::on_keepalive(const sim::Message& m) {
  const KeepAlive ka = KeepAlive::decode(m.body);
  const NodeId client = m.from;
  if (ka.master_epoch != store_.master_epoch) {
    refuse(client, ka.request, static_cast<int>(ReplyStatus::wrong_epoch));
    return;
  }
  Session& s = session(client);
  const bool known = s.live && s.id == ka.session;
  if (ka.creating && !known && ka.session > s.id) {
    if (s.live) expire(client);  // a client creating anew has restarted: its old session is over
    create(client, ka.session, ka.request);
    return;
  }
  if (!known) {
    refuse(client, ka.request, static_cast<int>(ReplyStatus::expired));
    return;
  }
  if (s.answer_now && ctx_.now() < s.deadline) {
    s.answer_now = false;
    answer(client, ka.request, s.deadline - ctx_.now(), Duration{0});
    return;
  }
  s.pending = true;
  s.request = ka.request;
  s.arrived = ctx_.now();
  if (ctx_.now() >= s.deadline) {  // a late expiry timer: the lease is over, never revived
    expire(client);
    return;
  }
  // Held (a retry replaces the request it retries) until reply_advance before the lease ends.
  const LocalTime at = s.deadline - params_.reply_advance;
  if (at <= ctx_.now()) {
    ctx_.cancel_timer(s.hold);
    on_timer(hold_tag(client));
  } else if (!s.hold.valid()) {
    s.hold = ctx_.set_timer(at, hold_tag(client), sym_hold_);
  }
}

void Master::on_acquire(const sim::Message& m) {
  const auto id = static_cast<uint64_t>(m.body[0]);
  const Session& s = session(m.from);
  if (!s.live || s.id != id) {
    ctx_.send(m.from, kAcquireReply, {static_cast<int64_t>(id), 0, 0, 0});
    return;
  }
  if (store_.held && store_.holder.client == m.from && store_.holder.session == id) {
    ctx_.send(m.from, kAcquireReply, {static_cast<int64_t>(id), store_.generation, 0, 0});
    return;
  }
  store_.waiters.push_back({m.from, id});
  grant_lock_if_free();
}

}  // namespace leasesim::chubby
