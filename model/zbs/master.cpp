#include "model/zbs/master.h"

#include "leasesim/fenced_resource.h"
#include "model/zbs/messages.h"

namespace leasesim::zbs {

using sim::LocalTime;
using sim::NodeId;

namespace {
// By State; the names are the ZBS master's session states.
const sim::DrawnState kStates[4] = {
    {"NONE", "#c4c9d2", false}, {"ACTIVE", "#4f9d5d", false}, {"WAIT_KEEPALIVE", "#e8a33d", false}, {"EXPIRED", "#c0392b", false}};
}  // namespace

Master::Master(sim::Context& ctx, const ZbsParams& params, MasterStore& store, std::vector<NodeId> resources)
    : ctx_(ctx), params_(params), store_(store), resources_(std::move(resources)) {
  sym_timer_ = ctx_.intern("session timer");
  for (int s = 0; s < 4; ++s) sym_state_[s] = ctx_.intern(kStates[s].name);
}

sim::StateBand Master::session_band() { return {"session at the master", {kStates[0], kStates[1], kStates[2], kStates[3]}, {}, true}; }

void Master::on_start() {
  if (!store_.restart_policy) return;
  const LocalTime now = ctx_.now();
  const RestartSessions policy = *store_.restart_policy;
  std::vector<NodeId> gone;
  for (const auto& [follower, persisted] : store_.sessions) {
    Session& s = session(follower);
    s = Session{persisted.epoch, State::none, false, 0, {}, {}, {}, persisted.token};
    if (policy == RestartSessions::forget || (policy == RestartSessions::keep && now >= persisted.deadline)) {
      ctx_.lease_expired(follower, persisted.epoch);
      if (policy == RestartSessions::keep) enter(follower, State::expired);
      gone.push_back(follower);
      continue;
    }
    s.deadline = policy == RestartSessions::recompute ? now + params_.lease : persisted.deadline;
    if (policy == RestartSessions::recompute) {
      ctx_.lease_granted(follower, s.epoch, s.deadline);
      persist_grant(follower);
    }
    enter(follower, State::wait_keepalive);
    arm(follower, s.deadline);
  }
  for (NodeId f : gone) store_.sessions.erase(f);
}

Master::Session& Master::session(NodeId follower) {
  if (sessions_.size() <= follower) sessions_.resize(follower + 1);
  return sessions_[follower];
}

void Master::enter(NodeId follower, State state) {
  Session& s = session(follower);
  if (s.state == state) return;
  s.state = state;
  ctx_.state(follower, sym_state_[static_cast<int>(state)]);
}

void Master::arm(NodeId follower, LocalTime at) {
  Session& s = session(follower);
  ctx_.cancel_timer(s.timer);
  s.timer = ctx_.set_timer(at, follower, sym_timer_);
  s.deadline_when_armed = s.deadline;
}

void Master::reply(NodeId follower, uint64_t epoch, uint64_t request, bool granted) {
  const KeepAliveReply r{epoch, request, granted ? ReplyStatus::granted : ReplyStatus::expired, session(follower).token};
  ctx_.send(follower, kKeepAliveReply, r.encode());
}

// With persisted_deadline: every_grant the store follows each grant of a persisted session.
void Master::persist_grant(NodeId follower) {
  if (params_.persisted_deadline != PersistedDeadline::every_grant) return;
  const auto it = store_.sessions.find(follower);
  if (it != store_.sessions.end()) it->second.deadline = session(follower).deadline;
}

void Master::grant(NodeId follower, uint64_t request) {
  Session& s = session(follower);
  s.deadline = ctx_.now() + params_.lease;
  s.pending = false;
  ctx_.lease_granted(follower, s.epoch, s.deadline);
  persist_grant(follower);
  reply(follower, s.epoch, request, true);
  enter(follower, State::active);
}

// HandleExpire.
void Master::expire(NodeId follower) {
  Session& s = session(follower);
  ctx_.cancel_timer(s.timer);
  enter(follower, State::expired);
  ctx_.lease_expired(follower, s.epoch);
  store_.sessions.erase(follower);
  if (!resources_.empty()) {  // the session's resource passes on: the next owner's write fences it
    ++store_.generation;
    for (NodeId r : resources_) ctx_.send(r, kWrite, write_body(0, store_.generation));
  }
  if (s.pending) {
    s.pending = false;
    reply(follower, s.epoch, s.pending_request, false);
  }
}

void Master::register_session(NodeId follower, uint64_t epoch, uint64_t request) {
  Session& s = session(follower);
  // A follower that registers again while its old session lives has restarted: the old
  // session is over from the master's point of view.
  if (s.state == State::active || s.state == State::wait_keepalive) expire(follower);
  s = Session{epoch, State::none, false, 0, {}, {}, {}, ++store_.generation};
  grant(follower, request);
  arm(follower, ctx_.now() + params_.keepalive_interval);
  store_.sessions[follower] = PersistedSession{epoch, s.token, s.deadline};
}

void Master::on_timer(uint64_t tag) {
  const auto follower = static_cast<NodeId>(tag);
  Session& s = session(follower);
  s.timer = {};
  if (s.state == State::expired || s.state == State::none) return;
  const LocalTime deadline = params_.expiry_check == ExpiryCheck::current ? s.deadline : s.deadline_when_armed;
  if (ctx_.now() >= deadline) {
    expire(follower);
  } else if (s.pending) {
    grant(follower, s.pending_request);
    arm(follower, ctx_.now() + params_.keepalive_interval);
  } else {
    enter(follower, State::wait_keepalive);
    const bool literal = params_.wait_keepalive_timer == WaitKeepaliveTimer::lease_from_firing;
    arm(follower, literal ? ctx_.now() + params_.lease : s.deadline);
  }
}

void Master::on_message(const sim::Message& m) {
  if (m.kind != kKeepAlive) return;
  const KeepAlive ka = KeepAlive::decode(m.body);
  const NodeId follower = m.from;
  Session& s = session(follower);

  if (s.state == State::none || ka.epoch > s.epoch) {
    if (!ka.registering) {  // a session this master does not know (forgotten in a restart)
      reply(follower, ka.epoch, ka.request, false);
      return;
    }
    register_session(follower, ka.epoch, ka.request);
    return;
  }
  if (ka.epoch < s.epoch || s.state == State::expired) {
    reply(follower, ka.epoch, ka.request, false);
    return;
  }
  if (ctx_.now() >= s.deadline) {  // the timer is late: the deadline passed before it could act
    s.pending = true;
    s.pending_request = ka.request;
    expire(follower);
    return;
  }
  if (s.state == State::wait_keepalive && params_.wait_keepalive_reply == WaitKeepaliveReply::at_once) {
    grant(follower, ka.request);  // the timer stays armed for the old deadline; its handler re-reads
    return;
  }
  // Active (or waiting, held to the timer): answered when the timer fires. A retry replaces the
  // request it retries.
  s.pending = true;
  s.pending_request = ka.request;
}

}  // namespace leasesim::zbs
