#include "model/zbs/protocol.h"

#include <vector>

#include "checkers/lease_safety.h"
#include "leasesim/fenced_resource.h"
#include "model/zbs/follower.h"
#include "model/zbs/master.h"
#include "model/zbs/messages.h"
#include "model/zbs/params.h"
#include "model/zbs/store.h"
#include "sim/duration_text.h"

namespace leasesim::zbs {
namespace {

using fields::DurationRule;

// A drift allowance: parts per million with up to three decimals, 0 to 1,000,000.
Field<ZbsParams> guard_field() {
  return {{"guard_ppm", "ppm, 0 to 1,000,000", "", 
           "allowance for drift between the two clocks: the follower also subtracts lease x guard_ppm / 10^6 (rounded up)",
           "Gray and Cheriton 1989 (a clock-rate epsilon); 0 as in ZBS-13135"},
          [](const Value& v, ZbsParams& p, const LoadContext&) { p.guard_ppm = v.ppm(0, 1'000'000'000); },
          [](const ZbsParams& p) { return sim::format_decimal(p.guard_ppm.ppb, 3); }};
}

template <class E>
std::vector<std::pair<std::string, E>> named(const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, E>> out;
  for (size_t i = 0; i < names.size(); ++i) out.emplace_back(names[i], static_cast<E>(i));
  return out;
}

const FieldList<ZbsParams>& zbs_fields() {
  static const FieldList<ZbsParams> kFields({
      fields::duration("lease", &ZbsParams::lease, DurationRule::positive,
                       "the lease the master grants with each KeepAlive reply, counted from when it sends the reply",
                       "ZBS-13135 notes: 12 s"),
      fields::duration("keepalive_interval", &ZbsParams::keepalive_interval, DurationRule::period,
                       "period of the master's per-session timer: a pending KeepAlive is answered when it fires; finding none, "
                       "the session goes to WAIT_KEEPALIVE",
                       "ZBS-13135 notes: 7 s"),
      fields::duration("rpc_timeout", &ZbsParams::rpc_timeout, DurationRule::period,
                       "the follower abandons an unanswered KeepAlive after this long and sends another",
                       "ZBS-13135 notes: 9.5 s = 12 s - 2.5 s"),
      fields::duration("network_margin", &ZbsParams::network_margin, DurationRule::non_negative,
                       "fixed allowance for the reply's flight, subtracted from the lease by the follower",
                       "ZBS-13135 notes: \"assumes network delay never exceeds 2.5 s\""),
      fields::choice("follower_anchor", &ZbsParams::follower_anchor,
                     {{"receive", FollowerAnchor::receive}, {"send", FollowerAnchor::send}},
                     "where the follower anchors its lease: `receive`: reply arrival + lease - margin (the legacy code, the "
                     "bug); `send`: its KeepAlive's send time + lease - margin (the fix)",
                     "ZBS-13135: the bug and its fix"),
      guard_field(),
      fields::choice("expiry_check", &ZbsParams::expiry_check, {{"current", ExpiryCheck::current}, {"captured", ExpiryCheck::captured}},
                     "what a firing session timer compares with: `current`: the session's deadline as it is now (a correct "
                     "master); `captured`: the deadline it saw when armed (the stale-deadline bug)",
                     "ZBS-13135 notes, branch 2"),
      fields::choice("wait_keepalive_timer", &ZbsParams::wait_keepalive_timer, named<WaitKeepaliveTimer>(kWaitKeepaliveTimerNames),
                     "where a firing that finds no KeepAlive pending re-arms the timer (\"重置 timer 超时为 12s\"): "
                     "`deadline`: the session's deadline, lease after the last grant; `lease_from_firing`: lease after the "
                     "firing, so an unrenewed session is expired 7 to 12 s after its deadline",
                     "a reading of the ZBS-13135 notes, branch 1"),
      fields::choice("wait_keepalive_reply", &ZbsParams::wait_keepalive_reply, named<WaitKeepaliveReply>(kWaitKeepaliveReplyNames),
                     "a KeepAlive arriving in WAIT_KEEPALIVE: `at_once`: granted on arrival; `at_timer`: held for the timer "
                     "like any pending one, which then fires at or past the deadline and answers it EXPIRED",
                     "a reading of the ZBS-13135 notes (silent on it)"),
      fields::choice("follower_next_keepalive", &ZbsParams::follower_next_keepalive,
                     named<FollowerNextKeepalive>(kFollowerNextKeepaliveNames),
                     "the follower's next KeepAlive after a granted reply: `at_once` (the master's timer paces them); "
                     "`after_interval`: `follower_keepalive_interval` after the reply arrives. After an EXPIRED reply it "
                     "registers at once either way",
                     "a reading of the ZBS-13135 notes (they give only the 9.5 s RPC timeout)"),
      fields::duration("follower_keepalive_interval", &ZbsParams::follower_keepalive_interval, DurationRule::period,
                       "with follower_next_keepalive: after_interval, the wait on the follower's clock from a granted reply to "
                       "its next KeepAlive",
                       "no ZBS figure; 12 s / 3, as the ZooKeeper clients the ZBS-13135 notes quote ping at a third of their "
                       "timeout"),
      fields::choice("persisted_deadline", &ZbsParams::persisted_deadline, named<PersistedDeadline>(kPersistedDeadlineNames),
                     "what the master keeps of a session for a restart with `sessions: continue`: `registration`: the "
                     "registration grant's deadline; `every_grant`: the latest grant's",
                     "a reading of the ZBS-13135 notes' open question"),
      fields::duration("write_interval", &ZbsParams::write_interval, DurationRule::period,
                       "with `resources`: how often a follower writes to them (with its session's fencing token) while it "
                       "believes its lease; the master writes a newer token when it expires a session",
                       "a choice of this model (ZBS-13135 has no resource)"),
      fencing_field(&ZbsParams::fencing),
  });
  return kFields;
}

// What a restart of the master does with its persisted sessions (the restart fault's
// `sessions:`): a fresh full lease for each (ZooKeeper's way), the persisted deadline
// (`continue`), or none at all.
const std::vector<std::pair<std::string, RestartSessions>> kSessionsNames = {
    {"recompute", RestartSessions::recompute}, {"continue", RestartSessions::keep}, {"forget", RestartSessions::forget}};
constexpr const char* kMaster = "master";

class ZbsDeployment final : public Deployment {
 public:
  ZbsDeployment(const ZbsParams& params, Nodes& nodes) : follower_stores_(nodes.of_role("follower").size() + 1) {
    master_ = nodes.id(kMaster);
    std::vector<sim::NodeId> resources;
    for (const std::string& r : nodes.of_role(resource_role().singular)) resources.push_back(nodes.id(r));
    nodes.boot(master_, [this, params, resources](sim::Context& ctx) {
      return std::make_unique<Master>(ctx, params, master_store_, resources);
    });
    for (const std::string& name : nodes.of_role("follower")) {
      const sim::NodeId id = nodes.id(name);
      if (id >= follower_stores_.size()) follower_stores_.resize(id + 1);
      nodes.boot(id, [this, params, id, resources](sim::Context& ctx) {
        return std::make_unique<Follower>(ctx, params, master_, follower_stores_[id], resources);
      });
    }
    for (sim::NodeId r : resources) {
      nodes.boot(r, [params](sim::Context& ctx) { return std::make_unique<FencedResource>(ctx, kWrite, params.fencing); });
    }
  }
  void before_restart(sim::NodeId node, const Params* options) override {
    if (node != master_) return;
    master_store_.restart_policy = options != nullptr ? params_of<RestartSessions>(*options) : RestartSessions::recompute;
  }

 private:
  sim::NodeId master_ = 0;
  MasterStore master_store_;
  std::vector<FollowerStore> follower_stores_;  // by node id
};

class ZbsProtocol final : public ProtocolOf<ZbsParams> {
 public:
  std::string kind() const override { return "zbs"; }
  std::string summary() const override {
    return "the ZBS master/follower KeepAlive lease of ticket ZBS-13135 (master timer, WAIT_KEEPALIVE, the follower's anchor)";
  }
  std::vector<Role> roles() const override {
    return {{"", "master", {kMaster}}, {"followers", "follower", {}}, resource_role()};
  }
  std::vector<std::string> messages() const override { return message_names(); }
  std::vector<sim::StateBand> state_bands() const override { return {Master::session_band()}; }
  std::vector<CheckerSpec> checkers() const override {
    return {{"lease_safety", false, [](sim::Trace& t, const ClockOf& clock_of, const Params&) {
               return std::make_unique<checkers::LeaseSafetyChecker>(t, clock_of, "lease_safety");
             }}};
  }
  std::vector<std::string> restart_keys() const override { return {"sessions"}; }
  std::shared_ptr<const Params> read_restart(const MapReader& m, const std::string& node, const LoadContext&) const override {
    const std::optional<Value> v = m.get("sessions");
    if (!v) return nullptr;
    if (node != kMaster) v->fail("only the master keeps sessions; 'sessions' does not apply to " + node);
    std::vector<std::string> words;
    for (const auto& [word, policy] : kSessionsNames) words.push_back(word);
    return std::make_shared<ParamsOf<RestartSessions>>(kSessionsNames[v->choice(words)].second);
  }
  std::vector<std::pair<std::string, std::string>> write_restart(const Params* options, const std::string& node) const override {
    if (node != kMaster) return {};
    const RestartSessions policy = options != nullptr ? params_of<RestartSessions>(*options) : RestartSessions::recompute;
    for (const auto& [word, p] : kSessionsNames) {
      if (p == policy) return {{"sessions", word}};
    }
    return {};
  }
  std::string example() const override {
    return R"(# scenarios/zbs/legacy-reply-delay-6s.yaml without its description
duration: 40s
protocol: {kind: zbs, follower_anchor: receive}
followers: [follower-1]
faults:
  - at: 1ms
    drop: {from: follower-1, to: master, message: KeepAlive, count: 1}
  - at: 5s
    delay: {from: master, to: follower-1, message: KeepAliveReply, extra: 5.999s, count: 1}
  - at: 10s
    disconnect: {from: follower-1, to: master}
expect:
  lease_safety: violated
  windows: [{node: follower-1, start: 21.503s, end: 25.003s}]
)";
  }
  std::unique_ptr<Deployment> deploy(const Params& params, Nodes& nodes) const override {
    return std::make_unique<ZbsDeployment>(params_of<ZbsParams>(params), nodes);
  }

 protected:
  const FieldList<ZbsParams>& fields() const override { return zbs_fields(); }
};

}  // namespace

std::unique_ptr<Protocol> protocol() { return std::make_unique<ZbsProtocol>(); }

}  // namespace leasesim::zbs
