// `leasesim check --json`: the suite as one JSON document, {"scenarios": [...], "summary":
// {...}}, from the same cases the JUnit report is made of; a scenario that ran carries the
// object `leasesim run --json` prints (reports/json_result.h), written by the same code.
#pragma once

#include <string>
#include <vector>

#include "reports/junit.h"

namespace leasesim::cli {

// The counts of the summary line.
struct CheckCounts {
  size_t found = 0;     // scenario files under the paths
  size_t selected = 0;  // of them, selected by --filter (all without one)
  size_t met = 0, failed = 0, bad = 0;
  size_t cut = 0;  // stopped by a limit or a signal, or not run
};

// The EXPECT column of a case: met, FAILED, BAD INPUT, STOPPED, TOO BIG or NOT RUN.
const char* expect_word(const reports::CheckCase& c);

// No wall-clock time is written: the document is the same whatever --jobs and however loaded
// the machine. `filter` is --filter as given ("" for none).
std::string render_check_json(const std::vector<reports::CheckCase>& cases, const CheckCounts& counts, const std::string& filter);

}  // namespace leasesim::cli
