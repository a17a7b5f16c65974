// The rendered forms of a run, pinned by golden files: what users read and what scripts parse.
#include <gtest/gtest.h>

#include <sstream>

#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "leasesim/version.h"
#include "reports/json.h"
#include "reports/json_result.h"
#include "reports/text_result.h"
#include "tests/support/golden.h"

namespace leasesim::reports {
namespace {

// A result records the version that wrote it; the golden files say VERSION there, so that a
// release changes no golden file (and a wrong version still differs from them).
std::string golden_json(const Result& r) {
  std::string json = render_json(r);
  const std::string line = "\"leasesim_version\": \"" + std::string(version()) + "\"";
  const size_t at = json.find(line);
  if (at != std::string::npos) json.replace(at, line.size(), "\"leasesim_version\": \"VERSION\"");
  return json;
}

Result legacy_run(std::ostream* trace = nullptr) {
  harness::RunOptions o;
  o.trace_jsonl = trace;
  return harness::run_scenario(harness::load_scenario_file("scenarios/zbs/legacy-reply-delay-6s.yaml"), o);
}

TEST(Reports, TextResultMatchesItsGoldenFile) {
  testing::expect_golden("legacy-reply-delay-6s.txt", render_text(legacy_run(), "leasesim run x.yaml --seed 1"));
}

TEST(Reports, JsonResultMatchesItsGoldenFile) {
  testing::expect_golden("legacy-reply-delay-6s.json", golden_json(legacy_run()));
}

TEST(Reports, JsonlTraceMatchesItsGoldenFile) {
  std::ostringstream trace;
  legacy_run(&trace);
  testing::expect_golden("legacy-reply-delay-6s.jsonl", trace.str());
}

TEST(Reports, FailedExpectationsAreListedWithTheReproduceCommand) {
  Result r = legacy_run();
  r.expectations_met = false;
  r.expectations[0].met = false;
  r.expectations[0].detail = "it held: no window";
  testing::expect_golden("failed-expectation.txt", render_text(r, "leasesim run x.yaml --seed 1"));
}

Result run_file(const std::string& file) {
  return harness::run_scenario(harness::load_scenario_file(file));
}

TEST(Reports, ALockWindowNamesBothHoldersAndTheLock) {
  const Result r = run_file("scenarios/zookeeper/gc-pause-lock.yaml");
  testing::expect_golden("zk-gc-pause-lock.txt", render_text(r, "leasesim run x.yaml --seed 1"));
  testing::expect_golden("zk-gc-pause-lock.json", golden_json(r));
}

TEST(Reports, ALivenessReportIsListedApartFromViolations) {
  const Result r = run_file("scenarios/zookeeper/replies-later-than-two-thirds.yaml");
  testing::expect_golden("zk-replies-later-than-two-thirds.txt", render_text(r, "leasesim run x.yaml --seed 1"));
  testing::expect_golden("zk-replies-later-than-two-thirds.json", golden_json(r));
}

TEST(Reports, TheReplayTimelineMatchesItsGoldenFile) {
  std::ostringstream timeline;
  harness::RunOptions o;
  o.timeline = &timeline;
  harness::run_scenario(harness::load_scenario_file("scenarios/zbs/legacy-reply-delay-6s.yaml"), o);
  testing::expect_golden("legacy-reply-delay-6s.timeline", timeline.str());
}

TEST(Json, StringsAreEscapedAndKeepValidUtf8) {
  EXPECT_EQ(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(json_string("\x01"), "\"\\u0001\"");
  EXPECT_EQ(json_string("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(json_string("bad\xff"), "\"bad\\ufffd\"");
  EXPECT_EQ(json_string("\xc3"), "\"\\ufffd\"");  // a sequence cut short
}

}  // namespace
}  // namespace leasesim::reports
