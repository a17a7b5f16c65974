// The trace as JSON lines (`--trace FILE.jsonl`): one object per event, in the order events
// happened, each with t_ms, node and event, then the fields of its kind. Streamed: nothing is
// held in memory, so a long run's trace costs disk, not memory.
#pragma once

#include <ostream>

#include "sim/trace.h"

namespace leasesim::reports {

class JsonlTraceWriter final : public sim::TraceSink {
 public:
  JsonlTraceWriter(std::ostream& out, const sim::Trace& trace) : out_(out), trace_(trace) {}
  void on_event(const sim::TraceEvent& e) override;

 private:
  std::ostream& out_;
  const sim::Trace& trace_;
};

// One event as its JSON line, without the newline.
std::string render_event_json(const sim::TraceEvent& e, const sim::Trace& trace);

}  // namespace leasesim::reports
