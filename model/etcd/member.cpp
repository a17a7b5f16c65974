#include "model/etcd/member.h"

#include <algorithm>
#include <functional>

namespace leasesim::etcd {

using sim::Duration;
using sim::LocalTime;
using sim::NodeId;

namespace {

enum Tag : uint64_t { kReady = 1, kHeartbeat, kElection, kLessorLoop, kMoveLeader };

// The runLoop's period: lessor.go runLoop waits time.After(500 * time.Millisecond) per round.
constexpr Duration kLessorRound = Duration::millis(500);

int64_t whole_seconds(Duration d) { return d.ns / 1'000'000'000; }

}  // namespace

Member::Member(sim::Context& ctx, const EtcdParams& params, MemberStore& store, std::vector<NodeId> members)
    : ctx_(ctx), params_(params), store_(store), members_(std::move(members)) {
  me_ = static_cast<size_t>(std::find(members_.begin(), members_.end(), ctx_.self()) - members_.begin());
  // embed config: minTTL = (3 * ElectionTicks / 2) * heartbeat, rounded up to whole seconds.
  const int64_t ticks = params_.election_timeout.ns / params_.heartbeat_interval.ns;
  const int64_t min_ns = (3 * ticks / 2) * params_.heartbeat_interval.ns;
  min_ttl_ = Duration::seconds((min_ns + 999'999'999) / 1'000'000'000);
  if (params_.checkpoint) lessor_.set_checkpointing(params_.checkpoint_interval);
  recovered_upto_ = store_.backend_applied;
  sym_ready_ = ctx_.intern("raft ready");
  sym_heartbeat_ = ctx_.intern("raft heartbeat");
  sym_election_ = ctx_.intern("raft election timeout");
  sym_lessor_ = ctx_.intern("lessor runLoop");
  sym_leader_ = ctx_.intern("LEADER");
  sym_follower_ = ctx_.intern("FOLLOWER");
  sym_candidate_ = ctx_.intern("CANDIDATE");
  sym_promoted_ = ctx_.intern("lessor promoted");
  sym_demoted_ = ctx_.intern("lessor demoted");
  sym_dropped_ = ctx_.intern("proposal dropped: no leader");
  sym_skipped_ = ctx_.intern("revoke skipped: not the leader");
  sym_checkpoint_ = ctx_.intern("lease checkpoint");
  sym_move_ = ctx_.intern("move-leader");
  sym_transfer_ = ctx_.intern("leadership transfer");
  sym_transfer_aborted_ = ctx_.intern("leadership transfer aborted");
  sym_transfer_dropped_ = ctx_.intern("proposal dropped: leadership transfer");
}

void Member::on_start() {
  next_.assign(members_.size(), 1);
  match_.assign(members_.size(), 0);
  fresh_from_ = last_index() + 1;
  ctx_.set_timer(ctx_.now() + kLessorRound, kLessorLoop, sym_lessor_, /*urgent=*/true);
  const LocalTime move_at{params_.move_leader_at.ns};
  if (params_.move_leader_at.ns > 0 && ctx_.now() < move_at) ctx_.set_timer(move_at, kMoveLeader, sym_move_);
  if (!store_.booted) {
    store_.booted = true;
    store_.term = 1;
    if (me_ == 0) {
      store_.voted_for = ctx_.self();
      become_leader();
      return;
    }
    become_follower(members_[0]);
    return;
  }
  become_follower(sim::kNoNode);  // a restarted member waits to hear from a leader
}

void Member::on_timer(uint64_t tag) {
  switch (tag) {
    case kReady:
      ready();
      break;
    case kHeartbeat:
      if (role_ != Role::leader) break;
      for (size_t p = 0; p < members_.size(); ++p) {
        if (p != me_) send_append(p);
      }
      // raft tickHeartbeat: a transfer not finished within an election timeout of ticks is aborted.
      if (transferring() && ++transfer_ticks_ >= params_.election_timeout.ns / params_.heartbeat_interval.ns) abort_transfer();
      heartbeat_timer_ = ctx_.set_timer(ctx_.now() + params_.heartbeat_interval, kHeartbeat, sym_heartbeat_);
      break;
    case kElection:
      if (role_ != Role::leader) campaign();
      break;
    case kLessorLoop:
      revoke_loop();
      ctx_.set_timer(ctx_.now() + kLessorRound, kLessorLoop, sym_lessor_, /*urgent=*/true);
      break;
    case kMoveLeader:
      if (role_ == Role::leader) start_transfer(static_cast<size_t>(params_.move_leader_to - 1));
      break;
  }
}

// ---- Raft core: reacts to messages at once -------------------------------------------------

void Member::on_message(const sim::Message& m) {
  const sim::MessageBody& b = m.body;
  switch (m.kind) {
    case kVote: on_vote(m); break;
    case kVoteReply: on_vote_reply(m); break;
    case kAppend: on_append(m); break;
    case kAppendReply: on_append_reply(m); break;
    case kPropose: propose(static_cast<EntryType>(b[0]), b[1], b[2], b[3]); break;
    case kLeaseGrant:
      for (int64_t k = 0; k < b[2]; ++k) propose(EntryType::grant, b[1], m.from, (static_cast<int64_t>(ctx_.self()) << 32) | b[0]);
      break;
    case kKeepAlive: renew(static_cast<uint64_t>(b[0]), b[1], m.from, m.from); break;
    case kKeepAliveForward: renew(static_cast<uint64_t>(b[0]), b[1], static_cast<NodeId>(b[2]), m.from); break;
    case kLockPut: propose(EntryType::lock_put, b[1], m.from, (static_cast<int64_t>(ctx_.self()) << 32) | b[0]); break;
    case kLockWait:
      waiters_.push_back(Waiter{m.from, b[0]});
      answer_waiters();
      break;
    case kKeepAliveForwardReply:
      ctx_.send(static_cast<NodeId>(b[2]), kKeepAliveReply, {b[0], b[1], b[3], 0});
      break;
    case kTimeoutNow:  // raft stepFollower MsgTimeoutNow: campaign at once (campaignTransfer)
      observe_term(b[0]);
      if (b[0] == store_.term && role_ != Role::leader) campaign();
      break;
    default: break;
  }
}

void Member::observe_term(int64_t term) {
  if (term <= store_.term) return;
  store_.term = term;
  store_.voted_for = sim::kNoNode;
  become_follower(sim::kNoNode);
}

void Member::become_follower(NodeId leader) {
  if (role_ != Role::follower) ctx_.state(leader, sym_follower_);
  transferee_ = SIZE_MAX;  // raft reset(): abortLeaderTransfer
  role_ = Role::follower;
  leader_ = leader;
  ctx_.cancel_timer(heartbeat_timer_);
  arm_election();
  want_ready();  // the lessor's demotion, if any, happens in the ready loop
}

void Member::arm_election() {
  // etcd raft: randomizedElectionTimeout = electionTimeout + rand.Intn(electionTimeout) ticks.
  const int64_t ticks = params_.election_timeout.ns / params_.heartbeat_interval.ns;
  const int64_t drawn = ticks + ctx_.rng().uniform(0, ticks - 1);
  ctx_.cancel_timer(election_timer_);
  election_timer_ = ctx_.set_timer(ctx_.now() + Duration{drawn * params_.heartbeat_interval.ns}, kElection, sym_election_);
}

void Member::campaign() {
  ++store_.term;
  store_.voted_for = ctx_.self();
  role_ = Role::candidate;
  leader_ = sim::kNoNode;
  votes_ = 1;
  ctx_.state(ctx_.self(), sym_candidate_);
  arm_election();
  if (votes_ >= quorum()) {
    become_leader();
    return;
  }
  for (size_t p = 0; p < members_.size(); ++p) {
    if (p != me_) queue(members_[p], kVote, {store_.term, last_index(), log_term(last_index()), 0});
  }
}

void Member::become_leader() {
  role_ = Role::leader;
  leader_ = ctx_.self();
  transferee_ = SIZE_MAX;
  ctx_.state(ctx_.self(), sym_leader_);
  ctx_.cancel_timer(election_timer_);
  next_.assign(members_.size(), last_index() + 1);
  match_.assign(members_.size(), 0);
  store_.log.push_back(Entry{store_.term, EntryType::noop});
  term_start_ = last_index();
  match_[me_] = last_index();
  replicate_ = true;
  advance_commit();  // a group of one commits alone
  heartbeat_timer_ = ctx_.set_timer(ctx_.now() + params_.heartbeat_interval, kHeartbeat, sym_heartbeat_);
  want_ready();
}

void Member::on_vote(const sim::Message& m) {
  observe_term(m.body[0]);
  const bool up_to_date = m.body[2] > log_term(last_index()) || (m.body[2] == log_term(last_index()) && m.body[1] >= last_index());
  const bool grant = m.body[0] == store_.term && up_to_date && (store_.voted_for == sim::kNoNode || store_.voted_for == m.from);
  if (grant) {
    store_.voted_for = m.from;
    arm_election();
  }
  queue(m.from, kVoteReply, {store_.term, grant ? 1 : 0, 0, 0});
}

void Member::on_vote_reply(const sim::Message& m) {
  observe_term(m.body[0]);
  if (role_ != Role::candidate || m.body[0] != store_.term || m.body[1] == 0) return;
  if (++votes_ >= quorum()) become_leader();
}

void Member::on_append(const sim::Message& m) {
  const sim::MessageBody& b = m.body;
  observe_term(b[0]);
  if (b[0] < store_.term) {
    queue(m.from, kAppendReply, {store_.term, 0, last_index(), 0});
    return;
  }
  if (role_ != Role::follower || leader_ != m.from) {
    become_follower(m.from);
  } else {
    arm_election();
  }
  const int64_t prev = b[1];
  if (prev > last_index() || log_term(prev) != b[2]) {
    queue(m.from, kAppendReply, {store_.term, 0, std::min(prev - 1, last_index()), 0});
    return;
  }
  int64_t index = prev;
  if (m.attachment) {
    const std::vector<int64_t>& w = *m.attachment;
    for (size_t i = 0; i + kEntryWords <= w.size(); i += kEntryWords) {
      ++index;
      const Entry e{w[i], static_cast<EntryType>(w[i + 1]), w[i + 2], w[i + 3], w[i + 4]};
      if (index <= last_index() && log_term(index) != e.term) store_.log.resize(static_cast<size_t>(index));
      if (index > last_index()) store_.log.push_back(e);
    }
  }
  if (b[3] > commit_) {
    commit_ = std::min(b[3], index);
    want_ready();
  }
  queue(m.from, kAppendReply, {store_.term, 1, index, 0});
}

void Member::on_append_reply(const sim::Message& m) {
  const sim::MessageBody& b = m.body;
  observe_term(b[0]);
  if (role_ != Role::leader || b[0] != store_.term) return;
  const size_t p = static_cast<size_t>(std::find(members_.begin(), members_.end(), m.from) - members_.begin());
  if (p >= members_.size()) return;
  if (b[1] == 1) {
    match_[p] = std::max(match_[p], b[2]);
    next_[p] = std::max(next_[p], match_[p] + 1);
    advance_commit();
    // raft stepLeader MsgAppResp: the transferee has caught up, it may campaign now.
    if (p == transferee_ && match_[p] == last_index()) queue(members_[p], kTimeoutNow, {store_.term, 0, 0, 0});
    return;
  }
  next_[p] = std::max<int64_t>(1, std::min(next_[p] - 1, b[2] + 1));
  send_append(p);
}

// Sends peer every entry from its next index, optimistically (etcd raft's replicate state).
void Member::send_append(size_t p) {
  const int64_t prev = next_[p] - 1;
  std::shared_ptr<std::vector<int64_t>> words;
  if (next_[p] <= last_index()) {
    words = std::make_shared<std::vector<int64_t>>();
    words->reserve(static_cast<size_t>(last_index() - prev) * kEntryWords);
    for (int64_t i = next_[p]; i <= last_index(); ++i) {
      const Entry& e = store_.log[static_cast<size_t>(i)];
      words->insert(words->end(), {e.term, static_cast<int64_t>(e.type), e.a, e.b, e.c});
    }
  }
  queue(members_[p], kAppend, {store_.term, prev, log_term(prev), commit_}, words);
  next_[p] = last_index() + 1;
}

void Member::advance_commit() {
  // raft's maybeCommit: the highest index a quorum has stored (the quorum()-th largest match),
  // committed if it is of the leader's own term (terms never decrease along the log, so every
  // entry above it is too). Per call it looks at the members, not at the uncommitted entries:
  // a leader may hold thousands of them (10,000 lease grants in one burst).
  std::vector<int64_t> matched(members_.size());
  for (size_t p = 0; p < members_.size(); ++p) matched[p] = p == me_ ? last_index() : match_[p];
  const auto q = matched.begin() + static_cast<std::ptrdiff_t>(quorum() - 1);
  std::nth_element(matched.begin(), q, matched.end(), std::greater<>());
  if (*q > commit_ && log_term(*q) == store_.term) {
    commit_ = *q;
    want_ready();
  }
}

void Member::propose(EntryType type, int64_t a, int64_t b, int64_t c) {
  if (role_ == Role::leader && transferring()) {
    ctx_.state(ctx_.self(), sym_transfer_dropped_);  // raft stepLeader: ErrProposalDropped while leadTransferee is set
  } else if (role_ == Role::leader) {
    store_.log.push_back(Entry{store_.term, type, a, b, c});
    match_[me_] = last_index();
    replicate_ = true;
    advance_commit();
    want_ready();
  } else if (leader_ != sim::kNoNode) {
    queue(leader_, kPropose, {static_cast<int64_t>(type), a, b, c});  // raft forwards MsgProp to its leader
  } else {
    ctx_.state(ctx_.self(), sym_dropped_);  // ErrProposalDropped
  }
}

// raft stepLeader MsgTransferLeader: electionElapsed reset, TimeoutNow at once if the
// transferee's log is up to date, else an append to bring it up to date first.
void Member::start_transfer(size_t to) {
  if (to == me_ || to >= members_.size() || transferring()) return;
  transferee_ = to;
  transfer_ticks_ = 0;
  ctx_.state(members_[to], sym_transfer_);
  if (match_[to] == last_index()) {
    queue(members_[to], kTimeoutNow, {store_.term, 0, 0, 0});
  } else {
    send_append(to);
  }
}

void Member::abort_transfer() {
  ctx_.state(members_[transferee_], sym_transfer_aborted_);
  transferee_ = SIZE_MAX;
}

// ---- Ready loop: runs on a timer, so a stalled member does none of it ----------------------

void Member::queue(NodeId to, sim::MessageKind kind, const sim::MessageBody& body,
                   std::shared_ptr<const std::vector<int64_t>> attachment) {
  outbox_.push_back(Out{to, kind, body, std::move(attachment)});
  want_ready();
}

void Member::want_ready() {
  if (ready_pending_) return;
  ready_pending_ = true;
  ctx_.set_timer(ctx_.now(), kReady, sym_ready_);
}

void Member::ready() {
  if (role_ == Role::leader && replicate_) {
    replicate_ = false;
    for (size_t p = 0; p < members_.size(); ++p) {
      if (p != me_) send_append(p);
    }
  }
  std::vector<Out> out;
  out.swap(outbox_);
  for (Out& o : out) ctx_.send(o.to, o.kind, o.body, std::move(o.attachment));
  while (applied_ < commit_) apply(++applied_);
  update_lessor();
  ready_pending_ = false;
  if (!outbox_.empty()) want_ready();
}

void Member::apply(int64_t index) {
  const Entry& e = store_.log[static_cast<size_t>(index)];
  const LocalTime now = ctx_.now();
  store_.backend_applied = std::max(store_.backend_applied, index);
  if (e.type == EntryType::grant) {
    const Duration ttl = std::max(Duration::seconds(e.a), min_ttl_);
    const NodeId client = static_cast<NodeId>(e.b);
    const Lease& l = lessor_.grant(static_cast<uint64_t>(index), ttl, client, now);
    if (l.expiry) ctx_.lease_granted(client, static_cast<uint64_t>(index), *l.expiry);
    if ((e.c >> 32) == static_cast<int64_t>(ctx_.self()) && index >= fresh_from_) {
      ctx_.send(client, kLeaseGrantReply, {e.c & 0xffffffff, index, whole_seconds(ttl), 0});
    }
  } else if (e.type == EntryType::revoke) {
    const uint64_t id = static_cast<uint64_t>(e.a);
    const Lease* l = lessor_.find(id);
    if (l == nullptr) return;
    // The leader applying the revoke is where the lease ends for everyone: from now on its keys
    // are deleted and its keepalives answered TTL 0.
    if (role_ == Role::leader) ctx_.lease_expired(l->client, id);
    lessor_.revoke(id);
    std::vector<Held> still;
    for (const Held& h : held_) {
      if (h.lease == id) {
        answer(h.lease, h.request, h.client, h.reply_to, 0);
      } else {
        still.push_back(h);
      }
    }
    held_.swap(still);
    std::erase_if(keys_, [id](const auto& kv) { return kv.second.lease == id; });
    answer_waiters();
  } else if (e.type == EntryType::lock_put) {
    const bool alive = lessor_.find(static_cast<uint64_t>(e.a)) != nullptr;
    if (alive) keys_[index] = Key{static_cast<NodeId>(e.b), static_cast<uint64_t>(e.a)};
    if ((e.c >> 32) == static_cast<int64_t>(ctx_.self()) && index >= fresh_from_) {
      ctx_.send(static_cast<NodeId>(e.b), kLockPutReply, {e.c & 0xffffffff, alive ? index : 0, 0, 0});
    }
  } else if (e.type == EntryType::checkpoint) {
    // Without checkpoint_persist the backend holds no remaining TTL, and a restarted member does
    // not apply again what its backend already held (#17132; PR #13508 persists it).
    if (!params_.checkpoint_persist && index <= recovered_upto_) return;
    Lease* l = lessor_.find(static_cast<uint64_t>(e.a));
    if (l == nullptr) return;
    l->remaining = Duration::seconds(e.b);  // Checkpoint: only remainingTTL; Promote applies it
    if (lessor_.primary()) lessor_.schedule_checkpoint(*l, now);
  }
}

// etcd promotes the lessor when the new leader applies its term's empty entry (server.go
// applyEntryNormal: Promote(ElectionTimeout())) and demotes it when the ready loop sees the
// member is no longer leader (updateLeadership).
void Member::update_lessor() {
  const LocalTime now = ctx_.now();
  if (role_ == Role::leader && !lessor_.primary() && term_start_ > 0 && applied_ >= term_start_) {
    lessor_.promote(params_.election_timeout, now);
    ctx_.state(ctx_.self(), sym_promoted_);
    for (const auto& [id, l] : lessor_.leases()) ctx_.lease_granted(l.client, id, *l.expiry);
  } else if (role_ != Role::leader && lessor_.primary()) {
    lessor_.demote();
    ctx_.state(leader_, sym_demoted_);
    std::vector<Held> held;
    held.swap(held_);
    for (const Held& h : held) renew(h.lease, h.request, h.client, h.reply_to);  // ErrNotPrimary: forwarded
  }
}

// lessor.go runLoop: revokeExpiredLeases, then checkpointScheduledLeases.
void Member::revoke_loop() {
  if (!lessor_.primary()) return;
  const std::optional<Duration> retry =
      params_.expired_retry == ExpiredRetry::recheck ? std::optional<Duration>(params_.expired_retry_interval) : std::nullopt;
  const std::vector<uint64_t> expired = lessor_.due_expired(ctx_.now(), params_.revoke_rate / 2, retry);
  // PR #16822 (ensureLeadership): a member whose ready loop was not ticking confirms its
  // leadership first (a ReadIndex round); here, the Raft core's role at this moment.
  if (!expired.empty() && params_.revoke_check == RevokeCheck::ensure_leadership && role_ != Role::leader) {
    ctx_.state(ctx_.self(), sym_skipped_);
  } else {
    for (uint64_t id : expired) propose(EntryType::revoke, static_cast<int64_t>(id), 0, 0);
  }
  // One checkpoint entry per lease (etcd batches up to 1000 per entry: the same instants).
  for (const auto& [id, seconds] : lessor_.due_checkpoints(ctx_.now())) {
    ctx_.state(lessor_.find(id)->client, sym_checkpoint_);
    propose(EntryType::checkpoint, static_cast<int64_t>(id), seconds, 0);
  }
}

// A waiter is answered once no key of an older revision remains, with whether its own key is
// still there (its lease may have been revoked while it waited).
void Member::answer_waiters() {
  std::vector<Waiter> still;
  for (const Waiter& w : waiters_) {
    if (!keys_.empty() && keys_.begin()->first < w.revision) {
      still.push_back(w);
      continue;
    }
    ctx_.send(w.client, kLockWaitReply, {w.revision, keys_.contains(w.revision) ? 1 : 0, 0, 0});
  }
  waiters_.swap(still);
}

// ---- Lease RPCs: served at once, beside the ready loop --------------------------------------

void Member::renew(uint64_t lease, int64_t request, NodeId client, NodeId reply_to) {
  // server.go LeaseRenew: a member that believes it leads first ensures its leadership; the
  // Raft core's role at this instant stands for that round, as for revokes.
  const bool stale = params_.renew_check == RenewCheck::ensure_leadership && role_ != Role::leader;
  if (!lessor_.primary() || stale) {
    // v3rpc: ErrNotPrimary, the renew goes to the leader (from a client only: no second hop).
    if (reply_to == client && leader_ != sim::kNoNode && leader_ != ctx_.self()) {
      ctx_.send(leader_, kKeepAliveForward, {static_cast<int64_t>(lease), request, static_cast<int64_t>(client), 0});
    }
    return;
  }
  const Lease* l = lessor_.find(lease);
  if (l == nullptr) {
    answer(lease, request, client, reply_to, 0);  // ErrLeaseNotFound: a response with TTL 0
    return;
  }
  if (*l->expiry <= ctx_.now()) {
    held_.push_back(Held{lease, request, client, reply_to});  // Renew waits for the revoke
    return;
  }
  // Renew clears a checkpointed remaining TTL through the log (lessor.go: clearRemainingTTL).
  if (params_.checkpoint && l->remaining.ns > 0) propose(EntryType::checkpoint, static_cast<int64_t>(lease), 0, 0);
  const Lease& r = lessor_.renew(lease, ctx_.now());
  ctx_.lease_granted(client, lease, *r.expiry);
  answer(lease, request, client, reply_to, whole_seconds(r.ttl));
}

void Member::answer(uint64_t lease, int64_t request, NodeId client, NodeId reply_to, int64_t ttl_seconds) {
  if (reply_to == client) {
    ctx_.send(client, kKeepAliveReply, {static_cast<int64_t>(lease), request, ttl_seconds, 0});
  } else {
    ctx_.send(reply_to, kKeepAliveForwardReply, {static_cast<int64_t>(lease), request, static_cast<int64_t>(client), ttl_seconds});
  }
}

}  // namespace leasesim::etcd
