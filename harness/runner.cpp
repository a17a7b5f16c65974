#include "harness/runner.h"

#include <chrono>
#include <memory>

#include "harness/expectations.h"
#include "harness/world.h"
#include "reports/jsonl_trace.h"
#include "reports/timeline.h"

namespace leasesim::harness {

reports::Result result_of(const Scenario& s, const sim::Trace& trace, const CheckerSet& checkers, const EventWatch& watch,
                          StopReason stop, sim::Instant stopped_at, sim::Duration tolerance) {
  reports::Result r;
  r.file = s.file;
  r.scenario = s.name;
  r.seed = s.seed;
  r.duration_ns = s.duration.ns;
  for (const auto& c : checkers.all()) (c->liveness() ? r.liveness_checkers : r.checkers).emplace_back(c->name());
  std::vector<reports::ViolationRecord> all;
  for (const checkers::Violation& v : checkers.violations()) {
    all.push_back({std::string(v.checker), std::string(trace.node_name(v.node)), v.epoch, std::string(trace.node_name(v.other)),
                   v.lock == 0 ? "" : std::string(trace.text(v.lock)), v.start.ns, v.end.ns, v.paused.ns, v.cut_by_run_end});
    (checkers.is_liveness(v.checker) ? r.reports : r.violations).push_back(all.back());
  }
  r.has_expect = s.expect.any();
  if (stop == StopReason::none) {
    r.expectations = check_expectations(s.expect, r.checkers, all, watch, tolerance);
    r.expectations_met = true;
    for (const auto& e : r.expectations) r.expectations_met = r.expectations_met && e.met;
    if (!r.has_expect) r.expectations_met = r.violations.empty();
  } else {
    // Half a run proves nothing about what the whole one would show.
    r.expectations_met = false;
    r.stopped = stop_reason_name(stop);
    r.stopped_at_ns = stopped_at.ns;
  }
  r.trace_hash = trace.hashed() ? trace.hash() : 0;
  r.events = trace.events();
  return r;
}

reports::Result run_scenario(const Scenario& scenario, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  Scenario s = scenario;
  if (options.seed) s.seed = *options.seed;

  World world(s);
  if (!options.hash_trace) world.trace().skip_hash();
  std::unique_ptr<reports::JsonlTraceWriter> writer;
  if (options.trace_jsonl != nullptr) {
    writer = std::make_unique<reports::JsonlTraceWriter>(*options.trace_jsonl, world.trace());
    world.add_sink(writer.get());
  }
  std::unique_ptr<reports::TimelineWriter> timeline;
  if (options.timeline != nullptr) {
    timeline = std::make_unique<reports::TimelineWriter>(*options.timeline, world.trace());
    world.add_sink(timeline.get());
  }
  std::unique_ptr<reports::Recorder> recorder;
  if (options.recording != nullptr) {
    recorder = std::make_unique<reports::Recorder>(*options.recording);
    world.add_sink(recorder.get());
  }
  EventWatch watch(s.expect.events, world.trace());
  if (!s.expect.events.empty()) world.add_sink(&watch);
  const World::Stop stop = world.run(options.limits);
  if (recorder) recorder->finish(world.trace(), stop.at.ns, s.protocol.protocol->state_bands());

  reports::Result r = result_of(s, world.trace(), world.checkers(), watch, stop.reason, stop.at);
  r.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

}  // namespace leasesim::harness
