// What an exploration found, as plain data: written as JSON by `leasesim explore`, read back
// and added up by `leasesim merge` (shards of one exploration merge into exactly the summary of
// the unsharded run), and printed for people. Its size does not grow with the number of runs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace leasesim::reports {

// How far a first run was shrunk. A stop (--max-wall, a signal) ends shrinking: the run being
// shrunk keeps the last schedule it verified still violates (partial), the ones after it are
// left as drawn (none). Either one's kinds of fault are a superset of what full shrinking
// would keep, so an equal signature is the same violation.
enum class Shrinking { full, partial, none };

// "full", "partial", "none": the JSON spelling.
const char* shrinking_name(Shrinking s);

struct DistinctViolation {
  std::string checker;
  std::string signature;  // the invariant and the kinds of fault its (best verified) schedule has
  uint64_t run = 0;       // the first run that showed it
  uint64_t run_seed = 0;  // that run's simulation seed
  uint64_t faults_drawn = 0;
  uint64_t faults_kept = 0;
  std::string file;  // the minimised scenario, when written
  Shrinking shrunk = Shrinking::full;
  bool known = false;  // its signature is in the baseline (apply_baseline; not in the JSON)
};

// The first run (lowest index) that violated an invariant having drawn faults of given kinds,
// and what shrinking made of it. Shrinking the same run gives the same result wherever it
// happens, so merging shards takes per (checker, drawn kinds) the lowest run over all shards,
// then per signature the lowest of those: exactly what one unsharded exploration does. Shards
// that were stopped add one case: where that lowest run is not fully shrunk, the lowest fully
// shrunk run of the same key is kept as well.
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
  // counts cover the runs_done runs that finished, and the first runs not shrunk when it
  // stopped say so (Shrinking).
  std::string stopped;
  double wall_seconds = 0;
  // With --swarm: its runs are other runs than without it, so `merge` refuses to mix the two.
  bool swarm = false;
  // Not in the JSON (merge is given the baseline again; --for is never sharded): the baseline
  // applied (reports/baseline.h), and whether the exploration ran for a time (--for).
  std::string baseline_file;
  bool ran_for = false;
  // Minimised scenarios that could not be written (not part of the JSON: the CLI reports them).
  std::vector<std::string> write_errors;
};

// Which of `first_runs` (in run order) stand for the distinct violations: per signature the
// lowest fully shrunk one, or, if none of that signature was fully shrunk (a stop cut
// shrinking short), the lowest one. In the order of their runs. When every first run was fully
// shrunk (an exploration that was not stopped) this is the first run of each signature.
std::vector<size_t> distinct_indices(const std::vector<FirstRun>& first_runs);

// The distinct violations of `first_runs`: those distinct_indices picks.
std::vector<DistinctViolation> distinct_violations(const std::vector<FirstRun>& first_runs);

// How many distinct violations are not fully shrunk.
size_t not_fully_shrunk(const ExploreSummary& s);

std::string render_json(const ExploreSummary& s);
std::string render_text(const ExploreSummary& s);

// Parses what render_json wrote (or wrote before first_runs, runs_nondeterministic, swarm
// and shrunk existed: no swarm is false, no shrunk is "full" in an exploration that did not
// stop and "none" in one that did, as it was then). A first run not fully shrunk in an
// exploration that did not stop is refused. Throws a JsonError (reports/json_reader.h: line, column, key path and message)
// for bad JSON, JSON nested deeper than 32 levels or with more than 1,000,000 values, an
// unknown or missing key, a value of the wrong type, or a count its summary contradicts (a
// shard count of 0 or above kMaxShards, more runs done than the shard has, more violating
// runs than runs done, a run that is not the shard's, a text with control characters).
ExploreSummary parse_summary_json(const std::string& text);

// Two shards that cannot be merged, as "<shard> <shard_has>, but <other> <other_has>: <why>";
// `shard` and `other` index them in the list given to merge, so that the caller can name their
// files (what() names them "shard I").
class MergeMismatch : public std::runtime_error {
 public:
  MergeMismatch(size_t at, size_t against, std::string at_has, std::string against_has, std::string reason);
  std::string describe(const std::string& shard_name, const std::string& other_name) const;
  size_t shard;
  size_t other;
  std::string shard_has;
  std::string other_has;
  std::string why;
};

// Shards of one exploration (same scenario, seed and run count) into one summary, equal to
// the unsharded exploration's but for the wall time; throws std::runtime_error if they do
// not belong together or overlap, MergeMismatch if one ran with --swarm and another without.
// REQUIRES: each came from parse_summary_json or explore (its counts agree with one another),
// so that the sums cannot overflow.
ExploreSummary merge(const std::vector<ExploreSummary>& shards);

}  // namespace leasesim::reports
