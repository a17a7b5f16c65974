#include "model/raft_lease/server.h"

#include <algorithm>
#include <functional>
#include <limits>

namespace leasesim::raft_lease {

using sim::LocalTime;
using sim::NodeId;

namespace {
enum Tag : uint64_t { kTick = 1, kElection, kHeartbeatTimer, kCheck, kServe };
// No acknowledgement yet, no lease yet: earlier than any clock reading.
constexpr LocalTime kNone{std::numeric_limits<int64_t>::min()};
}  // namespace

RaftServer::RaftServer(sim::Context& ctx, const RaftParams& params, Persistent& disk, std::vector<NodeId> peers,
                       Duration phase, bool first)
    : ctx_(ctx), params_(params), disk_(disk), peers_(std::move(peers)), phase_(phase), first_(first) {
  sym_tick_ = ctx_.intern("tick");
  sym_election_ = ctx_.intern("election timeout");
  sym_heartbeat_ = ctx_.intern("heartbeat");
  sym_check_ = ctx_.intern("step-down check");
  sym_serve_ = ctx_.intern("new leader wait over");
  sym_leader_ = ctx_.intern("leader");
  sym_pre_ = ctx_.intern("pre-campaign");
  sym_campaign_ = ctx_.intern("campaign");
  sym_elected_ = ctx_.intern("elected");
  sym_serving_ = ctx_.intern("serving");
  sym_step_down_ = ctx_.intern("step down: no quorum");
  sym_follower_ = ctx_.intern("follower");
  votes_.assign(peers_.size(), false);
  acked_.assign(peers_.size(), kNone);
}

void RaftServer::on_start() {
  const bool fresh = disk_.term == 0;
  heard_ = ctx_.now();
  reset_election();
  if (params_.tick.ns > 0) {
    ctx_.set_timer(ctx_.now() + phase_ + params_.tick, kTick, sym_tick_);
  } else {
    // sofa-jraft's repeating timer first fires at its phase; a reset timer counts from it.
    const Duration first = params_.election_timer == ElectionTimer::repeating ? phase_ : phase_ + timeout_;
    election_timer_ = ctx_.set_timer(ctx_.now() + first, kElection, sym_election_);
  }
  restore_lease();
  if (first_ && fresh) campaign();
}

// A lease persisted before a crash, ahead of the restarted clock: a clock stepped back while the
// server was down makes it look valid again (CockroachDB PR #23122).
void RaftServer::restore_lease() {
  if (disk_.lease_term == 0 || disk_.lease_end <= ctx_.now()) return;
  if (params_.restart_lease == RestartLease::restore) {
    restored_ = true;
    ctx_.state(sim::kNoNode, ctx_.intern("lease restored"));
    ctx_.lease_believed(disk_.lease_term, disk_.lease_end);
  } else if (params_.restart_lease == RestartLease::restore_guarded) {
    guard_until_ = disk_.lease_end;
    ctx_.state(sim::kNoNode, ctx_.intern("waiting for the clock to pass its persisted lease"));
  }
}

// A newer term than the restored lease's is known: the server stops serving under it.
void RaftServer::drop_restored(uint64_t newer_term) {
  if (!restored_ || newer_term <= disk_.lease_term) return;
  restored_ = false;
  ctx_.lease_dropped(disk_.lease_term);
}

void RaftServer::on_timer(uint64_t tag) {
  switch (tag) {
    case kTick:
      ctx_.set_timer(ctx_.now() + params_.tick, kTick, sym_tick_);
      on_tick();
      return;
    case kElection:
      on_election_timer();
      return;
    case kHeartbeatTimer:
      if (role_ != Role::leader) return;
      heartbeat_timer_ = ctx_.set_timer(ctx_.now() + params_.heartbeat_interval, kHeartbeatTimer, sym_heartbeat_);
      send_heartbeats();
      return;
    case kCheck:
      if (role_ != Role::leader) return;
      check_timer_ = ctx_.set_timer(ctx_.now() + params_.step_down_every, kCheck, sym_check_);
      check_quorum();
      return;
    case kServe:
      if (role_ == Role::leader) start_serving();
      return;
    default:
      return;
  }
}

// etcd tickElection / tickHeartbeat: every timer counts whole ticks.
void RaftServer::on_tick() {
  ++elapsed_;
  if (role_ != Role::leader) {
    if (elapsed_ >= timeout_.ns / params_.tick.ns) campaign();
    return;
  }
  if (++heartbeat_elapsed_ >= params_.heartbeat_interval.ns / params_.tick.ns) {
    heartbeat_elapsed_ = 0;
    send_heartbeats();
  }
  if (params_.step_down_every.ns > 0 && elapsed_ >= params_.step_down_every.ns / params_.tick.ns) {
    elapsed_ = 0;
    check_quorum();
  }
}

void RaftServer::on_election_timer() {
  if (params_.election_timer == ElectionTimer::reset) {
    if (role_ != Role::leader) campaign();
    return;
  }
  // sofa-jraft's RepeatedTimer: a new random period each time; it campaigns only when the
  // leader has not been heard within ET (isCurrentLeaderValid).
  reset_election();
  election_timer_ = ctx_.set_timer(ctx_.now() + timeout_, kElection, sym_election_);
  if (role_ == Role::leader || in_lease()) return;
  campaign();
}

// The election counter starts again: untimed `reset` re-arms its timer from `from`.
void RaftServer::arm_election_timer(LocalTime from) {
  heard_ = from;
  elapsed_ = 0;
  if (params_.tick.ns > 0 || params_.election_timer != ElectionTimer::reset) return;
  ctx_.cancel_timer(election_timer_);
  election_timer_ = ctx_.set_timer(from + timeout_, kElection, sym_election_);
}

// etcd resetRandomizedElectionTimeout: ET + [0, jitter), in whole ticks or whole milliseconds.
void RaftServer::reset_election() {
  const Duration unit = params_.tick.ns > 0 ? params_.tick : Duration::millis(1);
  const int64_t steps = params_.election_jitter.ns / unit.ns;
  const int64_t draw = steps > 0 ? ctx_.rng().uniform(0, steps - 1) : 0;
  timeout_ = params_.election_timeout + Duration{draw * unit.ns};
}

// etcd's inLease (with CheckQuorum): a leader, or a server that heard from one within ET.
bool RaftServer::in_lease() const {
  if (role_ == Role::leader) return true;
  if (lead_ == sim::kNoNode) return false;
  if (params_.tick.ns > 0) return elapsed_ < params_.election_timeout.ns / params_.tick.ns;
  return ctx_.now() - heard_ < params_.election_timeout;
}

void RaftServer::campaign() {
  std::fill(votes_.begin(), votes_.end(), false);
  if (!params_.pre_vote) {
    become_candidate();
    return;
  }
  role_ = Role::pre_candidate;  // etcd becomePreCandidate: neither the term nor the vote changes
  lead_ = sim::kNoNode;
  arm_election_timer(ctx_.now());
  ctx_.state(sim::kNoNode, sym_pre_);
  for (NodeId p : peers_) ctx_.send(p, kPreVote, {static_cast<int64_t>(disk_.term + 1), 0, 0, 0});
  count_vote(sim::kNoNode, true);
}

void RaftServer::become_candidate() {
  std::fill(votes_.begin(), votes_.end(), false);
  role_ = Role::candidate;
  ++disk_.term;
  disk_.voted_for = ctx_.self();
  drop_restored(disk_.term);
  lead_ = sim::kNoNode;
  reset_election();
  arm_election_timer(ctx_.now());
  ctx_.state(sim::kNoNode, sym_campaign_);
  for (NodeId p : peers_) ctx_.send(p, kVote, {static_cast<int64_t>(disk_.term), 0, 0, 0});
  count_vote(sim::kNoNode, true);
}

// A granted (pre-)vote from `from` (kNoNode: this server's own); a quorum moves the campaign on.
void RaftServer::count_vote(NodeId from, bool granted) {
  if (from != sim::kNoNode && granted) votes_[index_of(from)] = true;
  const size_t n = 1 + static_cast<size_t>(std::count(votes_.begin(), votes_.end(), true));
  if (n < quorum()) return;
  role_ == Role::pre_candidate ? become_candidate() : become_leader();
}

void RaftServer::become_follower(uint64_t term, NodeId lead) {
  if (role_ == Role::leader) {
    ctx_.cancel_timer(heartbeat_timer_);
    ctx_.cancel_timer(check_timer_);
    ctx_.cancel_timer(serve_timer_);
    if (serving_) {
      ctx_.lease_dropped(disk_.term);
      ctx_.lock_released(sym_leader_, disk_.term);
    }
    serving_ = false;
  }
  if (term > disk_.term) disk_.voted_for = sim::kNoNode;
  disk_.term = term;
  drop_restored(term);
  const bool changed = role_ != Role::follower;
  role_ = Role::follower;
  lead_ = lead;
  reset_election();
  arm_election_timer(ctx_.now());
  if (changed) ctx_.state(lead, sym_follower_);
}

void RaftServer::become_leader() {
  role_ = Role::leader;
  lead_ = ctx_.self();
  elapsed_ = 0;
  heartbeat_elapsed_ = 0;
  std::fill(acked_.begin(), acked_.end(), kNone);
  lease_end_ = kNone;
  ctx_.cancel_timer(election_timer_);
  if (params_.election_timer == ElectionTimer::repeating) {
    election_timer_ = ctx_.set_timer(ctx_.now() + timeout_, kElection, sym_election_);
  }
  ctx_.state(sim::kNoNode, sym_elected_);
  send_heartbeats();  // etcd bcastAppend of the new term's empty entry
  if (params_.tick.ns == 0) {
    heartbeat_timer_ = ctx_.set_timer(ctx_.now() + params_.heartbeat_interval, kHeartbeatTimer, sym_heartbeat_);
    if (params_.step_down_every.ns > 0) {
      check_timer_ = ctx_.set_timer(ctx_.now() + params_.step_down_every, kCheck, sym_check_);
    }
  }
  if (params_.new_leader_wait.ns == 0) {
    start_serving();
  } else {
    serve_timer_ = ctx_.set_timer(ctx_.now() + params_.new_leader_wait, kServe, sym_serve_);
  }
}

void RaftServer::start_serving() {
  if (ctx_.now() < guard_until_) {  // PR #23122: not live before the clock has caught up
    serve_timer_ = ctx_.set_timer(guard_until_, kServe, sym_serve_);
    return;
  }
  serving_ = true;
  ctx_.state(sim::kNoNode, sym_serving_);
  ctx_.lock_held(sym_leader_, disk_.term);
  if (params_.lease_mode == LeaseMode::leader) {
    ctx_.lease_believed(disk_.term, LocalTime::never());
  } else if (lease_end_ > ctx_.now()) {
    ctx_.lease_believed(disk_.term, lease_end_);
  }
}

void RaftServer::send_heartbeats() {
  for (NodeId p : peers_) ctx_.send(p, kHeartbeat, {static_cast<int64_t>(disk_.term), ctx_.now().ns, 0, 0});
}

// Step down unless a quorum (this server included) acknowledged a heartbeat sent within the window.
void RaftServer::check_quorum() {
  size_t alive = 1;
  for (const LocalTime& a : acked_) {
    if (a != kNone && ctx_.now() - a <= params_.step_down_window) ++alive;
  }
  if (alive >= quorum()) return;
  ctx_.state(sim::kNoNode, sym_step_down_);
  become_follower(disk_.term, sim::kNoNode);
}

void RaftServer::on_message(const sim::Message& m) {
  const uint64_t term = static_cast<uint64_t>(m.body[0]);
  switch (m.kind) {
    case kPreVote:
      on_vote_request(m, true);
      return;
    case kVote:
      on_vote_request(m, false);
      return;
    case kPreVoteReply:
    case kVoteReply: {
      const bool pre = m.kind == kPreVoteReply;
      if (!m.body[1] && term > disk_.term) {  // refused by a server of a newer term: follow it
        become_follower(term, sim::kNoNode);
        return;
      }
      const bool current = pre ? role_ == Role::pre_candidate && term == disk_.term + 1
                               : role_ == Role::candidate && term == disk_.term;
      if (current) count_vote(m.from, m.body[1] != 0);
      return;
    }
    case kHeartbeat:
      on_heartbeat(m);
      return;
    case kHeartbeatReply:
      on_heartbeat_reply(m);
      return;
    default:
      return;
  }
}

// etcd Step: a (pre-)vote for a newer term is ignored in lease; a vote for a newer term makes
// this server a follower of that term first. Without a log, every candidate is up to date.
void RaftServer::on_vote_request(const sim::Message& m, bool pre) {
  const uint64_t term = static_cast<uint64_t>(m.body[0]);
  const auto reply = [&](uint64_t t, bool granted) {
    ctx_.send(m.from, pre ? kPreVoteReply : kVoteReply, {static_cast<int64_t>(t), granted ? 1 : 0, 0, 0});
  };
  if (term > disk_.term && params_.check_quorum && in_lease()) return;  // ignored, no reply
  if (term < disk_.term) {
    reply(disk_.term, false);
    return;
  }
  if (pre) {  // etcd: a grant names the term asked for, a refusal this server's own
    const bool grant = term > disk_.term;
    reply(grant ? term : disk_.term, grant);
    return;
  }
  if (term > disk_.term) become_follower(term, sim::kNoNode);
  const bool grant = disk_.voted_for == sim::kNoNode || disk_.voted_for == m.from;
  if (grant) {
    disk_.voted_for = m.from;
    arm_election_timer(ctx_.now());  // etcd: electionElapsed = 0 on granting a vote
  }
  reply(term, grant);
}

void RaftServer::on_heartbeat(const sim::Message& m) {
  const uint64_t term = static_cast<uint64_t>(m.body[0]);
  if (term < disk_.term) {
    ctx_.send(m.from, kHeartbeatReply, {static_cast<int64_t>(disk_.term), m.body[1], 0, 0});
    return;
  }
  if (term > disk_.term || role_ != Role::follower || lead_ != m.from) become_follower(term, m.from);
  arm_election_timer(ctx_.now());
  ctx_.send(m.from, kHeartbeatReply, {static_cast<int64_t>(term), m.body[1], 1, 0});
}

void RaftServer::on_heartbeat_reply(const sim::Message& m) {
  const uint64_t term = static_cast<uint64_t>(m.body[0]);
  if (term > disk_.term) {
    become_follower(term, sim::kNoNode);
    return;
  }
  if (role_ != Role::leader || term != disk_.term || m.body[2] == 0) return;
  LocalTime& a = acked_[index_of(m.from)];
  a = std::max(a, LocalTime{m.body[1]});
  extend_lease();
}

// The lease runs from the send time of the newest heartbeat a quorum acknowledged (the leader
// itself acknowledges every one): followers had not yet started their election timers then.
void RaftServer::extend_lease() {
  if (params_.lease_mode != LeaseMode::quorum_ack) return;
  std::vector<LocalTime> sorted = acked_;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  const LocalTime anchor = sorted[quorum() - 2];
  if (anchor == kNone) return;
  const LocalTime end = anchor + params_.lease - params_.max_clock_drift;
  if (end <= lease_end_) return;
  lease_end_ = end;
  disk_.lease_term = disk_.term;
  disk_.lease_end = end;
  if (serving_) ctx_.lease_believed(disk_.term, lease_end_);
}

size_t RaftServer::index_of(NodeId n) const {
  return static_cast<size_t>(std::find(peers_.begin(), peers_.end(), n) - peers_.begin());
}

}  // namespace leasesim::raft_lease
