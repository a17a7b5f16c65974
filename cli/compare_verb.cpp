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

constexpr const char* kHelp = R"(Usage: leasesim compare A.jsonl B.jsonl --scenario FILE [--tolerance 5ms] [--jitter 5ms [--runs 32]]
       leasesim compare --scenario FILE --jitter 5ms [--runs 32]

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

--jitter first checks that the scenario is not a knife-edge: it runs it --runs times more, each
with another seed and every one-way delay drawn from [d, d + jitter] (d the scenario's), and
compares each with the scenario's own run: the verdicts, the number of windows of each checker
on each node, and the instant of each event its `expect` expects `at` an instant (within the
jitter). If any of these moves, latency alone could move it, and the scenario is "not
comparable" at that tolerance: the fraction of runs that changed is printed, with the first
differences, and the traces are not compared (exit status 4) unless --force. Without traces,
only the check runs.

Options:
)";

constexpr const char* kFooter = R"(
Exit status: 0 the same verdicts and every window within the tolerance;
             1 a verdict differs, a window has no counterpart, or an edge moved beyond it;
             4 --jitter found the scenario not comparable (a knife-edge), without --force;
             2 bad input or usage: the scenario (FILE:LINE:COLUMN: what is wrong) or either
               trace (TRACE:LINE:COLUMN: what is wrong; see leasesim judge --help);
             3 --max-events or --max-wall stopped the judging;
             130 / 143 SIGINT / SIGTERM stopped it.

Examples:
  leasesim run scenarios/zbs/legacy-reply-delay-6s.yaml --trace /tmp/a.jsonl
  leasesim compare /tmp/a.jsonl /tmp/b.jsonl --scenario scenarios/zbs/legacy-reply-delay-6s.yaml --tolerance 2ms
)";

constexpr int64_t kDefaultToleranceNs = 5'000'000;
constexpr size_t kDefaultJitterRuns = 32;
constexpr int kExitNotComparable = 4;

}  // namespace

std::optional<int> parse_compare(const std::vector<std::string>& args, VerbArgs& out) {
  po::options_description opts;
  opts.add_options()
      ("scenario", po::value<std::string>()->value_name("FILE"), "the scenario both traces are of (required)")
      ("tolerance", wall_duration("a tolerance")->value_name("DURATION"),
       "how far an edge of a window may move and still count as the same (default 5ms)")
      ("jitter", wall_duration("a jitter")->value_name("DURATION"),
       "first check that small random delays (up to DURATION more per message) do not move the verdicts or windows")
      ("runs", whole_number("a number of runs", 1, 100000)->value_name("N"), "the runs of the --jitter check (default 32)")
      ("force", "compare the traces even when --jitter finds the scenario not comparable");
  add_limit_options(opts, "each trace (events read)");
  opts.add_options()("help,h", "show this help");
  if (const auto status = parse_verb("compare", args, opts, kHelp, kFooter, out, "trace")) return status;
  const bool check_only = out.positional.empty() && out.vm.count("jitter");
  if (out.positional.size() != 2 && !check_only) {
    std::cerr << "leasesim compare: takes two traces, A.jsonl and B.jsonl (or none with --jitter), got " << out.positional.size()
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
  const auto scenario = load_or_report("compare", file, read_limits(vm));
  if (!scenario) return kExitBadInput;
  const sim::Duration tolerance{vm.count("tolerance") ? vm["tolerance"].as<int64_t>() : kDefaultToleranceNs};

  harness::JudgeOptions options;
  if (const auto status = read_run_limits("compare", vm, file, *scenario, options.limits)) return *status;
  if (vm.count("jitter")) {
    const sim::Duration jitter{vm["jitter"].as<int64_t>()};
    const size_t runs = vm.count("runs") ? vm["runs"].as<uint64_t>() : kDefaultJitterRuns;
    const harness::KnifeEdge k = harness::knife_edge_check(*scenario, jitter, runs, options.limits);
    if (!k.stopped.empty()) {
      std::cerr << "leasesim compare: " << file << ": a run of the --jitter check was stopped (" << k.stopped << ")\n";
      return stopped_exit_status(k.stopped);
    }
    const std::string delays = "[" + sim::format_duration(scenario->network.delay_lo) + ", " +
                               sim::format_duration(scenario->network.delay_hi + jitter) + "]";
    std::string o = "pre-check  " + std::to_string(k.runs) + " runs of " + scenario->name + " with one-way delays in " + delays + ": ";
    if (k.changed == 0) {
      o += "no verdict, window count or expected event moved: comparable\n";
    } else {
      o += std::to_string(k.changed) + " of " + std::to_string(k.runs) + " (" + std::to_string(100 * k.changed / k.runs) +
           "%) moved a verdict, a window count or an expected event: NOT COMPARABLE at " + sim::format_duration(jitter) + "\n";
      for (const std::string& e : k.examples) o += "  " + e + "\n";
    }
    std::cout << o;
    std::cout.flush();
    if (k.changed != 0 && !vm.count("force")) return kExitNotComparable;
    if (args.positional.empty()) return kExitOk;
  }
  reports::Recording recordings[2];
  harness::Judged judged[2];
  for (int i = 0; i < 2; ++i) {
    options.recording = &recordings[i];
    judged[i] = harness::judge_trace(*scenario, args.positional[i], options);
    if (!judged[i].error.empty()) {
      report_trace_error(args.positional[i], judged[i].error);
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
