// Loading a scenario named on the command line: the result, or the error printed as
// FILE:LINE:COLUMN: key.path: message (exit status 2 for the caller).
#pragma once

#include <optional>
#include <string>

#include "harness/scenario.h"

namespace leasesim::cli {

std::optional<harness::Scenario> load_or_report(const std::string& file);

}  // namespace leasesim::cli
