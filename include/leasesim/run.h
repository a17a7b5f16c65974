// Running scenarios from C++, for a test of one's own protocol (a unit test, a rapidcheck
// property): load a scenario from YAML text or a file, run it, read its Result (verdicts,
// violation windows, expectations, trace hash), as `run` does. These are the harness's own
// functions (harness/scenario_loader.h, harness/runner.h), named here in namespace leasesim.
// REQUIRES: use_registry() with a registry holding the protocols the scenarios name, before
// the first load (cli_main does this for a binary). Bad input throws harness::InputError.
#pragma once

#include "harness/input_error.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "reports/result.h"

namespace leasesim {

using harness::InputError;
using harness::load_scenario_file;
using harness::load_scenario_text;
using harness::run_scenario;
using harness::RunOptions;
using harness::Scenario;
using reports::Result;
using reports::ViolationRecord;

}  // namespace leasesim
