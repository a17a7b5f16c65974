// The result object of `leasesim run --json` (docs/scenario-format.md, "Result object").
#pragma once

#include <string>

#include "reports/result.h"

namespace leasesim::reports {

std::string render_json(const Result& r);

}  // namespace leasesim::reports
