#include "model/etcd/protocol.h"

#include <vector>

#include "leasesim/checker.h"
#include "model/etcd/client.h"
#include "model/etcd/member.h"
#include "model/etcd/messages.h"
#include "model/etcd/params.h"

namespace leasesim::etcd {
namespace {

using fields::DurationRule;

// etcd calls them members; the scenario key is `servers` (as etcd runs them: etcdserver), since
// "member" is a common C++ word the harness must not be kept from using (Architecture test).
constexpr const char* kMember = "server";
constexpr const char* kClient = "client";

// A lease's TTL is int64 seconds in the API (LeaseGrantRequest.TTL), at most MaxLeaseTTL
// (lessor.go: 9000000000).
Duration whole_seconds(const Value& v) {
  const Duration d = v.positive_duration();
  if (d.ns % 1'000'000'000 != 0) v.fail("an etcd lease TTL is whole seconds; " + v.node().Scalar() + " is not");
  if (d.ns / 1'000'000'000 > 9'000'000'000LL / 1000) v.fail("a TTL of more than 9000000 s is beyond this model");
  return d;
}

// client_ttls: a list of whole-second TTLs, one per client in the order of `clients`.
Field<EtcdParams> client_ttls_field() {
  return {{"client_ttls", "list of whole seconds", "", 
           "the TTL of each client's lease in the order of `clients` (the first entry for the first client); clients "
           "beyond the list use `ttl`",
           "etcd #9921 (a holder of 20 s, a waiter of 5 s)"},
          [](const Value& v, EtcdParams& p, const LoadContext&) {
            p.client_ttls.clear();
            for (const Value& item : v.items("a list of TTLs")) p.client_ttls.push_back(whole_seconds(item));
          },
          [](const EtcdParams& p) {
            if (p.client_ttls.empty()) return std::string();
            std::string out = "[";
            for (size_t i = 0; i < p.client_ttls.size(); ++i) out += (i ? ", " : "") + sim::format_duration(p.client_ttls[i]);
            return out + "]";
          }};
}

const FieldList<EtcdParams>& etcd_fields() {
  static const FieldList<EtcdParams> kFields({
      fields::duration("heartbeat_interval", &EtcdParams::heartbeat_interval, DurationRule::period,
                       "Raft's tick: the leader's heartbeat period; election timeouts are counted in these ticks",
                       "etcd --heartbeat-interval (default 100 ms)"),
      fields::duration("election_timeout", &EtcdParams::election_timeout, DurationRule::period,
                       "a follower hearing no leader for a random whole number of ticks in [this, 2 x this) campaigns; "
                       "a new leader's lessor extends every lease by this much",
                       "etcd --election-timeout (default 1000 ms); raft randomizedElectionTimeout; server.go "
                       "Promote(ElectionTimeout())"),
      fields::duration_by("ttl", &EtcdParams::ttl, "whole seconds", &whole_seconds,
                          "the TTL each client grants its lease with; the lessor raises it to ceil(1.5 x election ticks x "
                          "heartbeat) (2 s at the defaults)",
                          "etcd #12528 (4 s); embed config minTTL"),
      client_ttls_field(),
      fields::integer("revoke_rate", &EtcdParams::revoke_rate, 2, 1'000'000,
                      "leases the lessor revokes per second at most: half of it every 500 ms round of its runLoop",
                      "lessor.go leaseRevokeRate = 1000, revokeLimit = leaseRevokeRate / 2; PR #8099"),
      fields::choice("expired_retry", &EtcdParams::expired_retry,
                     {{"recheck", ExpiredRetry::recheck}, {"never", ExpiredRetry::never}},
                     "an expired lease whose revoke was proposed: `recheck`: examined again expired_retry_interval later; "
                     "`never`: forgotten, so a failed revoke is never retried (the bug)",
                     "PR #10693 (the fix); #9935, #10686 (the bug)"),
      fields::duration("expired_retry_interval", &EtcdParams::expired_retry_interval, DurationRule::period,
                       "with expired_retry: recheck, how long after proposing a revoke the lessor looks at the lease again",
                       "lessor.go defaultExpiredleaseRetryInterval = 3 s"),
      fields::choice("revoke_check", &EtcdParams::revoke_check,
                     {{"ensure_leadership", RevokeCheck::ensure_leadership}, {"none", RevokeCheck::none}},
                     "before proposing revokes: `ensure_leadership`: a member that is no longer the Raft leader does not "
                     "revoke (a reading: its Raft core's role at that instant stands for the ReadIndex round); `none`: a "
                     "lessor not yet demoted revokes (the bug)",
                     "PR #16822 (the fix, server.go ensureLeadership); #15247, #12528 (the bug)"),
      fields::choice("renew_check", &EtcdParams::renew_check,
                     {{"ensure_leadership", RenewCheck::ensure_leadership}, {"none", RenewCheck::none}},
                     "before renewing at a member whose lessor is primary: `ensure_leadership`: one that is no longer the "
                     "Raft leader renews nothing and passes the renewal to the leader its Raft core knows (a reading: the "
                     "client's stream retrying after ErrNotPrimary); `none`: a lessor not yet demoted renews (the bug)",
                     "server.go LeaseRenew (ensureLeadership when it believes it leads; #18069, #21671); #15247 (the bug: "
                     "\"the old leader still handle lease keep alive request\")"),
      fields::flag("checkpoint", &EtcdParams::checkpoint,
                   "lease checkpointing: the leader logs each long lease's remaining TTL every checkpoint_interval, and a "
                   "new leader extends a lease to now + election timeout + that remaining TTL instead of its full TTL",
                   "PR #9924, --experimental-enable-lease-checkpoint (off by default)"),
      fields::duration("checkpoint_interval", &EtcdParams::checkpoint_interval, DurationRule::period,
                       "with checkpoint: how long after a lease's grant, promotion or last checkpoint the leader checkpoints "
                       "it; only leases whose remaining TTL exceeds it are scheduled",
                       "lessor.go defaultLeaseCheckpointInterval = 5 min"),
      fields::flag("checkpoint_persist", &EtcdParams::checkpoint_persist,
                   "with checkpoint: whether a member keeps the remaining TTLs it applied across its own restart; "
                   "`false`: a restarted member that leads later extends a checkpointed lease to its full TTL (the bug)",
                   "PR #13508, --experimental-enable-lease-checkpoint-persist (off by default in v3.5); #17132 (the bug); "
                   "every entry applied before a crash counted as in the backend: a reading"),
      fields::duration("keepalive_poll", &EtcdParams::keepalive_poll, DurationRule::period,
                       "the client's send loop: every this, a keepalive if its nextKeepAlive (response + TTL/3) is past",
                       "client/v3 lease.go sendKeepAliveLoop (500 ms)"),
      fields::duration("reaper_period", &EtcdParams::reaper_period, DurationRule::period,
                       "the client's deadline loop: every this, the keepalive channel of a lease whose deadline (response "
                       "receipt + TTL) is past is closed",
                       "client/v3 lease.go deadlineLoop (1 s); PR #5603"),
      fields::duration("first_keepalive_timeout", &EtcdParams::first_keepalive_timeout, DurationRule::positive,
                       "the client's deadline before its first keepalive response",
                       "client/v3 lease.go KeepAlive, firstKeepAliveTimeout (defaultTTL 5 s)"),
      fields::duration("move_leader_at", &EtcdParams::move_leader_at, DurationRule::non_negative,
                       "a leadership transfer at this instant (each server's clock): the server leading then hands its "
                       "leadership to move_leader_to, dropping every proposal (its lessor's revokes too) until the transferee "
                       "wins or the transfer is aborted an election timeout of ticks later; 0s: none",
                       "etcdctl move-leader (server.go MoveLeader); raft stepLeader (leadTransferee: ErrProposalDropped), "
                       "tickHeartbeat (abortLeaderTransfer); as the way E4's revoke fails (#9935 does not say): a reading"),
      fields::integer("move_leader_to", &EtcdParams::move_leader_to, 1, 1000,
                      "with move_leader_at: the server (1 = the first of `servers`) the leadership is handed to",
                      "a choice of this model"),
      fields::integer("endpoint", &EtcdParams::endpoint, 1, 1000,
                      "the server (1 = the first of `servers`) every client talks to; one that does not lead forwards "
                      "keepalives and proposals to its leader",
                      "a choice of this model"),
      fields::flag("keepalive", &EtcdParams::keepalive,
                   "whether each client keeps its lease alive; `false`: it holds the granted lease until told",
                   "a choice of this model"),
      fields::integer("idle_leases", &EtcdParams::idle_leases, 0, 100'000,
                      "further leases each client grants at 0 s and never renews (keys whose owner is gone)",
                      "etcd #8097, PR #8101 (\"if there's 10k leases\")"),
      fields::flag("lock", &EtcdParams::lock,
                   "each client takes one lock once granted: puts its key with its lease, waits until no older key "
                   "remains, and believes it holds the lock until its keepalive channel closes",
                   "client/v3/concurrency Mutex.Lock (waitDeletes)"),
      fields::choice("lock_check", &EtcdParams::lock_check, {{"owner_key", LockCheck::owner_key}, {"none", LockCheck::none}},
                     "what Lock checks when the wait ends: `owner_key`: that its own key still exists, else "
                     "ErrSessionExpired (the fix); `none`: nothing, so a lock can be granted on an expired lease (the bug)",
                     "Jepsen etcd 3.4.3; #11456, #9921"),
  });
  return kFields;
}

class EtcdDeployment final : public Deployment {
 public:
  EtcdDeployment(const EtcdParams& params, Nodes& nodes) : params_(params) {
    std::vector<sim::NodeId> members;
    for (const std::string& name : nodes.of_role(kMember)) members.push_back(nodes.id(name));
    stores_.resize(members.size());
    for (size_t i = 0; i < members.size(); ++i) {
      nodes.boot(members[i], [this, members, i](sim::Context& ctx) {
        return std::make_unique<Member>(ctx, params_, stores_[i], members);
      });
    }
    const sim::NodeId endpoint = members[static_cast<size_t>(params_.endpoint - 1)];
    const std::vector<std::string> clients = nodes.of_role(kClient);
    for (size_t i = 0; i < clients.size(); ++i) {
      const Duration ttl = i < params_.client_ttls.size() ? params_.client_ttls[i] : params_.ttl;
      nodes.boot(nodes.id(clients[i]),
                 [this, endpoint, ttl](sim::Context& ctx) { return std::make_unique<Client>(ctx, params_, endpoint, ttl); });
    }
  }

 private:
  EtcdParams params_;
  std::vector<MemberStore> stores_;  // by position in `members`: a member's Raft state outlives a restart
};

class EtcdProtocol final : public ProtocolOf<EtcdParams> {
 public:
  std::string kind() const override { return "etcd"; }
  std::string summary() const override {
    return "etcd leases: a Raft group whose leader's lessor grants, renews, extends on promotion and revokes at a bounded "
           "rate, and clientv3's keepalive loop with its 1 s deadline reaper";
  }
  std::vector<Role> roles() const override { return {{"servers", kMember, {}}, {"clients", kClient, {}}}; }
  std::vector<std::string> messages() const override { return message_names(); }
  std::vector<CheckerSpec> checkers() const override {
    return {lease_safety_checker(), lock_safety_checker(),
            // A lease its client stopped renewing and the leader still has not revoked. Grace: the
            // runLoop round (500 ms) after the expiry, then a commit, taken as within a heartbeat
            // interval (a reading).
            {"session_liveness", true, [](sim::Trace& t, const ClockOf&, const Params& p) {
               return std::make_unique<SessionLivenessChecker>(
                   t, sim::Duration::millis(500) + params_of<EtcdParams>(p).heartbeat_interval);
             }}};
  }
  std::string example() const override {
    return R"(# scenarios/etcd/healthy.yaml without its description
duration: 20s
protocol: {kind: etcd}
members: [m1, m2, m3]
clients: [c1]
expect:
  lease_safety: holds
)";
  }
  std::unique_ptr<Deployment> deploy(const Params& params, Nodes& nodes) const override {
    return std::make_unique<EtcdDeployment>(params_of<EtcdParams>(params), nodes);
  }

 protected:
  const FieldList<EtcdParams>& fields() const override { return etcd_fields(); }
  void check(const MapReader& m, EtcdParams& p, const LoadContext& ctx) const override {
    const auto fail_at = [&m](const char* key, const std::string& what) {
      const std::optional<Value> v = m.get(key);
      (v ? *v : m.self()).fail(what);
    };
    if (p.election_timeout < p.heartbeat_interval) {
      fail_at("election_timeout", "election_timeout must be at least one heartbeat_interval (Raft counts it in ticks)");
    }
    const size_t members = ctx.role(kMember).size();
    if (p.endpoint > static_cast<int64_t>(members)) {
      fail_at("endpoint", "endpoint " + std::to_string(p.endpoint) + " names no server: there are " + std::to_string(members));
    }
    if (p.move_leader_to > static_cast<int64_t>(members)) {
      fail_at("move_leader_to",
              "move_leader_to " + std::to_string(p.move_leader_to) + " names no server: there are " + std::to_string(members));
    }
    const size_t clients = ctx.role(kClient).size();
    if (p.client_ttls.size() > clients) {
      fail_at("client_ttls", "client_ttls lists " + std::to_string(p.client_ttls.size()) + " TTLs for " +
                                 std::to_string(clients) + " clients");
    }
  }
};

}  // namespace

std::unique_ptr<Protocol> protocol() { return std::make_unique<EtcdProtocol>(); }

}  // namespace leasesim::etcd
