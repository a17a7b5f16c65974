#include "cli/scenario_file.h"

#include <iostream>

#include "harness/input_error.h"
#include "harness/scenario_loader.h"

namespace leasesim::cli {

std::optional<harness::Scenario> load_or_report(const std::string& file) {
  try {
    return harness::load_scenario_file(file);
  } catch (const harness::InputError& e) {
    std::cerr << e.what() << "\n";
    return std::nullopt;
  }
}

}  // namespace leasesim::cli
