// `leasesim replay FILE`: a run read start to end, one line per event, then its verdict.
#include <iostream>

#include "cli/options.h"
#include "cli/output_paths.h"
#include "reports/output_file.h"
#include "cli/scenario_file.h"
#include "cli/verbs.h"
#include "harness/runner.h"
#include "reports/html_report.h"
#include "reports/perfetto.h"
#include "reports/text_result.h"

namespace leasesim::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leasesim replay FILE [--seed N]

Runs one scenario and prints its whole timeline, one line per event: the time in seconds (to
the nanosecond), the node, the event, and what it was about (a message's kind and number, a
lease's epoch and end, a fault's description, a state change). Lines inside a violation window
are marked with `!`. The verdict and expectations follow, as `leasesim run` prints them. Use it
on a failing run, or on a scenario written by `leasesim explore`, to read how it went wrong.

Options:
)";

constexpr const char* kFooter = R"(
Exit status: as `leasesim run`: 0 expectations met, 1 not, 2 bad input or usage (an output
             file that cannot be written is found before the run), 3 a limit stopped it, 4 the
             timeline and verdict were printed but --report or --perfetto could not be
             written after the run, 130 / 143 SIGINT / SIGTERM stopped it.
)";

}  // namespace

std::optional<int> parse_replay(const std::vector<std::string>& args, VerbArgs& out) {
  po::options_description opts;
  opts.add_options()
      ("seed", seed_value()->value_name("N"), "use seed N instead of the scenario's `seed`")
      ("report", po::value<std::string>()->value_name("FILE.html"), "also write the HTML report (see leasesim run --help)")
      ("perfetto", po::value<std::string>()->value_name("FILE.json"), "also write the trace for Perfetto");
  add_limit_options(opts, "the run");
  opts.add_options()("help,h", "show this help");
  if (const auto status = parse_verb("replay", args, opts, kHelp, kFooter, out)) return status;
  if (!one_file("replay", out)) return kExitBadInput;
  return std::nullopt;
}

int replay_verb(const Invocation& inv) {
  VerbArgs args;
  if (const auto status = parse_replay(inv.args, args)) return *status;
  const po::variables_map& vm = args.vm;
  const std::string& file = args.positional[0];
  const auto scenario = load_or_report("replay", file, read_limits(vm));
  if (!scenario) return kExitBadInput;
  if (!check_outputs("replay", vm, {"report", "perfetto"})) return kExitBadInput;
  harness::RunOptions options;
  if (const auto status = read_run_limits("replay", vm, file, *scenario, options.limits)) return *status;
  if (vm.count("seed")) options.seed = vm["seed"].as<uint64_t>();
  options.timeline = &std::cout;
  reports::Recording recording;
  if (vm.count("report") || vm.count("perfetto")) options.recording = &recording;
  const reports::Result result = harness::run_scenario(*scenario, options);
  const std::string reproduce = reproduce_command(inv.program, file, result.seed);
  std::cout << "\n" << reports::render_text(result, reproduce);
  Writes writes;
  if (vm.count("report")) {
    writes.write(vm["report"].as<std::string>(),
                 reports::render_html({{result, recording, reproduce, scenario->description}}, result.scenario));
  }
  if (vm.count("perfetto")) writes.write(vm["perfetto"].as<std::string>(), reports::render_perfetto(result, recording));
  std::cout.flush();
  if (!result.stopped.empty()) {
    if (result.stopped == harness::stop_reason_name(harness::StopReason::max_events)) {
      explain_event_budget("replay", file, "the run", options.limits.max_events);
    }
    return writes.finish("replay", stopped_exit_status(result.stopped));
  }
  return writes.finish("replay", result.expectations_met ? kExitOk : kExitFailed);
}

}  // namespace leasesim::cli
