// A sweep's findings for people (a table with the boundary), for tools (CSV, JSON) and for the
// eye (an SVG heat map of the worst window, with the safe envelope drawn through it).
#pragma once

#include <string>

#include "reports/sweep_result.h"

namespace leasesim::reports {

std::string render_text(const SweepOutcome& s);
// One line per grid point (and, for one axis, per bisection probe), values as plain numbers.
std::string render_csv(const SweepOutcome& s);
std::string render_svg(const SweepOutcome& s);
std::string render_json(const SweepOutcome& s);

// "holds up to faults[1].delay.extra = 2.5s; violated from 2.500000001s (window 1ns)"
std::string describe(const SweepOutcome& s, const SweepBoundary& b);

}  // namespace leasesim::reports
