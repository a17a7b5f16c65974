#include "protocol.h"

#include <leasesim/checker.h>
#include <leasesim/fenced_resource.h>
#include <leasesim/params.h>

#include <string>
#include <vector>

#include "client.h"
#include "messages.h"
#include "params.h"
#include "server.h"

namespace ttl_lock {
namespace {

using leasesim::CheckerSpec;
using leasesim::FieldList;
using leasesim::LoadContext;
using leasesim::MapReader;
using leasesim::NodeId;
using leasesim::Role;
using leasesim::fields::DurationRule;
namespace fields = leasesim::fields;

constexpr const char* kServer = "server";

// Each parameter once: its key, type, meaning and source. The loader reads scenarios through
// this list (an unknown key gets a did-you-mean), the writer writes minimised scenarios back
// through it, and `ttl-lock help scenario` prints it.
const FieldList<TtlLockParams>& ttl_lock_fields() {
  static const FieldList<TtlLockParams> kFields({
      fields::duration("ttl", &TtlLockParams::ttl, DurationRule::positive,
                       "the lease the server grants with each acquisition and renewal, from when it handles the request",
                       "Redis SET lock id NX PX 10000; Consul session TTL (10s at least)"),
      fields::duration("renew_every", &TtlLockParams::renew_every, DurationRule::period,
                       "the holder sends a renewal this often", "Redisson's watchdog: every lockWatchdogTimeout / 3"),
      fields::duration("retry_every", &TtlLockParams::retry_every, DurationRule::period,
                       "a client without the lock asks again this long after its last attempt (plus the jitter)",
                       "a SET NX retry loop"),
      fields::duration("retry_jitter", &TtlLockParams::retry_jitter, DurationRule::non_negative,
                       "each wait before asking again is longer by a uniform draw of whole milliseconds in [0, retry_jitter]",
                       "Redlock: a random delay to desynchronize clients"),
      fields::duration("hold_for", &TtlLockParams::hold_for, DurationRule::positive,
                       "a holder releases the lock this long after acquiring it, on its own clock", "the work it does"),
      fields::duration("write_every", &TtlLockParams::write_every, DurationRule::period,
                       "a holder writes to every resource this often while it believes it holds the lock",
                       "Kleppmann's storage service"),
      fields::choice("belief", &TtlLockParams::belief,
                     {{"until_told", Belief::until_told}, {"until_ttl", Belief::until_ttl}},
                     "how long a client believes it holds the lock: `until_told`: until a renewal is answered Lost "
                     "(lock, work, unlock); `until_ttl`: until its request's send time + ttl - margin on its own clock",
                     "Redisson lock() with its watchdog; Redlock's validity time"),
      fields::duration("margin", &TtlLockParams::margin, DurationRule::non_negative,
                       "until_ttl: the client stops believing this long before send time + ttl (a drift allowance)",
                       "Redlock's clock drift factor"),
      leasesim::fencing_field(&TtlLockParams::fencing),
  });
  return kFields;
}

// A restart keeps the server's store; clients and resources start afresh.
class TtlLockDeployment final : public leasesim::Deployment {
 public:
  TtlLockDeployment(const TtlLockParams& params, leasesim::Nodes& nodes) {
    const NodeId server = nodes.id(kServer);
    nodes.boot(server, [this, params](leasesim::Context& ctx) { return std::make_unique<LockServer>(ctx, params, store_); });
    std::vector<NodeId> resources;
    for (const std::string& r : nodes.of_role(leasesim::resource_role().singular)) resources.push_back(nodes.id(r));
    for (const std::string& c : nodes.of_role("client")) {
      nodes.boot(nodes.id(c), [params, server, resources](leasesim::Context& ctx) {
        return std::make_unique<LockClient>(ctx, params, server, resources);
      });
    }
    for (NodeId r : resources) {
      nodes.boot(r, [params](leasesim::Context& ctx) { return std::make_unique<leasesim::FencedResource>(ctx, kWrite, params.fencing); });
    }
  }

 private:
  ServerStore store_;
};

class TtlLockProtocol final : public leasesim::ProtocolOf<TtlLockParams> {
 public:
  std::string kind() const override { return "ttl-lock"; }
  std::string summary() const override {
    return "a lock server granting TTL leases with fencing tokens (Redis SET NX PX, Consul sessions), clients that renew "
           "them and write to fenced resources";
  }
  std::vector<Role> roles() const override {
    return {{"", "server", {kServer}}, {"clients", "client", {}}, leasesim::resource_role()};
  }
  std::vector<std::string> messages() const override { return message_names(); }
  std::vector<CheckerSpec> checkers() const override { return {leasesim::lease_safety_checker()}; }
  std::unique_ptr<leasesim::Deployment> deploy(const leasesim::Params& params, leasesim::Nodes& nodes) const override {
    return std::make_unique<TtlLockDeployment>(leasesim::params_of<TtlLockParams>(params), nodes);
  }
  std::string example() const override {
    return R"(# examples/ttl-lock/scenarios/client-pause-past-ttl.yaml without its description
duration: 40s
protocol: {kind: ttl-lock, ttl: 10s}
clients: [c1, c2]
resources: [store]
faults:
  - at: 5s
    pause: {node: c1, for: 15s}
expect:
  lease_safety: violated
  stale_write: holds
)";
  }

 protected:
  const FieldList<TtlLockParams>& fields() const override { return ttl_lock_fields(); }

  // Checks across fields, at the key concerned (or the protocol map when it was left out).
  void check(const MapReader& m, TtlLockParams& p, const LoadContext&) const override {
    const auto at = [&m](const char* key) { return m.has(key) ? *m.get(key) : m.self(); };
    if (p.renew_every >= p.ttl) {
      at("renew_every").fail("renew_every " + leasesim::format_duration(p.renew_every) + " is not shorter than ttl " +
                             leasesim::format_duration(p.ttl) + ": every lease would run out before its renewal");
    }
    if (p.belief == Belief::until_ttl && p.margin >= p.ttl) {
      at("margin").fail("margin " + leasesim::format_duration(p.margin) + " is not shorter than ttl " +
                        leasesim::format_duration(p.ttl) + ": a client would never believe it holds the lock");
    }
  }
};

}  // namespace

std::unique_ptr<leasesim::Protocol> protocol() { return std::make_unique<TtlLockProtocol>(); }

}  // namespace ttl_lock
