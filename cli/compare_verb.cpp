// `leasesim compare A.jsonl B.jsonl --scenario FILE --tolerance 5ms`: two traces of one scenario
// judged and compared, window by window.
#include <iostream>

#include "cli/options.h"
#include "cli/scenario_file.h"
#include "cli/verbs.h"
#include "harness/compare.h"
#include "harness/judge.h"
#include "reports/json.h"
#include "sim/duration_text.h"

namespace leasesim::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leasesim compare A.jsonl B.jsonl --scenario FILE [--tolerance 5ms] [--jitter 5ms [--runs 32]] [--json]
       leasesim compare --scenario FILE --jitter 5ms [--runs 32] [--json]

Judges two traces of the same scenario (as `leasesim judge` does: a simulated run and a real
system's, two versions of a model, two seeds) and compares what the checkers found: every
checker's verdict must be the same, and the windows of each checker on each node must pair up,
in order, each edge (start, end) within the tolerance of its counterpart. A window cut by both
runs' end is compared by its start. Each event the scenario's `expect` expects `at` an instant
is compared the same way: found in both traces (at that instant, or else the nearest), its two
instants must be within the tolerance.

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

std::string json_strings(const std::vector<std::string>& items) {
  std::string o = "[";
  for (size_t i = 0; i < items.size(); ++i) o += (i == 0 ? "" : ", ") + reports::json_string(items[i]);
  return o + "]";
}

std::string delay_range(const harness::Scenario& s, sim::Duration jitter) {
  return "[" + sim::format_duration(s.network.delay_lo) + ", " + sim::format_duration(s.network.delay_hi + jitter) + "]";
}

std::string pre_check_as_text(const harness::Scenario& s, sim::Duration jitter, const harness::KnifeEdge& k) {
  std::string o = "pre-check  " + std::to_string(k.runs) + " runs of " + s.name + " with one-way delays in " + delay_range(s, jitter) + ": ";
  if (k.changed == 0) return o + "no verdict, window count or expected event moved: comparable\n";
  o += std::to_string(k.changed) + " of " + std::to_string(k.runs) + " (" + std::to_string(100 * k.changed / k.runs) +
       "%) moved a verdict, a window count or an expected event: NOT COMPARABLE at " + sim::format_duration(jitter) + "\n";
  for (const std::string& e : k.examples) o += "  " + e + "\n";
  return o;
}

std::string pre_check_as_json(const harness::Scenario& s, sim::Duration jitter, const harness::KnifeEdge& k) {
  return "{\"jitter_ns\": " + std::to_string(jitter.ns) + ", \"delay_lo_ns\": " + std::to_string(s.network.delay_lo.ns) +
         ", \"delay_hi_ns\": " + std::to_string((s.network.delay_hi + jitter).ns) + ", \"runs\": " + std::to_string(k.runs) +
         ", \"changed\": " + std::to_string(k.changed) + ", \"comparable\": " + (k.changed == 0 ? "true" : "false") +
         ", \"examples\": " + json_strings(k.examples) + "}";
}

std::string comparison_as_text(const harness::Scenario& s, const std::string& file, const std::vector<std::string>& traces,
                               sim::Duration tolerance, const harness::Comparison& c) {
  std::string o = "compare    A " + traces[0] + "\n           B " + traces[1] + "\n";
  o += "scenario   " + s.name + " (" + file + "), tolerance " + sim::format_duration(tolerance) + "\n";
  for (const std::string& v : c.verdicts) o += "verdict    " + v + "\n";
  o += "windows    " + std::to_string(c.windows_compared) + " pair(s) compared\n";
  if (c.events_compared > 0) o += "events     " + std::to_string(c.events_compared) + " expected event pair(s) compared\n";
  if (c.differences.empty()) return o + "result     the same within " + sim::format_duration(tolerance) + "\n";
  o += "result     " + std::to_string(c.differences.size()) + (c.differences.size() == 1 ? " difference\n" : " differences\n");
  for (const std::string& d : c.differences) o += "  " + d + "\n";
  return o;
}

std::string comparison_as_json(const harness::Scenario& s, const std::vector<std::string>& traces, sim::Duration tolerance,
                               const std::string& pre_check, const harness::Comparison& c) {
  return "{\"scenario\": " + reports::json_string(s.name) + ", \"a\": " + reports::json_string(traces[0]) +
         ", \"b\": " + reports::json_string(traces[1]) + ", \"tolerance_ns\": " + std::to_string(tolerance.ns) +
         ", \"pre_check\": " + pre_check + ", \"verdicts\": " + json_strings(c.verdicts) +
         ", \"windows_compared\": " + std::to_string(c.windows_compared) + ", \"events_compared\": " +
         std::to_string(c.events_compared) + ", \"differences\": " + json_strings(c.differences) +
         ", \"same\": " + (c.differences.empty() ? "true" : "false") + "}\n";
}

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
      ("force", "compare the traces even when --jitter finds the scenario not comparable")
      ("json", "print the pre-check and the comparison as one JSON object instead of text");
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
  const bool json = vm.count("json") > 0;
  std::string pre_check_json = "null";
  if (vm.count("jitter")) {
    const sim::Duration jitter{vm["jitter"].as<int64_t>()};
    const size_t runs = vm.count("runs") ? vm["runs"].as<uint64_t>() : kDefaultJitterRuns;
    const harness::KnifeEdge k = harness::knife_edge_check(*scenario, jitter, runs, options.limits);
    if (!k.stopped.empty()) {
      std::cerr << "leasesim compare: " << file << ": a run of the --jitter check was stopped (" << k.stopped << ")\n";
      return stopped_exit_status(k.stopped);
    }
    pre_check_json = pre_check_as_json(*scenario, jitter, k);
    if (!json) std::cout << pre_check_as_text(*scenario, jitter, k) << std::flush;
    const bool stop_here = (k.changed != 0 && !vm.count("force")) || args.positional.empty();
    if (stop_here && json) std::cout << "{\"scenario\": " << reports::json_string(scenario->name) << ", \"pre_check\": " << pre_check_json << "}\n";
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
  const harness::Comparison c = harness::compare_traces(a, b, tolerance, scenario->expect.events);
  if (json) {
    std::cout << comparison_as_json(*scenario, args.positional, tolerance, pre_check_json, c);
  } else {
    std::cout << comparison_as_text(*scenario, file, args.positional, tolerance, c);
  }
  std::cout.flush();
  return c.differences.empty() ? kExitOk : kExitFailed;
}

}  // namespace leasesim::cli
