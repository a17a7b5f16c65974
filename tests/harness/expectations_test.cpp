// Expectations: what `expect` names is checked, and every safety checker it does not declare
// violated must still hold, so that a partial expect never hides a violation.
#include <gtest/gtest.h>

#include "harness/expectations.h"

namespace leasesim::harness {
namespace {

using reports::ExpectationOutcome;
using reports::ViolationRecord;

const std::vector<std::string> kZooKeeperSafety = {"session_safety", "lock_safety"};

ViolationRecord window(const std::string& checker, const std::string& node, int64_t start_ms, int64_t end_ms) {
  return {checker, node, 1, "", "", start_ms * 1'000'000, end_ms * 1'000'000, 0, false};
}

std::string lines(const std::vector<ExpectationOutcome>& outcomes) {
  std::string s;
  for (const ExpectationOutcome& o : outcomes) s += (o.met ? "ok    " : "FAIL  ") + o.what + (o.detail.empty() ? "" : ": " + o.detail) + "\n";
  return s;
}

std::string check(const Expect& expect, const std::vector<ViolationRecord>& windows) {
  const sim::Trace trace;
  const EventWatch watch(expect.events, trace);
  return lines(check_expectations(expect, kZooKeeperSafety, windows, watch));
}

TEST(Expectations, ALivenessOnlyExpectStillRequiresEverySafetyCheckerToHold) {
  Expect e;
  e.reported["session_liveness"] = false;
  EXPECT_EQ(check(e, {window("session_safety", "c1", 12000, 15000), window("lock_safety", "c1", 12003, 15000)}),
            "FAIL  session_safety: holds (not declared violated): the run violated it: c1 [12s, 15s)\n"
            "FAIL  lock_safety: holds (not declared violated): the run violated it: c1 [12.003s, 15s)\n"
            "ok    session_liveness: clear\n");
}

TEST(Expectations, AnEventsOnlyExpectStillRequiresEverySafetyCheckerToHold) {
  Expect e;
  e.events.push_back({"lease_expired", "", "", std::nullopt, 0, {}});
  EXPECT_EQ(check(e, {window("lock_safety", "c2", 1000, 2000)}),
            "ok    session_safety: holds (not declared violated)\n"
            "FAIL  lock_safety: holds (not declared violated): the run violated it: c2 [1s, 2s)\n"
            "ok    lease_expired 0 times\n");
}

TEST(Expectations, ACheckerDeclaredViolatedIsNotAlsoRequiredToHold) {
  Expect e;
  e.verdicts["session_safety"] = Verdict::violated;
  EXPECT_EQ(check(e, {window("session_safety", "c1", 12000, 15000)}),
            "ok    session_safety: violated\n"
            "ok    lock_safety: holds (not declared violated)\n");
}

TEST(Expectations, ACheckerDeclaredToHoldGetsOnlyItsOwnLine) {
  Expect e;
  e.verdicts["lock_safety"] = Verdict::holds;
  e.verdicts["session_safety"] = Verdict::holds;
  EXPECT_EQ(check(e, {window("lock_safety", "c1", 1000, 2000)}),
            "FAIL  lock_safety: holds: the run violated it: c1 [1s, 2s)\n"
            "ok    session_safety: holds\n");
}

TEST(Expectations, ALivenessReportNeedNotBeDeclared) {
  Expect e;
  e.verdicts["session_safety"] = Verdict::holds;
  EXPECT_EQ(check(e, {window("session_liveness", "c1", 1000, 2000)}),
            "ok    session_safety: holds\n"
            "ok    lock_safety: holds (not declared violated)\n");
}

}  // namespace
}  // namespace leasesim::harness
