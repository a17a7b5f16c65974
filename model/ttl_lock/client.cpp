#include "model/ttl_lock/client.h"

#include <algorithm>

#include "leasesim/fenced_resource.h"

namespace leasesim::ttl_lock {

using sim::Duration;
using sim::LocalTime;

Client::Client(sim::Context& ctx, const TtlLockParams& params, ClientStore& store, std::vector<sim::NodeId> targets,
               size_t servers, std::vector<sim::NodeId> resources)
    : ctx_(ctx),
      params_(params),
      store_(store),
      targets_(std::move(targets)),
      quorum_(servers / 2 + 1),
      resources_(std::move(resources)) {
  sym_lock_ = ctx_.intern("lock");
  sym_decide_ = ctx_.intern("answers due");
  sym_retry_ = ctx_.intern("retry");
  sym_renew_ = ctx_.intern("extend");
  sym_validity_ = ctx_.intern("validity end");
  sym_hold_ = ctx_.intern("work done");
  sym_write_ = ctx_.intern("write");
  sym_failed_ = ctx_.intern("acquisition failed");
  sym_lost_ = ctx_.intern("told lost");
  sym_extended_ = ctx_.intern("extended");
  sym_not_extended_ = ctx_.intern("not extended");
}

void Client::on_start() {
  value_ = ++store_.last_value;
  start_round(kAcquire);
}

// ttl x drift (rounded up) + drift_extra: the redis.io reference implementation's drift.
Duration Client::drift() const {
  const __int128 scaled = static_cast<__int128>(params_.ttl.ns) * params_.drift.ppb;
  return Duration{static_cast<int64_t>((scaled + sim::kPerfectRatePpb - 1) / sim::kPerfectRatePpb)} + params_.drift_extra;
}

void Client::start_round(Kind kind) {
  ++request_;
  round_kind_ = kind;
  round_open_ = true;
  t1_ = ctx_.now();  // before the first request (the distlock page, step 1)
  answers_ = grants_ = lost_ = 0;
  round_token_ = 0;
  for (sim::NodeId s : targets_) ctx_.send(s, kind, Request{request_, value_}.encode());
  decide_timer_ = ctx_.set_timer(t1_ + params_.request_timeout, kDecideTimer, sym_decide_);
}

void Client::on_message(const sim::Message& m) {
  if (m.kind != kReply) return;
  const Reply r = Reply::decode(m.body);
  if (!round_open_ || r.request != request_) return;
  ++answers_;
  if (r.status == Status::granted) {
    ++grants_;
    round_token_ = std::max(round_token_, r.token);
  } else if (r.status == Status::lost) {
    ++lost_;
  }
  if (answers_ == targets_.size()) decide();
}

void Client::decide() {
  round_open_ = false;
  ctx_.cancel_timer(decide_timer_);
  decide_timer_ = {};
  const Duration validity = params_.ttl - (ctx_.now() - t1_) - drift();
  const bool ok = grants_ >= quorum_ && validity.ns > 0;
  if (round_kind_ == kAcquire) {
    if (ok) {
      token_ = round_token_;
      hold(t1_ + params_.ttl - drift());
      return;
    }
    // The distlock page: on failure, unlock every instance, then retry after a random delay.
    ctx_.state(targets_.front(), sym_failed_);
    release_all();
    Duration jitter{0};
    if (params_.retry_jitter.ns > 0) jitter = Duration::millis(ctx_.rng().uniform(0, params_.retry_jitter.ns / 1'000'000));
    ctx_.set_timer(ctx_.now() + params_.retry_every + jitter, kRetryTimer, sym_retry_);
    return;
  }
  if (phase_ != Phase::holding) return;
  if (ok) {
    token_ = std::max(token_, round_token_);
    ctx_.state(targets_.front(), sym_extended_);
    if (params_.belief == Belief::validity) {
      believed_until_ = t1_ + params_.ttl - drift();
      ctx_.cancel_timer(validity_timer_);
      validity_timer_ = ctx_.set_timer(believed_until_, kValidityTimer, sym_validity_);
    }
  } else if (params_.belief == Belief::until_told && lost_ > 0) {
    ctx_.state(targets_.front(), sym_lost_);
    stop_holding();
    release_all();
    return;
  } else {
    ctx_.state(targets_.front(), sym_not_extended_);  // the belief runs on to its old end
  }
  renew_timer_ = ctx_.set_timer(t1_ + params_.renew_every, kRenewTimer, sym_renew_);
}

void Client::hold(LocalTime until) {
  phase_ = Phase::holding;
  believed_until_ = params_.belief == Belief::validity ? until : LocalTime::never();
  ctx_.lock_held(sym_lock_, value_);
  if (params_.belief == Belief::validity) validity_timer_ = ctx_.set_timer(until, kValidityTimer, sym_validity_);
  if (params_.renew_every.ns > 0) renew_timer_ = ctx_.set_timer(t1_ + params_.renew_every, kRenewTimer, sym_renew_);
  if (params_.hold_for.ns > 0) ctx_.set_timer(ctx_.now() + params_.hold_for, kHoldTimer, sym_hold_);
  if (!writing_) write();
}

void Client::on_timer(uint64_t tag) {
  switch (tag) {
    case kDecideTimer:
      decide_timer_ = {};
      if (round_open_) decide();
      return;
    case kRetryTimer:
      if (phase_ != Phase::acquiring) return;
      value_ = ++store_.last_value;
      start_round(kAcquire);
      return;
    case kRenewTimer:
      renew_timer_ = {};
      if (phase_ == Phase::holding) start_round(kRenew);
      return;
    case kValidityTimer:
      validity_timer_ = {};
      [[fallthrough]];
    case kHoldTimer:
      // The validity ended or the work is done: let go on every instance.
      if (phase_ != Phase::holding) return;
      stop_holding();
      release_all();
      return;
    case kWriteTimer:
      write();
      return;
    default:
      return;
  }
}

void Client::stop_holding() {
  phase_ = Phase::done;
  round_open_ = false;
  ctx_.lock_released(sym_lock_, value_);
  ctx_.cancel_timer(validity_timer_);
  ctx_.cancel_timer(renew_timer_);
  ctx_.cancel_timer(decide_timer_);
  validity_timer_ = renew_timer_ = decide_timer_ = {};
}

// Compare-and-delete on every instance (a Consul client releases its lock and session).
void Client::release_all() {
  for (sim::NodeId s : targets_) ctx_.send(s, kRelease, Request{request_, value_}.encode());
}

void Client::write() {
  writing_ = phase_ == Phase::holding && ctx_.now() < believed_until_ && !resources_.empty();
  if (!writing_) return;
  for (sim::NodeId r : resources_) ctx_.send(r, kWrite, write_body(value_, token_));
  ctx_.set_timer(ctx_.now() + params_.write_every, kWriteTimer, sym_write_);
}

}  // namespace leasesim::ttl_lock
