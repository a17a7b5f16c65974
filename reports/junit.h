// JUnit XML (`--junit FILE.xml` on check and explore), the format CI systems read: one test
// case per scenario (check) or per distinct violation (explore), each failure carrying what
// went wrong and the command that reproduces it.
#pragma once

#include <string>
#include <vector>

#include "reports/explore_summary.h"
#include "reports/result.h"

namespace leasesim::reports {

struct CheckCase {
  std::string file;
  std::string name;
  double seconds = 0;
  const Result* result = nullptr;  // null: the file could not be loaded
  std::string error;               // then: why
  std::string reproduce;
};

std::string render_junit(const std::vector<CheckCase>& cases, double total_seconds);
// One case per distinct violation, or one passing case if none was found. `command` reruns it.
std::string render_junit(const ExploreSummary& s, const std::string& program);

}  // namespace leasesim::reports
