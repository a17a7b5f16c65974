#include "model/chubby/protocol.h"

#include <string>
#include <vector>

#include "checkers/lease_safety.h"
#include "leasesim/checker.h"
#include "leasesim/fenced_resource.h"
#include "model/chubby/client.h"
#include "model/chubby/master.h"
#include "model/chubby/messages.h"
#include "model/chubby/params.h"
#include "model/chubby/store.h"
#include "sim/duration_text.h"

namespace leasesim::chubby {
namespace {

using fields::DurationRule;

constexpr const char* kMaster = "master";
constexpr const char* kClient = "client";

Field<ChubbyParams> rate_bound_field() {
  return {{"master_rate_bound_ppm", "ppm, 0 to 1,000,000", "",
           "how much faster than a client's clock the master's may run: the client shortens every lease by that share "
           "(rounded up)",
           "the paper, 2.8: \"a known constant factor\", not given; 1000 ppm is a reading"},
          [](const Value& v, ChubbyParams& p, const LoadContext&) { p.master_rate_bound_ppm = v.ppm(0, 1'000'000'000); },
          [](const ChubbyParams& p) { return sim::format_decimal(p.master_rate_bound_ppm.ppb, 3); }};
}

const FieldList<ChubbyParams>& chubby_fields() {
  static const FieldList<ChubbyParams> kFields({
      fields::duration("lease_extension", &ChubbyParams::lease_extension, DurationRule::positive,
                       "how far the master's answer to a held KeepAlive extends the session's lease, from the answer",
                       "the paper, 2.8: \"The default extension is 12s\""),
      fields::duration("reply_advance", &ChubbyParams::reply_advance, DurationRule::non_negative,
                       "how long before the lease ends the master answers a held KeepAlive; one arriving later is answered "
                       "at once",
                       "the paper, 2.8: \"until the client's previous lease interval is close to expiring\"; 1 s is a reading"),
      fields::choice("local_lease", &ChubbyParams::local_lease,
                     {{"round_trip", LocalLease::round_trip},
                      {"flight_bound", LocalLease::flight_bound},
                      {"receipt", LocalLease::receipt},
                      {"send_no_hold", LocalLease::send_no_hold}},
                     "the client's local lease from a reply (remaining lease and hold, on the master's clock): "
                     "`round_trip`: send time + hold + remaining, less the rate allowance (the conservative lease); "
                     "`flight_bound`: receipt + remaining - reply_flight_bound, less the allowance; `receipt`: receipt + "
                     "remaining (the safeguard off); `send_no_hold`: send time + remaining, less the allowance",
                     "the paper, 2.8 (conservative in the reply's flight and the master's clock rate); how the flight is "
                     "bounded is a reading: `round_trip` (the reply carries the hold) or `flight_bound`"),
      fields::duration("reply_flight_bound", &ChubbyParams::reply_flight_bound, DurationRule::non_negative,
                       "with local_lease: flight_bound, the reply flight the client assumes at most",
                       "no figure in the paper: 500 ms is a reading"),
      rate_bound_field(),
      fields::duration("grace_period", &ChubbyParams::grace_period, DurationRule::non_negative,
                       "how long a client in jeopardy waits for a KeepAlive to succeed before it declares its session expired",
                       "the paper, 2.8: \"the grace period, 45s by default\""),
      fields::flag("jeopardy", &ChubbyParams::jeopardy,
                   "whether a client whose local lease ended stops acting (its session and lock) during the grace period; "
                   "`false`: it acts on until the grace period ends (the safeguard off)",
                   "the paper, 2.8: the client \"empties and disables its cache\" in jeopardy"),
      fields::duration("retry_interval", &ChubbyParams::retry_interval, DurationRule::period,
                       "how often a client creating a session or in jeopardy resends its KeepAlive",
                       "a choice of this model (the paper gives none)"),
      fields::duration("failover_extension", &ChubbyParams::failover_extension, DurationRule::non_negative,
                       "a new master extends every session to its start + this; 0s: none, every session is expired at the "
                       "election",
                       "the paper, 2.9: \"extended to the maximum that the previous master may have been using\""),
      fields::duration("lock_delay", &ChubbyParams::lock_delay, DurationRule::non_negative,
                       "how long the lock stays free after its holder's session expired; at most 1m",
                       "the paper, 2.4: \"any lock-delay up to some bound, currently one minute\"; the bound as the default "
                       "is a reading"),
      fields::flag("lock", &ChubbyParams::lock,
                   "whether every client takes the one lock once its session exists (in the order the Acquires arrive)",
                   "a choice of this model"),
      fields::duration("write_interval", &ChubbyParams::write_interval, DurationRule::period,
                       "how often a lock holder writes to every resource while it believes its lock, its sequencer's "
                       "generation as token",
                       "a choice of this model; sequencers: the paper, 2.4"),
      fencing_field(&ChubbyParams::fencing),
  });
  return kFields;
}

class ChubbyDeployment final : public Deployment {
 public:
  ChubbyDeployment(const ChubbyParams& params, Nodes& nodes) : params_(params) {
    const sim::NodeId master = nodes.id(kMaster);
    std::vector<sim::NodeId> resources;
    for (const std::string& r : nodes.of_role(resource_role().singular)) resources.push_back(nodes.id(r));
    nodes.boot(master, [this](sim::Context& ctx) { return std::make_unique<Master>(ctx, params_, master_store_); });
    for (const std::string& name : nodes.of_role(kClient)) {
      const sim::NodeId id = nodes.id(name);
      if (id >= client_stores_.size()) client_stores_.resize(id + 1);
      nodes.boot(id, [this, id, master, resources](sim::Context& ctx) {
        return std::make_unique<Client>(ctx, params_, master, client_stores_[id], resources);
      });
    }
    const bool fencing = params_.fencing;
    for (sim::NodeId r : resources) {
      nodes.boot(r, [fencing](sim::Context& ctx) { return std::make_unique<FencedResource>(ctx, kWrite, fencing); });
    }
  }

 private:
  ChubbyParams params_;
  MasterStore master_store_;
  std::vector<ClientStore> client_stores_;  // by node id
};

class ChubbyProtocol final : public ProtocolOf<ChubbyParams> {
 public:
  std::string kind() const override { return "chubby"; }
  std::string summary() const override {
    return "Chubby (Burrows, OSDI 2006): KeepAlives held until the lease nearly ends, the client's conservative local "
           "lease, jeopardy and the 45 s grace period, failover extension, lock-delay and sequencers";
  }
  std::vector<Role> roles() const override {
    return {{"", kMaster, {kMaster}}, {"clients", kClient, {}}, resource_role()};
  }
  std::vector<std::string> messages() const override { return message_names(); }
  std::vector<CheckerSpec> checkers() const override {
    return {{"lease_safety", false,
             [](sim::Trace& t, const ClockOf& clock_of, const Params&) {
               return std::make_unique<checkers::LeaseSafetyChecker>(t, clock_of, "lease_safety");
             }},
            {"lock_safety", false, [](sim::Trace& t, const ClockOf&, const Params&) {
               return std::make_unique<checkers::LockSafetyChecker>(t, "lock_safety");
             }}};
  }
  std::string example() const override {
    return R"(# scenarios/chubby/healthy.yaml without its description
duration: 60s
protocol: {kind: chubby}
clients: [c1]
expect:
  lease_safety: holds
)";
  }
  std::unique_ptr<Deployment> deploy(const Params& params, Nodes& nodes) const override {
    return std::make_unique<ChubbyDeployment>(params_of<ChubbyParams>(params), nodes);
  }

 protected:
  const FieldList<ChubbyParams>& fields() const override { return chubby_fields(); }
  void check(const MapReader& m, ChubbyParams& p, const LoadContext&) const override {
    const auto fail_at = [&m](const char* key, const std::string& what) {
      const std::optional<Value> v = m.get(key);
      (v ? *v : m.self()).fail(what);
    };
    if (p.reply_advance >= p.lease_extension) {
      fail_at("reply_advance", "reply_advance must be shorter than lease_extension: the master would answer every "
                               "KeepAlive at once, a busy loop");
    }
    if (p.lock_delay > Duration::seconds(60)) {
      fail_at("lock_delay", "lock_delay is at most 1m (the paper, 2.4: \"up to some bound, currently one minute\")");
    }
  }
};

}  // namespace

std::unique_ptr<Protocol> protocol() { return std::make_unique<ChubbyProtocol>(); }

}  // namespace leasesim::chubby
