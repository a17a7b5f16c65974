// `leasesim explore`: draw many runs from a scenario's explore space, count which invariants
// they violate, and for each distinct violation shrink its first run to a small schedule.
//
// Run i of an exploration with seed S is a function of (scenario, S, i) alone: its faults and
// clocks are drawn from the stream "explore <i>" of S, and its own simulation seed is derived
// from S and i. So a run can be reproduced on its own, shards (runs with i % N == I) are
// disjoint and together give exactly the unsharded runs, and the number of worker threads
// changes nothing but the wall time. Runs happen in parallel and stream: the first starts at
// once, outcomes are counted as they finish but strictly in run order (a run waits for the
// lower ones to be counted, at most a bounded window ahead), so whatever stops the
// exploration (its end, --until-first, the deadline, a signal) the counts are those of the
// first n runs, and memory does not grow with the number of runs.
//
// A distinct violation is an invariant together with the kinds of fault its shrunk schedule
// still needs ("lease_safety: delay + drop"). For each invariant and kinds of fault drawn,
// the first run is shrunk (after the runs, in run order); each signature keeps the lowest of
// those runs, which is written. Shards record their first runs, so that `merge` repeats this
// choice over all of them. A stop (the deadline, a signal) ends shrinking: the first run being
// shrunk keeps its last schedule verified to violate, the later ones stay as drawn, each keyed
// by the kinds its schedule has and marked not fully shrunk (reports::Shrinking); one merges
// with a fully shrunk first run of the same signature (reports::distinct_indices).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/run_limits.h"
#include "harness/scenario.h"
#include "reports/explore_summary.h"

namespace leasesim::harness {

struct ExploreProgress {
  uint64_t done = 0;  // runs counted: the first `done` of this shard
  uint64_t total = 0;
  uint64_t violating = 0;
  uint64_t distinct = 0;  // (invariant, kinds of fault drawn) pairs so far: shrinking comes after the runs
  double seconds = 0;
};

struct ExploreOptions {
  uint64_t runs = 1000;  // indices 0 .. runs-1, before sharding
  uint64_t seed = 1;
  bool until_first = false;  // stop at the first violating run (in index order)
  unsigned jobs = 1;
  uint64_t shard_index = 0;
  uint64_t shard_count = 1;
  std::string out_dir;  // where minimised scenarios go, made if missing (not its parents); empty: nowhere
  bool check_determinism = false;
  // Swarm testing (TigerBeetle's VOPR): each run also draws which fault templates it enables,
  // each on with probability 1/2, from a stream of its own ("swarm <i>"), so run i is the same
  // whatever --jobs or --shard, and rare combinations of kinds are not drowned by common ones.
  bool swarm = false;
  // --for: runs are handed out until this wall time passes; those started finish and are
  // counted, so the counts are those of the first runs_done runs (`--runs runs_done` gives them
  // again). Not a stop: shrinking and the exit status are as after --runs. `runs` stays the cap.
  std::optional<std::chrono::steady_clock::time_point> run_until;
  // max_events: each run's budget (0: none); deadline: the whole exploration's. Past the
  // deadline, or after SIGINT/SIGTERM, no new run starts, runs in progress are dropped,
  // nothing more is shrunk, and the summary covers the runs that finished.
  RunLimits limits{kExploreEventBudget, std::nullopt, std::nullopt};
  std::function<void(const ExploreProgress&)> on_progress;  // every progress_every, on the caller's thread
  // For tests: asked before each shrinking run with the number of shrinking runs made so far in
  // this exploration; true stops the exploration there as the deadline does (stopped
  // "max_wall"), so that a test cuts shrinking at an exact step without a clock.
  std::function<bool(uint64_t shrink_runs)> stop_shrinking;
  std::chrono::milliseconds progress_every{200};
};

// How many runs may start ahead of the lowest one not yet counted: enough that a slow run
// (one at the event budget takes a second or two) rarely holds the others up.
constexpr uint64_t explore_window(unsigned jobs) { return std::max<uint64_t>(4096, uint64_t{64} * jobs); }

using reports::DistinctViolation;
using reports::ExploreSummary;

// The scenario of run `index`: the base with drawn faults and clocks, no explore section and
// no expectations (exploration looks for any violation).
// With `swarm`, only the templates swarm_enabled(base, seed, index) picks are drawn from.
Scenario generate_run(const Scenario& base, uint64_t seed, uint64_t index, bool swarm = false);

// Which of base.explore's fault templates run `index` enables under --swarm, in template order.
std::vector<bool> swarm_enabled(const Scenario& base, uint64_t seed, uint64_t index);

// REQUIRES: base.explore.
ExploreSummary explore(const Scenario& base, const ExploreOptions& options);

}  // namespace leasesim::harness
