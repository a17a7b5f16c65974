// `leasesim live FILE`: the scenario's own actors on real time and loopback sockets, judged by
// the simulator's checkers, and optionally compared with the simulation of the same file.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/options.h"
#include "cli/output_paths.h"
#include "cli/scenario_file.h"
#include "cli/verbs.h"
#include "harness/compare.h"
#include "harness/run_limits.h"
#include "harness/runner.h"
#include "live/run_live.h"
#include "live/real_run.h"
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
same verdicts, each window's edges within --tolerance, and each event `expect` expects at an
instant found in both within --tolerance; a difference is explained from its anchor (the
last message or fault before it), which tells a real system's latency from a rule that
differs. It does not check that the scenario is comparable at all: `leasesim compare
--scenario FILE --jitter 5ms` says whether its outcome hangs on a millisecond. --repeat N runs it live N times and says
in how many runs the result (and, with --compare, the comparison) held.

A scenario of kind `zookeeper` runs against the real thing by default (--actors real): Debian's
ZooKeeper 3.8 servers (Java; an ensemble's members talk through the proxy), each started by
leasesim in a temporary directory on 127.0.0.1 and stopped by its pid however the run ends, and one real C client per client node (zkclient, on
libzookeeper_mt, built beside leasesim). Every client-server connection goes through a fault
proxy that reads ZooKeeper's framing, so the scenario's network faults select frames by their
message kind; pause is SIGSTOP/SIGCONT; restart of the server is SIGKILL and a new start on
the same data (the JVM serves 1 to 2 s later). The scenario's zero is put on a tickTime
boundary of CLOCK_MONOTONIC, where the server's expiry buckets lie. The trace is made from the
proxy's frames, the clients' state changes and lock events, and the server log's "Expiring
session" lines; a session's `lease_granted` is derived from each frame the server received
(the deadline the server computes). Parameters that describe the model's readings of the
server and client (log_sync, processing_time, election_time, c_cursor, c_first_retry) shape
only the simulation: the real processes have their own behaviour, which is what is measured.
What a real run cannot do is refused, not approximated: more than 5 servers, the Java client
and Curator, fenced resources, `stall_timers`, `duplicate`, and dropping other frames than Ping
and PingReply out of a connection. Clocks (`clocks:`, clock faults, `pause: {clock: stops}`)
are refused unless --faketime: then each process whose clock moves runs with libfaketime
preloaded, reading its clock's specification from a file leasesim rewrites at each clock event
(drift as a rate, steps and a stopped clock's step back at SIGCONT as offsets); a step takes
effect when the process next reads its clock, not at once (docs/live-zookeeper.md).
Without the packages (scripts/setup-deps --live) the command says what is missing and exits
77, the code test runners read as "skipped".

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
             77 a real run's components are not installed (nothing ran);
             130 / 143 SIGINT / SIGTERM stopped it (nothing is judged).

Examples:
  leasesim live scenarios/zbs/legacy-reply-delay-6s.yaml
  leasesim live scenarios/zbs/legacy-reply-delay-6s.yaml --compare --repeat 5
  leasesim live scenarios/zbs/master-timer-stall.yaml --trace /tmp/live.jsonl
  leasesim live scenarios/zookeeper/gc-pause-lock.yaml --compare --repeat 5
  leasesim live scenarios/zookeeper/laptop-suspend-clock-stops.yaml --faketime --compare
  leasesim judge /tmp/live.jsonl --scenario scenarios/zbs/master-timer-stall.yaml
)";

constexpr int64_t kDefaultToleranceNs = 5'000'000;

std::string ms(int64_t ns) { return sim::format_ms(ns); }

std::string beside_this_program(const std::string& name) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? name : (self.parent_path() / name).string();
}

live::LiveRun run_real(const harness::Scenario& s, const live::RealOptions& o, sim::Duration tolerance) {
  live::RealOutcome r = live::run_real(s, o);
  if (!r.outcome.wire_error.empty() || r.outcome.interrupted) {
    live::LiveRun out;
    out.outcome = r.outcome;
    return out;  // nothing to judge
  }
  return live::judge_live(s, r.outcome, std::move(r.trace_jsonl), tolerance);
}

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
      ("actors", po::value<std::string>()->value_name("real|model"),
       "real: real processes (kind zookeeper: a ZooKeeper server and C clients); model: the protocol's own actors (default: real for "
       "zookeeper, model for every other kind)")
      ("keep", po::value<std::string>()->value_name("DIR"), "a real run: copy each server's log to DIR/NAME.log after the run (to see what it did)")
      ("check", "only check that FILE can run live here: exit 0, or 2 saying why not, or 77 for what is not installed; nothing runs")
      ("client-binary", po::value<std::string>()->value_name("PATH"), "a real run's client program (for ZooKeeper: zkclient; default: beside leasesim)")
      ("faketime", "a real run: move the processes' clocks as the scenario's clocks and clock faults say, with libfaketime (opt-in: approximate, see above)")
      ("json", "print each run's result object (docs/scenario-format.md, \"Result object\") with a \"live\" part, one per line")
      ("help,h", "show this help");
  if (const auto status = parse_verb("live", args, opts, kHelp, kFooter, out)) return status;
  if (!one_file("live", out)) return kExitBadInput;
  if (out.vm.count("actors") && out.vm["actors"].as<std::string>() != "real" && out.vm["actors"].as<std::string>() != "model") {
    std::cerr << "leasesim live: --actors must be real or model, got '" << out.vm["actors"].as<std::string>() << "'\n";
    return kExitBadInput;
  }
  return std::nullopt;
}

int live_verb(const Invocation& inv) {
  VerbArgs args;
  if (const auto status = parse_live(inv.args, args)) return *status;
  const po::variables_map& vm = args.vm;
  const std::string& file = args.positional[0];
  const auto scenario = load_or_report("live", file, read_limits(vm));
  if (!scenario) return kExitBadInput;
  const bool startable = live::has_real_system(*scenario);
  const bool real = vm.count("actors") ? vm["actors"].as<std::string>() == "real" : startable;
  if (real && !startable) {
    std::cerr << "leasesim live: " << file << ": --actors real: leasesim cannot start a real system for kind "
              << scenario->protocol.protocol->kind() << " (see --help); it runs live with its own actors (--actors model)\n";
    return kExitBadInput;
  }
  live::RealOptions real_options;
  real_options.faketime = vm.count("faketime") != 0;
  if (real_options.faketime && !real) {
    std::cerr << "leasesim live: --faketime applies to a real run (--actors real): the protocol's own actors run on leasesim's clocks\n";
    return kExitBadInput;
  }
  if (const auto why = real ? live::why_not_real(*scenario, real_options) : live::why_not_live(*scenario)) {
    std::cerr << *why << "\n";
    return kExitBadInput;
  }
  if (real) {
    real_options.client_binary = vm.count("client-binary") ? vm["client-binary"].as<std::string>() : beside_this_program(live::real_client_program(*scenario));
    if (vm.count("keep")) real_options.keep_dir = vm["keep"].as<std::string>();
    if (const std::string missing = live::missing_for_real(*scenario, real_options); !missing.empty()) {
      std::cerr << "leasesim live: " << file << ": skipped: the real run needs what is missing here: " << missing << "\n";
      return kExitSkipped;
    }
  }
  if (vm.count("check")) {
    std::cout << file << ": can run live" << (real ? " against a real ZooKeeper" : " with the protocol's own actors") << "\n";
    return kExitOk;
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
    live::LiveRun run = real ? run_real(*scenario, real_options, tolerance) : live::run_live(*scenario, tolerance);
    if (run.outcome.interrupted || harness::interrupt_signal() != 0) {
      std::cerr << "leasesim live: " << file << ": stopped by a signal at " << ms(run.outcome.reached.ns) << " ms; nothing is judged\n";
      return stopped_exit_status(harness::stop_reason_name(harness::StopReason::interrupted));
    }
    if (!run.outcome.wire_error.empty()) {
      std::cerr << "leasesim live: " << file << ": " << (real ? "the real run failed" : "a socket failed") << " (" << run.outcome.wire_error
                << "): the run is not judged\n";
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
      c = harness::compare_traces({"live", &r, &run.recording}, {"simulated", &simulated, &sim_recording}, tolerance, scenario->expect.events);
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
        o += "], \"verdicts\": [";
        for (size_t k = 0; k < c.verdicts.size(); ++k) o += (k ? ", " : "") + reports::json_string(c.verdicts[k]);
        o += "], \"largest_shift_ms\": " + ms(c.largest_shift_ns) + "}";
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
      if (real) {
        o += "live       real ZooKeeper; wall " + ms(static_cast<int64_t>(run.outcome.wall_ms * 1e6)) + " ms after a set-up of " +
             ms(static_cast<int64_t>(run.outcome.set_up_ms * 1e6)) + " ms; " + std::to_string(run.outcome.messages_sent) +
             " frames through the proxy; fault " + lateness_text(l);
      } else {
        o += "live       wall " + ms(static_cast<int64_t>(run.outcome.wall_ms * 1e6)) + " ms; " + lateness_text(l) + "; " +
             std::to_string(run.outcome.messages_sent) + " messages over " + std::to_string(run.outcome.connections) + " connections";
      }
      o += run.outcome.priority_raised ? "; at nice -10\n" : "; priority not raised (nice -10 refused, or already higher)\n";
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
