// Loading a scenario named on the command line: the result, or the error printed as
// FILE:LINE:COLUMN: key.path: message (exit status 2 for the caller). The load runs where
// --max-wall and Ctrl-C / SIGTERM still end the command (cli/stoppable_work.h).
#pragma once

#include <optional>
#include <string>

#include "harness/run_limits.h"
#include "harness/scenario.h"

namespace leasesim::cli {

// `limits.deadline` is the command's (read_limits): a load that outlasts it, or a signal during
// it, ends the process as a stopped command ("leasesim VERB: FILE: stopped while loading it").
std::optional<harness::Scenario> load_or_report(const std::string& verb, const std::string& file, const harness::RunLimits& limits);

// Prints why a trace could not be judged: "TRACE:LINE:COLUMN: what" for a place in it
// (`error` starts with its line), "TRACE: what" for the file as a whole.
void report_trace_error(const std::string& trace, const std::string& error);

}  // namespace leasesim::cli
