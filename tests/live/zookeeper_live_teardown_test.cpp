// `leasesim live` against a real ZooKeeper leaves nothing behind: after a run, and after a
// Ctrl-C while the server starts or in the middle of the run, no process it started is left
// (each is found by an environment marker it inherited; its sockets, the ports it bound, end
// with it). Skipped, saying why, without Debian's zookeeper and libzookeeper-mt-dev. Nothing
// here depends on timing: a signal at any instant must leave the same nothing.
#include <gtest/gtest.h>

#include <filesystem>

#include "live/zookeeper/run_zookeeper.h"
#include "tests/live/zookeeper_live_support.h"

namespace leasesim::live::zookeeper {
namespace {

using namespace testing;

class RealRunTeardown : public ::testing::Test {
 protected:
  void SetUp() override {
    RealOptions o;
    o.client_binary = LEASESIM_BINARY_DIR "/zkclient";
    if (const std::string missing = missing_for_real(o); !missing.empty()) GTEST_SKIP() << missing;
  }
  // Waits up to 10 s for the processes to go (a SIGKILLed JVM is reaped by its parent's exit).
  static std::vector<int> left(const std::string& marker) {
    for (int i = 0; i < 100; ++i) {
      if (processes_with(marker).empty()) return {};
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return processes_with(marker);
  }
};

TEST_F(RealRunTeardown, ACompleteRunLeavesNoProcess) {
  const std::string marker = new_marker();
  bool seen_running = false;
  const Ran r = run_leasesim({"live", "scenarios/zookeeper/standalone-pause-drains-first.yaml"}, marker, [&](pid_t) {
    for (int i = 0; i < 600 && !seen_running; ++i) {
      seen_running = processes_with(marker).size() >= 2;  // leasesim and its server at least
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  EXPECT_TRUE(seen_running) << "the marker would not have found them";
  EXPECT_TRUE(r.status == 0 || r.status == 1) << r.out;
  EXPECT_NE(r.out.find("real ZooKeeper"), std::string::npos) << r.out;
  // It ran: frames went through the proxy (a run that ended before its zero had none).
  EXPECT_EQ(r.out.find(" 0 frames through the proxy"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("frames through the proxy"), std::string::npos) << r.out;
  EXPECT_EQ(left(marker), std::vector<int>{});
}

TEST_F(RealRunTeardown, CtrlCWhileTheServerStartsLeavesNoProcess) {
  const std::string marker = new_marker();
  const Ran r = run_leasesim({"live", "scenarios/zookeeper/standalone-pause-drains-first.yaml"}, marker, [&](pid_t pid) {
    // Once the JVM exists, before it serves.
    for (int i = 0; i < 200 && processes_with(marker).size() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ::kill(pid, SIGINT);
  });
  EXPECT_EQ(r.status, 130) << r.out;
  EXPECT_NE(r.out.find("stopped by a signal"), std::string::npos) << r.out;
  EXPECT_EQ(left(marker), std::vector<int>{});
}

TEST_F(RealRunTeardown, CtrlCInTheMiddleOfTheRunLeavesNoProcess) {
  const std::string marker = new_marker();
  const Ran r = run_leasesim({"live", "scenarios/zookeeper/standalone-pause-drains-first.yaml"}, marker, [&](pid_t pid) {
    // Once its clients run (leasesim, the server, a client): then well into the run.
    for (int i = 0; i < 600 && processes_with(marker).size() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::seconds(5));
    ::kill(pid, SIGINT);
  });
  EXPECT_EQ(r.status, 130) << r.out;
  EXPECT_EQ(left(marker), std::vector<int>{});
}

TEST_F(RealRunTeardown, ARefusedScenarioStartsNothing) {
  const std::string marker = new_marker();
  const Ran r = run_leasesim({"live", "scenarios/zookeeper/laptop-suspend-clock-stops.yaml"}, marker);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("laptop-suspend-clock-stops.yaml:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("`clock: stops`"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace leasesim::live::zookeeper
