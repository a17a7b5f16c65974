// A property of the TTL lock on random schedules (rapidcheck): a client that believes it holds
// the lock only until its request's send time + ttl (`belief: until_ttl`) never believes a
// lease the server has expired, whatever pauses, delays and losses it meets. The scenarios show
// one schedule each; the property tries a hundred, and would shrink a failing one to its core.
#include <gtest/gtest.h>
#include <leasesim/run.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "protocol.h"

namespace {

void use_ttl_lock() {
  static const leasesim::Registry registry = [] {
    leasesim::Registry r;
    r.add(ttl_lock::protocol());
    return r;
  }();
  leasesim::use_registry(registry);
}

std::string ms(int64_t n) { return std::to_string(n) + "ms"; }

// A fault at a random instant of the minute the scenario lasts.
std::string at_random() { return "  - at: " + ms(*rc::gen::inRange<int64_t>(0, 59'000)) + "\n    "; }

RC_GTEST_PROP(TtlLock, AClientBelievingUntilItsTtlNeverOutlivesItsLease, ()) {
  use_ttl_lock();
  std::string yaml =
      "duration: 60s\n"
      "protocol: {kind: ttl-lock, belief: until_ttl}\n"
      "clients: [c1, c2]\n"
      "resources: [store]\n"
      "faults:\n";
  for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
    const char* node = *rc::gen::element("c1", "c2");
    yaml += at_random() + "pause: {node: " + node + ", for: " + ms(*rc::gen::inRange<int64_t>(1, 20'000)) + "}\n";
  }
  for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
    const char* reply = *rc::gen::element("Granted", "Renewed");
    yaml += at_random() + "delay: {from: server, message: " + std::string(reply) +
            ", extra: " + ms(*rc::gen::inRange<int64_t>(0, 15'000)) + ", count: 1}\n";
  }
  for (int i = *rc::gen::inRange(0, 3); i > 0; --i) yaml += at_random() + "drop: {to: server, message: Renew, count: 1}\n";
  const leasesim::Result r = leasesim::run_scenario(leasesim::load_scenario_text(yaml, "property.yaml"));
  for (const leasesim::ViolationRecord& v : r.violations) {
    RC_ASSERT(v.checker != "lease_safety");
  }
}

}  // namespace
