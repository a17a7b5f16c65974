#include "model/chubby/client.h"

#include "leasesim/fenced_resource.h"

namespace leasesim::chubby {

using sim::Duration;
using sim::LocalTime;

Client::Client(sim::Context& ctx, const ChubbyParams& params, sim::NodeId master, ClientStore& store,
               std::vector<sim::NodeId> resources)
    : ctx_(ctx), params_(params), master_(master), store_(store), resources_(std::move(resources)) {
  sym_lock_ = ctx_.intern("lock");
  sym_lease_end_ = ctx_.intern("local lease end");
  sym_grace_ = ctx_.intern("grace period end");
  sym_retry_ = ctx_.intern("KeepAlive retry");
  sym_write_ = ctx_.intern("write");
  sym_jeopardy_ = ctx_.intern("jeopardy");
  sym_safe_ = ctx_.intern("safe");
  sym_expired_ = ctx_.intern("session expired");
  sym_ignored_ = ctx_.intern("reply ignored");
  sym_epoch_ = ctx_.intern("new master epoch");
}

void Client::on_start() {
  session_ = ++store_.last_session;
  start_session();
}

void Client::start_session() {
  phase_ = Phase::creating;
  acquire_sent_ = false;
  lock_granted_ = false;
  send_keepalive();
  retry_timer_ = ctx_.set_timer(ctx_.now() + params_.retry_interval, kRetry, sym_retry_);
}

void Client::send_keepalive() {
  ++request_;
  sent_at_ = ctx_.now();
  ctx_.send(master_, kKeepAlive, KeepAlive{session_, request_, master_epoch_, phase_ == Phase::creating}.encode());
}

// lease x master_rate_bound, rounded up: the client gives up a nanosecond early rather than late.
Duration Client::rate_allowance(Duration d) const {
  const __int128 scaled = static_cast<__int128>(d.ns) * params_.master_rate_bound_ppm.ppb;
  return Duration{static_cast<int64_t>((scaled + sim::kPerfectRatePpb - 1) / sim::kPerfectRatePpb)};
}

LocalTime Client::local_end(const KeepAliveReply& r) const {
  switch (params_.local_lease) {
    case LocalLease::round_trip: {
      const Duration span = r.hold + r.remaining;  // the master's lease began no earlier than send + hold
      return sent_at_ + span - rate_allowance(span);
    }
    case LocalLease::flight_bound:
      return ctx_.now() + r.remaining - rate_allowance(r.remaining) - params_.reply_flight_bound;
    case LocalLease::receipt:
      return ctx_.now() + r.remaining;
    case LocalLease::send_no_hold:
      return sent_at_ + r.remaining - rate_allowance(r.remaining);
  }
  return sent_at_;
}

void Client::on_timer(uint64_t tag) {
  switch (tag) {
    case kLeaseEnd:
      lease_timer_ = {};
      enter_jeopardy();
      return;
    case kGraceEnd:
      grace_timer_ = {};
      ctx_.state(master_, sym_expired_);
      ctx_.lease_dropped(session_);
      session_over();
      return;
    case kRetry:
      retry_timer_ = {};
      if (phase_ == Phase::live) return;
      send_keepalive();
      retry_timer_ = ctx_.set_timer(ctx_.now() + params_.retry_interval, kRetry, sym_retry_);
      return;
    case kWriteTimer:
      write();
      return;
    default:
      return;
  }
}

// §2.8: the cache emptied and disabled; without `jeopardy` the client acts on regardless.
void Client::enter_jeopardy() {
  phase_ = Phase::jeopardy;
  ctx_.state(master_, sym_jeopardy_);
  if (params_.jeopardy) release_lock();
  send_keepalive();
  ctx_.cancel_timer(retry_timer_);
  retry_timer_ = ctx_.set_timer(ctx_.now() + params_.retry_interval, kRetry, sym_retry_);
  grace_timer_ = ctx_.set_timer(end_ + params_.grace_period, kGraceEnd, sym_grace_);
}

// The session is over (told, or the grace period ran out): the next one.
void Client::session_over() {
  release_lock();
  ctx_.cancel_timer(lease_timer_);
  ctx_.cancel_timer(grace_timer_);
  ctx_.cancel_timer(retry_timer_);
  lease_timer_ = grace_timer_ = retry_timer_ = {};
  believed_until_ = {};
  session_ = ++store_.last_session;
  start_session();
}

void Client::on_message(const sim::Message& m) {
  if (m.kind == kKeepAliveReply) {
    on_reply(KeepAliveReply::decode(m.body));
  } else if (m.kind == kAcquireReply && static_cast<uint64_t>(m.body[0]) == session_ && m.body[1] > 0) {
    lock_granted_ = true;
    generation_ = m.body[1];
    hold_lock();
  }
}

void Client::on_reply(const KeepAliveReply& r) {
  if (r.request != request_) {
    ctx_.state(master_, sym_ignored_);
    return;
  }
  switch (r.status) {
    case ReplyStatus::wrong_epoch:
      master_epoch_ = r.master_epoch;
      ctx_.state(master_, sym_epoch_);
      send_keepalive();
      return;
    case ReplyStatus::expired:
      if (phase_ != Phase::creating) ctx_.expiry_learned(session_);
      session_over();
      return;
    case ReplyStatus::granted:
      granted(r);
      return;
  }
}

void Client::granted(const KeepAliveReply& r) {
  if (phase_ == Phase::jeopardy) ctx_.state(master_, sym_safe_);
  phase_ = Phase::live;
  ctx_.cancel_timer(grace_timer_);
  ctx_.cancel_timer(retry_timer_);
  grace_timer_ = retry_timer_ = {};
  end_ = local_end(r);
  believed_until_ = params_.jeopardy ? end_ : end_ + params_.grace_period;
  ctx_.lease_believed(session_, believed_until_);
  ctx_.cancel_timer(lease_timer_);
  lease_timer_ = ctx_.set_timer(end_, kLeaseEnd, sym_lease_end_);
  if (params_.lock && !acquire_sent_) {
    acquire_sent_ = true;
    ctx_.send(master_, kAcquire, {static_cast<int64_t>(session_), 0, 0, 0});
  }
  hold_lock();
  send_keepalive();
}

void Client::hold_lock() {
  const bool acting = phase_ == Phase::live || (phase_ == Phase::jeopardy && !params_.jeopardy);
  if (!lock_granted_ || lock_believed_ || !acting || ctx_.now() >= believed_until_) return;
  lock_believed_ = true;
  ctx_.lock_held(sym_lock_, session_);
  if (!writing_) write();
}

void Client::release_lock() {
  if (!lock_believed_) return;
  lock_believed_ = false;
  ctx_.lock_released(sym_lock_, session_);
}

void Client::write() {
  writing_ = lock_believed_ && ctx_.now() < believed_until_;
  if (!writing_) return;
  for (sim::NodeId r : resources_) ctx_.send(r, kWrite, write_body(session_, generation_));
  ctx_.set_timer(ctx_.now() + params_.write_interval, kWriteTimer, sym_write_);
}

}  // namespace leasesim::chubby
