#include "model/membership_tracker/member.h"

#include <string>

#include "model/session_tracker/messages.h"

namespace leasesim::membership_tracker {
namespace {

using namespace session_tracker;  // the message kinds: the trackers are the session tracker's servers

constexpr uint64_t kJoinTimer = 1;
constexpr uint64_t kHeartbeatTimer = 2;
constexpr uint64_t kSilenceTimer = 3;  // connection_timeout without an answer
constexpr uint64_t kBeliefTimer = 4;   // its belief runs out
constexpr size_t kKeptHeartbeats = 16;  // send times kept for answers still to come

}  // namespace

Member::Member(sim::Context& ctx, const MembershipParams& params, std::vector<sim::NodeId> trackers, size_t first,
               Duration timeout, Duration join_at)
    : ctx_(ctx),
      params_(params),
      trackers_(std::move(trackers)),
      timeout_(timeout),
      join_at_(join_at),
      at_(first % trackers_.size()) {}

void Member::on_start() {
  if (join_at_.ns == 0) return join();
  ctx_.set_timer(ctx_.now() + join_at_, kJoinTimer, ctx_.intern("join"));
}

// PUT /group/member?timeout=T: a join (the first of its epoch) or a revalidation.
void Member::join() {
  join_sent_ = ctx_.now();
  last_answer_ = ctx_.now();
  ctx_.send(trackers_[at_], kConnect, {static_cast<int64_t>(epoch_), created_ ? 0 : 1, 0, 0});
  ctx_.cancel_timer(silence_timer_);
  silence_timer_ = ctx_.set_timer(ctx_.now() + params_.connection_timeout, kSilenceTimer, ctx_.intern("connection timeout"));
}

void Member::on_timer(uint64_t tag) {
  switch (tag) {
    case kJoinTimer: return join();
    case kHeartbeatTimer: return heartbeat();
    case kBeliefTimer:
      if (believing_ && ctx_.now() >= belief_until_) {
        believing_ = false;
        ctx_.lease_dropped(epoch_);
      }
      return;
    default: break;
  }
  const sim::LocalTime due = last_answer_ + params_.connection_timeout;
  if (ctx_.now() < due) {
    silence_timer_ = ctx_.set_timer(due, kSilenceTimer, ctx_.intern("connection timeout"));
    return;
  }
  move_on();
}

void Member::heartbeat() {
  if (!joined_) return;
  ++heartbeat_no_;
  sent_[heartbeat_no_] = ctx_.now();
  if (sent_.size() > kKeptHeartbeats) sent_.erase(sent_.begin());
  ctx_.send(trackers_[at_], kHeartbeat, {static_cast<int64_t>(epoch_), static_cast<int64_t>(heartbeat_no_), 0, 0});
  heartbeat_timer_ = ctx_.set_timer(ctx_.now() + params_.heartbeat_interval, kHeartbeatTimer, ctx_.intern("heartbeat"));
}

// No answer, or the tracker is outside the quorum: PUT again at the next tracker. Its belief
// runs on (it ends by its own clock, or when told).
void Member::move_on() {
  joined_ = false;
  ctx_.cancel_timer(heartbeat_timer_);
  at_ = (at_ + 1) % trackers_.size();
  join();
}

void Member::removed() {
  if (believing_) ctx_.expiry_learned(epoch_);
  believing_ = false;
  joined_ = false;
  ctx_.cancel_timer(heartbeat_timer_);
  ctx_.cancel_timer(belief_timer_);
  ++epoch_;
  created_ = false;
  join();
}

// An answer to a request sent at `sent`: the group held its session then, so it stays in the
// group at least until `sent` + its timeout by the owner's count, which starts later.
void Member::believe_from(sim::LocalTime sent) {
  if (params_.member_belief == MemberBelief::until_told) {
    if (!believing_) ctx_.lease_believed(epoch_, sim::LocalTime::never());
    believing_ = true;
    return;
  }
  const sim::LocalTime until = sent + timeout_ - params_.belief_margin;
  if (until <= ctx_.now() || (believing_ && until <= belief_until_)) return;
  believing_ = true;
  belief_until_ = until;
  ctx_.lease_believed(epoch_, until);
  ctx_.cancel_timer(belief_timer_);
  belief_timer_ = ctx_.set_timer(until, kBeliefTimer, ctx_.intern("belief ends"));
}

// x-group-version: a newer version is a change it learns of now; a HEAD that brings one is
// followed by a GET (the discussion: "use GET heartbeat to get the new group configuration").
void Member::learn(int64_t version, bool read_on_change) {
  if (version <= version_) return;
  version_ = version;
  ctx_.state(trackers_[at_], ctx_.intern("learned version " + std::to_string(version)));
  if (read_on_change) ctx_.send(trackers_[at_], kGet, {static_cast<int64_t>(epoch_), 0, 0, 0});
}

void Member::on_message(const sim::Message& m) {
  if (m.from != trackers_[at_]) return;  // a tracker it has left
  if (m.kind == kDisconnect) return move_on();
  if (static_cast<uint64_t>(m.body[0]) != epoch_) return;
  if (m.kind == kExpired) return removed();
  last_answer_ = ctx_.now();
  switch (m.kind) {
    case kConnected:
      created_ = true;
      believe_from(join_sent_);
      learn(m.body[1], false);  // the join's answer carries the group as it is
      if (!joined_) {
        joined_ = true;
        ctx_.cancel_timer(heartbeat_timer_);
        heartbeat_timer_ = ctx_.set_timer(ctx_.now() + params_.heartbeat_interval, kHeartbeatTimer, ctx_.intern("heartbeat"));
      }
      return;
    case kHeartbeatAck:
      if (auto it = sent_.find(static_cast<uint64_t>(m.body[2])); it != sent_.end()) believe_from(it->second);
      return learn(m.body[1], true);
    case kGetAnswer: return learn(m.body[1], false);
    default: return;
  }
}

}  // namespace leasesim::membership_tracker
