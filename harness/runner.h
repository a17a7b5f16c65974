// Running one scenario from start to Result: build the world, attach the requested sinks, run,
// check expectations. Wall-clock time is read here only to report how long a run took.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "harness/run_limits.h"
#include "harness/scenario.h"
#include "reports/recording.h"
#include "reports/result.h"
#include "sim/trace.h"

namespace leasesim::harness {

struct RunOptions {
  std::optional<uint64_t> seed;          // replaces the scenario's seed
  std::ostream* trace_jsonl = nullptr;   // every event as a JSON line, streamed
  std::ostream* timeline = nullptr;      // every event as a human line (replay), streamed
  reports::Recording* recording = nullptr;  // the trace kept for drawing (HTML, Perfetto)
  RunLimits limits;
  // Off for runs judged only by their violations (explore's, shrink's): Result::trace_hash
  // is then 0. The hash folds 8 words an event, a chain of dependent multiplies: about 6 % of
  // a short exploration run's time.
  bool hash_trace = true;
};

reports::Result run_scenario(const Scenario& scenario, const RunOptions& options = {});

class CheckerSet;
class EventWatch;
// The outcome of a run, or of a judged trace, once its checkers are finished: their windows
// split into violations and reports, the expectations checked (unless `stop` cut it short),
// expected instants within `tolerance` (a live run's; exact otherwise).
reports::Result result_of(const Scenario& s, const sim::Trace& trace, const CheckerSet& checkers, const EventWatch& watch,
                          StopReason stop, sim::Instant stopped_at, sim::Duration tolerance = {});

}  // namespace leasesim::harness
