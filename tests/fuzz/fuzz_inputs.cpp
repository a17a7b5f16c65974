#include "tests/fuzz/fuzz_inputs.h"

#include <string>

#include "harness/explore.h"
#include "harness/input_error.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"

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

}  // namespace leasesim::fuzz
