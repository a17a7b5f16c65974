// Writing a scenario back to YAML loses nothing: every suite scenario survives the round trip
// with the same text and runs to the same trace.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/runner.h"
#include "harness/scenario_loader.h"
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
