#include "harness/explore.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "harness/determinism.h"
#include "harness/runner.h"
#include "harness/scenario_writer.h"
#include "harness/shrink.h"
#include "reports/output_file.h"
#include "sim/random.h"

namespace leasesim::harness {
namespace {

constexpr int64_t kMs = 1'000'000;

// Durations whose range ends are whole milliseconds are drawn in whole milliseconds, so that
// drawn and shrunk schedules read as people write them.
int64_t draw(sim::Rng& rng, const Range& r, bool duration) {
  if (duration && r.lo % kMs == 0 && r.hi % kMs == 0) return rng.uniform(r.lo / kMs, r.hi / kMs) * kMs;
  return rng.uniform(r.lo, r.hi);
}

void set_field(Fault& f, const std::string& field, int64_t v) {
  if (field == "at") {
    f.at = Instant{v};
  } else if (field == "for") {
    f.lasts = Duration{v};
  } else if (field == "count") {
    f.count = v;
  } else if (field == "extra") {
    if (auto* d = std::get_if<DelayFault>(&f.action)) d->extra = Duration{v};
    if (auto* d = std::get_if<DuplicateFault>(&f.action)) d->extra = Duration{v};
  } else if (field == "drift_ppm") {
    std::get<ClockFault>(f.action).drift_ppm = sim::Ppm{v};
  } else if (field == "jump") {
    std::get<ClockFault>(f.action).jump = Duration{v};
  }
}

std::string kind_of(const Fault& f) {
  static const char* kNames[] = {"delay", "drop", "duplicate", "disconnect", "partition", "stall_timers", "pause", "restart", "clock"};
  return kNames[f.action.index()];
}

std::string kinds(const Scenario& s, size_t from) {
  std::set<std::string> names;
  for (size_t i = from; i < s.faults.size(); ++i) names.insert(kind_of(s.faults[i]));
  if (names.empty()) return "no fault";
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : " + ") + n;
  return out;
}

struct Outcome {
  bool ran = false;
  std::vector<std::string> violated;  // invariants, in checker order
  std::vector<std::string> reported;  // liveness checkers
  std::string unshrunk_kinds;
  bool nondeterministic = false;
  bool over_budget = false;  // stopped by the event budget; what it found until then counts
};

}  // namespace

Scenario generate_run(const Scenario& base, uint64_t seed, uint64_t index) {
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
  for (const FaultTemplate& t : base.explore->faults) {
    const int64_t n = rng.uniform(t.min, t.max);
    for (int64_t k = 0; k < n; ++k) {
      Fault f = t.prototype;
      for (const auto& [field, range] : t.ranges) {
        set_field(f, field, draw(rng, range, field != "count" && field != "drift_ppm"));
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

ExploreSummary explore(const Scenario& base, const ExploreOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };

  std::vector<uint64_t> indices;
  for (uint64_t i = o.shard_index; i < o.runs; i += o.shard_count) indices.push_back(i);
  std::vector<Outcome> outcomes(indices.size());

  // Runs, in parallel. With until_first, no run past the first violating index is needed.
  std::atomic<size_t> next{0};
  std::atomic<size_t> handled{0};  // run or skipped
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> violating{0};
  std::atomic<size_t> first_violating{indices.size()};
  auto out_of_time = [&] { return o.limits.deadline && std::chrono::steady_clock::now() >= *o.limits.deadline; };
  std::atomic<bool> cut_short{false};
  auto worker = [&] {
    for (size_t k = next++; k < indices.size(); k = next++, ++handled) {
      if (o.until_first && k > first_violating.load()) continue;
      if (cut_short.load() || interrupt_signal() != 0 || out_of_time()) {
        cut_short = true;
        continue;
      }
      const Scenario s = generate_run(base, o.seed, indices[k]);
      RunOptions ro;
      ro.limits = o.limits;
      const reports::Result r = run_scenario(s, ro);
      if (r.stopped == stop_reason_name(StopReason::interrupted) || r.stopped == stop_reason_name(StopReason::max_wall)) {
        cut_short = true;  // half a run is not counted
        continue;
      }
      Outcome& out = outcomes[k];
      out.ran = true;
      out.over_budget = !r.stopped.empty();
      for (const auto& v : r.violations) {
        if (std::find(out.violated.begin(), out.violated.end(), v.checker) == out.violated.end()) out.violated.push_back(v.checker);
      }
      for (const auto& v : r.reports) {
        if (std::find(out.reported.begin(), out.reported.end(), v.checker) == out.reported.end()) out.reported.push_back(v.checker);
      }
      out.unshrunk_kinds = kinds(s, base.faults.size());
      if (o.check_determinism) out.nondeterministic = check_determinism(s, o.limits.max_events).has_value();
      if (interrupt_signal() != 0) {
        out = Outcome{};  // the signal may have cut the check's runs at different events
        cut_short = true;
        continue;
      }
      if (!out.violated.empty()) {
        ++violating;
        size_t seen = first_violating.load();
        while (k < seen && !first_violating.compare_exchange_weak(seen, k)) {
        }
      }
      ++done;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < std::max(1u, o.jobs); ++j) threads.emplace_back(worker);
  if (o.on_progress) {
    std::thread last(worker);  // the caller's thread reports progress instead of running
    while (handled.load() < indices.size()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      o.on_progress({done.load(), indices.size(), violating.load(), elapsed()});
    }
    last.join();
  } else {
    worker();
  }
  for (std::thread& t : threads) t.join();

  ExploreSummary sum;
  sum.scenario = base.name;
  sum.file = base.file;
  sum.seed = o.seed;
  sum.runs = o.runs;
  sum.shard_index = o.shard_index;
  sum.shard_count = o.shard_count;

  // Counting and shrinking, in run order.
  std::map<std::string, std::string> signature_of;  // checker | unshrunk kinds -> signature
  std::set<std::string> written;
  const size_t last = o.until_first ? std::min(first_violating.load() + 1, indices.size()) : indices.size();
  if (cut_short) sum.stopped = stop_reason_name(interrupt_signal() != 0 ? StopReason::interrupted : StopReason::max_wall);
  for (size_t k = 0; k < last; ++k) {
    const Outcome& out = outcomes[k];
    if (!out.ran) continue;
    ++sum.runs_done;
    if (out.over_budget && sum.runs_over_budget++ == 0) sum.first_over_budget_run = indices[k];
    if (out.nondeterministic) sum.nondeterministic.push_back(std::to_string(indices[k]));
    for (const std::string& c : out.reported) ++sum.reports[c];
    if (out.violated.empty()) continue;
    ++sum.runs_violating;
    if (!sum.first_violating_run) sum.first_violating_run = indices[k];
    for (const std::string& checker : out.violated) {
      ++sum.violations[checker];
      const std::string key = checker + "|" + out.unshrunk_kinds;
      if (signature_of.contains(key)) continue;
      const Scenario s = generate_run(base, o.seed, indices[k]);
      if (!sum.stopped.empty()) {
        // Cut short: the user wants the summary now, so the run is listed as drawn, unshrunk.
        const std::string signature = checker + ": " + out.unshrunk_kinds;
        signature_of[key] = signature;
        if (!written.insert(signature).second) continue;
        const uint64_t drawn = s.faults.size() - base.faults.size();
        sum.distinct.push_back({checker, signature, indices[k], s.seed, drawn, drawn, ""});
        continue;
      }
      const Shrunk shrunk = shrink(s, base.faults.size(), checker, 5000, o.limits);
      const std::string signature = checker + ": " + kinds(shrunk.scenario, base.faults.size());
      signature_of[key] = signature;
      if (!written.insert(signature).second) continue;

      DistinctViolation d{checker, signature, indices[k], s.seed, s.faults.size() - base.faults.size(),
                          shrunk.scenario.faults.size() - base.faults.size(), ""};
      if (!o.out_dir.empty()) {
        Scenario file = shrunk.scenario;
        file.name = base.name + "-" + checker + "-run" + std::to_string(indices[k]);
        file.description = "Found by leasesim explore of " + base.file + " with seed " + std::to_string(o.seed) + ": run " +
                           std::to_string(indices[k]) + " (simulation seed " + std::to_string(s.seed) + ") violated " + checker +
                           "; minimised from " + std::to_string(d.faults_drawn) + " drawn faults to " +
                           std::to_string(d.faults_kept) + " (" + std::to_string(shrunk.runs) + " runs).";
        // Every safety invariant the shrunk run violates is declared, or the file would fail.
        for (const auto& v : shrunk.result.violations) file.expect.verdicts[v.checker] = Verdict::violated;
        file.expect.windows.emplace();
        for (const auto& v : shrunk.result.violations) {
          if (v.checker == checker) file.expect.windows->push_back({checker, v.node, Instant{v.start_ns}, Instant{v.end_ns}, Duration{v.paused_ns}, {}});
        }
        d.file = (std::filesystem::path(o.out_dir) / (file.name + ".yaml")).string();
        if (std::string err = reports::write_file(d.file, to_yaml(file)); !err.empty()) sum.write_errors.push_back(std::move(err));
      }
      sum.distinct.push_back(d);
    }
  }
  sum.wall_seconds = elapsed();
  return sum;
}

}  // namespace leasesim::harness
