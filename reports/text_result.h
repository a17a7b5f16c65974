// The human form of one run's result, as `leasesim run` prints it.
#pragma once

#include <string>

#include "reports/result.h"

namespace leasesim::reports {

// `reproduce` is the command line that runs this scenario again; printed when the run failed.
std::string render_text(const Result& r, const std::string& reproduce);

}  // namespace leasesim::reports
