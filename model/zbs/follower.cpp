#include "model/zbs/follower.h"

#include "leasesim/fenced_resource.h"
#include "model/zbs/messages.h"

namespace leasesim::zbs {

Follower::Follower(sim::Context& ctx, const ZbsParams& params, sim::NodeId master, FollowerStore& store,
                   std::vector<sim::NodeId> resources)
    : ctx_(ctx), params_(params), master_(master), store_(store), resources_(std::move(resources)) {
  // lease x guard, rounded up: the follower gives up a nanosecond too early rather than late.
  const __int128 scaled = static_cast<__int128>(params_.lease.ns) * params_.guard_ppm.ppb;
  guard_ = sim::Duration{static_cast<int64_t>((scaled + sim::kPerfectRatePpb - 1) / sim::kPerfectRatePpb)};
  sym_rpc_timer_ = ctx_.intern("rpc timeout");
  sym_next_timer_ = ctx_.intern("next KeepAlive");
  sym_reply_ignored_ = ctx_.intern("reply ignored");
  sym_rpc_timeout_ = ctx_.intern("KeepAlive timed out");
  sym_write_ = ctx_.intern("write");
}

// While it believes its lease (its own clock before the lease's end), it writes with its token.
void Follower::write() {
  writing_ = registered_ && ctx_.now() < lease_end_;
  if (!writing_) return;
  for (sim::NodeId r : resources_) ctx_.send(r, zbs::kWrite, write_body(epoch_, token_));
  ctx_.set_timer(ctx_.now() + params_.write_interval, kWriteTimer, sym_write_);
}

void Follower::on_start() {
  epoch_ = ++store_.last_epoch;
  send_keepalive();
}

void Follower::send_keepalive() {
  ++request_;
  sent_at_ = ctx_.now();
  outstanding_ = true;
  ctx_.send(master_, kKeepAlive, KeepAlive{epoch_, request_, !registered_}.encode());
  rpc_timer_ = ctx_.set_timer(sent_at_ + params_.rpc_timeout, kRpcTimeout, sym_rpc_timer_);
}

void Follower::next_keepalive_after_grant() {
  if (params_.follower_next_keepalive == FollowerNextKeepalive::at_once) {
    send_keepalive();
  } else {
    ctx_.set_timer(ctx_.now() + params_.follower_keepalive_interval, kNextKeepalive, sym_next_timer_);
  }
}

void Follower::on_timer(uint64_t tag) {
  if (tag == kNextKeepalive) {
    send_keepalive();
    return;
  }
  if (tag == kWriteTimer) {
    write();
    return;
  }
  outstanding_ = false;
  ctx_.state(master_, sym_rpc_timeout_);
  send_keepalive();
}

void Follower::on_message(const sim::Message& m) {
  if (m.kind != kKeepAliveReply) return;
  const KeepAliveReply r = KeepAliveReply::decode(m.body);
  if (!outstanding_ || r.request != request_ || r.epoch != epoch_) {
    ctx_.state(master_, sym_reply_ignored_);
    return;
  }
  outstanding_ = false;
  ctx_.cancel_timer(rpc_timer_);
  if (r.status == ReplyStatus::granted) {
    registered_ = true;
    const sim::LocalTime anchor = params_.follower_anchor == FollowerAnchor::receive ? ctx_.now() : sent_at_;
    lease_end_ = anchor + params_.lease - params_.network_margin - guard_;
    token_ = r.token;
    ctx_.lease_believed(epoch_, lease_end_);
    if (!resources_.empty() && !writing_) write();
    next_keepalive_after_grant();
  } else {
    ctx_.expiry_learned(epoch_);
    lease_end_ = {};
    epoch_ = ++store_.last_epoch;
    registered_ = false;
    send_keepalive();
  }
}

}  // namespace leasesim::zbs
