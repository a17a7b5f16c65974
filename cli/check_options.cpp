#include "cli/check_options.h"

#include <iostream>

#include "cli/verbs.h"

namespace leasesim::cli {
namespace {

constexpr const char* kCheckHelp = R"(Usage: leasesim check PATH... [--filter REGEX] [--jobs N] [--seed N] [--json] [--list]
                             [--update-expect] [--report FILE.html] [--junit FILE.xml]

Runs every scenario under the given paths (a .yaml/.yml file, or a directory searched
recursively, in sorted order) and prints one line per scenario:

  SCENARIO  VERDICT  EXPECT  EVENTS  WALL

VERDICT is `holds` or `violated` (any invariant); EXPECT is `met`, `FAILED` (an invariant was
violated or an expectation was not met) or `BAD INPUT` (the file could not be loaded; the
error follows). A summary closes the list; each failure is followed by its reproduce command.
Every file is loaded before any runs, and two scenarios with the same `name` are refused.
A file that is not a regular file (a FIFO, a device, a dangling link named x.yaml) or is
larger than 16 MiB is BAD INPUT with its reason.

--filter REGEX keeps the scenarios whose `name`, or whose path (as found, or relative to the
folder checked), contains a match of REGEX (ECMAScript syntax, as in JavaScript); the others
are neither run nor counted as failures, and the summary says how many were selected of how
many. A file that could not be loaded is selected by its path. A filter that selects nothing
is an error (exit 2), so that a typo in CI does not pass green.

--jobs N runs N scenarios at a time on worker threads. The lines, the summary, --json,
--report and --junit come in the same order as with --jobs 1 and are the same but for the
wall-clock times: each scenario is an independent run. After a --max-wall stop or Ctrl-C the
scenarios not yet started are not run (listed NOT RUN); those running are cut by it too.

--json prints one JSON document instead of the lines: {"scenarios": [...], "summary": {...}}.
Each scenario has its `file`, `name`, `expect` (met, FAILED, BAD INPUT, STOPPED, TOO BIG or
NOT RUN), `error` (what was wrong with the file, or why it was not run), `reproduce` (the
command that runs it again) and, if it ran, `result`: the object `leasesim run --json` prints
(verdict, expectations, violation and report windows, trace_hash, events).

--list prints the selected scenarios (path, then name) and runs none; a file that cannot be
loaded is still BAD INPUT (exit 2).

--update-expect runs each selected scenario and rewrites its `expect:` section with what the
run showed, for review as a diff (golden-file style): the verdict of every invariant, every
window, and the author's `events` the run met. Only the section's text changes; every other
byte of the file stays. A file whose `expect` is met is left untouched (`unchanged`); one with
no `expect` gets one appended. An `expect` that cannot be replaced safely (a flow map over
several lines, an anchor, alias or tag, a comment inside it) is refused with FILE:LINE:COLUMN
and the file left as it is (exit 2). A scenario reached through a symbolic link is rewritten
where the link points, and the link kept. It takes no --seed: a file's expectations are for
its own.

--report writes one page: the count of every file at the top, the files that could not be
loaded or run with their messages, then each scenario. --junit writes a test case per file,
its classname the file's path under the folder checked (zbs/x.yaml: zbs.x): a failure of type
`expectation`, or `stopped` when a limit or a signal cut the run short; an error for a file
that could not be loaded; skipped for one not run.

Options:
)";

constexpr const char* kCheckFooter = R"(
Exit status: 0 every scenario met its expectations (--update-expect: every file updated or
             unchanged); 1 at least one failed; 2 a file could not be loaded, two scenarios
             share a name, a path does not exist, no scenario was found, --filter is not a
             regular expression or selects nothing, --update-expect refused a file, or
             --report or --junit cannot be written (checked before any run: the directory
             must exist, none is created); 3 a limit stopped a run (--max-events,
             --max-wall; the scenarios after a --max-wall stop are not run) or a scenario
             would need more memory than there is; 4 the suite ran and its lines were
             printed, but --report or --junit could not be written after the runs (over 0
             and 1); 130 / 143 SIGINT / SIGTERM stopped the suite.

Examples:
  leasesim check scenarios/
  leasesim check scenarios/ --filter 'zbs/|^zk-' --jobs 2
  leasesim check scenarios/ --json > suite.json
  leasesim check scenarios/etcd --list
  leasesim check scenarios/zbs/legacy-reply-delay-6s.yaml --update-expect && git diff
)";

// Options that make no sense together: the first of `a` given with any of `b`.
bool exclusive(const po::variables_map& vm, const char* a, std::initializer_list<const char*> b) {
  if (!vm.count(a)) return true;
  for (const char* o : b) {
    if (vm.count(o)) {
      std::cerr << "leasesim check: --" << a << " and --" << o << " do not go together (see leasesim check --help)\n";
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<int> parse_check(const std::vector<std::string>& args, VerbArgs& out) {
  po::options_description opts;
  opts.add_options()
      ("filter", po::value<std::string>()->value_name("REGEX"),
       "only the scenarios whose name or path contains a match of REGEX (ECMAScript), e.g. --filter 'zbs/|lease'")
      ("jobs", whole_number("a number of worker threads", 1, kMaxJobs)->value_name("N")->default_value(1),
       "run N scenarios at a time; the output is in the same order as with 1, e.g. --jobs 2")
      ("seed", seed_value()->value_name("N"), "run every scenario with seed N instead of its own")
      ("json", "print one JSON document, {\"scenarios\": [...], \"summary\": {...}}, instead of the lines")
      ("list", "print the selected scenarios (path and name) without running them")
      ("update-expect", "rewrite each selected scenario's `expect:` with what its run showed (only that section changes)")
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

std::optional<int> read_check_options(const po::variables_map& vm, CheckOptions& out) {
  if (!exclusive(vm, "list", {"update-expect", "json", "report", "junit"}) ||
      !exclusive(vm, "update-expect", {"seed", "json", "report", "junit"})) {
    return kExitBadInput;
  }
  if (vm.count("filter")) {
    out.filter_text = vm["filter"].as<std::string>();
    try {
      out.filter.emplace(out.filter_text, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      std::cerr << "leasesim check: --filter '" << out.filter_text << "' is not a regular expression: " << e.what() << "\n";
      return kExitBadInput;
    }
  }
  out.jobs = static_cast<unsigned>(vm["jobs"].as<uint64_t>());
  out.json = vm.count("json") > 0;
  out.list = vm.count("list") > 0;
  out.update_expect = vm.count("update-expect") > 0;
  return std::nullopt;
}

}  // namespace leasesim::cli
