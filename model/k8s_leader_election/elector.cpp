#include "model/k8s_leader_election/elector.h"

#include "leasesim/fenced_resource.h"
#include "model/k8s_leader_election/messages.h"

namespace leasesim::k8s_leader_election {

using sim::Duration;

namespace {
enum Tag : uint64_t { kRetry = 1, kRoundStart, kRoundAttempt, kDeadline, kRequestTimeout, kHook, kWriteTimer };
}  // namespace

Elector::Elector(sim::Context& ctx, const K8sParams& params, ElectorTiming timing, sim::NodeId apiserver,
                 std::vector<sim::NodeId> resources)
    : ctx_(ctx), params_(params), timing_(timing), apiserver_(apiserver), resources_(std::move(resources)) {
  sym_retry_ = ctx_.intern("acquire: tryAcquireOrRenew");
  sym_round_ = ctx_.intern("renew: next round");
  sym_deadline_ = ctx_.intern("renew: RenewDeadline");
  sym_request_timeout_ = ctx_.intern("request timeout");
  sym_hook_ = ctx_.intern("OnStoppedLeading done");
  sym_write_ = ctx_.intern("write");
  sym_lock_ = ctx_.intern("leader");
  sym_started_ = ctx_.intern("OnStartedLeading");
  sym_stopped_ = ctx_.intern("stopped leading");
  sym_exited_ = ctx_.intern("exited: leaderelection lost");
}

void Elector::on_start() { try_begin(); }

void Elector::on_timer(uint64_t tag) {
  switch (tag) {
    case kRetry:
      if (!acting_ && step_ == Step::idle) try_begin();  // never set after an exit
      return;
    case kRoundStart:
      if (leading_) round_begin();
      return;
    case kRoundAttempt:
      if (leading_ && step_ == Step::idle) try_begin();
      return;
    case kDeadline:
      if (!leading_) return;
      abandon_request();
      step_down();
      return;
    case kRequestTimeout:
      if (step_ != Step::idle) request_failed();
      return;
    case kHook:
      stop_acting();
      return;
    case kWriteTimer:
      if (!acting_) return;
      for (sim::NodeId r : resources_) ctx_.send(r, kWrite, write_body(epoch_, static_cast<int64_t>(epoch_)));
      write_timer_ = ctx_.set_timer(ctx_.now() + params_.write_every, kWriteTimer, sym_write_);
      return;
    default:
      return;
  }
}

void Elector::on_message(const sim::Message& m) {
  if (m.body[0] != request_) return;  // a reply to a request given up
  if (m.kind == kGetReply && step_ == Step::get) on_get_reply(m.body);
  if (m.kind == kUpdateReply && (step_ == Step::update || step_ == Step::fast_update)) on_update_reply(m.body);
}

// tryAcquireOrRenew. Its `now` is taken once, at the start: lease validity is judged at that
// instant even when the record read later changed.
void Elector::try_begin() {
  try_start_ = ctx_.now();
  if (is_leader() && lease_valid(try_start_)) {
    step_ = Step::fast_update;  // update optimistically with the record observed last time
    send_update(lock_version_);
    return;
  }
  send_get();
}

void Elector::send_get() {
  step_ = Step::get;
  ++request_;
  ctx_.send(apiserver_, kGet, {request_, 0, 0, 0});
  arm_request_timeout();
}

void Elector::send_update(int64_t resource_version) {
  ++request_;
  ctx_.send(apiserver_, kUpdate,
            {request_, resource_version, timing_.lease_duration.ns / 1'000'000'000, try_start_.ns / 1'000'000});
  arm_request_timeout();
}

void Elector::arm_request_timeout() {
  ctx_.cancel_timer(request_timer_);
  if (params_.request_timeout.ns > 0) {
    request_timer_ = ctx_.set_timer(ctx_.now() + params_.request_timeout, kRequestTimeout, sym_request_timeout_);
  }
}

void Elector::on_get_reply(const sim::MessageBody& b) {
  ctx_.cancel_timer(request_timer_);
  if (b[1] == 0) {  // no Lease yet: create it
    step_ = Step::update;
    send_update(0);
    return;
  }
  lock_version_ = b[1];
  if (b[1] != raw_version_) {
    raw_version_ = b[1];
    observe(b[2], b[3]);
  }
  if (observed_holder_ != 0 && lease_valid(try_start_) && !is_leader()) {
    try_end(false);
    return;
  }
  step_ = Step::update;
  send_update(b[1]);
}

void Elector::on_update_reply(const sim::MessageBody& b) {
  ctx_.cancel_timer(request_timer_);
  if (b[1] == 1) {
    lock_version_ = b[2];
    observe(self_code(), timing_.lease_duration.ns / 1'000'000'000);
    epoch_ = static_cast<uint64_t>(b[3]);
    try_end(true);
    return;
  }
  if (step_ == Step::fast_update) {  // "failed to update lock optimistically, falling back to slow path"
    send_get();
    return;
  }
  try_end(false);
}

void Elector::request_failed() {
  if (step_ == Step::fast_update) {
    send_get();
    return;
  }
  try_end(false);
}

void Elector::try_end(bool ok) {
  step_ = Step::idle;
  ctx_.cancel_timer(request_timer_);
  if (leading_) {
    ok ? renewed() : renew_failed();
  } else if (ok) {
    become_leader();
  } else {
    retry_acquire();
  }
}

// The renew round's context ended: the request out is cancelled and its reply, if any, ignored.
void Elector::abandon_request() {
  if (step_ == Step::idle) return;
  step_ = Step::idle;
  ++request_;
  ctx_.cancel_timer(request_timer_);
}

bool Elector::is_leader() const { return observed_holder_ == self_code(); }

// isLeaseValid: observedTime + LeaseDuration is after `t`, with the record's leaseDurationSeconds
// (PR #114872) or this elector's own (before it).
bool Elector::lease_valid(sim::LocalTime t) const {
  if (!observed_) return false;
  const Duration d = params_.lease_duration_from == LeaseDurationFrom::record ? Duration::seconds(observed_duration_s_)
                                                                              : timing_.lease_duration;
  return observed_time_ + d > t;
}

void Elector::observe(int64_t holder, int64_t lease_duration_seconds) {
  observed_ = true;
  observed_holder_ = holder;
  observed_duration_s_ = lease_duration_seconds;
  observed_time_ = ctx_.now();
}

// wait.JitterUntil(..., RetryPeriod, JitterFactor, sliding): RetryPeriod + r x JitterFactor x
// RetryPeriod after the attempt ended; r drawn in whole milliseconds from the elector's stream.
void Elector::retry_acquire() {
  const int64_t max_ms = params_.retry_period.ns / 1'000'000 * params_.jitter_factor_milli / 1000;
  const int64_t jitter_ms = max_ms > 0 ? ctx_.rng().uniform(0, max_ms - 1) : 0;
  ctx_.set_timer(ctx_.now() + params_.retry_period + Duration::millis(jitter_ms), kRetry, sym_retry_);
}

void Elector::become_leader() {
  leading_ = true;
  acting_ = true;
  ctx_.state(ctx_.self(), sym_started_);
  ctx_.lock_held(sym_lock_, epoch_);
  if (!resources_.empty()) write_timer_ = ctx_.set_timer(ctx_.now() + params_.write_every, kWriteTimer, sym_write_);
  round_begin();
}

// One round of renew(): `context` tries at once and ends at RenewDeadline whatever is out;
// `poll` (wait.Poll) tries at each RetryPeriod tick from the round's start.
void Elector::round_begin() {
  round_start_ = ctx_.now();
  if (params_.renew_timeout == RenewTimeout::context) {
    deadline_timer_ = ctx_.set_timer(round_start_ + timing_.renew_deadline, kDeadline, sym_deadline_);
    try_begin();
    return;
  }
  round_timer_ = ctx_.set_timer(round_start_ + params_.retry_period, kRoundAttempt, sym_round_);
}

void Elector::renewed() {
  ctx_.cancel_timer(deadline_timer_);
  if (params_.renew_timeout == RenewTimeout::context) {
    round_timer_ = ctx_.set_timer(ctx_.now() + params_.retry_period, kRoundStart, sym_round_);  // wait.Until, sliding
    return;
  }
  round_begin();  // wait.Until with period 0
}

void Elector::renew_failed() {
  const sim::LocalTime now = ctx_.now();
  if (params_.renew_timeout == RenewTimeout::context) {
    // The next try a RetryPeriod after this one returned; the deadline timer, set first, wins a tie.
    round_timer_ = ctx_.set_timer(now + params_.retry_period, kRoundAttempt, sym_round_);
    return;
  }
  // wait.Poll: the deadline is seen only now, between attempts, or at the tick it closes.
  const sim::LocalTime deadline = round_start_ + timing_.renew_deadline;
  if (now >= deadline) {
    step_down();
    return;
  }
  const int64_t k = (now - round_start_).ns / params_.retry_period.ns + 1;
  const sim::LocalTime tick = round_start_ + Duration{k * params_.retry_period.ns};
  if (tick >= deadline) {
    deadline_timer_ = ctx_.set_timer(deadline, kDeadline, sym_deadline_);
  } else {
    round_timer_ = ctx_.set_timer(tick, kRoundAttempt, sym_round_);
  }
}

void Elector::step_down() {
  leading_ = false;
  ctx_.cancel_timer(round_timer_);
  ctx_.cancel_timer(deadline_timer_);
  ctx_.state(ctx_.self(), sym_stopped_);
  if (params_.stop_hook.ns > 0) {
    ctx_.set_timer(ctx_.now() + params_.stop_hook, kHook, sym_hook_);
    return;
  }
  stop_acting();
}

// OnStoppedLeading has returned: the elector stops acting, and exits or runs acquire again.
void Elector::stop_acting() {
  acting_ = false;
  ctx_.cancel_timer(write_timer_);
  ctx_.lock_released(sym_lock_, epoch_);
  if (params_.after_leading == AfterLeading::rejoin) {
    try_begin();
  } else {
    ctx_.state(ctx_.self(), sym_exited_);
  }
}

}  // namespace leasesim::k8s_leader_election
