#include "harness/explore.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "harness/determinism.h"
#include "harness/fault_kind.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "harness/scenario_writer.h"
#include "harness/shrink.h"
#include "reports/output_file.h"
#include "sim/duration_text.h"
#include "sim/random.h"
#include "sim/require.h"

namespace leasesim::harness {
namespace {

constexpr int64_t kMs = 1'000'000;

// Durations whose range ends are whole milliseconds are drawn in whole milliseconds, so that
// drawn and shrunk schedules read as people write them.
int64_t draw(sim::Rng& rng, const Range& r, bool duration) {
  if (duration && r.lo % kMs == 0 && r.hi % kMs == 0) return rng.uniform(r.lo / kMs, r.hi / kMs) * kMs;
  return rng.uniform(r.lo, r.hi);
}

std::string kinds(const Scenario& s, size_t from) {
  std::set<std::string> names;
  for (size_t i = from; i < s.faults.size(); ++i) names.insert(kind_of(s.faults[i]).key());
  if (names.empty()) return "no fault";
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : " + ") + n;
  return out;
}

// What one run showed: all that is counted of it.
struct Outcome {
  std::vector<std::string> violated;  // safety checkers, in the order of their first windows
  std::vector<std::string> reported;  // liveness checkers
  std::string drawn_kinds;
  // Its windows, when it violated: what a first run's scenario declares if a stop leaves it unshrunk.
  std::vector<reports::ViolationRecord> windows;
  bool nondeterministic = false;
  bool over_budget = false;  // stopped by the event budget; what it found until then counts
};

bool out_of_time(const RunLimits& limits) { return limits.deadline && std::chrono::steady_clock::now() >= *limits.deadline; }

// Hands out run numbers to the workers and takes their outcomes back, counting them strictly in
// order: whatever the number of threads, what has been counted is always the first n runs.
// An outcome that finishes before a lower one waits in a ring of `window` slots, and no run
// starts `window` or more ahead of the lowest uncounted one, so memory does not depend on the
// number of runs.
class InOrder {
 public:
  // `count` is called under the lock, in order; returning false ends the counting.
  using Count = std::function<bool(uint64_t k, const Outcome& o)>;
  InOrder(uint64_t total, uint64_t window, Count count) : total_(total), slots_(window), count_(std::move(count)) {}

  // The next run to do, once it is within the window; nothing when all are handed out or
  // the exploration was closed.
  std::optional<uint64_t> take() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return closed_ || next_ >= total_ || next_ < counted_ + slots_.size(); });
    if (closed_ || next_ >= total_) return std::nullopt;
    return next_++;
  }

  // REQUIRES: k came from take().
  void put(uint64_t k, Outcome o) {
    std::lock_guard lock(m_);
    if (finished_counting_) return;
    slots_[k % slots_.size()] = std::move(o);
    for (std::optional<Outcome>* slot = &slots_[counted_ % slots_.size()]; *slot && !finished_counting_;
         slot = &slots_[counted_ % slots_.size()]) {
      finished_counting_ = !count_(counted_, **slot);
      slot->reset();
      ++counted_;
    }
    closed_ = closed_ || finished_counting_;
    cv_.notify_all();
  }

  // No run is handed out any more; runs in progress may still be put.
  void close() {
    std::lock_guard lock(m_);
    closed_ = true;
    cv_.notify_all();
  }

  uint64_t counted() {
    std::lock_guard lock(m_);
    return counted_;
  }

 private:
  const uint64_t total_;
  std::vector<std::optional<Outcome>> slots_;  // run k waits in slot k % size
  Count count_;
  std::mutex m_;
  std::condition_variable cv_;
  uint64_t next_ = 0;
  uint64_t counted_ = 0;
  bool closed_ = false;
  bool finished_counting_ = false;
};

// The summary's counts and first runs, fed the outcomes in run order.
class Tally {
 public:
  Tally(ExploreSummary& sum, bool until_first) : sum_(sum), until_first_(until_first) {}

  // False once --until-first has its run: nothing after it counts.
  bool add(uint64_t run, const Outcome& o) {
    ++sum_.runs_done;
    if (o.over_budget && sum_.runs_over_budget++ == 0) sum_.first_over_budget_run = run;
    if (o.nondeterministic && sum_.runs_nondeterministic++ < reports::kListedNondeterministic) {
      sum_.nondeterministic.push_back(std::to_string(run));
    }
    for (const std::string& c : o.reported) ++sum_.reports[c];
    if (o.violated.empty()) return true;
    ++sum_.runs_violating;
    violating_.store(sum_.runs_violating, std::memory_order_relaxed);
    if (!sum_.first_violating_run) sum_.first_violating_run = run;
    for (const std::string& checker : o.violated) {
      ++sum_.violations[checker];
      if (keys_.insert(checker + "|" + o.drawn_kinds).second) {
        sum_.first_runs.push_back({o.drawn_kinds, {checker, "", run, 0, 0, 0, ""}});
        first_windows_.push_back(o.windows);
        distinct_.store(keys_.size(), std::memory_order_relaxed);
      }
    }
    return !until_first_;
  }

  uint64_t violating() const { return violating_.load(std::memory_order_relaxed); }
  uint64_t distinct() const { return distinct_.load(std::memory_order_relaxed); }
  // The windows of each first run (sum.first_runs' order).
  std::vector<std::vector<reports::ViolationRecord>>& first_windows() { return first_windows_; }

 private:
  ExploreSummary& sum_;
  const bool until_first_;
  std::set<std::string> keys_;  // checker | drawn kinds
  std::vector<std::vector<reports::ViolationRecord>> first_windows_;
  std::atomic<uint64_t> violating_{0};  // read by the progress reporter
  std::atomic<uint64_t> distinct_{0};   // likewise
};

// Run `index`, or nothing if a signal or the deadline cut it short: half a run is not counted.
std::optional<Outcome> run_one(const Scenario& base, const ExploreOptions& o, uint64_t index) {
  if (interrupt_signal() != 0 || out_of_time(o.limits)) return std::nullopt;
  const Scenario s = generate_run(base, o.seed, index, o.swarm);
  RunOptions ro;
  ro.limits = o.limits;
  ro.hash_trace = false;
  const reports::Result r = run_scenario(s, ro);
  if (r.stopped == stop_reason_name(StopReason::interrupted) || r.stopped == stop_reason_name(StopReason::max_wall)) return std::nullopt;
  Outcome out;
  out.over_budget = !r.stopped.empty();
  for (const auto& v : r.violations) {
    if (std::find(out.violated.begin(), out.violated.end(), v.checker) == out.violated.end()) out.violated.push_back(v.checker);
  }
  for (const auto& v : r.reports) {
    if (std::find(out.reported.begin(), out.reported.end(), v.checker) == out.reported.end()) out.reported.push_back(v.checker);
  }
  out.drawn_kinds = kinds(s, base.faults.size());
  if (!out.violated.empty()) out.windows = r.violations;
  if (o.check_determinism) {
    out.nondeterministic = check_determinism(s, o.limits.max_events).has_value();
    if (interrupt_signal() != 0) return std::nullopt;  // the signal may have cut the check's runs at different events
  }
  return out;
}

}  // namespace

std::vector<bool> swarm_enabled(const Scenario& base, uint64_t seed, uint64_t index) {
  // A stream of its own, so that swarm leaves the draws of the faults themselves as they are.
  sim::Rng rng = sim::stream_for(seed, "swarm " + std::to_string(index));
  std::vector<bool> on;
  for (size_t t = 0; t < base.explore->faults.size(); ++t) on.push_back(rng.uniform(0, 1) == 1);
  return on;
}

Scenario generate_run(const Scenario& base, uint64_t seed, uint64_t index, bool swarm) {
  Scenario s = base;
  s.explore.reset();
  s.expect = {};
  s.seed = sim::splitmix64(seed ^ sim::splitmix64(index + 1));
  sim::Rng rng = sim::stream_for(seed, "explore " + std::to_string(index));
  for (const auto& [node, ranges] : base.explore->clocks) {
    ClockSpec& c = s.clocks[node];
    if (auto it = ranges.find("drift_ppm"); it != ranges.end()) c.drift_ppm = sim::Ppm{draw(rng, it->second, false)};
    if (auto it = ranges.find("offset"); it != ranges.end()) c.offset = Duration{draw(rng, it->second, true)};
  }
  std::vector<Fault> drawn;
  const std::vector<bool> on = swarm ? swarm_enabled(base, seed, index) : std::vector<bool>(base.explore->faults.size(), true);
  for (size_t ti = 0; ti < base.explore->faults.size(); ++ti) {
    const FaultTemplate& t = base.explore->faults[ti];
    // A disabled template draws nothing, not even its count: the others' draws stay those of
    // the same run with fewer templates.
    if (!on[ti]) continue;
    const int64_t n = rng.uniform(t.min, t.max);
    for (int64_t k = 0; k < n; ++k) {
      Fault f = t.prototype;
      for (const auto& [field, range] : t.ranges) {
        // The loader records ranges of rangeable settings only.
        const FaultSetting* setting = rangeable_setting(f, field);
        LS_REQUIRE(setting != nullptr);
        setting->range->set(f, draw(rng, range, setting->range->unit == RangeUnit::time));
      }
      drawn.push_back(std::move(f));
    }
  }
  // In time order, so that a written schedule reads as it happens; equal times keep the
  // templates' order.
  std::stable_sort(drawn.begin(), drawn.end(), [](const Fault& a, const Fault& b) { return a.at < b.at; });
  s.faults.insert(s.faults.end(), drawn.begin(), drawn.end());
  return s;
}

namespace {

// Runs `work` on `jobs` threads; meanwhile, with on_progress, reports progress from this one.
void run_workers(const ExploreOptions& o, const std::function<void()>& work, const std::function<ExploreProgress()>& progress) {
  std::mutex m;
  std::condition_variable cv;
  unsigned running = std::max(1u, o.jobs);
  auto worker = [&] {
    work();
    std::lock_guard lock(m);
    --running;
    cv.notify_all();
  };
  std::vector<std::thread> threads;
  for (unsigned j = o.on_progress ? 0 : 1; j < std::max(1u, o.jobs); ++j) threads.emplace_back(worker);
  if (o.on_progress) {
    std::unique_lock lock(m);
    while (!cv.wait_for(lock, o.progress_every, [&] { return running == 0; })) o.on_progress(progress());
  } else {
    worker();
  }
  for (std::thread& t : threads) t.join();
}

// What shrinking may simplify in a run of `base`: its drawn faults, its drawn clocks, and a
// ranged network delay (the network's randomness, drawn from the run's seed).
ShrinkScope shrink_scope(const Scenario& base) {
  ShrinkScope scope{base.faults.size(), {}, base.network.delay_lo != base.network.delay_hi};
  for (const auto& [node, ranges] : base.explore->clocks) scope.clocks.push_back(node);
  return scope;
}

// What shrinking left of the values that are not faults, for the description.
std::string simplified_values(const Scenario& base, const Scenario& shrunk) {
  std::string out;
  for (const auto& [node, ranges] : base.explore->clocks) {
    const ClockSpec& c = shrunk.clocks.at(node);
    out += "; clock " + node + ": drift_ppm " + sim::format_decimal(c.drift_ppm.ppb, 3) + ", offset " + sim::format_duration(c.offset);
  }
  if (base.network.delay_lo != base.network.delay_hi) {
    out += "; network delay [" + sim::format_duration(shrunk.network.delay_lo) + ", " + sim::format_duration(shrunk.network.delay_hi) +
           "] (the space's [" + sim::format_duration(base.network.delay_lo) + ", " + sim::format_duration(base.network.delay_hi) + "])";
  }
  return out;
}

// Why the exploration stopped, once it has: a signal if there was one, else the deadline (or
// a test's stop_shrinking, which stands in for it).
std::string stop_reason() { return stop_reason_name(interrupt_signal() != 0 ? StopReason::interrupted : StopReason::max_wall); }

// How far `d`'s schedule was minimised, for its description.
std::string minimised_how(const ExploreSummary& sum, const DistinctViolation& d, const Shrunk& shrunk) {
  const std::string drawn = std::to_string(d.faults_drawn) + " drawn faults";
  const std::string why = sum.stopped == "interrupted" ? "a signal" : "the --max-wall time running out";
  switch (d.shrunk) {
    case reports::Shrinking::full:
      return "minimised from " + drawn + " to " + std::to_string(d.faults_kept) + " (" + std::to_string(shrunk.runs) + " runs)";
    case reports::Shrinking::partial:
      return "shrinking was cut short by " + why + ", so this is NOT FULLY MINIMISED: from " + drawn + " to " +
             std::to_string(d.faults_kept) + " (" + std::to_string(shrunk.runs) + " runs)";
    case reports::Shrinking::none:
      return "shrinking was cut short by " + why + " before it began, so this is NOT MINIMISED: the " + drawn;
  }
  return "";
}

// The minimised scenario of a first run, as `leasesim run` reproduces it.
Scenario minimised_file(const Scenario& base, const ExploreOptions& o, const ExploreSummary& sum, const DistinctViolation& d,
                        const Shrunk& shrunk) {
  Scenario file = shrunk.scenario;
  file.name = derived_scenario_name(base.name, "-" + d.checker + "-run" + std::to_string(d.run));
  file.description = "Found by leasesim explore of " + base.file + " with seed " + std::to_string(o.seed) + ": run " +
                     std::to_string(d.run) + " (simulation seed " + std::to_string(d.run_seed) + ") violated " + d.checker + "; " +
                     minimised_how(sum, d, shrunk) + simplified_values(base, shrunk.scenario) + ".";
  // Every safety invariant the shrunk run violates is declared, or the file would fail.
  for (const auto& v : shrunk.result.violations) file.expect.verdicts[v.checker] = Verdict::violated;
  file.expect.windows.emplace();
  for (const auto& v : shrunk.result.violations) {
    if (v.checker == d.checker) file.expect.windows->push_back({d.checker, v.node, Instant{v.start_ns}, Instant{v.end_ns}, Duration{v.paused_ns}, {}});
  }
  return file;
}

// Shrinks the first run of each (checker, drawn kinds), in run order, until the exploration
// stops; sets each one's signature, kept faults and shrinking. After a stop no run is made:
// the first run it cut keeps its last schedule verified to violate (partial), the later ones
// stay as drawn (none), both with the windows of the run that verified them. `windows` holds
// each first run's exploration windows (Tally::first_windows) and is used up.
std::vector<Shrunk> shrink_first_runs(const Scenario& base, const ExploreOptions& o, ExploreSummary& sum,
                                      std::vector<std::vector<reports::ViolationRecord>>& windows) {
  uint64_t shrink_runs = 0;
  const std::function<bool()> stop = [&] { return o.stop_shrinking && o.stop_shrinking(shrink_runs++); };
  std::vector<Shrunk> shrunk;
  for (size_t i = 0; i < sum.first_runs.size(); ++i) {
    DistinctViolation& d = sum.first_runs[i].violation;
    Scenario drawn = generate_run(base, o.seed, d.run, o.swarm);
    d.run_seed = drawn.seed;
    d.faults_drawn = drawn.faults.size() - base.faults.size();
    if (sum.stopped.empty()) {
      shrunk.push_back(shrink(drawn, shrink_scope(base), d.checker, 5000, o.limits, stop));
      d.shrunk = shrunk.back().complete ? reports::Shrinking::full : reports::Shrinking::partial;
      if (!shrunk.back().complete) sum.stopped = stop_reason();
    } else {
      shrunk.push_back(Shrunk{std::move(drawn), {}, 0, false});
      d.shrunk = reports::Shrinking::none;
    }
    // Cut before any candidate was verified: the drawn schedule, verified by its own run.
    if (!shrunk.back().complete && shrunk.back().result.violations.empty()) shrunk.back().result.violations = std::move(windows[i]);
    d.signature = d.checker + ": " + kinds(shrunk.back().scenario, base.faults.size());
    d.faults_kept = shrunk.back().scenario.faults.size() - base.faults.size();
  }
  return shrunk;
}

// Writes the minimised scenario of each distinct violation, or of every first run when this
// is a shard (merging may pick any of them).
void write_minimised(const Scenario& base, const ExploreOptions& o, const std::vector<Shrunk>& shrunk, ExploreSummary& sum) {
  if (sum.first_runs.empty()) return;
  // Made here too for callers other than the CLI (which makes it before any run); never its parents.
  if (std::string err = reports::prepare_output_dir(o.out_dir); !err.empty()) {
    sum.write_errors.push_back(std::move(err));
    return;
  }
  std::vector<size_t> which = reports::distinct_indices(sum.first_runs);
  if (o.shard_count > 1) {
    which.resize(sum.first_runs.size());
    for (size_t i = 0; i < which.size(); ++i) which[i] = i;
  }
  for (const size_t i : which) {
    DistinctViolation& d = sum.first_runs[i].violation;
    const Scenario file = minimised_file(base, o, sum, d, shrunk[i]);
    // The name is one path component (derived_scenario_name), so the file is in out_dir.
    d.file = (std::filesystem::path(o.out_dir) / (file.name + ".yaml")).string();
    if (std::string err = reports::write_file(d.file, to_yaml(file)); !err.empty()) {
      sum.write_errors.push_back(std::move(err));
      d.file.clear();  // the summary points at no file that is not there
    }
  }
}

}  // namespace

ExploreSummary explore(const Scenario& base, const ExploreOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  ExploreSummary sum;
  sum.scenario = base.name;
  sum.file = base.file;
  sum.seed = o.seed;
  sum.runs = o.runs;
  sum.shard_index = o.shard_index;
  sum.shard_count = o.shard_count;
  sum.ran_for = o.run_until.has_value();
  sum.swarm = o.swarm;

  // This shard's k-th run is run shard_index + k * shard_count.
  const uint64_t total = o.runs > o.shard_index ? (o.runs - o.shard_index - 1) / o.shard_count + 1 : 0;
  auto run_index = [&](uint64_t k) { return o.shard_index + k * o.shard_count; };
  Tally tally(sum, o.until_first);
  InOrder order(total, explore_window(o.jobs), [&](uint64_t k, const Outcome& out) { return tally.add(run_index(k), out); });
  std::atomic<bool> cut_short{false};
  run_workers(
      o,
      [&] {
        while (const std::optional<uint64_t> k = order.take()) {
          // --for: past its end no run starts; the ones handed out finish and are counted,
          // so the runs counted are always the first n.
          if (o.run_until && std::chrono::steady_clock::now() >= *o.run_until) order.close();
          std::optional<Outcome> out = run_one(base, o, run_index(*k));
          if (!out) {
            cut_short = true;
            order.close();
            return;
          }
          order.put(*k, std::move(*out));
        }
      },
      [&] { return ExploreProgress{order.counted(), total, tally.violating(), tally.distinct(), elapsed()}; });
  // A --for exploration did the runs it had time for: they are the exploration.
  if (o.run_until && sum.stopped.empty() && !cut_short) sum.runs = sum.runs_done;
  if (cut_short) sum.stopped = stop_reason();

  const std::vector<Shrunk> shrunk = shrink_first_runs(base, o, sum, tally.first_windows());
  if (!o.out_dir.empty()) write_minimised(base, o, shrunk, sum);
  sum.distinct = reports::distinct_violations(sum.first_runs);
  sum.wall_seconds = elapsed();
  return sum;
}

}  // namespace leasesim::harness
