// Test support: a scenario file run into what a report page shows of it.
#pragma once

#include <string>

#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "reports/html_report.h"

namespace leasesim::testing {

inline reports::ReportEntry report_entry(const std::string& file) {
  const harness::Scenario s = harness::load_scenario_file(file);
  reports::ReportEntry e;
  harness::RunOptions o;
  o.recording = &e.recording;
  e.result = harness::run_scenario(s, o);
  e.reproduce = "leasesim run " + file + " --seed 1";
  e.description = s.description;
  return e;
}

}  // namespace leasesim::testing
