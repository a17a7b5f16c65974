#include "cli/scenario_file.h"

#include <iostream>

#include "cli/stoppable_work.h"
#include "harness/input_error.h"
#include "harness/scenario_loader.h"

namespace leasesim::cli {

std::optional<harness::Scenario> load_or_report(const std::string& verb, const std::string& file, const harness::RunLimits& limits) {
  std::optional<harness::Scenario> loaded;
  try {
    finish_unless_stopped(verb, file, limits.deadline, [&] { loaded = harness::load_scenario_file(file); });
  } catch (const harness::InputError& e) {
    std::cerr << e.what() << "\n";
    return std::nullopt;
  }
  return loaded;
}

void report_trace_error(const std::string& trace, const std::string& error) {
  const bool placed = !error.empty() && error[0] >= '0' && error[0] <= '9';
  std::cerr << trace << (placed ? ":" : ": ") << error << "\n";
}

}  // namespace leasesim::cli
