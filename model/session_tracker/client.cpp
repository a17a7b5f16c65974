#include "model/session_tracker/client.h"

namespace leasesim::session_tracker {
namespace {

constexpr uint64_t kHeartbeatTimer = 1;
constexpr uint64_t kSilenceTimer = 2;  // connection_timeout without an answer

}  // namespace

Client::Client(sim::Context& ctx, const SessionTrackerParams& params, std::vector<sim::NodeId> servers, size_t first)
    : ctx_(ctx), params_(params), servers_(std::move(servers)), at_(first % servers_.size()) {}

void Client::on_start() { connect(true); }

void Client::connect(bool create) {
  last_answer_ = ctx_.now();
  ctx_.send(servers_[at_], kConnect, {static_cast<int64_t>(epoch_), create ? 1 : 0, 0, 0});
  ctx_.cancel_timer(silence_);
  silence_ = ctx_.set_timer(ctx_.now() + params_.connection_timeout, kSilenceTimer, ctx_.intern("connection timeout"));
}

void Client::on_timer(uint64_t tag) {
  if (tag == kHeartbeatTimer) {
    if (!connected_) return;
    ctx_.send(servers_[at_], kHeartbeat, {static_cast<int64_t>(epoch_), 0, 0, 0});
    heartbeat_ = ctx_.set_timer(ctx_.now() + params_.heartbeat_interval, kHeartbeatTimer, ctx_.intern("heartbeat"));
    return;
  }
  const sim::LocalTime due = last_answer_ + params_.connection_timeout;
  if (ctx_.now() < due) {
    silence_ = ctx_.set_timer(due, kSilenceTimer, ctx_.intern("connection timeout"));
    return;
  }
  lose_connection();
}

// Stop believing, move to the next server and revalidate there (or create, if the session was
// never committed).
void Client::lose_connection() {
  if (connected_) ctx_.lease_dropped(epoch_);
  connected_ = false;
  ctx_.cancel_timer(heartbeat_);
  at_ = (at_ + 1) % servers_.size();
  connect(!created_);
}

void Client::on_message(const sim::Message& m) {
  if (m.from != servers_[at_]) return;  // a server it has left
  if (m.kind == kDisconnect) return lose_connection();
  if (static_cast<uint64_t>(m.body[0]) != epoch_) return;
  if (m.kind == kExpired) {
    if (connected_) ctx_.expiry_learned(epoch_);
    ctx_.state(m.from, ctx_.intern("session expired"));
    connected_ = false;
    ctx_.cancel_timer(heartbeat_);
    ++epoch_;
    created_ = false;
    return connect(true);
  }
  last_answer_ = ctx_.now();
  if (m.kind == kConnected && !connected_) {
    connected_ = true;
    created_ = true;
    ctx_.lease_believed(epoch_, sim::LocalTime::never());
    ctx_.cancel_timer(heartbeat_);
    heartbeat_ = ctx_.set_timer(ctx_.now() + params_.heartbeat_interval, kHeartbeatTimer, ctx_.intern("heartbeat"));
  }
}

}  // namespace leasesim::session_tracker
