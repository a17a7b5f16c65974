// `leasesim check PATH...`: the regression suite. Every scenario under the paths, one line
// each, a summary, and for every failure the command that reproduces it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "cli/options.h"
#include "cli/output_paths.h"
#include "cli/stoppable_work.h"
#include "cli/verbs.h"
#include "harness/input_error.h"
#include "harness/memory_budget.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "reports/html_report.h"
#include "reports/junit.h"
#include "reports/text_result.h"
#include "sim/duration_text.h"

namespace leasesim::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCheckHelp = R"(Usage: leasesim check PATH... [--seed N]

Runs every scenario under the given paths (a .yaml/.yml file, or a directory searched
recursively, in sorted order) and prints one line per scenario:

  SCENARIO  VERDICT  EXPECT  EVENTS  WALL

VERDICT is `holds` or `violated` (any invariant); EXPECT is `met`, `FAILED` (an invariant was
violated or an expectation was not met) or `BAD INPUT` (the file could not be loaded; the
error follows). A summary closes the list; each failure is followed by its reproduce command.
Every file is loaded before any runs, and two scenarios with the same `name` are refused.
A file that is not a regular file (a FIFO, a device, a dangling link named x.yaml) or is
larger than 16 MiB is BAD INPUT with its reason.

--report writes one page: the count of every file at the top, the files that could not be
loaded or run with their messages, then each scenario. --junit writes a test case per file,
its classname the file's path under the folder checked (zbs/x.yaml: zbs.x): a failure of type
`expectation`, or `stopped` when a limit or a signal cut the run short; an error for a file
that could not be loaded; skipped for one not run.

Options:
)";

constexpr const char* kCheckFooter = R"(
Exit status: 0 every scenario met its expectations; 1 at least one failed; 2 a file could not
             be loaded, two scenarios share a name, a path does not exist, no scenario was
             found, or --report or --junit cannot be written (checked before any run: the
             directory must exist, none is created); 3 a limit stopped a
             run (--max-events, --max-wall; the scenarios after a --max-wall stop are not
             run) or a scenario would need more memory than there is; 4 the suite ran and
             its lines were printed, but --report or --junit could not be written after the
             runs (over 0 and 1); 130 / 143 SIGINT / SIGTERM stopped the suite.

Example:
  leasesim check scenarios/
)";

bool is_scenario(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

struct SuiteFile {
  std::string path;       // as found under the path given
  std::string classname;  // JUnit: relative to the folder checked, without extension, dots for slashes
};

std::string classname_of(const fs::path& relative) {
  std::string s = fs::path(relative).replace_extension().generic_string();
  for (char& c : s) c = c == '/' ? '.' : c;
  return s;
}

// The scenario files under `paths`, or an error message.
std::vector<SuiteFile> collect(const std::vector<std::string>& paths, std::string& error) {
  std::vector<SuiteFile> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      error = "leasesim check: " + p + ": no such file or directory";
      return {};
    }
    if (!fs::is_directory(st)) {
      files.push_back({p, classname_of(fs::path(p).filename())});
      continue;
    }
    std::vector<SuiteFile> found;
    for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      // Whatever bears a scenario's name is listed but a directory: a FIFO or a dangling link
      // named x.yaml is then a BAD INPUT with its reason, not silently skipped.
      std::error_code type_ec;
      if (is_scenario(it->path()) && !it->is_directory(type_ec)) {
        found.push_back({it->path().string(), classname_of(it->path().lexically_relative(p))});
      }
    }
    if (ec) {
      error = "leasesim check: " + p + ": " + ec.message();
      return {};
    }
    std::sort(found.begin(), found.end(), [](const SuiteFile& a, const SuiteFile& b) { return a.path < b.path; });
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A suite file loaded, or the loader's message.
struct Loaded {
  SuiteFile file;
  std::optional<harness::Scenario> scenario;
  std::string error;
};

// Each load where the command's deadline and a signal end it (cli/stoppable_work.h): the suite
// has not run yet, so a stop there prints no lines, only why it stopped.
std::vector<Loaded> load_all(const std::vector<SuiteFile>& files, const harness::RunLimits& limits) {
  std::vector<Loaded> out;
  for (const SuiteFile& f : files) {
    Loaded& l = out.emplace_back(Loaded{f, std::nullopt, ""});
    try {
      finish_unless_stopped("check", f.path, limits.deadline, [&] { l.scenario = harness::load_scenario_file(f.path); });
    } catch (const harness::InputError& e) {
      l.error = e.what();
    }
  }
  return out;
}

// Names identify scenarios in the summary, the JUnit cases and the report's sections, so two
// files of one suite may not share one. Prints each clash; true if there was none.
bool names_unique(const std::vector<Loaded>& loaded) {
  std::map<std::string, std::string> first_file;
  bool unique = true;
  for (const Loaded& l : loaded) {
    if (!l.scenario) continue;
    const auto [it, fresh] = first_file.emplace(l.scenario->name, l.file.path);
    if (fresh) continue;
    unique = false;
    std::cerr << "leasesim check: " << it->second << " and " << l.file.path << " are both named '" << l.scenario->name
              << "'; give each scenario of a suite its own `name`\n";
  }
  return unique;
}

// What the suite found so far: the counts of the summary line and what the reports need.
struct Suite {
  size_t met = 0, failed = 0, bad = 0, cut = 0;  // cut: stopped by a limit or a signal, or not run
  std::string stopped;                           // the limit that cut the suite short, for the exit status
  bool skip_rest = false;                        // after --max-wall or a signal
  std::deque<reports::Result> results;           // stable addresses for the JUnit cases
  std::vector<reports::CheckCase> cases;
  std::vector<reports::ReportEntry> entries;
  std::vector<reports::ReportProblem> problems;
};

using Kind = reports::CheckCase::Kind;

void not_run(Suite& suite, const SuiteFile& f, const std::string& status, Kind kind, const std::string& message) {
  std::cout << pad(f.path, 44) << " " << pad("-", 9) << " " << status << "\n";
  suite.cases.push_back({kind, f.path, f.classname, f.path, 0, nullptr, message, ""});
  suite.problems.push_back({f.path, status, message});
}

void print_failure(const reports::Result& r, const std::string& reproduce) {
  for (const auto& e : r.expectations) {
    if (!e.met) std::cout << "    not met: " << e.what << (e.detail.empty() ? "" : ": " + e.detail) << "\n";
  }
  if (!r.has_expect) std::cout << "    an invariant was violated and the scenario has no `expect`\n";
  std::cout << "    reproduce: " << reproduce << "\n";
}

void run_one(Suite& suite, const Loaded& l, const harness::RunOptions& options, bool report, const std::string& program) {
  const SuiteFile& f = l.file;
  reports::Recording recording;
  harness::RunOptions run_options = options;
  if (report) run_options.recording = &recording;
  const reports::Result& r = suite.results.emplace_back(harness::run_scenario(*l.scenario, run_options));
  const std::string reproduce = reproduce_command(program, f.path, r.seed);
  suite.cases.push_back({Kind::ran, f.path, f.classname, r.scenario, r.wall_ms / 1000, &r, "", reproduce});
  if (report) suite.entries.push_back({r, std::move(recording), reproduce, l.scenario->description});
  if (!r.stopped.empty()) {
    ++suite.cut;
    const std::string why = reports::stop_explanation(r.stopped) + " at " + sim::format_seconds(r.stopped_at_ns) + " of virtual time";
    std::cout << pad(r.scenario, 44) << " " << pad("-", 9) << " STOPPED   " << why << "\n";
    suite.cases.back().kind = Kind::stopped;
    suite.cases.back().message = "stopped: " + why;
    suite.stopped = r.stopped;
    suite.skip_rest = r.stopped != harness::stop_reason_name(harness::StopReason::max_events);
    if (!suite.skip_rest) explain_event_budget("check", f.path, "its run", options.limits.max_events);
    return;
  }
  (r.expectations_met ? suite.met : suite.failed) += 1;
  std::cout << pad(r.scenario, 44) << " " << pad(r.verdict(), 9) << " " << pad(r.expectations_met ? "met" : "FAILED", 9) << " "
            << pad(std::to_string(r.events) + " events", 14) << " " << fixed1(r.wall_ms) << " ms\n";
  if (!r.expectations_met) print_failure(r, reproduce);
}

void check_one(Suite& suite, const Loaded& l, const harness::RunOptions& options, bool report, const std::string& program) {
  if (!l.scenario) {
    ++suite.bad;
    std::cout << pad(l.file.path, 44) << " " << pad("-", 9) << " BAD INPUT\n    " << l.error << "\n";
    suite.cases.push_back({Kind::bad_input, l.file.path, l.file.classname, l.file.path, 0, nullptr, l.error, ""});
    suite.problems.push_back({l.file.path, "BAD INPUT", l.error});
    return;
  }
  if (!suite.skip_rest && harness::interrupt_signal() != 0) {
    suite.skip_rest = true;
    suite.stopped = "interrupted";
  }
  if (suite.skip_rest) {
    // The wall-clock budget is spent, or Ctrl-C: the rest are listed, not run.
    ++suite.cut;
    not_run(suite, l.file, "NOT RUN", Kind::not_run, "not run: " + reports::stop_explanation(suite.stopped));
    return;
  }
  if (const harness::MemoryNeed need = harness::run_memory(*l.scenario); !fits_in_memory("check", l.file.path, options.limits, need)) {
    ++suite.cut;
    if (suite.stopped.empty()) suite.stopped = "memory";  // exit status 3
    not_run(suite, l.file, "TOO BIG", Kind::stopped, "not run: needs about " + harness::format_bytes(need.bytes) + " of memory");
    return;
  }
  run_one(suite, l, options, report, program);
}

// Writes --report and --junit, each on its own; lists those written.
void write_reports(const Suite& suite, const po::variables_map& vm, size_t files, double wall_ms, Writes& writes) {
  if (vm.count("report")) {
    const std::string& path = vm["report"].as<std::string>();
    if (writes.write(path, reports::render_html(suite.entries, "leasesim check: " + std::to_string(files) + " scenarios", suite.problems))) {
      std::cout << "report: " << path << "\n";
    }
  }
  if (vm.count("junit")) {
    const std::string& path = vm["junit"].as<std::string>();
    if (writes.write(path, reports::render_junit(suite.cases, wall_ms / 1000))) std::cout << "junit: " << path << "\n";
  }
  std::cout.flush();
}

}  // namespace

std::optional<int> parse_check(const std::vector<std::string>& args, VerbArgs& out) {
  po::options_description opts;
  opts.add_options()
      ("seed", seed_value()->value_name("N"), "run every scenario with seed N instead of its own")
      ("report", po::value<std::string>()->value_name("FILE.html"),
       "write one HTML page for the suite: the files that could not be loaded or run, and an index of scenarios linking each one's timeline")
      ("junit", po::value<std::string>()->value_name("FILE.xml"), "write JUnit XML, a test case per scenario file, for CI");
  add_limit_options(opts, "each scenario's run");
  opts.add_options()("help,h", "show this help");
  if (const auto status = parse_verb("check", args, opts, kCheckHelp, kCheckFooter, out, "path")) return status;
  if (out.positional.empty()) {
    std::cerr << "leasesim check: give at least one path (see leasesim check --help)\n";
    return kExitBadInput;
  }
  return std::nullopt;
}

int check_verb(const Invocation& inv) {
  VerbArgs args;
  if (const auto status = parse_check(inv.args, args)) return *status;
  const po::variables_map& vm = args.vm;
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
  if (!check_outputs("check", vm, {"report", "junit"})) return kExitBadInput;

  harness::RunOptions options;
  options.limits = limits;
  if (vm.count("seed")) options.seed = vm["seed"].as<uint64_t>();
  const auto start = std::chrono::steady_clock::now();
  Suite suite;
  for (const Loaded& l : loaded) {
    check_one(suite, l, options, vm.count("report") > 0, inv.program);
    std::cout.flush();  // a line per scenario as it ends, in a CI log too
  }
  const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "\n" << files.size() << (files.size() == 1 ? " scenario: " : " scenarios: ") << suite.met << " met, " << suite.failed
            << " failed, " << suite.bad << " bad input" << (suite.cut > 0 ? ", " + std::to_string(suite.cut) + " stopped or not run" : "")
            << " (" << fixed1(wall) << " ms)\n";
  Writes writes;
  write_reports(suite, vm, files.size(), wall, writes);
  if (suite.cut > 0) return writes.finish("check", stopped_exit_status(suite.stopped));
  if (suite.bad > 0) return writes.finish("check", kExitBadInput);
  return writes.finish("check", suite.failed > 0 ? kExitFailed : kExitOk);
}

}  // namespace leasesim::cli
