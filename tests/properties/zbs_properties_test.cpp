// Properties of the ZBS lease under random faults (rapidcheck).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "harness/runner.h"
#include "harness/scenario_loader.h"

namespace leasesim {
namespace {

using harness::Duration;
using harness::Fault;
using harness::Instant;
using harness::Scenario;

constexpr int64_t kMs = 1'000'000;

Scenario zbs(const std::string& anchor) {
  return harness::load_scenario_text(
      "duration: 60s\nprotocol: {kind: zbs, follower_anchor: " + anchor + "}\nfollowers: [f]\n", "property.yaml");
}

Fault at(int64_t ms, harness::FaultAction action, std::optional<Duration> lasts = {}, std::optional<int64_t> count = {}) {
  Fault f;
  f.at = Instant{ms * kMs};
  f.action = std::move(action);
  f.lasts = lasts;
  f.count = count;
  return f;
}

// The fixed anchor's claim (the fix of ZBS-13135): master deadline - follower end = request delay +
// hold + margin > 0, whatever the delays. Random reply and request delays below the RPC
// timeout, lost KeepAlives, a cut, timer stalls and pauses shorter than the margin.
RC_GTEST_PROP(ZbsProperty, TheFixedAnchorNeverViolates, ()) {
  Scenario s = zbs("send");
  const int64_t margin_ms = 2'500;
  for (int i = *rc::gen::inRange(0, 4); i > 0; --i) {
    s.faults.push_back(at(*rc::gen::inRange<int64_t>(0, 55'000),
                          harness::DelayFault{{"master", "f", "KeepAliveReply"}, Duration{*rc::gen::inRange<int64_t>(0, 9'400) * kMs}},
                          {}, 1));
  }
  for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
    s.faults.push_back(at(*rc::gen::inRange<int64_t>(0, 55'000),
                          harness::DelayFault{{"f", "master", "KeepAlive"}, Duration{*rc::gen::inRange<int64_t>(0, 9'400) * kMs}},
                          {}, 1));
  }
  for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
    s.faults.push_back(at(*rc::gen::inRange<int64_t>(0, 55'000), harness::DropFault{{"f", "master", "KeepAlive"}}, {}, 1));
  }
  if (*rc::gen::arbitrary<bool>()) {
    s.faults.push_back(at(*rc::gen::inRange<int64_t>(0, 59'000), harness::DisconnectFault{"f", "master", false}));
  }
  for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
    s.faults.push_back(at(*rc::gen::inRange<int64_t>(0, 55'000), harness::StallTimersFault{"master"},
                          Duration{*rc::gen::inRange<int64_t>(1, margin_ms) * kMs}));
  }
  for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
    s.faults.push_back(at(*rc::gen::inRange<int64_t>(0, 55'000), harness::PauseFault{"f", harness::PauseClock::runs},
                          Duration{*rc::gen::inRange<int64_t>(1, margin_ms) * kMs}));
  }
  const reports::Result r = harness::run_scenario(s);
  RC_ASSERT(r.violations.empty());
}

// The legacy schedule of ZBS-13135 with a random reply delay: the session waits in
// WAIT_KEEPALIVE (a lost KeepAlive), the follower's retry is answered at once with a reply
// `extra` late (plus the 1 ms network delay), and the follower is cut off right after.
bool legacy_holds(int64_t extra_ns) {
  Scenario s = zbs("receive");
  s.faults.push_back(at(1, harness::DropFault{{"f", "master", "KeepAlive"}}, {}, 1));
  s.faults.push_back(at(5'000, harness::DelayFault{{"master", "f", "KeepAliveReply"}, Duration{extra_ns}}, {}, 1));
  // The follower's next KeepAlive leaves the instant the reply arrives: cut just before.
  s.faults.push_back(at(9'504, harness::DisconnectFault{"f", "master", false}));
  s.faults.back().at = Instant{9'503 * kMs + kMs + extra_ns};
  return harness::run_scenario(s).violations.empty();
}

TEST(ZbsProperty, RapidcheckFindsTheLegacyBugAndShrinksItToJustAboveTheMargin) {
  const auto result = rc::detail::checkTestable([] {
    const int64_t extra = *rc::gen::inRange<int64_t>(0, 9'000'000'000);
    RC_ASSERT(legacy_holds(extra));
  });
  rc::detail::FailureResult failure;
  ASSERT_TRUE(result.match(failure)) << "the legacy anchor must be found to violate";
  ASSERT_EQ(failure.counterExample.size(), 1u);
  // Reply delay = extra + 1 ms; the window opens as soon as it exceeds the 2.5 s margin, so
  // the least violating extra is 2.499 s and one nanosecond.
  EXPECT_EQ(failure.counterExample[0].second, "2499000001");
  EXPECT_TRUE(legacy_holds(2'499'000'000));
  EXPECT_FALSE(legacy_holds(2'499'000'001));
}

}  // namespace
}  // namespace leasesim
