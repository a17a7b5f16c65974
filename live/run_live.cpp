#include "live/run_live.h"

#include <sstream>

#include "harness/judge.h"
#include "reports/jsonl_trace.h"

namespace leasesim::live {

namespace {
// Each node listens on a socket and each directed link it uses is two more: beyond this many
// nodes a run in one process would fail for descriptors midway, so it is refused before it starts.
constexpr size_t kMaxNodes = 200;
}  // namespace

std::optional<std::string> why_not_live(const harness::Scenario& s) {
  const size_t nodes = s.node_names().size();
  if (nodes > kMaxNodes) {
    return s.file + ":1:1: " + std::to_string(nodes) + " nodes: a live run holds every node in one process, with a socket per node and per link, "
           "and takes at most " + std::to_string(kMaxNodes) + " (run it simulated, or with fewer nodes)";
  }
  return std::nullopt;
}

LiveRun run_live(const harness::Scenario& scenario, sim::Duration tolerance) {
  LiveRun out;
  std::ostringstream jsonl;
  {
    LiveWorld world(scenario);
    reports::JsonlTraceWriter writer(jsonl, world.trace());
    world.add_sink(&writer);
    out.outcome = world.run();
  }
  return judge_live(scenario, out.outcome, jsonl.str(), tolerance);
}

LiveRun judge_live(const harness::Scenario& scenario, LiveOutcome outcome, std::string trace_jsonl, sim::Duration tolerance) {
  LiveRun out;
  out.outcome = std::move(outcome);
  out.trace_jsonl = std::move(trace_jsonl);
  harness::JudgeOptions options;
  options.recording = &out.recording;
  options.tolerance = tolerance;
  harness::Judged judged = harness::judge_trace_text(scenario, out.trace_jsonl, options);
  out.judge_error = std::move(judged.error);
  out.result = std::move(judged.result);
  out.result.wall_ms = out.outcome.wall_ms;
  return out;
}

}  // namespace leasesim::live
