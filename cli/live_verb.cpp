// `leasesim live FILE`: the scenario's own actors on real time and loopback sockets, judged by
// the simulator's checkers, and optionally compared with the simulation of the same file.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli/options.h"
#include "cli/output_paths.h"
#include "cli/scenario_file.h"
#include "cli/verbs.h"
#include "harness/compare.h"
#include "harness/run_limits.h"
#include "harness/runner.h"
#include "live/run_live.h"
#include "reports/json.h"
#include "reports/json_result.h"
#include "reports/text_result.h"
#include "sim/duration_text.h"

namespace leasesim::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leasesim live FILE [--compare] [--repeat N] [--tolerance 5ms] [--trace FILE.jsonl] [--json]

Runs the scenario live instead of simulating it: every node of FILE in this process, each
with the protocol's own actor, on real time (steady_clock timers) and real loopback TCP
(127.0.0.1 only, a connection per directed link that carries a message). The run lasts the
scenario's `duration` in wall time. The faults are applied when their instant comes: network
faults (delay, drop, duplicate, disconnect, partition) in the transport, as the simulator
applies them; pause, stall_timers, restart and clock faults in the node's runtime. Each node's
clock is its `clocks:` entry over real time. Every one-way message is held for the
scenario's `network.delay` (drawn as the simulator draws it) before the socket, which adds its
own tens of microseconds. The run raises its own scheduling priority to nice -10 when it may
(it sleeps between events but must wake on time on a loaded machine) and says whether it did.

The trace is recorded with real timestamps (nanoseconds since the run's start) and judged by
the scenario's checkers and `expect`, as `leasesim judge` judges any trace, except that an
expected window's edges and an expected event's `at` are met within --tolerance; the result is
printed as `leasesim run` prints it, followed by the timer lateness of the run: how late the
runtime's timers fired (median and 99th percentile). A live run is not reproducible: the
machine's scheduling moves every instant by microseconds to milliseconds.

--compare also simulates the scenario and compares the two, as `leasesim compare` does: the
same verdicts, each window's edges within --tolerance. --repeat N runs it live N times and says
in how many runs the result (and, with --compare, the comparison) held.

A scenario that cannot run live is refused before anything runs (FILE:LINE:COLUMN: why).

Options:
)";

constexpr const char* kFooter = R"(
Exit status: 0 every run met the scenario's `expect` (with no `expect`: no invariant was
               violated) and, with --compare, matched the simulation within the tolerance;
             1 a run did not, or differed from the simulation;
             2 bad input or usage: the scenario (FILE:LINE:COLUMN: what is wrong), a scenario
               that cannot run live, a --trace path that cannot be written;
             4 the results were printed but --trace could not be written after them;
             130 / 143 SIGINT / SIGTERM stopped it (nothing is judged).

Examples:
  leasesim live scenarios/zbs/legacy-reply-delay-6s.yaml
  leasesim live scenarios/zbs/legacy-reply-delay-6s.yaml --compare --repeat 5
  leasesim live scenarios/zbs/master-timer-stall.yaml --trace /tmp/live.jsonl
  leasesim judge /tmp/live.jsonl --scenario scenarios/zbs/master-timer-stall.yaml
)";

constexpr int64_t kDefaultToleranceNs = 5'000'000;

std::string ms(int64_t ns) { return sim::format_ms(ns); }

std::string windows_line(const reports::Result& r) {
  std::string o;
  for (const auto* list : {&r.violations, &r.reports}) {
    for (const reports::ViolationRecord& v : *list) {
      o += "  " + v.checker + " " + v.node + " [" + ms(v.start_ns) + ", " + ms(v.end_ns) + ") ms\n";
    }
  }
  return o;
}

std::string lateness_text(const live::Lateness& l) {
  return "timers late median " + ms(l.median_ns) + " ms, p99 " + ms(l.p99_ns) + " ms, max " + ms(l.max_ns) + " ms (" +
         std::to_string(l.count) + " timers)";
}

}  // namespace

std::optional<int> parse_live(const std::vector<std::string>& args, VerbArgs& out) {
  po::options_description opts;
  opts.add_options()
      ("compare", "also simulate the scenario and compare the live result with it, window by window")
      ("repeat", whole_number("a number of runs", 1, 1000)->value_name("N"), "run it live N times (default 1)")
      ("tolerance", wall_duration("a tolerance")->value_name("DURATION"),
       "how far a window's edge or an expected event may be from the simulation's or `expect`'s instant (default 5ms)")
      ("trace", po::value<std::string>()->value_name("FILE.jsonl"), "write the (last) live run's trace, one JSON object per line")
      ("json", "print each run's result object (docs/scenario-format.md, \"Result object\") with a \"live\" part, one per line")
      ("help,h", "show this help");
  if (const auto status = parse_verb("live", args, opts, kHelp, kFooter, out)) return status;
  if (!one_file("live", out)) return kExitBadInput;
  return std::nullopt;
}

int live_verb(const Invocation& inv) {
  VerbArgs args;
  if (const auto status = parse_live(inv.args, args)) return *status;
  const po::variables_map& vm = args.vm;
  const std::string& file = args.positional[0];
  const auto scenario = load_or_report("live", file, read_limits(vm));
  if (!scenario) return kExitBadInput;
  if (const auto why = live::why_not_live(*scenario)) {
    std::cerr << *why << "\n";
    return kExitBadInput;
  }
  if (!check_outputs("live", vm, {"trace"})) return kExitBadInput;
  const size_t repeat = vm.count("repeat") ? vm["repeat"].as<uint64_t>() : 1;
  const sim::Duration tolerance{vm.count("tolerance") ? vm["tolerance"].as<int64_t>() : kDefaultToleranceNs};
  const bool json = vm.count("json") != 0;
  const std::string again = inv.program + " live " + file;

  reports::Recording sim_recording;
  reports::Result simulated;
  if (vm.count("compare")) {
    harness::RunOptions o;
    o.recording = &sim_recording;
    simulated = harness::run_scenario(*scenario, o);
    if (!json) {
      std::cout << "simulated  " << (simulated.expectations_met ? "expectations met" : "expectations NOT met") << ", trace "
                << simulated.trace_hash << "\n"
                << windows_line(simulated);
    }
  }

  size_t met = 0, matched = 0;
  std::string last_trace;
  for (size_t i = 0; i < repeat; ++i) {
    live::LiveRun run = live::run_live(*scenario, tolerance);
    if (run.outcome.interrupted || harness::interrupt_signal() != 0) {
      std::cerr << "leasesim live: " << file << ": stopped by a signal at " << ms(run.outcome.reached.ns) << " ms; nothing is judged\n";
      return stopped_exit_status(harness::stop_reason_name(harness::StopReason::interrupted));
    }
    if (!run.outcome.wire_error.empty()) {
      std::cerr << "leasesim live: " << file << ": a socket failed (" << run.outcome.wire_error << "): the run is not judged\n";
      return kExitFailed;
    }
    if (!run.judge_error.empty()) {
      std::cerr << "leasesim live: " << file << ": the live trace could not be judged: " << run.judge_error << "\n";
      return kExitFailed;
    }
    last_trace = std::move(run.trace_jsonl);
    const reports::Result& r = run.result;
    if (r.expectations_met) ++met;
    harness::Comparison c;
    if (vm.count("compare")) {
      c = harness::compare_traces({"live", &r, &run.recording}, {"simulated", &simulated, &sim_recording}, tolerance);
      if (c.differences.empty()) ++matched;
    }
    const live::Lateness& l = run.outcome.lateness;
    if (json) {
      std::string o = reports::render_json(r);
      while (!o.empty() && (o.back() == '\n' || o.back() == '}')) {
        const bool brace = o.back() == '}';
        o.pop_back();
        if (brace) break;
      }
      o += ", \"live\": {\"run\": " + std::to_string(i + 1) + ", \"wall_ms\": " + ms(static_cast<int64_t>(run.outcome.wall_ms * 1e6)) +
           ", \"lateness_ms\": {\"median\": " + ms(l.median_ns) + ", \"p99\": " + ms(l.p99_ns) + ", \"max\": " + ms(l.max_ns) +
           ", \"timers\": " + std::to_string(l.count) + "}, \"messages\": " + std::to_string(run.outcome.messages_sent) +
           ", \"connections\": " + std::to_string(run.outcome.connections) +
           ", \"priority_raised\": " + (run.outcome.priority_raised ? "true" : "false");
      if (vm.count("compare")) {
        o += ", \"comparison\": {\"tolerance_ms\": " + ms(tolerance.ns) + ", \"windows_compared\": " + std::to_string(c.windows_compared) +
             ", \"differences\": [";
        for (size_t k = 0; k < c.differences.size(); ++k) o += (k ? ", " : "") + reports::json_string(c.differences[k]);
        o += "]}";
      }
      o += "}}\n";
      // One line per run, so that --repeat's output is JSON lines.
      std::string line;
      for (char ch : o) {
        if (ch != '\n') line += ch;
      }
      std::cout << line << "\n";
    } else {
      std::string o;
      if (repeat == 1) {
        o += reports::render_text(r, again);
      } else {
        o += "run " + std::to_string(i + 1) + "/" + std::to_string(repeat) + (r.expectations_met ? "  expectations met\n" : "  expectations NOT met\n");
        o += windows_line(r);
      }
      o += "live       wall " + ms(static_cast<int64_t>(run.outcome.wall_ms * 1e6)) + " ms; " + lateness_text(l) + "; " +
           std::to_string(run.outcome.messages_sent) + " messages over " + std::to_string(run.outcome.connections) + " connections" +
           (run.outcome.priority_raised ? "; at nice -10\n" : "; priority not raised (nice -10 refused, or already higher)\n");
      if (vm.count("compare")) {
        o += "compare    " + std::to_string(c.windows_compared) + " window pair(s), tolerance " + sim::format_duration(tolerance) + ": ";
        if (c.differences.empty()) {
          o += "the same as simulated\n";
        } else {
          o += std::to_string(c.differences.size()) + (c.differences.size() == 1 ? " difference\n" : " differences\n");
          for (const std::string& d : c.differences) o += "  " + d + "\n";
        }
      }
      std::cout << o;
      std::cout.flush();
    }
  }
  if (!json && repeat > 1) {
    std::cout << "summary    " << met << " of " << repeat << " runs met the expectations";
    if (vm.count("compare")) std::cout << "; " << matched << " of " << repeat << " the same as simulated within " << sim::format_duration(tolerance);
    std::cout << "\n";
  }
  std::cout.flush();
  Writes writes;
  if (vm.count("trace")) writes.write(vm["trace"].as<std::string>(), last_trace);
  const bool ok = met == repeat && (!vm.count("compare") || matched == repeat);
  return writes.finish("live", ok ? kExitOk : kExitFailed);
}

}  // namespace leasesim::cli
