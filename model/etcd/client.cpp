#include "model/etcd/client.h"

#include "model/etcd/messages.h"

namespace leasesim::etcd {

using sim::Duration;

namespace {
enum Tag : uint64_t { kPoll = 1, kReaper };
constexpr int64_t kMainRequest = 1;  // the lease the client keeps alive
constexpr int64_t kIdleRequest = 2;  // idle_leases: granted, never renewed
constexpr int64_t kLockRequest = 3;  // the lock key's put
}  // namespace

Client::Client(sim::Context& ctx, const EtcdParams& params, sim::NodeId endpoint, Duration ttl)
    : ctx_(ctx), params_(params), endpoint_(endpoint), ttl_(ttl) {
  sym_poll_ = ctx_.intern("sendKeepAliveLoop");
  sym_reaper_ = ctx_.intern("deadlineLoop");
  sym_closed_ = ctx_.intern("keepalive channel closed");
  sym_lock_ = ctx_.intern("/lock");
  sym_session_expired_ = ctx_.intern("Lock: ErrSessionExpired");
}

void Client::on_start() {
  const int64_t ttl_s = ttl_.ns / 1'000'000'000;
  ctx_.send(endpoint_, kLeaseGrant, {kMainRequest, ttl_s, 1, 0});
  if (params_.idle_leases > 0) ctx_.send(endpoint_, kLeaseGrant, {kIdleRequest, ttl_s, params_.idle_leases, 0});
  ctx_.set_timer(ctx_.now() + params_.keepalive_poll, kPoll, sym_poll_);
  ctx_.set_timer(ctx_.now() + params_.reaper_period, kReaper, sym_reaper_);
}

void Client::on_timer(uint64_t tag) {
  const sim::LocalTime now = ctx_.now();
  if (tag == kPoll) {
    if (alive_ && params_.keepalive && next_keepalive_ < now) {
      ctx_.send(endpoint_, kKeepAlive, {static_cast<int64_t>(lease_), ++request_, 0, 0});
    }
    ctx_.set_timer(now + params_.keepalive_poll, kPoll, sym_poll_);
    return;
  }
  if (alive_ && deadline_ < now) close(false);
  ctx_.set_timer(now + params_.reaper_period, kReaper, sym_reaper_);
}

void Client::on_message(const sim::Message& m) {
  const sim::MessageBody& b = m.body;
  const sim::LocalTime now = ctx_.now();
  if (m.kind == kLeaseGrantReply) {
    if (b[0] != kMainRequest || lease_ != 0) return;
    lease_ = static_cast<uint64_t>(b[1]);
    alive_ = true;
    ctx_.lease_believed(lease_, sim::LocalTime::never());
    if (params_.keepalive) {
      // KeepAlive(): deadline = now + firstKeepAliveTimeout, nextKeepAlive = now.
      next_keepalive_ = now;
      deadline_ = now + params_.first_keepalive_timeout;
    } else {
      // No keepalive: the application holds its lease until told (it never asks).
      deadline_ = sim::LocalTime::never();
    }
    if (params_.lock) ctx_.send(endpoint_, kLockPut, {kLockRequest, static_cast<int64_t>(lease_), 0, 0});
    return;
  }
  if (m.kind == kLockPutReply) {
    if (b[0] == kLockRequest && b[1] > 0) ctx_.send(endpoint_, kLockWait, {b[1], 0, 0, 0});
    return;
  }
  if (m.kind == kLockWaitReply) {
    // The wait is over. Jepsen etcd 3.4.3: Lock returned here without looking at the lease; the
    // fix reads its own key first and fails with ErrSessionExpired when it is gone (#11456).
    if (params_.lock_check == LockCheck::owner_key && b[1] == 0) {
      ctx_.state(ctx_.self(), sym_session_expired_);
      return;
    }
    holding_ = true;
    ctx_.lock_held(sym_lock_, lease_);
    return;
  }
  if (m.kind != kKeepAliveReply || !alive_ || static_cast<uint64_t>(b[0]) != lease_) return;
  if (b[2] <= 0) {
    close(true);
    return;
  }
  const Duration ttl = Duration::seconds(b[2]);
  next_keepalive_ = now + Duration{ttl.ns / 3};
  deadline_ = now + ttl;
}

void Client::close(bool told) {
  alive_ = false;
  if (holding_) {
    holding_ = false;
    ctx_.lock_released(sym_lock_, lease_);
  }
  ctx_.state(ctx_.self(), sym_closed_);
  if (told) {
    ctx_.expiry_learned(lease_);
  } else {
    ctx_.lease_dropped(lease_);
  }
}

}  // namespace leasesim::etcd
