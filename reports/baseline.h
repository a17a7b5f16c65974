// Known violations: the signatures of distinct violations an exploration has accepted, so that a
// nightly `leasesim explore --baseline FILE` fails only on a new one. The file is text, one
// signature a line, sorted, as the summary prints them ("lease_safety: delay + drop",
// "session_safety: no fault"); lines starting with '#' and blank lines are comments. Written by
// `explore --write-baseline FILE`, read by `explore --baseline FILE` and `merge --baseline FILE`.
#pragma once

#include <set>
#include <stdexcept>
#include <string>

#include "reports/explore_summary.h"

namespace leasesim::reports {

// A line of a baseline that is not a signature: line and column are 1-based.
class BaselineError : public std::runtime_error {
 public:
  BaselineError(int line, int column, const std::string& message)
      : std::runtime_error(std::to_string(line) + ":" + std::to_string(column) + ": " + message) {}
};

using Baseline = std::set<std::string>;

// Throws BaselineError for a line that is not INVARIANT: KIND [+ KIND]... (invariant and kinds
// of lowercase letters, digits and '_', kinds sorted and each once, or "no fault"), or a
// signature given twice.
Baseline parse_baseline(const std::string& text);

// The distinct violations' signatures, sorted, one a line, under a comment saying what it is.
std::string render_baseline(const ExploreSummary& s);

// Marks each distinct violation known or new; the summary then prints the split, and
// exit_status_failed is true only for a new one.
void apply_baseline(ExploreSummary& s, const Baseline& known, const std::string& file);

// Whether the exploration failed: a nondeterministic run, or a violation (with a baseline: a
// distinct violation whose signature is not in it).
bool exploration_failed(const ExploreSummary& s);

}  // namespace leasesim::reports
