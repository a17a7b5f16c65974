// Running one scenario from start to Result: build the world, attach the requested sinks, run,
// check expectations. The one place wall-clock time is read (to report how long a run took).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "harness/scenario.h"
#include "reports/result.h"

namespace leasesim::harness {

struct RunOptions {
  std::optional<uint64_t> seed;          // replaces the scenario's seed
  std::ostream* trace_jsonl = nullptr;   // every event as a JSON line, streamed
  std::ostream* timeline = nullptr;      // every event as a human line (replay), streamed
};

reports::Result run_scenario(const Scenario& scenario, const RunOptions& options = {});

}  // namespace leasesim::harness
