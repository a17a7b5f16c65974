// `leasesim sweep FILE --vary KEY --from A --to B [--vary KEY2 ...]`: the safe envelope.
#include <iostream>

#include "cli/options.h"
#include "cli/output_paths.h"
#include "cli/stoppable_work.h"
#include "cli/verbs.h"
#include "harness/input_error.h"
#include "harness/sweep.h"
#include "reports/output_file.h"
#include "reports/text_result.h"
#include "reports/sweep_report.h"

namespace leasesim::cli {
namespace {

constexpr const char* kSweepHelp = R"(Usage: leasesim sweep FILE --vary KEY --from A --to B [--resolution R]
                      [--vary KEY2 --from A2 --to B2 [--resolution R2]]
                      [--steps N] [--seed S] [--checker NAME] [--csv FILE] [--svg FILE] [--json]

Finds where safety ends as a scenario's parameters change. KEY is a key path in the scenario
file: keys joined by dots, [N] for a list's item (counted from 0), for example
  protocol.network_margin   network.delay   clocks.follower-1.drift_ppm
  faults[1].at   faults[1].delay.extra   faults[0].pause.for   faults[2].clock.drift_ppm
A key the file does not have yet is added (the scenario loader checks it, as for any file).
A and B are written as in the file: durations with a unit (0s, 2.5s), numbers without.

One --vary: runs the scenario at N + 1 evenly spread values from A to B, then bisects each
place where the verdict changes down to the resolution (default: 1ns for durations, one unit
of the last decimal place given for numbers), and prints the boundary exactly: the last value
where the invariant holds and the first where it is violated (or the other way round).

Two --vary: a grid of (N + 1) x (N + 1) runs, rows the first key and columns the second, with
the worst violation window in each cell, printed as a table; in each row the first change of
verdict along the second key is bisected to its resolution. --csv writes every point, --svg a
heat map with the boundary drawn through it and its exact values written beside each row, the
cells' windows in one unit for the map (also for one key: a single row).

Each run uses the scenario's seed (or --seed); `expect` and `explore` are not used. The
invariants counted are every safety invariant of the protocol, or --checker NAME (a liveness
checker may be named too).

Options:
)";

constexpr const char* kSweepFooter = R"(
Exit status: 0 the sweep ran (whatever it found); 2 bad input or usage, or --csv or --svg
             cannot be written (checked before any run: the directory must exist, none is
             created); 3 a run reached its event budget, --max-wall ran out, or the scenario
             would need more memory than there is; 4 the sweep ran and was printed, but --csv
             or --svg could not be written after it; 130 / 143 SIGINT / SIGTERM stopped it. A
             stopped sweep has no boundary to give: it writes nothing and names the run that
             stopped.

Examples:
  leasesim sweep scenarios/sweep/zbs-legacy-reply-delay.yaml --vary faults[1].delay.extra --from 0s --to 9s
  leasesim sweep scenarios/sweep/zbs-legacy-reply-delay.yaml --vary protocol.network_margin --from 0s --to 5s \
      --vary faults[1].delay.extra --from 0s --to 9s --svg envelope.svg --csv envelope.csv
  leasesim sweep scenarios/zbs/drift-slow-follower-guarded.yaml --vary clocks.follower-1.drift_ppm --from 0 --to -2000
)";

// `--to -2000` would read as an option: join a negative number to the option before it.
std::vector<std::string> join_negative_values(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool takes_number = a == "--from" || a == "--to" || a == "--resolution";
    if (takes_number && i + 1 < args.size() && args[i + 1].size() > 1 && args[i + 1][0] == '-' &&
        (std::isdigit(static_cast<unsigned char>(args[i + 1][1])) || args[i + 1][1] == '.')) {
      out.push_back(a + "=" + args[++i]);
    } else {
      out.push_back(a);
    }
  }
  return out;
}

std::vector<std::string> strings(const po::variables_map& vm, const char* name) {
  return vm.count(name) ? vm[name].as<std::vector<std::string>>() : std::vector<std::string>{};
}

}  // namespace

std::optional<int> parse_sweep(const std::vector<std::string>& args, VerbArgs& out, harness::SweepOptions& o) {
  po::options_description opts;
  opts.add_options()
      ("vary", po::value<std::vector<std::string>>()->value_name("KEY"), "a key path to vary (once or twice)")
      ("from", po::value<std::vector<std::string>>()->value_name("A"), "the first value of the --vary before it")
      ("to", po::value<std::vector<std::string>>()->value_name("B"), "the last value of the --vary before it")
      ("resolution", po::value<std::vector<std::string>>()->value_name("R"),
       "the finest step of each --vary (give it for every key, or for none)")
      ("steps", whole_number("a number of grid intervals", 1, 1000)->value_name("N"),
       "grid intervals per key, at most 1000 for one key and 100 for two (default: 20 for one key, 10 for two)")
      ("seed", seed_value()->value_name("S"), "the seed of every run (default: the scenario's `seed`)")
      ("checker", po::value<std::string>()->value_name("NAME"), "count only this invariant's windows")
      ("csv", po::value<std::string>()->value_name("FILE.csv"), "write every point: values, verdict, worst window")
      ("svg", po::value<std::string>()->value_name("FILE.svg"), "write a heat map of the worst window, with the boundary")
      ("json", "print the sweep as JSON instead of the table");
  add_limit_options(opts, "each run");
  opts.add_options()("help,h", "show this help");
  if (const auto status = parse_verb("sweep", join_negative_values(args), opts, kSweepHelp, kSweepFooter, out)) return status;
  const po::variables_map& vm = out.vm;
  const auto fail = [](const std::string& message) {
    std::cerr << "leasesim sweep: " << message << "\n";
    return kExitBadInput;
  };
  const std::optional<std::string> file = one_file("sweep", out);
  if (!file) return kExitBadInput;
  const std::vector<std::string> keys = strings(vm, "vary");
  const std::vector<std::string> from = strings(vm, "from");
  const std::vector<std::string> to = strings(vm, "to");
  const std::vector<std::string> resolution = strings(vm, "resolution");
  if (keys.empty() || keys.size() > 2) return fail("give one or two --vary KEY, each with --from and --to");
  if (from.size() != keys.size() || to.size() != keys.size()) {
    return fail("each --vary needs its own --from and --to (got " + std::to_string(keys.size()) + " --vary, " +
                std::to_string(from.size()) + " --from, " + std::to_string(to.size()) + " --to)");
  }
  if (!resolution.empty() && resolution.size() != keys.size()) {
    return fail("give --resolution for every --vary or for none (got " + std::to_string(resolution.size()) + " for " +
                std::to_string(keys.size()) + " keys)");
  }
  if (!check_outputs("sweep", vm, {"csv", "svg"})) return kExitBadInput;
  o.file = *file;
  if (vm.count("steps")) o.grid_steps = static_cast<int64_t>(vm["steps"].as<uint64_t>());
  if (vm.count("seed")) o.seed = vm["seed"].as<uint64_t>();
  if (vm.count("checker")) o.checker = vm["checker"].as<std::string>();
  o.limits = read_limits(vm);
  try {
    for (size_t i = 0; i < keys.size(); ++i) {
      o.axes.push_back(harness::parse_axis(keys[i], from[i], to[i], resolution.empty() ? "" : resolution[i]));
    }
  } catch (const harness::SweepError& e) {
    return fail(e.what());
  }
  return std::nullopt;
}

int sweep_verb(const Invocation& inv) {
  VerbArgs args;
  harness::SweepOptions o;
  if (const auto status = parse_sweep(inv.args, args, o)) return *status;
  const po::variables_map& vm = args.vm;
  // Every run loads the file with its axes changed: the file as written stands for their size.
  // It is loaded and parsed once, where --max-wall and signals reach the parse.
  harness::Scenario scenario;
  try {
    finish_unless_stopped("sweep", o.file, o.limits.deadline, [&] { o.document = harness::load_sweep_document(o.file, &scenario); });
  } catch (const harness::InputError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  }
  if (!fits_in_memory("sweep", o.file, o.limits, harness::run_memory(scenario))) return kExitStopped;
  reports::SweepOutcome outcome;
  try {
    outcome = harness::sweep(o);
  } catch (const harness::InputError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const harness::SweepError& e) {
    std::cerr << "leasesim sweep: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const harness::SweepStopped& e) {
    const std::string run = "the run with " + e.assignment();
    if (e.reason() == harness::stop_reason_name(harness::StopReason::max_events)) {
      explain_event_budget("sweep", o.file, run, o.limits.max_events);
    } else {
      std::cerr << "leasesim sweep: " << o.file << ": " << run << " was stopped (" << reports::stop_explanation(e.reason())
                << "); no boundary to report\n";
    }
    return stopped_exit_status(e.reason());
  }
  Writes writes;
  const bool csv = vm.count("csv") && writes.write(vm["csv"].as<std::string>(), reports::render_csv(outcome));
  const bool svg = vm.count("svg") && writes.write(vm["svg"].as<std::string>(), reports::render_svg(outcome));
  if (vm.count("json")) {
    std::cout << reports::render_json(outcome);
  } else {
    std::cout << reports::render_text(outcome);
    if (csv) std::cout << "csv        " << vm["csv"].as<std::string>() << "\n";
    if (svg) std::cout << "svg        " << vm["svg"].as<std::string>() << "\n";
  }
  std::cout.flush();
  return writes.finish("sweep", kExitOk);
}

}  // namespace leasesim::cli
