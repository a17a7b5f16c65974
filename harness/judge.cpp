#include "harness/judge.h"

#include <chrono>
#include <functional>
#include <memory>

#include "harness/expectations.h"
#include "harness/runner.h"
#include "harness/trace_feed.h"
#include "reports/jsonl_reader.h"
#include "sim/duration_text.h"

namespace leasesim::harness {

namespace {

// Reads a trace through `parser`, handing each event over, and returns "" or what is wrong.
using TraceSource = std::function<std::string(reports::JsonlTraceParser&, const std::function<bool(const sim::TraceEvent&)>&)>;

Judged judge(const Scenario& s, const std::string& trace_name, const TraceSource& source, const JudgeOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  TraceFeed feed(s);
  std::unique_ptr<reports::Recorder> recorder;
  if (options.recording != nullptr) {
    recorder = std::make_unique<reports::Recorder>(*options.recording);
    feed.trace().add_sink(recorder.get());
  }
  EventWatch watch(s.expect.events, feed.trace(), options.tolerance);
  if (!s.expect.events.empty()) feed.trace().add_sink(&watch);

  const sim::Instant end{s.duration.ns};
  StopReason stop = StopReason::none;
  sim::Instant at = end;
  uint64_t read = 0;
  reports::JsonlTraceParser parser(feed.trace());
  const std::string error = source(parser, [&](const sim::TraceEvent& e) {
    // The checkers' own findings are theirs to make again, not evidence.
    if (is_finding(e.kind)) return true;
    if (e.t >= end) {
      throw reports::TraceLineError(0, 1, "an event at " + sim::format_ms(e.t.ns) + " ms is at or past the scenario's end (" +
                                              sim::format_ms(end.ns) + " ms): the trace is of another scenario, or longer than it");
    }
    // Checked every 16,384 events, as a run checks its limits between slices.
    if ((++read & 0x3fff) == 0) {
      if (interrupt_signal() != 0) stop = StopReason::interrupted;
      else if (options.limits.deadline && std::chrono::steady_clock::now() >= *options.limits.deadline) stop = StopReason::max_wall;
    }
    if (options.limits.max_events != 0 && read > options.limits.max_events) stop = StopReason::max_events;
    if (stop != StopReason::none) {
      at = e.t;
      return false;
    }
    feed.feed(e);
    return true;
  });
  Judged out;
  if (!error.empty()) {
    out.error = error;
    return out;
  }
  feed.finish(at);
  if (recorder) recorder->finish(feed.trace(), at.ns, s.protocol.protocol->state_bands());
  out.result = result_of(s, feed.trace(), feed.checkers(), watch, stop, at, options.tolerance);
  out.result.judged_trace = trace_name;
  out.result.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start).count();
  return out;
}

}  // namespace

Judged judge_trace(const Scenario& s, const std::string& trace_path, const JudgeOptions& options) {
  return judge(s, trace_path, [&](auto& parser, const auto& on_event) { return reports::read_jsonl_trace(trace_path, parser, on_event); },
               options);
}

Judged judge_trace_text(const Scenario& s, std::string_view text, const JudgeOptions& options) {
  return judge(s, "(text)", [&](auto& parser, const auto& on_event) { return reports::read_jsonl_text(text, parser, on_event); },
               options);
}

}  // namespace leasesim::harness
