#include "server.h"

namespace ttl_lock {

using leasesim::Message;
using leasesim::NodeId;

LockServer::LockServer(leasesim::Context& ctx, const TtlLockParams& params, ServerStore& store)
    : ctx_(ctx), params_(params), store_(store) {
  sym_expiry_ = ctx_.intern("lease expiry");
}

// After a restart the lease it had granted runs on: its deadline is in the store.
void LockServer::on_start() {
  if (store_.holder != leasesim::kNoNode) arm_expiry();
}

void LockServer::on_timer(uint64_t) {
  if (store_.holder != leasesim::kNoNode && ctx_.now() >= store_.deadline) end_lease();
}

void LockServer::on_message(const Message& m) {
  const LockMessage r = LockMessage::decode(m.body);
  switch (m.kind) {
    case kAcquire:
      if (store_.holder == leasesim::kNoNode) {
        grant(m.from, r.request);
      } else {
        reply(m.from, kBusy, r.request, 0);
      }
      break;
    case kRenew:
      if (holds(m.from, r.token)) {
        extend(m.from, r);
      } else {
        reply(m.from, kLost, r.request, r.token);
      }
      break;
    case kRelease:
      if (holds(m.from, r.token)) end_lease();
      break;
    default:
      break;
  }
}

void LockServer::grant(NodeId client, uint64_t request) {
  store_.holder = client;
  ++store_.token;
  store_.deadline = ctx_.now() + params_.ttl;
  ctx_.lease_granted(client, static_cast<uint64_t>(store_.token), store_.deadline);
  arm_expiry();
  reply(client, kGranted, request, store_.token);
}

void LockServer::extend(NodeId client, const LockMessage& renew) {
  store_.deadline = ctx_.now() + params_.ttl;
  ctx_.lease_granted(client, static_cast<uint64_t>(store_.token), store_.deadline);
  arm_expiry();
  reply(client, kRenewed, renew.request, renew.token);
}

// The lease is over (its TTL ran out, or its holder released it): the lock is free.
void LockServer::end_lease() {
  ctx_.lease_expired(store_.holder, static_cast<uint64_t>(store_.token));
  store_.holder = leasesim::kNoNode;
  ctx_.cancel_timer(expiry_);
}

void LockServer::arm_expiry() {
  ctx_.cancel_timer(expiry_);
  expiry_ = ctx_.set_timer(store_.deadline, 0, sym_expiry_);
}

void LockServer::reply(NodeId to, Kind kind, uint64_t request, int64_t token) {
  ctx_.send(to, kind, LockMessage{request, token}.encode());
}

}  // namespace ttl_lock
