// `leasesim run FILE`: one scenario, its verdict and windows (text or --json), its trace.
#include <fstream>
#include <iostream>

#include "cli/options.h"
#include "cli/output_paths.h"
#include "reports/output_file.h"
#include "cli/verbs.h"
#include "cli/scenario_file.h"
#include "harness/determinism.h"
#include "harness/runner.h"
#include "reports/html_report.h"
#include "reports/json_result.h"
#include "reports/perfetto.h"
#include "reports/text_result.h"

namespace leasesim::cli {
namespace {

constexpr const char* kRunHelp = R"(Usage: leasesim run FILE [--json] [--trace FILE.jsonl] [--seed N]

Runs one scenario and prints its verdict: for each invariant, whether it held, and every
violation window [start, end) in virtual time with its length and the part during which the
node was paused. If the scenario has an `expect` section, each expectation is listed as met
or not, and so is every safety invariant it does not declare `violated`, which must hold
(listed as `lock_safety: holds (not declared violated)`): naming some invariants or events
never switches the others off. A failing run ends with the exact command that reproduces it.

--trace, --report and --perfetto are checked before the run (their directory must exist; none
is created) and each appears whole when complete or not at all: a run killed even with SIGKILL
leaves no partial file (at most, in an instant's window, a temporary FILE.tmp-PID-N, which the
next write of FILE removes: README, "Reports").

Options:
)";

constexpr const char* kRunFooter = R"(
Exit status: 0 the run met its `expect`, and every safety invariant not declared `violated`
               held (with no `expect`: no invariant was violated);
             1 an invariant was violated or an expectation was not met, or
               --check-determinism found two runs whose traces differ;
             2 bad input (the message is FILE:LINE:COLUMN: key.path: what is wrong) or usage,
               or an output file (--trace, --report, --perfetto) cannot be written: its
               directory does not exist (none is created), it is a directory or a device, or
               files cannot be made there; all are checked before the run;
             3 --max-events or --max-wall stopped the run (what it found so far is printed), or
               the scenario would need more memory than there is (--max-memory);
             4 the run ended and its result was printed, but an output file could not be
               written after it (a full disk); the others were written, and the message names
               it (over 0 and 1: the printed result says which it would have been);
             130 Ctrl-C (SIGINT), 143 SIGTERM stopped it, likewise.

Examples:
  leasesim run scenarios/zbs/legacy-reply-delay-6s.yaml
  leasesim run scenarios/zbs/legacy-reply-delay-6s.yaml --json
  leasesim run scenarios/zbs/master-timer-stall.yaml --trace /tmp/stall.jsonl
)";

}  // namespace

std::optional<int> parse_run(const std::vector<std::string>& args, VerbArgs& out) {
  po::options_description opts;
  opts.add_options()
      ("json", "print the result object (docs/scenario-format.md, \"Result object\") as JSON instead of text")
      ("trace", po::value<std::string>()->value_name("FILE.jsonl"),
       "write every event of the run to FILE.jsonl, one JSON object per line")
      ("seed", seed_value()->value_name("N"), "use seed N instead of the scenario's `seed`")
      ("report", po::value<std::string>()->value_name("FILE.html"),
       "write a self-contained HTML report: summary tables and a zoomable timeline of the run (each node's "
       "protocol states, messages, faults, windows; click a window for what led to it)")
      ("perfetto", po::value<std::string>()->value_name("FILE.json"),
       "write the trace in Chrome's trace-event format, for ui.perfetto.dev or chrome://tracing")
      ("check-determinism", "run the scenario twice more and fail, naming the first differing event, if the traces differ");
  add_limit_options(opts, "the run");
  opts.add_options()("help,h", "show this help");
  if (const auto status = parse_verb("run", args, opts, kRunHelp, kRunFooter, out)) return status;
  if (!one_file("run", out)) return kExitBadInput;
  return std::nullopt;
}

int run_verb(const Invocation& inv) {
  VerbArgs args;
  if (const auto status = parse_run(inv.args, args)) return *status;
  const po::variables_map& vm = args.vm;
  const std::string& file = args.positional[0];

  const std::optional<harness::Scenario> loaded = load_or_report("run", file, read_limits(vm));
  if (!loaded) return kExitBadInput;
  const harness::Scenario& scenario = *loaded;
  if (!check_outputs("run", vm, {"trace", "report", "perfetto"})) return kExitBadInput;

  harness::RunOptions options;
  if (const auto status = read_run_limits("run", vm, file, scenario, options.limits)) return *status;
  if (vm.count("seed")) options.seed = vm["seed"].as<uint64_t>();
  std::optional<reports::OutputFile> trace_out;
  if (vm.count("trace")) {
    trace_out.emplace(vm["trace"].as<std::string>());
    if (!trace_out->error().empty()) {
      std::cerr << "leasesim run: " << trace_out->error() << "\n";
      return kExitBadInput;
    }
    options.trace_jsonl = &trace_out->stream();
  }

  reports::Recording recording;
  if (vm.count("report") || vm.count("perfetto")) options.recording = &recording;
  const reports::Result result = harness::run_scenario(scenario, options);
  const std::string reproduce = reproduce_command(inv.program, file, result.seed);
  // Each file on its own: one that cannot be written costs none of the others, nor the result.
  Writes writes;
  if (vm.count("report")) {
    const reports::ReportEntry entry{result, recording, reproduce, scenario.description};
    writes.write(vm["report"].as<std::string>(), reports::render_html({entry}, result.scenario));
  }
  if (vm.count("perfetto")) writes.write(vm["perfetto"].as<std::string>(), reports::render_perfetto(result, recording));
  if (trace_out) {
    if (std::string err = trace_out->commit(); !err.empty()) writes.failed(std::move(err));
  }
  if (vm.count("json")) {
    std::cout << reports::render_json(result);
  } else {
    std::cout << reports::render_text(result, reproduce);
  }
  std::cout.flush();
  if (!result.stopped.empty()) {
    if (result.stopped == harness::stop_reason_name(harness::StopReason::max_events)) {
      explain_event_budget("run", file, "the run", options.limits.max_events);
    }
    return writes.finish("run", stopped_exit_status(result.stopped));
  }
  if (vm.count("check-determinism")) {
    harness::Scenario again = scenario;
    again.seed = result.seed;
    const auto d = harness::check_determinism(again, options.limits.max_events);
    if (harness::interrupt_signal() != 0) {
      return writes.finish("run", stopped_exit_status(harness::stop_reason_name(harness::StopReason::interrupted)));
    }
    if (d) {
      std::cerr << "determinism FAILED: two runs of the same scenario and seed differ from event " << d->index << ":\n"
                << "  first run:  " << d->first << "\n  second run: " << d->second << "\n";
      return writes.finish("run", kExitFailed);
    }
    if (!vm.count("json")) std::cout << "determinism  two more runs gave the same trace\n";
  }
  return writes.finish("run", result.expectations_met ? kExitOk : kExitFailed);
}

}  // namespace leasesim::cli
