#include "tests/fuzz/fuzz_inputs.h"

#include <string>

#include "harness/explore.h"
#include "harness/input_error.h"
#include "harness/judge.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "reports/explore_summary.h"
#include "reports/json_reader.h"
#include "sim/require.h"

namespace leasesim::fuzz {
namespace {

// Enough for every suite scenario to reach its violation, small enough for thousands of
// inputs a second; a run over it stops the way `--max-events` stops one.
constexpr uint64_t kEventBudget = 20'000;
// Large worlds are correct but slow to build; the loader's own limits are fuzzed by load_input.
constexpr size_t kMaxNodes = 64;

std::optional<harness::Scenario> load(std::string_view data) {
  try {
    return harness::load_scenario_text(std::string(data), "fuzz.yaml");
  } catch (const harness::InputError&) {
    return std::nullopt;
  }
}

}  // namespace

void load_input(std::string_view data) { (void)load(data); }

void run_input(std::string_view data) {
  const std::optional<harness::Scenario> s = load(data);
  if (!s || s->node_names().size() > kMaxNodes) return;
  harness::RunOptions options;
  options.limits.max_events = kEventBudget;
  (void)harness::run_scenario(*s, options);
  if (s->explore) (void)harness::run_scenario(harness::generate_run(*s, s->seed, 0), options);
}

void merge_input(std::string_view data) {
  reports::ExploreSummary s;
  try {
    s = reports::parse_summary_json(std::string(data));
  } catch (const reports::JsonError&) {
    return;
  }
  (void)reports::render_text(s);
  // What explore writes, merge reads: a summary that read is written so that it reads again,
  // and from then on the same (the first writing rounds the wall time to the millisecond).
  const std::string json = reports::render_json(reports::parse_summary_json(reports::render_json(s)));
  LS_REQUIRE(reports::render_json(reports::parse_summary_json(json)) == json);
  try {
    (void)reports::render_text(reports::merge({s}));
  } catch (const std::runtime_error&) {
    LS_REQUIRE(s.shard_count > 1);  // shards missing
  }
  try {
    (void)reports::merge({s, s});
    LS_REQUIRE(false);  // one shard given twice is never merged
  } catch (const std::runtime_error&) {
  }
}

const std::vector<std::string>& judge_scenarios() {
  // One of each family of checkers and events: leases and writes (zbs), a stopped clock, a
  // pause with locks and fencing (zookeeper), owners and liveness (session tracker), views and
  // notices (membership tracker).
  static const std::vector<std::string> files = {
      "scenarios/zbs/legacy-reply-delay-6s.yaml", "scenarios/zbs/laptop-suspend-clock-stops.yaml",
      "scenarios/zookeeper/gc-pause-lock-fenced.yaml", "scenarios/session_tracker/two-owners.yaml",
      "scenarios/membership_tracker/seed-workflow.yaml"};
  return files;
}

size_t scenario_index(char first) { return static_cast<unsigned char>(first - '0') % judge_scenarios().size(); }

void judge_input(std::string_view data) {
  static const std::vector<harness::Scenario> scenarios = [] {
    std::vector<harness::Scenario> out;
    for (const std::string& f : judge_scenarios()) out.push_back(harness::load_scenario_file(f));
    return out;
  }();
  if (data.empty()) return;
  const harness::Scenario& s = scenarios[scenario_index(data[0])];
  harness::JudgeOptions options;
  options.limits.max_events = 100'000;
  const harness::Judged j = harness::judge_trace_text(s, data.substr(1), options);
  LS_REQUIRE(j.error.empty() || (j.error[0] >= '0' && j.error[0] <= '9'));  // a place in the text
}

}  // namespace leasesim::fuzz
