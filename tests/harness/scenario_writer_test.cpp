// Writing a scenario back to YAML loses nothing: every suite scenario survives the round trip
// with the same text and runs to the same trace.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "leasesim/protocol.h"
#include "model/zbs/params.h"
#include "model/zbs/store.h"
#include "model/zookeeper/params.h"
#include "harness/scenario_writer.h"

namespace leasesim::harness {
namespace {

TEST(ScenarioWriter, EverySuiteScenarioRoundTripsToTheSameTrace) {
  size_t checked = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(LEASESIM_SOURCE_DIR "/scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    const Scenario original = load_scenario_file(e.path().string());
    const std::string text = to_yaml(original);
    const Scenario again = load_scenario_text(text, e.path().string());
    EXPECT_EQ(to_yaml(again), text) << e.path();
    EXPECT_EQ(run_scenario(again).trace_hash, run_scenario(original).trace_hash) << e.path() << "\n" << text;
    ++checked;
  }
  EXPECT_GT(checked, 40u);
}

TEST(ScenarioWriter, WritesEveryZbsReadingAndReadsItBack) {
  const Scenario s = load_scenario_text(
      "duration: 1s\nprotocol: {kind: zbs, wait_keepalive_timer: lease_from_firing, wait_keepalive_reply: at_timer, "
      "follower_next_keepalive: after_interval, follower_keepalive_interval: 2.5s, persisted_deadline: every_grant}\n"
      "followers: [f]\n",
      "x.yaml");
  const std::string text = to_yaml(s);
  EXPECT_NE(text.find("  wait_keepalive_timer: lease_from_firing\n  wait_keepalive_reply: at_timer\n"
                      "  follower_next_keepalive: after_interval\n  follower_keepalive_interval: 2.5s\n"
                      "  persisted_deadline: every_grant\n"),
            std::string::npos)
      << text;
  const Scenario again = load_scenario_text(text, "y.yaml");
  const auto& p = params_of<zbs::ZbsParams>(*again.protocol.params);
  EXPECT_EQ(p.wait_keepalive_timer, zbs::WaitKeepaliveTimer::lease_from_firing);
  EXPECT_EQ(p.wait_keepalive_reply, zbs::WaitKeepaliveReply::at_timer);
  EXPECT_EQ(p.follower_next_keepalive, zbs::FollowerNextKeepalive::after_interval);
  EXPECT_EQ(p.follower_keepalive_interval, sim::Duration::millis(2500));
  EXPECT_EQ(p.persisted_deadline, zbs::PersistedDeadline::every_grant);
}

TEST(ScenarioWriter, WritesTheZbsReadingsDefaultsExplicitly) {
  const std::string text = to_yaml(load_scenario_text("duration: 1s\nprotocol: {kind: zbs}\nfollowers: [f]\n", "x.yaml"));
  EXPECT_NE(text.find("  wait_keepalive_timer: deadline\n  wait_keepalive_reply: at_once\n"
                      "  follower_next_keepalive: at_once\n  follower_keepalive_interval: 4s\n"
                      "  persisted_deadline: registration\n"),
            std::string::npos)
      << text;
}

TEST(ScenarioWriter, WritesEveryZooKeeperSettingAndPerClientEntryAndReadsThemBack) {
  const Scenario s = load_scenario_text(
      "duration: 1s\nprotocol: {kind: zookeeper, init_limit: 7, log_sync: 1500us, processing_time: 3ms, lock: /l, "
      "client: java, curator: true, lock_belief: until_lost, c_cursor: fixed, c_first_retry: as_source, "
      "per_client: {c2: {session_timeout: 4s, client: c, curator: false, observer: true}}}\n"
      "servers: [zk1]\nclients: [c1, c2]\n",
      "x.yaml");
  const std::string text = to_yaml(s);
  EXPECT_NE(text.find("  init_limit: 7\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  log_sync: 1.5ms\n  processing_time: 3ms\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  curator: true\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  c_cursor: fixed\n  c_first_retry: as_source\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  per_client: {c2: {session_timeout: 4s, client: c, curator: false, observer: true}}\n"), std::string::npos)
      << text;
  const Scenario again = load_scenario_text(text, "y.yaml");
  EXPECT_EQ(to_yaml(again), text);
  const auto& p = params_of<zookeeper::ZooKeeperParams>(*again.protocol.params);
  const zookeeper::ClientParams c2 = p.for_client("c2");
  EXPECT_EQ(c2.session_timeout, sim::Duration::millis(4000));
  EXPECT_EQ(c2.library, zookeeper::ClientLibrary::c);
  EXPECT_FALSE(c2.curator);
  EXPECT_TRUE(c2.observer);
  EXPECT_TRUE(p.for_client("c1").curator);
}

TEST(ScenarioWriter, QuotesWhatYamlWouldMisread) {
  Scenario s = load_scenario_text("duration: 1s\nprotocol: {kind: zbs}\nfollowers: [f]\n", "x.yaml");
  s.name = "a: b # c";
  s.description = "line one\nline two";
  const Scenario again = load_scenario_text(to_yaml(s), "y.yaml");
  EXPECT_EQ(again.name, "a: b # c");
  EXPECT_EQ(again.description, "line one line two\n");
}

}  // namespace
}  // namespace leasesim::harness
