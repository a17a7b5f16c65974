#include "model/ttl_lock/server.h"

namespace leasesim::ttl_lock {

using sim::Duration;
using sim::NodeId;

Server::Server(sim::Context& ctx, const TtlLockParams& params, ServerStore& store, NodeId replica, bool is_replica)
    : ctx_(ctx), params_(params), store_(store), replica_(replica), is_replica_(is_replica) {
  sym_expiry_ = ctx_.intern("key expiry");
  sym_ping_ = ctx_.intern("replication ping");
  sym_failover_ = ctx_.intern("primary silent");
  sym_promoted_ = ctx_.intern("promoted");
  sym_restart_empty_ = ctx_.intern("restarted without the key");
  sym_invalidated_ = ctx_.intern("session invalidated");
}

Duration Server::server_ttl() const {
  if (params_.variant == Variant::redis) return params_.ttl;
  return Duration{params_.ttl.ns * params_.ttl_slack_factor};
}

Duration Server::effective_lock_delay() const {
  if (params_.lock_delay.ns == 0 && params_.lock_delay_zero == LockDelayZero::default_delay) return Duration::seconds(15);
  return params_.lock_delay;
}

void Server::on_start() {
  if (store_.booted && params_.persistence == Persistence::none) {
    // Nothing survived the process: the key it had granted is gone (and with it the counter).
    if (store_.holder != sim::kNoNode) {
      ctx_.lease_expired(store_.holder, store_.value);
      ctx_.state(store_.holder, sym_restart_empty_);
    }
    const bool promoted = store_.promoted;
    store_ = ServerStore{};
    store_.promoted = promoted;
  } else if (store_.booted && store_.holder != sim::kNoNode && params_.variant == Variant::consul) {
    // A leader (re)established resets every session timer to the full TTL (session_ttl.go).
    store_.deadline = ctx_.now() + server_ttl();
    ctx_.lease_granted(store_.holder, store_.value, store_.deadline);
  }
  store_.booted = true;
  if (serving() && store_.holder != sim::kNoNode) arm_expiry();
  if (replica_ != sim::kNoNode) ctx_.set_timer(ctx_.now() + params_.ping_every, kPing, sym_ping_);
  if (is_replica_ && !store_.promoted) failover_ = ctx_.set_timer(ctx_.now() + params_.failover_after, kFailover, sym_failover_);
}

void Server::on_timer(uint64_t tag) {
  switch (tag) {
    case kExpiry:
      expiry_ = {};
      if (store_.holder != sim::kNoNode && ctx_.now() >= store_.deadline) end_lease(true);
      return;
    case kPing:
      ctx_.send(replica_, kReplicate, Replicate{Replicate::kPing, 0, {}, 0}.encode());
      ctx_.set_timer(ctx_.now() + params_.ping_every, kPing, sym_ping_);
      return;
    case kFailover:
      // Promoted with what replication brought: a change that never arrived is not here.
      failover_ = {};
      store_.promoted = true;
      ctx_.state(ctx_.self(), sym_promoted_);
      if (store_.holder != sim::kNoNode) {
        ctx_.lease_granted(store_.holder, store_.value, store_.deadline);
        arm_expiry();
      }
      return;
    default:
      return;
  }
}

void Server::on_message(const sim::Message& m) {
  if (m.kind == kReplicate) {
    on_replicate(Replicate::decode(m.body));
    return;
  }
  const Request r = Request::decode(m.body);
  switch (m.kind) {
    case kAcquire:
      acquire(m.from, r);
      return;
    case kRenew:
      renew(m.from, r);
      return;
    case kRelease:
      if (serving() && store_.holder == m.from && store_.value == r.value) end_lease(false);
      return;
    default:
      return;
  }
}

void Server::acquire(NodeId client, const Request& r) {
  // SET NX: the key must be absent (an expired key is absent even before its timer runs).
  if (store_.holder != sim::kNoNode && ctx_.now() >= store_.deadline && serving()) end_lease(true);
  const bool free = store_.holder == sim::kNoNode && ctx_.now() >= store_.free_at;
  if (!serving() || !free) {
    reply(client, r.request, Status::busy);
    return;
  }
  store_.holder = client;
  store_.value = r.value;
  ++store_.token;
  store_.deadline = ctx_.now() + server_ttl();
  ctx_.lease_granted(client, r.value, store_.deadline);
  arm_expiry();
  replicate();
  reply(client, r.request, Status::granted);
}

void Server::renew(NodeId client, const Request& r) {
  if (store_.holder != sim::kNoNode && ctx_.now() >= store_.deadline && serving()) end_lease(true);
  if (!serving()) {
    reply(client, r.request, Status::busy);
    return;
  }
  if (store_.holder != client || store_.value != r.value) {
    reply(client, r.request, Status::lost);
    return;
  }
  store_.deadline = ctx_.now() + server_ttl();
  ctx_.lease_granted(client, r.value, store_.deadline);
  arm_expiry();
  replicate();
  reply(client, r.request, Status::granted);
}

// `invalidated`: the TTL ran out (not a release): a Consul session's lock-delay starts.
void Server::end_lease(bool invalidated) {
  ctx_.lease_expired(store_.holder, store_.value);
  if (invalidated && params_.variant == Variant::consul) {
    ctx_.state(store_.holder, sym_invalidated_);
    store_.free_at = ctx_.now() + effective_lock_delay();
  }
  store_.holder = sim::kNoNode;
  ctx_.cancel_timer(expiry_);
  expiry_ = {};
  replicate();
}

void Server::arm_expiry() {
  ctx_.cancel_timer(expiry_);
  expiry_ = ctx_.set_timer(store_.deadline, kExpiry, sym_expiry_);
}

void Server::replicate() {
  if (replica_ == sim::kNoNode) return;
  const int64_t holder = store_.holder == sim::kNoNode ? Replicate::kFree : static_cast<int64_t>(store_.holder);
  ctx_.send(replica_, kReplicate, Replicate{holder, store_.value, store_.deadline, store_.token}.encode());
}

// A replica keeps what it is sent and waits for its primary; it expires nothing itself (a
// Redis replica waits for the primary's DEL) until it is promoted.
void Server::on_replicate(const Replicate& r) {
  if (!is_replica_ || store_.promoted) return;
  ctx_.cancel_timer(failover_);
  failover_ = ctx_.set_timer(ctx_.now() + params_.failover_after, kFailover, sym_failover_);
  if (r.holder == Replicate::kPing) return;
  store_.holder = r.holder == Replicate::kFree ? sim::kNoNode : static_cast<NodeId>(r.holder);
  store_.value = r.value;
  store_.deadline = r.deadline;
  store_.token = r.token;
}

void Server::reply(NodeId to, uint64_t request, Status status) {
  ctx_.send(to, kReply, Reply{request, status, store_.token}.encode());
}

}  // namespace leasesim::ttl_lock
