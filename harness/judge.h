// `leasesim judge`: a JSONL trace, from `run --trace` or from anything that writes the format
// (docs/scenario-format.md, "Trace"), judged by a scenario's checkers and expectations, with
// the result a run of that scenario prints.
#pragma once

#include <string>
#include <string_view>

#include "harness/run_limits.h"
#include "harness/scenario.h"
#include "reports/recording.h"
#include "reports/result.h"

namespace leasesim::harness {

struct JudgeOptions {
  reports::Recording* recording = nullptr;  // the trace kept for drawing (HTML)
  RunLimits limits;                         // max_events counts the events read
  // How far an expected window's edge or event's instant may be (a live trace's); zero: exact.
  sim::Duration tolerance;
};

struct Judged {
  reports::Result result;
  std::string error;  // to follow "TRACE:" when the trace could not be read; result is then empty
};

Judged judge_trace(const Scenario& scenario, const std::string& trace_path, const JudgeOptions& options = {});
// The same for a trace in memory.
Judged judge_trace_text(const Scenario& scenario, std::string_view text, const JudgeOptions& options = {});

}  // namespace leasesim::harness
