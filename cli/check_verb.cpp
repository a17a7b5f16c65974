// `leasesim check PATH...`: the regression suite. Every scenario under the paths, one line
// each, a summary, and for every failure the command that reproduces it.
#include <algorithm>
#include <deque>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/options.h"
#include "reports/output_file.h"
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

Options:
)";

constexpr const char* kCheckFooter = R"(
Exit status: 0 every scenario met its expectations; 1 at least one failed; 2 a file could not
             be loaded, a path does not exist, or no scenario was found; 3 a limit stopped a
             run (--max-events, --max-wall; the scenarios after a --max-wall stop are not
             run) or a scenario would need more memory than there is; 130 / 143 SIGINT /
             SIGTERM stopped the suite.

Example:
  leasesim check scenarios/
)";

bool is_scenario(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

// The scenario files under `paths`, or an error message.
std::vector<std::string> collect(const std::vector<std::string>& paths, std::string& error) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      error = "leasesim check: " + p + ": no such file or directory";
      return {};
    }
    if (fs::is_directory(st)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file() && is_scenario(it->path())) found.push_back(it->path().string());
      }
      if (ec) {
        error = "leasesim check: " + p + ": " + ec.message();
        return {};
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(p);
    }
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

}  // namespace

int check_verb(const Invocation& inv) {
  po::options_description opts;
  opts.add_options()
      ("seed", po::value<uint64_t>()->value_name("N"), "run every scenario with seed N instead of its own")
      ("report", po::value<std::string>()->value_name("FILE.html"),
       "write one HTML page for the suite: an index of scenarios linking each one's timeline")
      ("junit", po::value<std::string>()->value_name("FILE.xml"), "write JUnit XML, a test case per scenario, for CI");
  add_limit_options(opts, "each scenario's run");
  opts.add_options()("help,h", "show this help");
  VerbArgs args;
  if (const auto status = parse_verb("check", inv.args, opts, kCheckHelp, kCheckFooter, args, "path")) return *status;
  const po::variables_map& vm = args.vm;
  if (args.positional.empty()) {
    std::cerr << "leasesim check: give at least one path (see leasesim check --help)\n";
    return kExitBadInput;
  }
  std::string error;
  const std::vector<std::string> files = collect(args.positional, error);
  if (!error.empty()) {
    std::cerr << error << "\n";
    return kExitBadInput;
  }
  if (files.empty()) {
    std::cerr << "leasesim check: no .yaml or .yml scenario under the given paths\n";
    return kExitBadInput;
  }

  const std::optional<harness::RunLimits> limits = read_limits("check", vm);
  if (!limits) return kExitBadInput;
  harness::RunOptions options;
  options.limits = *limits;
  if (vm.count("seed")) options.seed = vm["seed"].as<uint64_t>();
  std::string stopped;     // the limit that cut the suite short, for the exit status
  bool skip_rest = false;  // after --max-wall or a signal
  const auto start = std::chrono::steady_clock::now();
  size_t met = 0, failed = 0, bad = 0, cut = 0;  // cut: stopped by a limit or a signal, or not run
  const bool report = vm.count("report") > 0;
  std::vector<reports::ReportEntry> entries;
  std::deque<reports::Result> results;  // stable addresses for the JUnit cases
  std::vector<reports::CheckCase> cases;
  for (const std::string& file : files) {
    harness::Scenario scenario;
    try {
      scenario = harness::load_scenario_file(file);
    } catch (const harness::InputError& e) {
      ++bad;
      std::cout << pad(file, 44) << " " << pad("-", 9) << " BAD INPUT\n    " << e.what() << "\n";
      cases.push_back({file, file, 0, nullptr, e.what(), ""});
      continue;
    }
    if (!skip_rest && harness::interrupt_signal() != 0) {
      skip_rest = true;
      stopped = "interrupted";
    }
    if (skip_rest) {
      // The wall-clock budget is spent, or Ctrl-C: the rest are listed, not run.
      ++cut;
      std::cout << pad(file, 44) << " " << pad("-", 9) << " NOT RUN\n";
      cases.push_back({file, file, 0, nullptr, "not run: " + reports::stop_explanation(stopped), ""});
      continue;
    }
    if (const harness::MemoryNeed need = harness::run_memory(scenario); !fits_in_memory("check", file, options.limits, need)) {
      ++cut;
      if (stopped.empty()) stopped = "memory";  // exit status 3
      std::cout << pad(file, 44) << " " << pad("-", 9) << " TOO BIG\n";
      cases.push_back({file, file, 0, nullptr, "needs about " + harness::format_bytes(need.bytes) + " of memory", ""});
      continue;
    }
    reports::Recording recording;
    harness::RunOptions run_options = options;
    if (report) run_options.recording = &recording;
    const reports::Result& r = results.emplace_back(harness::run_scenario(scenario, run_options));
    cases.push_back({file, r.scenario, r.wall_ms / 1000, &r, "", reproduce_command(inv.program, file, r.seed)});
    if (report) entries.push_back({r, std::move(recording), cases.back().reproduce, scenario.description});
    if (!r.stopped.empty()) {
      ++cut;
      std::cout << pad(r.scenario, 44) << " " << pad("-", 9) << " STOPPED   " << reports::stop_explanation(r.stopped) << " at "
                << sim::format_seconds(r.stopped_at_ns) << " of virtual time\n";
      cases.back().result = nullptr;
      cases.back().error = "stopped at " + sim::format_seconds(r.stopped_at_ns) + ": " + reports::stop_explanation(r.stopped);
      stopped = r.stopped;
      skip_rest = r.stopped != "max_events";
      continue;
    }
    (r.expectations_met ? met : failed) += 1;
    std::cout << pad(r.scenario, 44) << " " << pad(r.verdict(), 9) << " " << pad(r.expectations_met ? "met" : "FAILED", 9)
              << " " << pad(std::to_string(r.events) + " events", 14) << " " << fixed1(r.wall_ms) << " ms\n";
    if (!r.expectations_met) {
      for (const auto& e : r.expectations) {
        if (!e.met) std::cout << "    not met: " << e.what << (e.detail.empty() ? "" : ": " + e.detail) << "\n";
      }
      if (!r.has_expect) std::cout << "    an invariant was violated and the scenario has no `expect`\n";
      std::cout << "    reproduce: " << reproduce_command(inv.program, file, r.seed) << "\n";
    }
  }
  const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "\n" << files.size() << (files.size() == 1 ? " scenario: " : " scenarios: ") << met << " met, " << failed
            << " failed, " << bad << " bad input" << (cut > 0 ? ", " + std::to_string(cut) + " stopped or not run" : "") << " ("
            << fixed1(wall) << " ms)\n";
  std::string err;
  if (report) err = reports::write_file(vm["report"].as<std::string>(), reports::render_html(entries, "leasesim check: " + std::to_string(files.size()) + " scenarios"));
  if (err.empty() && vm.count("junit")) err = reports::write_file(vm["junit"].as<std::string>(), reports::render_junit(cases, wall / 1000));
  if (!err.empty()) {
    std::cerr << "leasesim check: " << err << "\n";
    return kExitBadInput;
  }
  if (report) std::cout << "report: " << vm["report"].as<std::string>() << "\n";
  if (vm.count("junit")) std::cout << "junit: " << vm["junit"].as<std::string>() << "\n";
  if (cut > 0) return stopped_exit_status(stopped);
  if (bad > 0) return kExitBadInput;
  return failed > 0 ? kExitFailed : kExitOk;
}

}  // namespace leasesim::cli
