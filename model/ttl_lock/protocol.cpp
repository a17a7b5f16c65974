#include "model/ttl_lock/protocol.h"

#include <string>
#include <vector>

#include "checkers/lock_safety.h"
#include "leasesim/checker.h"
#include "leasesim/fenced_resource.h"
#include "model/ttl_lock/client.h"
#include "model/ttl_lock/messages.h"
#include "model/ttl_lock/params.h"
#include "model/ttl_lock/server.h"
#include "sim/duration_text.h"

namespace leasesim::ttl_lock {
namespace {

using fields::DurationRule;

constexpr const char* kServer = "server";
constexpr const char* kReplica = "replica";
constexpr const char* kClient = "client";

Field<TtlLockParams> drift_field() {
  return {{"drift_factor", "number, 0 to 1, up to 9 decimals", "",
           "the client's allowance for clock drift is ttl x drift_factor (rounded up to the nanosecond) + drift_extra; "
           "the validity is ttl - (decision - T1) - that allowance",
           "the redis distlock page and its reference implementation (CLOCK_DRIFT_FACTOR 0.01, plus 2 ms); "
           "node-redlock driftFactor 0.01"},
          [](const Value& v, TtlLockParams& p, const LoadContext&) { p.drift = sim::Ppm{v.fixed_point(9, 0, 1'000'000'000)}; },
          [](const TtlLockParams& p) { return sim::format_decimal(p.drift.ppb, 9); }};
}

const FieldList<TtlLockParams>& ttl_lock_fields() {
  static const FieldList<TtlLockParams> kFields({
      fields::choice("variant", &TtlLockParams::variant, {{"redis", Variant::redis}, {"consul", Variant::consul}},
                     "what each server is: `redis`: a key set with SET NX PX ttl, gone ttl after its last SET or "
                     "extension and free at once; `consul`: a lock under a session, invalidated ttl x ttl_slack_factor "
                     "after its last renewal, then free after lock_delay. One server is a single instance, several are "
                     "Redlock's independent instances (a majority needed)",
                     "the redis distlock page (redis.io/docs/latest/develop/use/patterns/distributed-locks); Consul's "
                     "sessions docs and session_ttl.go"),
      fields::duration("ttl", &TtlLockParams::ttl, DurationRule::positive,
                       "the lock's TTL: Redis PX; the Consul session TTL (10s to 24h)",
                       "the distlock page: \"auto release time\" of 10 s; Consul: session TTL between 10s and 86400s"),
      fields::choice("persistence", &TtlLockParams::persistence,
                     {{"always", Persistence::always}, {"none", Persistence::none}},
                     "what a restarted server still has: `always`: the key (or session) and its deadline (a Consul "
                     "server also resets the session timer to the full TTL); `none`: nothing, the lock is free",
                     "the distlock page: \"crash without persistence\", and fsync=always as the other fix; Consul "
                     "session timers reset on leader establishment (session_ttl.go)"),
      fields::integer("ttl_slack_factor", &TtlLockParams::ttl_slack_factor, 1, 10,
                      "with variant: consul, the server invalidates a session ttl x this after its last renewal",
                      "session_ttl.go (ttl * 2); hashicorp/consul #2347 \"TTLs are internally doubled\", #1172"),
      fields::duration("lock_delay", &TtlLockParams::lock_delay, DurationRule::non_negative,
                       "with variant: consul, how long the lock stays free after its session was invalidated; at most 60s",
                       "Consul's sessions docs: lock-delay 0 to 60 s, default 15 s"),
      fields::choice("lock_delay_zero", &TtlLockParams::lock_delay_zero,
                     {{"default", LockDelayZero::default_delay}, {"none", LockDelayZero::none}},
                     "what lock_delay: 0s means: `default`: the 15 s default (0 is the unset value); `none`: no lock-delay",
                     "hashicorp/consul #4508 (LockDelay 0 released at 2 x TTL + 15 s), docs PR #5037; which API paths "
                     "honour 0 is a reading"),
      fields::duration("failover_after", &TtlLockParams::failover_after, DurationRule::positive,
                       "a replica promotes itself when it has not heard its primary (a change or a ping) for this long",
                       "Sentinel's down-after-milliseconds (30000 in sentinel.conf); Sentinel's own agreement and "
                       "election not modelled: a reading"),
      fields::duration("ping_every", &TtlLockParams::ping_every, DurationRule::period,
                       "a primary pings its replica this often",
                       "Sentinel pings every instance each second; the replica as the detector is a reading"),
      fields::choice("belief", &TtlLockParams::belief, {{"validity", Belief::validity}, {"until_told", Belief::until_told}},
                     "how long a holder believes it holds the lock: `validity`: until T1 + ttl - drift on its own clock, "
                     "T1 taken before its first request (moved by each successful extension); `until_told`: until a "
                     "renewal is answered lost, or hold_for ends",
                     "the distlock page, step 3 (validity); Consul's api.Lock (its lost channel) and code that locks, "
                     "works and unlocks for until_told"),
      drift_field(),
      fields::duration("drift_extra", &TtlLockParams::drift_extra, DurationRule::non_negative,
                       "added to ttl x drift_factor in the drift allowance",
                       "the distlock page's reference implementation: \"plus 2 milliseconds\""),
      fields::duration("request_timeout", &TtlLockParams::request_timeout, DurationRule::positive,
                       "how long a client waits for the servers' answers before it decides on those it has",
                       "the distlock page: \"~ 5-50 milliseconds\" for a 10 s auto-release time"),
      fields::duration("retry_every", &TtlLockParams::retry_every, DurationRule::period,
                       "after a failed acquisition a client unlocks every instance and tries again after this plus a "
                       "jitter", "node-redlock retryDelay 200 ms"),
      fields::duration("retry_jitter", &TtlLockParams::retry_jitter, DurationRule::non_negative,
                       "the jitter: uniform in [0, retry_jitter] in whole milliseconds, from the client's random stream",
                       "node-redlock retryJitter 200 ms"),
      fields::duration("renew_every", &TtlLockParams::renew_every, DurationRule::non_negative,
                       "a holder extends its lock (every instance; Consul: renews its session) this often from its last "
                       "attempt's start; 0s: never",
                       "the distlock page (extension is optional); Consul's api RenewPeriodic renews at TTL / 2"),
      fields::duration("hold_for", &TtlLockParams::hold_for, DurationRule::non_negative,
                       "a holder releases the lock after holding it this long; 0s: never", "a choice of this model"),
      fields::duration("write_every", &TtlLockParams::write_every, DurationRule::period,
                       "while it believes it holds the lock, a holder writes to every resource this often, with its "
                       "value as epoch and the largest counter granted as token",
                       "a choice of this model; the counter as fencing token: Kleppmann 2016 (Redlock has none)"),
      fencing_field(&TtlLockParams::fencing),
  });
  return kFields;
}

class TtlLockDeployment final : public Deployment {
 public:
  TtlLockDeployment(const TtlLockParams& params, Nodes& nodes) : params_(params) {
    std::vector<sim::NodeId> servers, replicas, resources;
    for (const std::string& s : nodes.of_role(kServer)) servers.push_back(nodes.id(s));
    for (const std::string& s : nodes.of_role(kReplica)) replicas.push_back(nodes.id(s));
    for (const std::string& r : nodes.of_role(resource_role().singular)) resources.push_back(nodes.id(r));
    std::vector<sim::NodeId> targets = servers;
    targets.insert(targets.end(), replicas.begin(), replicas.end());
    for (sim::NodeId id : targets) {
      if (id >= server_stores_.size()) server_stores_.resize(id + 1);
    }
    // With a replica there is one server (protocol check): it is the replica's primary.
    const sim::NodeId replica = replicas.empty() ? sim::kNoNode : replicas.front();
    for (sim::NodeId s : servers) {
      nodes.boot(s, [this, s, replica](sim::Context& ctx) {
        return std::make_unique<Server>(ctx, params_, server_stores_[s], replica, false);
      });
    }
    for (sim::NodeId r : replicas) {
      nodes.boot(r, [this, r](sim::Context& ctx) {
        return std::make_unique<Server>(ctx, params_, server_stores_[r], sim::kNoNode, true);
      });
    }
    for (const std::string& name : nodes.of_role(kClient)) {
      const sim::NodeId id = nodes.id(name);
      if (id >= client_stores_.size()) client_stores_.resize(id + 1);
    }
    const size_t n = servers.size();
    for (const std::string& name : nodes.of_role(kClient)) {
      const sim::NodeId id = nodes.id(name);
      nodes.boot(id, [this, id, targets, n, resources](sim::Context& ctx) {
        return std::make_unique<Client>(ctx, params_, client_stores_[id], targets, n, resources);
      });
    }
    const bool fencing = params_.fencing;
    for (sim::NodeId r : resources) {
      nodes.boot(r, [fencing](sim::Context& ctx) { return std::make_unique<FencedResource>(ctx, kWrite, fencing); });
    }
  }

 private:
  TtlLockParams params_;
  std::vector<ServerStore> server_stores_;  // by node id; sized before any boot, never resized after
  std::vector<ClientStore> client_stores_;  // by node id
};

class TtlLockProtocol final : public ProtocolOf<TtlLockParams> {
 public:
  std::string kind() const override { return "ttl_lock"; }
  std::string summary() const override {
    return "TTL lock servers: Redis SET NX PX (one instance, a replica promoted by failover, Redlock's majority of "
           "independent instances with a send-anchored validity) and Consul sessions (TTL doubled, lock-delay)";
  }
  std::vector<Role> roles() const override {
    return {{"servers", kServer, {}}, {"replicas", kReplica, {}, true}, {"clients", kClient, {}}, resource_role()};
  }
  std::vector<std::string> messages() const override { return message_names(); }
  std::vector<CheckerSpec> checkers() const override {
    // A lock believed by two clients at once. The servers' leases are per instance (Redlock's
    // lock is a majority of them), so lease_safety, which pairs one grantor with one holder,
    // does not apply; stale_write (with resources) shows which overlaps do damage.
    return {{"lock_safety", false, [](sim::Trace& t, const ClockOf&, const Params&) {
               return std::make_unique<checkers::LockSafetyChecker>(t, "lock_safety");
             }}};
  }
  std::string example() const override {
    return R"(# scenarios/ttl_lock/healthy.yaml without its description
duration: 30s
protocol: {kind: ttl_lock}
servers: [redis]
clients: [c1, c2]
expect:
  lock_safety: holds
)";
  }
  std::unique_ptr<Deployment> deploy(const Params& params, Nodes& nodes) const override {
    return std::make_unique<TtlLockDeployment>(params_of<TtlLockParams>(params), nodes);
  }

 protected:
  const FieldList<TtlLockParams>& fields() const override { return ttl_lock_fields(); }
  void check(const MapReader& m, TtlLockParams& p, const LoadContext& ctx) const override {
    const auto fail_at = [&m](const char* key, const std::string& what) {
      const std::optional<Value> v = m.get(key);
      (v ? *v : m.self()).fail(what);
    };
    if (p.lock_delay > Duration::seconds(60)) {
      fail_at("lock_delay", "lock_delay is at most 1m (Consul's sessions docs: \"between 0 and 60 seconds\")");
    }
    if (p.renew_every.ns > 0 && p.renew_every >= p.ttl) {
      fail_at("renew_every", "renew_every must be shorter than ttl: every lease would run out before its extension");
    }
    if (ctx.role(kReplica).size() > 1 || (!ctx.role(kReplica).empty() && ctx.role(kServer).size() != 1)) {
      m.self().fail("a replica needs exactly one server, its primary, and there is at most one replica");
    }
  }
};

}  // namespace

std::unique_ptr<Protocol> protocol() { return std::make_unique<TtlLockProtocol>(); }

}  // namespace leasesim::ttl_lock
