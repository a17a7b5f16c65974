// `leasesim explore FILE`: search the scenario's explore space; `leasesim merge`: add up shards.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/options.h"
#include "cli/output_paths.h"
#include "cli/scenario_file.h"
#include "cli/verbs.h"
#include "harness/explore.h"
#include "harness/memory_budget.h"
#include "reports/baseline.h"
#include "reports/input_file.h"
#include "reports/json_reader.h"
#include "reports/junit.h"
#include "reports/output_file.h"

namespace leasesim::cli {
namespace {

constexpr const char* kExploreHelp = R"(Usage: leasesim explore FILE [--runs N | --for DURATION] [--seed S] [--jobs J] [--shard I/N]
                        [--out DIR] [--until-first] [--swarm] [--baseline FILE] [--write-baseline FILE]
                        [--json] [--check-determinism] [--progress]

Runs N schedules drawn from the scenario's `explore:` section (fault templates with ranges, clock
ranges) over its base scenario and counts the runs that violate each invariant. For each
invariant and kinds of fault drawn, the first run is shrunk: faults are removed while the
violation stays, then each remaining magnitude is bisected down and each time moved earlier.
Each distinct violation (an invariant and the kinds of fault its shrunk schedule needs) keeps
the lowest such run, whose minimised schedule is written to DIR as a scenario that `leasesim
run` reproduces (its description says which seed and run it came from), ready for the
regression suite; `leasesim replay` shows how it goes wrong.

Runs stream: the first starts at once and memory does not grow with N. They are counted in run
order as they finish, so the counts are always those of the first n runs, whatever --jobs,
--until-first or a stop. Run i is the same whatever the job count or shard: --shard I/N runs
the i with i % N == I, so N machines (CI matrix jobs, a batch array job) share the work; each
shard writes DIR/summary-shard-I-of-N.json and the minimised scenario of every first run, and
`leasesim merge` turns the shards' summaries into exactly the unsharded one. On a terminal a
progress line shows runs counted, runs per second, violating runs and distinct violations so
far (by invariant and kinds of fault drawn: shrinking comes after the runs); --progress prints
it, a line a second, to a stderr that is not a terminal (a CI log).

`explore: {}` is a space too: each run draws only its simulation seed, which drives the
network's random delays (a ranged network.delay) and the protocol's own randomness.
Shrinking also simplifies what was drawn but is not a fault: drawn clock drifts and offsets
toward zero, a ranged network delay's upper end toward its lower end; the written scenario
has the simplified values and its description states them.

A nightly job: --for DURATION (e.g. 10m) runs until the time is up instead of N runs, then
shrinks and writes as usual (the exit status is that of --runs, not --max-wall's 3); the
summary says how many runs were done and that --runs <that number> reproduces them exactly.
--write-baseline FILE writes the signatures of the distinct violations found (one a line,
sorted); --baseline FILE reads such a file: violations with a known signature are listed as
known, and only a new signature fails the exploration (exit 1; a new one not fully shrunk
because of a stop says so). `leasesim merge --baseline FILE` applies it to shards.

--swarm (swarm testing, as TigerBeetle's VOPR does) has each run also draw which fault
templates it enables, each on with probability 1/2, from the run's own seed: run i enables
the same templates whatever --jobs or --shard, and rare combinations of faults are not
drowned by common ones. Its runs differ from those without --swarm: give it again to
reproduce.

Options:
)";

constexpr const char* kExploreFooter = R"(
Each run has an event budget (--max-events, 10^7 by default): a run that reaches it is stopped,
counted as over budget, and what it found until then is kept. --max-wall bounds the whole
exploration; when it runs out, or on Ctrl-C (SIGINT) or SIGTERM, no new run starts, runs in
progress are dropped, nothing more is shrunk, and the summary of the first runs_done runs is
written, exit status 3, 130 or 143. Shrinking stops too: the first runs shrunk before the stop
are fully shrunk; the one being shrunk keeps its last schedule verified still to violate, and
those after it stay as drawn. Each is keyed by the kinds of fault its schedule has (never
fewer than full shrinking would keep, so an equal signature is the same violation and merges
with a fully shrunk one), listed as NOT FULLY SHRUNK ("shrunk": "partial" or "none" in the
JSON, "full" otherwise), and written to DIR with a description that says shrinking was cut
short. What a stopped exploration reports depends on when it stopped, but is exact for what
it reports: `--runs <runs done>` with no stop gives the same counts, fully shrunk. It writes
no --write-baseline (exit status 2 rather than 3, 130 or 143, saying why): a baseline holds
what a whole exploration finds, fully shrunk; `leasesim merge --baseline` fails on a new
violation not fully shrunk (exit 1) all the same.

Paths are checked before the first run: --junit's directory must exist, and so must the
parent of --out (DIR itself is created if missing, its parents never). The minimised
scenarios are named after the scenario's `name` (NAME-INVARIANT-runI.yaml), which the loader
keeps to letters, digits, '-', '_' and '.'. A file that cannot be written once the runs are
done (a full disk) costs nothing else: the summary and the other files are written, the
summary printed, and each file that could not be written named (exit status 4).

Exit status: 0 no run violated an invariant (with --baseline: every distinct violation is
             known); 1 some did (a new one), or --check-determinism found a run whose traces
             differ; 2 bad input or usage, or an output path cannot be written
             (found before any run), or --write-baseline refused (the exploration
             was stopped); 3 --max-wall cut the exploration short, or it would
             need more memory than there is (--max-memory); 4 the exploration ended and its
             summary was printed, but a file could not be written after the runs (over 0 and
             1); 130 / 143 SIGINT / SIGTERM cut it short.

Example:
  leasesim explore scenarios/explore/zbs-legacy-reply-delay.yaml --runs 1000 --jobs 2 --out found/
)";

constexpr const char* kMergeHelp = R"(Usage: leasesim merge SUMMARY.json... [--baseline FILE] [--json] [--junit FILE.xml]

Adds up the summaries that the shards of one exploration wrote (leasesim explore --shard I/N)
into the summary of the unsharded exploration: runs, violating runs per invariant, and the
distinct violations, chosen from the shards' first runs as one exploration chooses them (each
with the lowest run that showed it, and the minimised scenario its shard wrote). A shard that
was stopped (--max-wall, a signal) leaves the merge partial as it was; where it left a lowest
run not fully shrunk, a fully shrunk run of another shard is kept beside it. Every shard
0 .. N-1 must be given once, and all must come from the same scenario, seed and run count,
all run with --swarm or all without (summaries that do not say were run without).
Shards' summaries do not record a baseline: give the one the shards were run with as
--baseline FILE, and merge lists known and new violations and exits as explore does. --junit
writes the merged exploration as explore --junit writes an unsharded one, for a CI job that
runs the shards as a matrix (examples/ci/explore-matrix.yml, examples/k8s/explore-job.yaml).

Options:
)";

constexpr const char* kMergeFooter = R"(
Each summary must be a regular file of at most 16 MiB, in the JSON explore writes: nesting
deeper than 32 levels, more than 1,000,000 values, an unknown key, a count its summary
contradicts (more runs done than the shard has, more violating runs than runs done, a run
that is not the shard's) or more than 100000 shards are refused with FILE:LINE:COLUMN.

Exit status: 0 no run violated an invariant (with --baseline: every distinct violation is
             known); 1 some did (a new one); 2 a summary or the baseline could not be read,
             the summaries do not make one exploration, or --junit cannot be written (found
             before anything is read); 3 a shard was cut short (--max-wall or a signal: the
             summary says STOPPED, and counts only the runs made); 4 the summary was printed
             but --junit could not be written after it.

Example:
  leasesim merge out/summary-shard-0-of-2.json out/summary-shard-1-of-2.json
  leasesim merge out/summary-shard-*-of-8.json --junit out/explore.xml --baseline nightly.baseline
)";

// A terminal gets one line rewritten five times a second; anything else (a CI log, a file)
// a line a second.
void set_progress(harness::ExploreOptions& o, bool terminal) {
  o.progress_every = std::chrono::milliseconds(terminal ? 200 : 1000);
  // Under --for the run count is only a cap: the line shows the runs done, not "of 2^64".
  const bool timed = o.run_until.has_value();
  o.on_progress = [terminal, timed](const harness::ExploreProgress& p) {
    const std::string of = timed ? "" : "/" + std::to_string(p.total);
    std::fprintf(stderr, "%s  %llu%s runs  %.0f runs/s  %llu violating  %llu distinct%s", terminal ? "\r" : "",
                 static_cast<unsigned long long>(p.done), of.c_str(), p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0.0,
                 static_cast<unsigned long long>(p.violating), static_cast<unsigned long long>(p.distinct), terminal ? "   " : "\n");
    std::fflush(stderr);
  };
}

// The baseline at `file`, or nothing after saying FILE:LINE:COLUMN: what is wrong.
std::optional<reports::Baseline> read_baseline(const char* verb, const std::string& file) {
  const reports::InputFile in = reports::read_input_file(file, "a baseline of violation signatures");
  if (!in.error.empty()) {
    std::cerr << file << ": " << in.error << " (--baseline of leasesim " << verb << ")\n";
    return std::nullopt;
  }
  try {
    return reports::parse_baseline(in.text);
  } catch (const reports::BaselineError& e) {
    std::cerr << file << ":" << e.what() << "\n";
    return std::nullopt;
  }
}

// A nightly job that writes its baseline (to commit it) wants the set a full exploration
// accepts. A signature not fully shrunk is a superset of its eventual one, so accepting it
// would let the fully shrunk violation fail the next night; writing only the fully shrunk
// ones would give a file that depends on when the stop came, and quietly drop violations; a
// stop before any violation would write an empty baseline for runs never made. So a stopped
// exploration writes none, the old baseline stays, and the message says how to get the file.
int refused_baseline(const std::string& file, const reports::ExploreSummary& s) {
  std::cerr << "leasesim explore: --write-baseline " << file << ": not written: the exploration was stopped ("
            << (s.stopped == "interrupted" ? "a signal" : "--max-wall") << ") ";
  if (const size_t unshrunk = reports::not_fully_shrunk(s); unshrunk > 0) {
    std::cerr << "before " << unshrunk << " of its " << s.distinct.size() << " distinct violations were fully shrunk, and a baseline "
              << "holds fully shrunk signatures only";
  } else {
    std::cerr << "after " << s.runs_done << " of its " << s.runs << " runs, and a baseline holds what the whole exploration finds";
  }
  std::cerr << "; run again with --runs " << s.runs_done << " and no stop to write it\n";
  return kExitBadInput;
}

// How explore and merge exit on a summary: a stop wins over what the runs found (the runs not
// made might have found more), then a violation (with a baseline: a new one).
int exploration_status(const reports::ExploreSummary& s) {
  if (!s.stopped.empty()) return stopped_exit_status(s.stopped);
  return reports::exploration_failed(s) ? kExitFailed : kExitOk;
}

}  // namespace

std::optional<int> parse_explore(const std::vector<std::string>& args, VerbArgs& out) {
  po::options_description opts;
  opts.add_options()
      ("runs", whole_number("a number of runs", 1, kMaxWholeNumber)->value_name("N")->default_value(1000), "how many runs to draw")
      ("seed", seed_value()->value_name("S"), "the exploration's seed (default: the scenario's `seed`)")
      ("jobs", whole_number("a number of worker threads", 1, kMaxJobs)->value_name("J")->default_value(1),
       "worker threads, at most 1024; results do not depend on it")
      ("shard", shard()->value_name("I/N"), "run only the runs i with i % N == I")
      ("out", po::value<std::string>()->value_name("DIR")->default_value("leasesim-explore"),
       "where minimised scenarios and the JSON summary go")
      ("for", wall_duration("a wall-clock duration")->value_name("DURATION"),
       "run until this much wall-clock time has passed (e.g. 10m) instead of --runs N; the summary says how many runs "
       "were done, which --runs reproduces exactly")
      ("until-first", "stop at the first violating run")
      ("swarm", "swarm testing: each run also enables each fault template with probability 1/2, drawn from its own seed")
      ("baseline", po::value<std::string>()->value_name("FILE"),
       "known violation signatures (as --write-baseline writes them): only a violation with another signature fails")
      ("write-baseline", po::value<std::string>()->value_name("FILE"), "write the signatures of the distinct violations found to FILE")
      ("json", "print the summary as JSON instead of text")
      ("junit", po::value<std::string>()->value_name("FILE.xml"), "write JUnit XML, a test case per distinct violation, for CI")
      ("check-determinism", "run every case twice and report runs whose traces differ")
      ("progress", "print a progress line (runs counted, runs per second, violating runs) to stderr every second even when it "
                   "is not a terminal, e.g. in a CI log");
  add_limit_options(opts, "each run", harness::kExploreEventBudget, "the run is counted as over budget; the exploration goes on");
  opts.add_options()("help,h", "show this help");
  if (const auto status = parse_verb("explore", args, opts, kExploreHelp, kExploreFooter, out)) return status;
  if (!one_file("explore", out)) return kExitBadInput;
  if (out.vm.count("for") && !out.vm["runs"].defaulted()) {
    std::cerr << "leasesim explore: give --runs N or --for DURATION, not both\n";
    return kExitBadInput;
  }
  if (out.vm.count("for") && out.vm.count("shard")) {
    std::cerr << "leasesim explore: --for cannot be split with --shard (shards would do different numbers of runs): give "
                 "--runs N, or run --for unsharded\n";
    return kExitBadInput;
  }
  return std::nullopt;
}

int explore_verb(const Invocation& inv) {
  VerbArgs args;
  if (const auto status = parse_explore(inv.args, args)) return *status;
  const po::variables_map& vm = args.vm;
  const std::string& file = args.positional[0];
  const auto scenario = load_or_report("explore", file, read_limits(vm));
  if (!scenario) return kExitBadInput;
  if (!scenario->explore) {
    std::cerr << file << ": the scenario has no `explore:` section to draw runs from (see README, \"Exploring\")\n";
    return kExitBadInput;
  }

  harness::ExploreOptions o;
  o.runs = vm["runs"].as<uint64_t>();
  o.seed = vm.count("seed") ? vm["seed"].as<uint64_t>() : scenario->seed;
  o.jobs = static_cast<unsigned>(vm["jobs"].as<uint64_t>());
  if (vm.count("shard")) {
    o.shard_index = vm["shard"].as<Shard>().index;
    o.shard_count = vm["shard"].as<Shard>().count;
  }
  o.until_first = vm.count("until-first") > 0;
  o.check_determinism = vm.count("check-determinism") > 0;
  o.out_dir = vm["out"].as<std::string>();
  o.limits = read_limits(vm);
  o.swarm = vm.count("swarm") > 0;
  if (vm.count("for")) {
    o.runs = kMaxWholeNumber;
    o.run_until = command_start() + std::chrono::nanoseconds(vm["for"].as<int64_t>());
  }
  std::optional<reports::Baseline> baseline;
  if (vm.count("baseline") && !(baseline = read_baseline("explore", vm["baseline"].as<std::string>()))) return kExitBadInput;
  const harness::MemoryNeed need = harness::explore_memory(*scenario, o.jobs);
  if (!fits_in_memory("explore", file, o.limits, need, "use fewer --jobs, or split the runs with --shard I/N over machines")) {
    return kExitStopped;
  }
  const std::string summary_file =
      (std::filesystem::path(o.out_dir) / (o.shard_count > 1 ? "summary-shard-" + std::to_string(o.shard_index) + "-of-" +
                                                                   std::to_string(o.shard_count) + ".json"
                                                             : std::string("summary.json")))
          .string();
  // Every path before the first run: --junit, then --out (created if missing, never its
  // parents), then the summary in it.
  if (!check_outputs("explore", vm, {"junit", "write-baseline"})) return kExitBadInput;
  for (const std::string& err : {reports::prepare_output_dir(o.out_dir), reports::check_output_file(summary_file)}) {
    if (err.empty()) continue;
    std::cerr << "leasesim explore: " << err << " (--out)\n";
    return kExitBadInput;
  }
  const bool terminal = isatty(STDERR_FILENO) != 0;
  if (terminal || vm.count("progress")) set_progress(o, terminal);

  reports::ExploreSummary summary = harness::explore(*scenario, o);
  if (baseline) reports::apply_baseline(summary, *baseline, vm["baseline"].as<std::string>());
  if (terminal && o.on_progress) std::fprintf(stderr, "\n");

  // Whatever could not be written (a minimised scenario, the summary, --junit), the rest is,
  // and the summary is printed all the same.
  Writes writes;
  for (const std::string& err : summary.write_errors) writes.failed(err);
  const bool summary_written = writes.write(summary_file, reports::render_json(summary));
  if (vm.count("junit")) writes.write(vm["junit"].as<std::string>(), reports::render_junit(summary, inv.program));
  const bool refuse_baseline = vm.count("write-baseline") && !summary.stopped.empty();
  if (vm.count("write-baseline") && summary.stopped.empty()) writes.write(vm["write-baseline"].as<std::string>(), reports::render_baseline(summary));
  if (vm.count("json")) {
    std::cout << reports::render_json(summary);
  } else {
    std::cout << reports::render_text(summary) << (summary_written ? "summary      " + summary_file + "\n" : "");
  }
  std::cout.flush();
  if (refuse_baseline) return writes.finish("explore", refused_baseline(vm["write-baseline"].as<std::string>(), summary));
  return writes.finish("explore", exploration_status(summary));
}

std::optional<int> parse_merge(const std::vector<std::string>& args, VerbArgs& out) {
  po::options_description opts;
  opts.add_options()("json", "print the merged summary as JSON")(
      "junit", po::value<std::string>()->value_name("FILE.xml"), "write JUnit XML, a test case per distinct violation, for CI")(
      "baseline", po::value<std::string>()->value_name("FILE"),
      "known violation signatures (explore --write-baseline): only a violation with another signature fails")(
      "help,h", "show this help");
  if (const auto status = parse_verb("merge", args, opts, kMergeHelp, kMergeFooter, out)) return status;
  if (out.positional.empty()) {
    std::cerr << "leasesim merge: give the summaries to merge (see leasesim merge --help)\n";
    return kExitBadInput;
  }
  return std::nullopt;
}

int merge_verb(const Invocation& inv) {
  VerbArgs args;
  if (const auto status = parse_merge(inv.args, args)) return *status;
  const po::variables_map& vm = args.vm;
  if (!check_outputs("merge", vm, {"junit"})) return kExitBadInput;
  std::optional<reports::Baseline> baseline;
  if (vm.count("baseline") && !(baseline = read_baseline("merge", vm["baseline"].as<std::string>()))) return kExitBadInput;
  std::vector<reports::ExploreSummary> shards;
  for (const std::string& f : args.positional) {
    const reports::InputFile in = reports::read_input_file(f, "an explore summary");
    if (!in.error.empty()) {
      std::cerr << f << ": " << in.error << "\n";
      return kExitBadInput;
    }
    try {
      shards.push_back(reports::parse_summary_json(in.text));
    } catch (const reports::JsonError& e) {
      std::cerr << f << ":" << e.what() << "\n";
      return kExitBadInput;
    }
  }
  reports::ExploreSummary merged;
  try {
    merged = reports::merge(shards);
  } catch (const reports::MergeMismatch& e) {
    std::cerr << e.describe(args.positional[e.shard], args.positional[e.other]) << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "leasesim merge: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (baseline) reports::apply_baseline(merged, *baseline, vm["baseline"].as<std::string>());
  std::cout << (vm.count("json") ? reports::render_json(merged) : reports::render_text(merged));
  std::cout.flush();
  Writes writes;
  if (vm.count("junit")) writes.write(vm["junit"].as<std::string>(), reports::render_junit(merged, inv.program));
  // A shard cut short makes the merged exploration one that was cut short (3, whatever it
  // found: merge itself takes no signal), so a nightly job never passes on runs not made.
  return writes.finish("merge", exploration_status(merged));
}

}  // namespace leasesim::cli
