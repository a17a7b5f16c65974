// The human form of one run's result, as `leasesim run` prints it.
#pragma once

#include <string>

#include "reports/result.h"

namespace leasesim::reports {

// `reproduce` is the command line that runs this scenario again; printed when the run failed.
// Why a run stopped early, in words: "the --max-events budget was spent".
std::string stop_explanation(const std::string& stopped);
std::string render_text(const Result& r, const std::string& reproduce);

}  // namespace leasesim::reports
