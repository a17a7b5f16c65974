#include "model/raft_lease/protocol.h"

#include <map>
#include <string>
#include <vector>

#include "checkers/stale_read.h"
#include "leasesim/checker.h"
#include "model/raft_lease/messages.h"
#include "model/raft_lease/params.h"
#include "model/raft_lease/server.h"

namespace leasesim::raft_lease {
namespace {

using fields::DurationRule;

constexpr const char* kServer = "server";

// A list of durations >= 0, one per server in the order of `servers`.
Field<RaftParams> phases_field() {
  return {{"timer_phases", "list of durations >= 0", "",
           "per server in the order of `servers` (the rest: 0s): with `tick`, its ticks fall at phase + k x tick; with "
           "election_timer `repeating`, its election timer first fires at phase; with `reset`, its first election "
           "timeout counts from phase",
           "a choice of this model (the catalog's R1 and R2 give each node's timer phase)"},
          [](const Value& v, RaftParams& p, const LoadContext&) {
            p.timer_phases.clear();
            for (const Value& item : v.items("a list of durations")) p.timer_phases.push_back(item.non_negative_duration());
          },
          [](const RaftParams& p) {
            if (p.timer_phases.empty()) return std::string();
            std::string out = "[";
            for (size_t i = 0; i < p.timer_phases.size(); ++i) out += (i ? ", " : "") + sim::format_duration(p.timer_phases[i]);
            return out + "]";
          }};
}

const FieldList<RaftParams>& raft_fields() {
  static const FieldList<RaftParams> kFields({
      fields::duration("election_timeout", &RaftParams::election_timeout, DurationRule::positive,
                       "ET: a follower campaigns when it has not heard from a leader for its randomised timeout, at "
                       "least ET; with check_quorum it ignores (pre-)votes while it heard from one within ET",
                       "etcd --election-timeout 1000 ms (ElectionTick 10 x 100 ms); sofa-jraft electionTimeoutMs"),
      fields::duration("election_jitter", &RaftParams::election_jitter, DurationRule::non_negative,
                       "each election timeout is ET + r, r uniform in [0, jitter) in whole ticks (with `tick`) or "
                       "whole milliseconds, drawn again at each role change (and each firing of a `repeating` timer)",
                       "etcd and raft-rs randomizedElectionTimeout in [ET, 2ET); hashicorp randomTimeout [ET, 2ET); "
                       "sofa-jraft ET + [0, maxElectionDelayMs = 1 s)"),
      fields::duration("heartbeat_interval", &RaftParams::heartbeat_interval, DurationRule::period,
                       "a leader sends every peer a heartbeat this often (and at once when elected)",
                       "etcd --heartbeat-interval 100 ms; sofa-jraft ET / 10"),
      fields::duration("tick", &RaftParams::tick, DurationRule::non_negative,
                       "0s: timers run on the node's clock exactly; otherwise every timer counts whole ticks of this "
                       "length, so a timeout of k ticks lasts between k - 1 and k ticks after the event that reset it",
                       "etcd raft Node.Tick; TiKV raft-base-tick-interval (tikv #9728: \"lease is counted by tick count\")"),
      phases_field(),
      fields::choice("election_timer", &RaftParams::election_timer,
                     {{"reset", ElectionTimer::reset}, {"repeating", ElectionTimer::repeating}},
                     "`reset`: each message from the leader restarts a follower's election timeout; `repeating`: the "
                     "timer fires every timeout whatever happens and the follower campaigns only when it has not heard "
                     "the leader within ET",
                     "`reset`: etcd tickElection, hashicorp/raft; `repeating`: sofa-jraft electionTimer "
                     "(RepeatedTimer, handleElectionTimeout isCurrentLeaderValid)"),
      fields::flag("check_quorum", &RaftParams::check_quorum,
                   "a server that heard from a leader within ET (or leads) ignores a PreVote or Vote for a newer term",
                   "etcd raft Config.CheckQuorum (inLease); sofa-jraft handlePreVoteRequest"),
      fields::flag("pre_vote", &RaftParams::pre_vote,
                   "a server asks PreVote for term + 1 and campaigns only once a quorum would grant it",
                   "etcd raft Config.PreVote; sofa-jraft preVote"),
      fields::duration("step_down_every", &RaftParams::step_down_every, DurationRule::non_negative,
                       "how often the leader checks that a quorum is still in contact, from its election; 0s: never",
                       "etcd CheckQuorum every ET; sofa-jraft stepDownTimer ET / 2 (sofa-jraft #34); hashicorp "
                       "checkLeaderLease every LeaderLeaseTimeout"),
      fields::duration("step_down_window", &RaftParams::step_down_window, DurationRule::positive,
                       "a peer counts as in contact when its newest acknowledged heartbeat was sent at most this long "
                       "before the check",
                       "sofa-jraft checkDeadNodes (ET; leaderLeaseTimeoutMs after PR #34); hashicorp LeaderLeaseTimeout; "
                       "etcd's recentActive flag (heard since the last check) is this with window = step_down_every"),
      fields::choice("lease_mode", &RaftParams::lease_mode,
                     {{"quorum_ack", LeaseMode::quorum_ack}, {"leader", LeaseMode::leader}},
                     "how long a leader serves reads locally: `quorum_ack`: until the send time of the newest heartbeat "
                     "a quorum acknowledged + lease - max_clock_drift, on its own clock; `leader`: as long as it leads",
                     "`quorum_ack`: sofa-jraft PR #34 (LeaderLeaseTimeout), etcd ReadOnlyLeaseBased, TiKV; `leader`: "
                     "sofa-jraft before PR #34, Consul's default reads (consul #54, hashicorp/raft #108)"),
      fields::duration("lease", &RaftParams::lease, DurationRule::positive,
                       "the lease's length with lease_mode quorum_ack",
                       "sofa-jraft leaderLeaseTimeRatio 90% of ET; TiKV raft-store-max-leader-lease 9 s"),
      fields::duration("max_clock_drift", &RaftParams::max_clock_drift, DurationRule::non_negative,
                       "the clock drift the leader assumes: taken off every lease",
                       "TiKV PR #1127 / #1301 (a clock-drift bound); CockroachDB --max-offset 500 ms"),
      fields::duration("new_leader_wait", &RaftParams::new_leader_wait, DurationRule::non_negative,
                       "a new leader serves reads (and counts as leader) only this long after its election",
                       "hashicorp/raft #108: leaders wait LeaderLeaseTimeout at the start of their term"),
      fields::choice("restart_lease", &RaftParams::restart_lease,
                     {{"forget", RestartLease::forget}, {"restore", RestartLease::restore},
                      {"restore_guarded", RestartLease::restore_guarded}},
                     "what a restarted server makes of the lease end it persisted with each extension (a reading of "
                     "its own clock): `forget`: nothing; `restore`: it serves reads under it again until its clock "
                     "reaches it or it learns a newer term; `restore_guarded`: it serves nothing, even elected, "
                     "until its clock has passed it",
                     "`forget`: etcd, TiKV, sofa-jraft (the lease is in memory); `restore`: CockroachDB's liveness "
                     "expiration before PR #23122, an epoch lease read as a Raft lease (a reading); "
                     "`restore_guarded`: PR #23122 (\"will not be able to become live until the clock has caught up\")"),
      fields::flag("first_campaigns", &RaftParams::first_campaigns,
                   "the first of `servers` campaigns at its first start, so that a scenario starts from a known leader",
                   "etcd raft Node.Campaign (as etcd's tests use it); a choice of this model"),
  });
  return kFields;
}

class RaftDeployment final : public Deployment {
 public:
  RaftDeployment(const RaftParams& params, Nodes& nodes) : params_(params) {
    const std::vector<std::string> names = nodes.of_role(kServer);
    std::vector<sim::NodeId> ids;
    for (const std::string& n : names) ids.push_back(nodes.id(n));
    for (size_t i = 0; i < ids.size(); ++i) {
      std::vector<sim::NodeId> peers;
      for (sim::NodeId p : ids) {
        if (p != ids[i]) peers.push_back(p);
      }
      const Duration phase = i < params_.timer_phases.size() ? params_.timer_phases[i] : Duration{0};
      Persistent& disk = disks_[ids[i]];
      nodes.boot(ids[i], [this, &disk, peers, phase, i](sim::Context& ctx) {
        return std::make_unique<RaftServer>(ctx, params_, disk, peers, phase, i == 0 && params_.first_campaigns);
      });
    }
  }

 private:
  RaftParams params_;
  std::map<sim::NodeId, Persistent> disks_;  // term and vote outlive a restart
};

class RaftProtocol final : public ProtocolOf<RaftParams> {
 public:
  std::string kind() const override { return "raft_lease"; }
  std::string summary() const override {
    return "a Raft group's leader lease: randomised election timeouts, heartbeats, CheckQuorum and PreVote, and a "
           "leader that serves reads under a lease counted from heartbeat acknowledgements";
  }
  std::vector<Role> roles() const override { return {{"servers", kServer, {}}}; }
  std::vector<std::string> messages() const override { return message_names(); }
  std::vector<CheckerSpec> checkers() const override {
    // two_leaders: two servers leading (serving) at once, which Raft itself allows across terms;
    // stale_read: a lease still believed after a newer term's leader was elected.
    return {{"two_leaders", false,
             [](sim::Trace& t, const ClockOf&, const Params&) {
               return std::make_unique<checkers::LockSafetyChecker>(t, "two_leaders");
             }},
            {"stale_read", false, [](sim::Trace& t, const ClockOf& clock_of, const Params&) {
               return std::make_unique<checkers::StaleReadChecker>(t, clock_of);
             }}};
  }
  std::string example() const override {
    return R"(# scenarios/raft_lease/healthy.yaml without its description
duration: 30s
protocol: {kind: raft_lease}
servers: [n1, n2, n3]
expect:
  two_leaders: holds
  stale_read: holds
)";
  }
  std::unique_ptr<Deployment> deploy(const Params& params, Nodes& nodes) const override {
    return std::make_unique<RaftDeployment>(params_of<RaftParams>(params), nodes);
  }

 protected:
  const FieldList<RaftParams>& fields() const override { return raft_fields(); }
  void check(const MapReader& m, RaftParams& p, const LoadContext& ctx) const override {
    const auto fail_at = [&m](const char* key, const std::string& what) {
      const std::optional<Value> v = m.get(key);
      (v ? *v : m.self()).fail(what);
    };
    if (p.timer_phases.size() > ctx.role(kServer).size()) fail_at("timer_phases", "timer_phases lists more phases than there are servers");
    if (p.lease_mode == LeaseMode::quorum_ack && p.max_clock_drift >= p.lease) {
      fail_at("max_clock_drift", "max_clock_drift must be shorter than lease: no lease would remain");
    }
    if (p.tick.ns == 0) return;
    for (const auto& [key, d] : {std::pair{"election_timeout", p.election_timeout}, {"election_jitter", p.election_jitter},
                                 {"heartbeat_interval", p.heartbeat_interval}, {"step_down_every", p.step_down_every}}) {
      if (d.ns % p.tick.ns == 0) continue;
      // At the key when the scenario gives it, else at `tick`, which made its default wrong.
      fail_at(m.get(key) ? key : "tick", std::string(key) + " must be a whole number of ticks (tick: " + sim::format_duration(p.tick) + ")");
    }
  }
};

}  // namespace

std::unique_ptr<Protocol> protocol() { return std::make_unique<RaftProtocol>(); }

}  // namespace leasesim::raft_lease
