// `leasesim judge TRACE.jsonl --scenario FILE`: a trace judged by the scenario's checkers.
#include <iostream>

#include "cli/options.h"
#include "cli/output_paths.h"
#include "cli/scenario_file.h"
#include "cli/verbs.h"
#include "harness/judge.h"
#include "reports/html_report.h"
#include "reports/json_result.h"
#include "reports/text_result.h"

namespace leasesim::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leasesim judge TRACE.jsonl --scenario FILE [--json] [--report FILE.html]

Judges a trace instead of running the scenario: the events of TRACE.jsonl (written by
`leasesim run --trace`, or by any program that follows the trace format of
docs/scenario-format.md, section 13) are fed, in order, to the checkers of the scenario FILE,
with its clocks, expectations and duration, and the verdict and every window are printed as
`leasesim run` prints them. A trace that `run --trace` wrote gives exactly the run's windows,
to the nanosecond, and the run's trace hash.

What the trace must be: one event per line, times never decreasing and before the scenario's
end, nodes that the scenario names, each event with exactly its fields (an unknown field or
event is an error, never skipped). violation_start and violation_end lines are the findings
of whatever wrote the trace: the checkers make their own, so those lines are checked for form
and otherwise not used.

Options:
)";

constexpr const char* kFooter = R"(
Exit status: 0 the trace met the scenario's `expect`, and every safety invariant not declared
               `violated` held (with no `expect`: no invariant was violated);
             1 an invariant was violated or an expectation was not met;
             2 bad input or usage: the scenario (FILE:LINE:COLUMN: what is wrong), the trace
               (TRACE:LINE:COLUMN: what is wrong), or an output file that cannot be written;
             3 --max-events or --max-wall stopped the judging (what was found is printed);
             4 the result was printed but --report could not be written after it;
             130 / 143 SIGINT / SIGTERM stopped it.

Examples:
  leasesim run scenarios/zbs/legacy-reply-delay-6s.yaml --trace /tmp/t.jsonl
  leasesim judge /tmp/t.jsonl --scenario scenarios/zbs/legacy-reply-delay-6s.yaml
)";

}  // namespace

std::optional<int> parse_judge(const std::vector<std::string>& args, VerbArgs& out) {
  po::options_description opts;
  opts.add_options()
      ("scenario", po::value<std::string>()->value_name("FILE"), "the scenario whose checkers, clocks and expect judge the trace (required)")
      ("json", "print the result object (docs/scenario-format.md, \"Result object\") as JSON instead of text")
      ("report", po::value<std::string>()->value_name("FILE.html"), "also write the HTML report of the judged trace");
  add_limit_options(opts, "the trace (events read)");
  opts.add_options()("help,h", "show this help");
  if (const auto status = parse_verb("judge", args, opts, kHelp, kFooter, out, "trace")) return status;
  if (!one_file("judge", out)) return kExitBadInput;
  if (!out.vm.count("scenario")) {
    std::cerr << "leasesim judge: --scenario FILE is required: the scenario says which checkers judge the trace "
                 "(see leasesim judge --help)\n";
    return kExitBadInput;
  }
  return std::nullopt;
}

int judge_verb(const Invocation& inv) {
  VerbArgs args;
  if (const auto status = parse_judge(inv.args, args)) return *status;
  const po::variables_map& vm = args.vm;
  const std::string& trace = args.positional[0];
  const std::string file = vm["scenario"].as<std::string>();
  const auto scenario = load_or_report("judge", file, read_limits(vm));
  if (!scenario) return kExitBadInput;
  if (!check_outputs("judge", vm, {"report"})) return kExitBadInput;
  harness::JudgeOptions options;
  if (const auto status = read_run_limits("judge", vm, file, *scenario, options.limits)) return *status;
  reports::Recording recording;
  if (vm.count("report")) options.recording = &recording;

  const harness::Judged judged = harness::judge_trace(*scenario, trace, options);
  if (!judged.error.empty()) {
    report_trace_error(trace, judged.error);
    return kExitBadInput;
  }
  const reports::Result& result = judged.result;
  const std::string again = judge_command(inv.program, trace, file);
  Writes writes;
  if (vm.count("report")) {
    writes.write(vm["report"].as<std::string>(), reports::render_html({{result, recording, again, scenario->description}}, result.scenario));
  }
  std::cout << (vm.count("json") ? reports::render_json(result) : reports::render_text(result, again));
  std::cout.flush();
  if (!result.stopped.empty()) {
    if (result.stopped == harness::stop_reason_name(harness::StopReason::max_events)) {
      explain_event_budget("judge", trace, "the judging", options.limits.max_events);
    }
    return writes.finish("judge", stopped_exit_status(result.stopped));
  }
  return writes.finish("judge", result.expectations_met ? kExitOk : kExitFailed);
}

}  // namespace leasesim::cli
