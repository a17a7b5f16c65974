#include "client.h"

#include <leasesim/fenced_resource.h>

#include <utility>

namespace ttl_lock {

using leasesim::Duration;
using leasesim::LocalTime;

LockClient::LockClient(leasesim::Context& ctx, const TtlLockParams& params, leasesim::NodeId server,
                       std::vector<leasesim::NodeId> resources)
    : ctx_(ctx), params_(params), server_(server), resources_(std::move(resources)) {
  sym_retry_ = ctx_.intern("retry");
  sym_renew_ = ctx_.intern("renew");
  sym_write_ = ctx_.intern("write");
  sym_release_ = ctx_.intern("release");
  sym_belief_end_ = ctx_.intern("belief ends");
}

void LockClient::acquire() {
  sent_at_ = ctx_.now();
  ctx_.send(server_, kAcquire, LockMessage{++request_, 0}.encode());
  retry_later();
}

// The jitter, in whole milliseconds, comes from the client's own random stream: the same seed,
// the same draws, on every machine.
void LockClient::retry_later() {
  const Duration jitter = Duration::millis(ctx_.rng().uniform(0, params_.retry_jitter.ns / 1'000'000));
  retry_ = ctx_.set_timer(ctx_.now() + params_.retry_every + jitter, kRetryTimer, sym_retry_);
}

void LockClient::on_timer(uint64_t tag) {
  switch (tag) {
    case kRetryTimer:
      acquire();
      break;
    case kRenewTimer:
      renew();
      break;
    case kWriteTimer:
      write();
      break;
    case kReleaseTimer:
      release();
      break;
    case kBeliefEndTimer:
      still_holds();
      break;
    default:
      break;
  }
}

void LockClient::on_message(const leasesim::Message& m) {
  const LockMessage r = LockMessage::decode(m.body);
  if (r.request != request_) return;  // not the answer to its latest request
  switch (m.kind) {
    case kGranted:
      if (!holding_) hold(r.token);
      break;
    case kRenewed:
      if (holding_ && r.token == token_) believe(sent_at_);
      break;
    case kLost:
      if (holding_ && r.token == token_) {
        ctx_.expiry_learned(static_cast<uint64_t>(token_));
        let_go();
        acquire();
      }
      break;
    default:  // Busy: the retry timer asks again
      break;
  }
}

void LockClient::hold(int64_t token) {
  ctx_.cancel_timer(retry_);
  holding_ = true;
  token_ = token;
  believe(sent_at_);
  renew_ = after(params_.renew_every, kRenewTimer, sym_renew_);
  write_ = after(params_.write_every, kWriteTimer, sym_write_);
  release_ = ctx_.set_timer(ctx_.now() + params_.hold_for, kReleaseTimer, sym_release_);
}

// A grant or renewal answering the request sent at `sent_at`: the server's lease runs `ttl`
// from when it handled the request, which is no earlier than `sent_at`.
void LockClient::believe(LocalTime sent_at) {
  until_ = params_.belief == Belief::until_told ? LocalTime::never() : sent_at + params_.ttl - params_.margin;
  ctx_.lease_believed(static_cast<uint64_t>(token_), until_);
  if (params_.belief == Belief::until_ttl) {
    ctx_.cancel_timer(belief_end_);
    belief_end_ = ctx_.set_timer(until_, kBeliefEndTimer, sym_belief_end_);
  }
}

// With until_ttl, whether the lease is still good on this client's clock; if it ran out (its
// timers may fire late, after a pause), the client stops believing before the server can have
// expired the lease, and asks for the lock again.
bool LockClient::still_holds() {
  if (!holding_) return false;
  if (ctx_.now() < until_) return true;
  ctx_.lease_dropped(static_cast<uint64_t>(token_));
  let_go();
  acquire();
  return false;
}

void LockClient::renew() {
  if (!still_holds()) return;
  sent_at_ = ctx_.now();
  ctx_.send(server_, kRenew, LockMessage{++request_, token_}.encode());
  renew_ = after(params_.renew_every, kRenewTimer, sym_renew_);
}

// A write leaves only while the client believes it holds the lock; what happens to it on the
// way (a delay, a pause of the client before the send) is the resource's to judge.
void LockClient::write() {
  if (!still_holds()) return;
  for (leasesim::NodeId r : resources_) ctx_.send(r, kWrite, leasesim::write_body(static_cast<uint64_t>(token_), token_));
  write_ = after(params_.write_every, kWriteTimer, sym_write_);
}

void LockClient::release() {
  ctx_.lease_dropped(static_cast<uint64_t>(token_));
  ctx_.send(server_, kRelease, LockMessage{++request_, token_}.encode());
  let_go();
  retry_later();
}

void LockClient::let_go() {
  holding_ = false;
  for (leasesim::TimerId t : {renew_, write_, release_, belief_end_}) ctx_.cancel_timer(t);
}

leasesim::TimerId LockClient::after(Duration delay, Timer tag, leasesim::Symbol name) {
  return ctx_.set_timer(ctx_.now() + delay, tag, name);
}

}  // namespace ttl_lock
