// Issue 17's measure, as a test: a real ZooKeeper 3.8 and C client against the simulation of
// the same file, five runs each. Timing tolerances of milliseconds on a real JVM: registered
// only with -DLEASESIM_LIVE_TESTS=ON (scripts/test --live), label `live`, never in the default
// suite. Skipped, saying why, without the packages.
#include <gtest/gtest.h>

#include <iostream>

#include "live/real_run.h"
#include "reports/json_reader.h"
#include "tests/live/zookeeper_live_support.h"

namespace leasesim::live::zookeeper {
namespace {

using namespace testing;

class RealAgainstSimulated : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(LEASESIM_BINARY_DIR "/zkclient", X_OK) != 0 || ::access("/usr/share/java/zookeeper.jar", R_OK) != 0) {
      GTEST_SKIP() << "needs Debian's zookeeper and libzookeeper-mt-dev (scripts/setup-deps --live), then a build with zkclient";
    }
  }
  // The differences of each run's comparison (`live --compare --repeat N --json`).
  static std::vector<std::vector<std::string>> differences(const std::string& file, int runs) {
    const Ran r = run_leasesim({"live", file, "--compare", "--json", "--repeat", std::to_string(runs)}, new_marker());
    std::vector<std::vector<std::string>> out;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.empty() || line[0] != '{') continue;
      std::cout << line << "\n";  // the figures, for the record (docs/live-zookeeper.md)
      const reports::JsonValue v = reports::parse_json(line, reports::JsonLimits{}, "a result");
      std::vector<std::string> d;
      for (const reports::JsonValue& x : v.find("live")->find("comparison")->find("differences")->items) d.push_back(x.text);
      out.push_back(d);
    }
    EXPECT_EQ(out.size(), static_cast<size_t>(runs)) << r.out;
    return out;
  }
};

TEST_F(RealAgainstSimulated, APausedLockHoldersSessionSafetyWindowIsTheSimulatedOneWithin5msInFiveRuns) {
  for (const auto& run : differences("scenarios/zookeeper/gc-pause-lock-c1-first.yaml", 5)) {
    for (const std::string& d : run) EXPECT_NE(d.rfind("session_safety", 0), 0u) << d;
  }
}

TEST_F(RealAgainstSimulated, ASixSecondDelaysExpiryIsThePredictedOneWithin5msInFiveRuns) {
  for (const auto& run : differences("scenarios/zookeeper/reply-delay-6s-both-ways.yaml", 5)) {
    for (const std::string& d : run) {
      EXPECT_EQ(d.find("lease_expired"), std::string::npos) << d;
      EXPECT_EQ(d.find("verdicts differ"), std::string::npos) << d;
    }
  }
}

}  // namespace
}  // namespace leasesim::live::zookeeper
