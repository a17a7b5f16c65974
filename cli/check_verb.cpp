// `leasesim check PATH...`: the regression suite. Every selected scenario under the paths, one
// line each (or one JSON document), a summary, and for every failure the command that
// reproduces it. Its options: cli/check_options.h; its files: cli/check_suite.h; its runs on
// worker threads: cli/check_runs.h; --update-expect: cli/check_update.h.
#include <chrono>
#include <cstdio>
#include <deque>
#include <iostream>

#include "cli/check_json.h"
#include "cli/check_options.h"
#include "cli/check_runs.h"
#include "cli/check_suite.h"
#include "cli/check_update.h"
#include "cli/options.h"
#include "cli/output_paths.h"
#include "cli/verbs.h"
#include "harness/memory_budget.h"
#include "harness/runner.h"
#include "reports/html_report.h"
#include "reports/junit.h"
#include "reports/text_result.h"
#include "sim/duration_text.h"

namespace leasesim::cli {
namespace {

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// What the suite found so far: the counts of the summary line and what the reports need.
struct Suite {
  std::ostream* out = &std::cout;  // the lines; with --json, nowhere
  CheckCounts n;
  std::string stopped;                  // the limit that cut the suite short, for the exit status
  std::deque<reports::Result> results;  // stable addresses for the JUnit cases
  std::vector<reports::CheckCase> cases;
  std::vector<reports::ReportEntry> entries;
  std::vector<reports::ReportProblem> problems;
};

using Kind = reports::CheckCase::Kind;

void not_run(Suite& suite, const SuiteFile& f, const std::string& status, Kind kind, const std::string& message) {
  ++suite.n.cut;
  *suite.out << pad(f.path, 44) << " " << pad("-", 9) << " " << status << "\n";
  suite.cases.push_back({kind, f.path, f.classname, f.path, 0, nullptr, message, ""});
  suite.problems.push_back({f.path, status, message});
}

void print_failure(std::ostream& out, const reports::Result& r, const std::string& reproduce) {
  for (const auto& e : r.expectations) {
    if (!e.met) out << "    not met: " << e.what << (e.detail.empty() ? "" : ": " + e.detail) << "\n";
  }
  if (!r.has_expect) out << "    an invariant was violated and the scenario has no `expect`\n";
  out << "    reproduce: " << reproduce << "\n";
}

void ran(Suite& suite, const Loaded& l, CheckRun& run, const harness::RunOptions& options, const std::string& program) {
  const SuiteFile& f = l.file;
  std::ostream& out = *suite.out;
  const reports::Result& r = suite.results.emplace_back(std::move(*run.result));
  const std::string reproduce = reproduce_command(program, f.path, r.seed);
  suite.cases.push_back({Kind::ran, f.path, f.classname, r.scenario, r.wall_ms / 1000, &r, "", reproduce});
  if (run.recording) suite.entries.push_back({r, std::move(*run.recording), reproduce, l.scenario->description});
  if (!r.stopped.empty()) {
    ++suite.n.cut;
    const std::string why = reports::stop_explanation(r.stopped) + " at " + sim::format_seconds(r.stopped_at_ns) + " of virtual time";
    out << pad(r.scenario, 44) << " " << pad("-", 9) << " STOPPED   " << why << "\n";
    suite.cases.back().kind = Kind::stopped;
    suite.cases.back().message = "stopped: " + why;
    suite.stopped = r.stopped;
    if (r.stopped == harness::stop_reason_name(harness::StopReason::max_events)) {
      explain_event_budget("check", f.path, "its run", options.limits.max_events);
    }
    return;
  }
  (r.expectations_met ? suite.n.met : suite.n.failed) += 1;
  out << pad(r.scenario, 44) << " " << pad(r.verdict(), 9) << " " << pad(r.expectations_met ? "met" : "FAILED", 9) << " "
      << pad(std::to_string(r.events) + " events", 14) << " " << fixed1(r.wall_ms) << " ms\n";
  if (!r.expectations_met) print_failure(out, r, reproduce);
}

// Takes in what a worker did with `l`, in the suite's order.
void take(Suite& suite, const Loaded& l, CheckRun& run, const harness::RunOptions& options, const std::string& program) {
  switch (run.did) {
    case CheckRun::Did::bad_input:
      ++suite.n.bad;
      *suite.out << pad(l.file.path, 44) << " " << pad("-", 9) << " BAD INPUT\n    " << l.error << "\n";
      suite.cases.push_back({Kind::bad_input, l.file.path, l.file.classname, l.file.path, 0, nullptr, l.error, ""});
      suite.problems.push_back({l.file.path, "BAD INPUT", l.error});
      return;
    case CheckRun::Did::not_run:
      // The wall-clock budget is spent, or Ctrl-C: the rest are listed, not run.
      if (suite.stopped.empty()) suite.stopped = run.not_run_because;
      not_run(suite, l.file, "NOT RUN", Kind::not_run, "not run: " + reports::stop_explanation(suite.stopped));
      return;
    case CheckRun::Did::too_big:
      if (suite.stopped.empty()) suite.stopped = "memory";  // exit status 3
      not_run(suite, l.file, "TOO BIG", Kind::stopped,
              "not run: needs about " + harness::format_bytes(harness::run_memory(*l.scenario).bytes) + " of memory");
      return;
    case CheckRun::Did::ran:
      ran(suite, l, run, options, program);
      return;
  }
}

// Writes --report and --junit, each on its own; lists those written.
void write_reports(const Suite& suite, const po::variables_map& vm, size_t files, double wall_ms, Writes& writes) {
  if (vm.count("report")) {
    const std::string& path = vm["report"].as<std::string>();
    if (writes.write(path, reports::render_html(suite.entries, "leasesim check: " + std::to_string(files) + " scenarios", suite.problems))) {
      *suite.out << "report: " << path << "\n";
    }
  }
  if (vm.count("junit")) {
    const std::string& path = vm["junit"].as<std::string>();
    if (writes.write(path, reports::render_junit(suite.cases, wall_ms / 1000))) *suite.out << "junit: " << path << "\n";
  }
  std::cout.flush();
}

// The loaded files --filter selects (all without one), or nothing after saying it selects none.
std::optional<std::vector<const Loaded*>> select_scenarios(const std::vector<Loaded>& loaded, const CheckOptions& o) {
  std::vector<const Loaded*> chosen;
  for (const Loaded& l : loaded) {
    if (!o.filter || selected(l, *o.filter)) chosen.push_back(&l);
  }
  if (chosen.empty()) {
    std::cerr << "leasesim check: --filter '" << o.filter_text << "' selects none of the " << loaded.size()
              << (loaded.size() == 1 ? " scenario" : " scenarios") << " (it is searched in each scenario's name and path)\n";
    return std::nullopt;
  }
  return chosen;
}

// --list: each selected file and its scenario's name, or why it could not be loaded.
int list(const std::vector<const Loaded*>& chosen) {
  bool bad = false;
  for (const Loaded* l : chosen) {
    if (l->scenario) {
      std::cout << pad(l->file.path, 44) << " " << l->scenario->name << "\n";
    } else {
      bad = true;
      std::cout << pad(l->file.path, 44) << " BAD INPUT\n    " << l->error << "\n";
    }
  }
  return bad ? kExitBadInput : kExitOk;
}

void print_summary(const Suite& suite, const CheckOptions& o, double wall) {
  const CheckCounts& n = suite.n;
  if (o.json) {
    std::cout << render_check_json(suite.cases, n, o.filter_text);
    return;
  }
  std::cout << "\n" << n.selected;
  if (o.filter) std::cout << " of " << n.found;
  std::cout << (n.selected == 1 && !o.filter ? " scenario" : " scenarios");
  if (o.filter) std::cout << " selected by --filter '" << o.filter_text << "'";
  std::cout << ": " << n.met << " met, " << n.failed << " failed, " << n.bad << " bad input"
            << (n.cut > 0 ? ", " + std::to_string(n.cut) + " stopped or not run" : "") << " (" << fixed1(wall) << " ms)\n";
}

}  // namespace

int check_verb(const Invocation& inv) {
  VerbArgs args;
  if (const auto status = parse_check(inv.args, args)) return *status;
  const po::variables_map& vm = args.vm;
  CheckOptions o;
  if (const auto status = read_check_options(vm, o)) return *status;
  std::string error;
  const std::vector<SuiteFile> files = collect(args.positional, error);
  if (!error.empty()) {
    std::cerr << error << "\n";
    return kExitBadInput;
  }
  if (files.empty()) {
    std::cerr << "leasesim check: no .yaml or .yml scenario under the given paths\n";
    return kExitBadInput;
  }
  const harness::RunLimits limits = read_limits(vm);
  const std::vector<Loaded> loaded = load_all(files, limits);
  if (!names_unique(loaded)) return kExitBadInput;
  const auto chosen = select_scenarios(loaded, o);
  if (!chosen) return kExitBadInput;
  if (o.list) return list(*chosen);
  if (!check_outputs("check", vm, {"report", "junit"})) return kExitBadInput;

  harness::RunOptions options;
  options.limits = limits;
  if (vm.count("seed")) options.seed = vm["seed"].as<uint64_t>();
  if (o.update_expect) return update_expect(*chosen, options, o.jobs);
  std::vector<CheckWork> work;
  for (const Loaded* l : *chosen) {
    work.push_back({l, !l->scenario || fits_in_memory("check", l->file.path, limits, harness::run_memory(*l->scenario))});
  }
  const auto start = std::chrono::steady_clock::now();
  std::ostream nowhere(nullptr);
  Suite suite;
  if (o.json) suite.out = &nowhere;
  suite.n.found = files.size();
  suite.n.selected = chosen->size();
  run_in_order(work, options, vm.count("report") > 0, o.jobs, [&](size_t i, CheckRun& run) {
    take(suite, *(*chosen)[i], run, options, inv.program);
    suite.out->flush();  // a line per scenario as it ends, in a CI log too
  });
  const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  print_summary(suite, o, wall);
  Writes writes;
  write_reports(suite, vm, chosen->size(), wall, writes);
  if (suite.n.cut > 0) return writes.finish("check", stopped_exit_status(suite.stopped));
  if (suite.n.bad > 0) return writes.finish("check", kExitBadInput);
  return writes.finish("check", suite.n.failed > 0 ? kExitFailed : kExitOk);
}

}  // namespace leasesim::cli
