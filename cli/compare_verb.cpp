// `leasesim compare A.jsonl B.jsonl --scenario FILE --tolerance 5ms`: two traces of one scenario
// judged and compared, window by window.
#include <iostream>

#include "cli/options.h"
#include "cli/scenario_file.h"
#include "cli/verbs.h"
#include "harness/compare.h"
#include "harness/judge.h"
#include "sim/duration_text.h"

namespace leasesim::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leasesim compare A.jsonl B.jsonl --scenario FILE [--tolerance 5ms]

Judges two traces of the same scenario (as `leasesim judge` does: a simulated run and a real
system's, two versions of a model, two seeds) and compares what the checkers found: every
checker's verdict must be the same, and the windows of each checker on each node must pair up,
in order, each edge (start, end) within the tolerance of its counterpart. A window cut by both
runs' end is compared by its start.

Each difference is named with both windows and explained from its anchor: the last message
delivered to, or fault on, the node that acted at the edge (the grantor expiring a lease, a
holder's belief). When both traces put the edge the same time after the same anchor, the
difference is latency inherited from the anchor (a message or a fault came later: "inherited");
otherwise the rule that placed the edge differs ("a rule differs").

Options:
)";

constexpr const char* kFooter = R"(
Exit status: 0 the same verdicts and every window within the tolerance;
             1 a verdict differs, a window has no counterpart, or an edge moved beyond it;
             2 bad input or usage: the scenario (FILE:LINE:COLUMN: what is wrong) or either
               trace (TRACE:LINE:COLUMN: what is wrong; see leasesim judge --help);
             3 --max-events or --max-wall stopped the judging;
             130 / 143 SIGINT / SIGTERM stopped it.

Examples:
  leasesim run scenarios/zbs/legacy-reply-delay-6s.yaml --trace /tmp/a.jsonl
  leasesim compare /tmp/a.jsonl /tmp/b.jsonl --scenario scenarios/zbs/legacy-reply-delay-6s.yaml --tolerance 2ms
)";

constexpr int64_t kDefaultToleranceNs = 5'000'000;

}  // namespace

std::optional<int> parse_compare(const std::vector<std::string>& args, VerbArgs& out) {
  po::options_description opts;
  opts.add_options()
      ("scenario", po::value<std::string>()->value_name("FILE"), "the scenario both traces are of (required)")
      ("tolerance", wall_duration("a tolerance")->value_name("DURATION"),
       "how far an edge of a window may move and still count as the same (default 5ms)");
  add_limit_options(opts, "each trace (events read)");
  opts.add_options()("help,h", "show this help");
  if (const auto status = parse_verb("compare", args, opts, kHelp, kFooter, out, "trace")) return status;
  if (out.positional.size() != 2) {
    std::cerr << "leasesim compare: takes two traces, A.jsonl and B.jsonl, got " << out.positional.size()
              << " (see leasesim compare --help)\n";
    return kExitBadInput;
  }
  if (!out.vm.count("scenario")) {
    std::cerr << "leasesim compare: --scenario FILE is required: the scenario says which checkers judge the traces "
                 "(see leasesim compare --help)\n";
    return kExitBadInput;
  }
  return std::nullopt;
}

int compare_verb(const Invocation& inv) {
  VerbArgs args;
  if (const auto status = parse_compare(inv.args, args)) return *status;
  const po::variables_map& vm = args.vm;
  const std::string file = vm["scenario"].as<std::string>();
  const auto scenario = load_or_report(file);
  if (!scenario) return kExitBadInput;
  const sim::Duration tolerance{vm.count("tolerance") ? vm["tolerance"].as<int64_t>() : kDefaultToleranceNs};

  harness::JudgeOptions options;
  if (const auto status = read_run_limits("compare", vm, file, *scenario, options.limits)) return *status;
  reports::Recording recordings[2];
  harness::Judged judged[2];
  for (int i = 0; i < 2; ++i) {
    options.recording = &recordings[i];
    judged[i] = harness::judge_trace(*scenario, args.positional[i], options);
    if (!judged[i].error.empty()) {
      const bool placed = judged[i].error[0] >= '0' && judged[i].error[0] <= '9';
      std::cerr << args.positional[i] << (placed ? ":" : ": ") << judged[i].error << "\n";
      return kExitBadInput;
    }
    if (!judged[i].result.stopped.empty()) {
      std::cerr << "leasesim compare: " << args.positional[i] << ": the judging was stopped (" << judged[i].result.stopped
                << "); nothing is compared\n";
      return stopped_exit_status(judged[i].result.stopped);
    }
  }
  const harness::JudgedTrace a{"A", &judged[0].result, &recordings[0]};
  const harness::JudgedTrace b{"B", &judged[1].result, &recordings[1]};
  const harness::Comparison c = harness::compare_traces(a, b, tolerance);

  std::string o = "compare    A " + args.positional[0] + "\n           B " + args.positional[1] + "\n";
  o += "scenario   " + scenario->name + " (" + file + "), tolerance " + sim::format_duration(tolerance) + "\n";
  for (const std::string& v : c.verdicts) o += "verdict    " + v + "\n";
  o += "windows    " + std::to_string(c.windows_compared) + " pair(s) compared\n";
  if (c.differences.empty()) {
    o += "result     the same within " + sim::format_duration(tolerance) + "\n";
  } else {
    o += "result     " + std::to_string(c.differences.size()) + (c.differences.size() == 1 ? " difference\n" : " differences\n");
    for (const std::string& d : c.differences) o += "  " + d + "\n";
  }
  std::cout << o;
  std::cout.flush();
  return c.differences.empty() ? kExitOk : kExitFailed;
}

}  // namespace leasesim::cli
