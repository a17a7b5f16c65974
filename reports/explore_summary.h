// What an exploration found, as plain data: written as JSON by `leasesim explore`, read back
// and added up by `leasesim merge` (shards of one exploration merge into exactly the summary of
// the unsharded run), and printed for people. Its size does not grow with the number of runs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leasesim::reports {

struct DistinctViolation {
  std::string checker;
  std::string signature;  // the invariant and the kinds of fault its shrunk schedule needs
  uint64_t run = 0;       // the first run that showed it
  uint64_t run_seed = 0;  // that run's simulation seed
  uint64_t faults_drawn = 0;
  uint64_t faults_kept = 0;
  std::string file;  // the minimised scenario, when written
  bool known = false;  // its signature is in the baseline (apply_baseline; not in the JSON)
};

// The first run (lowest index) that violated an invariant having drawn faults of given kinds,
// and what shrinking made of it. Shrinking the same run gives the same result wherever it
// happens, so merging shards takes per (checker, drawn kinds) the lowest run over all shards,
// then per signature the lowest of those: exactly what one unsharded exploration does.
struct FirstRun {
  // "delay + drop", "no fault"; empty when read from a summary written before leasesim
  // recorded it (the signature then stands in, as the old merge did).
  std::string drawn_kinds;
  DistinctViolation violation;  // the run, and the signature its shrunk schedule has
};

// At most this many nondeterministic runs are listed (the lowest); all are counted.
constexpr size_t kListedNondeterministic = 100;

// The most shards an exploration may be split into (`explore --shard I/N`, N at most this):
// far more machines than a CI matrix or a batch array job has, few enough that `merge`
// checks every one of them at once.
constexpr uint64_t kMaxShards = 100'000;

struct ExploreSummary {
  std::string scenario;
  std::string file;
  uint64_t seed = 0;
  uint64_t runs = 0;  // requested, before sharding
  uint64_t shard_index = 0;
  uint64_t shard_count = 1;
  uint64_t runs_done = 0;
  uint64_t runs_violating = 0;
  std::map<std::string, uint64_t> violations;  // invariant -> runs violating it
  std::map<std::string, uint64_t> reports;     // liveness checker -> runs reporting
  std::optional<uint64_t> first_violating_run;
  std::vector<DistinctViolation> distinct;  // in run order; see distinct_violations
  std::vector<FirstRun> first_runs;         // in run order, then the run's checker order
  uint64_t runs_nondeterministic = 0;         // runs whose two traces differed
  std::vector<std::string> nondeterministic;  // the lowest of them (kListedNondeterministic)
  // Runs the event budget stopped (their findings up to then are counted), and the first.
  uint64_t runs_over_budget = 0;
  std::optional<uint64_t> first_over_budget_run;
  // "interrupted" (SIGINT, SIGTERM) or "max_wall" when the exploration was cut short: the
  // counts cover the runs_done runs that finished, and violations were not shrunk.
  std::string stopped;
  double wall_seconds = 0;
  // Not in the JSON (merge is given them again): the baseline applied (reports/baseline.h),
  // whether the exploration ran for a time (--for) rather than a count, and with --swarm.
  std::string baseline_file;
  bool ran_for = false;
  bool swarm = false;
  // Minimised scenarios that could not be written (not part of the JSON: the CLI reports them).
  std::vector<std::string> write_errors;
};

// The distinct violations of `first_runs` (in their order): the first run of each signature.
std::vector<DistinctViolation> distinct_violations(const std::vector<FirstRun>& first_runs);

std::string render_json(const ExploreSummary& s);
std::string render_text(const ExploreSummary& s);

// Parses what render_json wrote (or wrote before first_runs and runs_nondeterministic
// existed). Throws a JsonError (reports/json_reader.h: line, column, key path and message)
// for bad JSON, JSON nested deeper than 32 levels or with more than 1,000,000 values, an
// unknown or missing key, a value of the wrong type, or a count its summary contradicts (a
// shard count of 0 or above kMaxShards, more runs done than the shard has, more violating
// runs than runs done, a run that is not the shard's, a text with control characters).
ExploreSummary parse_summary_json(const std::string& text);

// Shards of one exploration (same scenario, seed and run count) into one summary, equal to
// the unsharded exploration's but for the wall time; throws std::runtime_error if they do
// not belong together or overlap. REQUIRES: each came from parse_summary_json or explore (its
// counts agree with one another), so that the sums cannot overflow.
ExploreSummary merge(const std::vector<ExploreSummary>& shards);

}  // namespace leasesim::reports
