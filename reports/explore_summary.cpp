#include "reports/explore_summary.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "leasesim/version.h"
#include "reports/json.h"

namespace leasesim::reports {
namespace {

std::string fixed(double v, int places) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

std::string counts_json(const std::map<std::string, uint64_t>& m) {
  std::string o = "{";
  bool first = true;
  for (const auto& [k, v] : m) {
    o += (first ? "" : ", ") + json_string(k) + ": " + std::to_string(v);
    first = false;
  }
  return o + "}";
}

std::string distinct_json(const DistinctViolation& d) {
  return "\"checker\": " + json_string(d.checker) + ", \"signature\": " + json_string(d.signature) + ", \"run\": " +
         std::to_string(d.run) + ", \"run_seed\": " + std::to_string(d.run_seed) + ", \"faults_drawn\": " +
         std::to_string(d.faults_drawn) + ", \"faults_kept\": " + std::to_string(d.faults_kept) + ", \"shrunk\": \"" +
         shrinking_name(d.shrunk) + "\", \"file\": " + json_string(d.file);
}

template <typename T, typename F>
std::string list_json(const std::vector<T>& items, F item) {
  std::string o = "[";
  for (size_t i = 0; i < items.size(); ++i) o += std::string(i == 0 ? "\n" : ",\n") + "    {" + item(items[i]) + "}";
  return o + (items.empty() ? "]" : "\n  ]");
}

// After a distinct violation's fault count: why its schedule may not be the least.
std::string shrinking_note(Shrinking s) {
  switch (s) {
    case Shrinking::full: return "";
    case Shrinking::partial: return "; NOT FULLY SHRUNK: the stop cut its shrinking short";
    case Shrinking::none: return "; NOT FULLY SHRUNK: the stop came before its shrinking";
  }
  return "";
}

double per_second(const ExploreSummary& s) { return s.wall_seconds > 0 ? static_cast<double>(s.runs_done) / s.wall_seconds : 0; }

}  // namespace

std::string render_json(const ExploreSummary& s) {
  std::string o = "{\n";
  o += "  \"leasesim_version\": " + json_string(std::string(version())) + ",\n";
  o += "  \"scenario\": " + json_string(s.scenario) + ",\n";
  o += "  \"file\": " + json_string(s.file) + ",\n";
  o += "  \"seed\": " + std::to_string(s.seed) + ",\n";
  o += "  \"runs\": " + std::to_string(s.runs) + ",\n";
  o += "  \"shard\": {\"index\": " + std::to_string(s.shard_index) + ", \"count\": " + std::to_string(s.shard_count) + "},\n";
  o += "  \"swarm\": " + std::string(s.swarm ? "true" : "false") + ",\n";
  o += "  \"runs_done\": " + std::to_string(s.runs_done) + ",\n";
  o += "  \"runs_violating\": " + std::to_string(s.runs_violating) + ",\n";
  o += "  \"violations\": " + counts_json(s.violations) + ",\n";
  o += "  \"reports\": " + counts_json(s.reports) + ",\n";
  o += "  \"first_violating_run\": " + (s.first_violating_run ? std::to_string(*s.first_violating_run) : std::string("null")) + ",\n";
  o += "  \"distinct\": " + list_json(s.distinct, distinct_json) + ",\n";
  o += "  \"first_runs\": " + list_json(s.first_runs, [](const FirstRun& f) {
         return "\"drawn_kinds\": " + json_string(f.drawn_kinds) + ", " + distinct_json(f.violation);
       }) + ",\n";
  o += "  \"runs_nondeterministic\": " + std::to_string(s.runs_nondeterministic) + ",\n";
  o += "  \"nondeterministic\": [";
  for (size_t i = 0; i < s.nondeterministic.size(); ++i) o += (i == 0 ? "" : ", ") + s.nondeterministic[i];
  o += "],\n";
  o += "  \"runs_over_budget\": " + std::to_string(s.runs_over_budget) + ",\n";
  o += "  \"first_over_budget_run\": " + (s.first_over_budget_run ? std::to_string(*s.first_over_budget_run) : std::string("null")) + ",\n";
  o += "  \"stopped\": " + (s.stopped.empty() ? std::string("null") : json_string(s.stopped)) + ",\n";
  o += "  \"wall_seconds\": " + fixed(s.wall_seconds, 3) + ",\n";
  o += "  \"runs_per_second\": " + fixed(per_second(s), 1) + "\n";
  return o + "}\n";
}

std::string render_text(const ExploreSummary& s) {
  std::string o = "exploration  " + s.scenario + " (" + s.file + "), seed " + std::to_string(s.seed) + "\n";
  o += "runs         " + std::to_string(s.runs_done) + " of " + std::to_string(s.runs);
  if (s.shard_count > 1) o += " (shard " + std::to_string(s.shard_index) + "/" + std::to_string(s.shard_count) + ")";
  o += ", " + std::to_string(s.runs_violating) + " violating";
  if (s.first_violating_run) o += " (first: run " + std::to_string(*s.first_violating_run) + ")";
  o += "\n";
  if (s.ran_for && s.stopped.empty()) {
    o += "reproduce    --for did " + std::to_string(s.runs_done) + " runs, as many as this machine had time for: `--runs " +
         std::to_string(s.runs_done) + " --seed " + std::to_string(s.seed) + (s.swarm ? " --swarm" : "") + "` reproduces them exactly\n";
  }
  if (s.swarm) o += "swarm        each run enabled a random half of the fault templates (--swarm)\n";
  for (const auto& [checker, n] : s.violations) o += "violated     " + checker + " in " + std::to_string(n) + " runs\n";
  for (const auto& [checker, n] : s.reports) o += "reported     " + checker + " in " + std::to_string(n) + " runs\n";
  for (const DistinctViolation& d : s.distinct) {
    o += "distinct     " + d.signature + "  (run " + std::to_string(d.run) + ", " + std::to_string(d.faults_kept) + " of " +
         std::to_string(d.faults_drawn) + " faults kept" + shrinking_note(d.shrunk) + ")";
    if (!s.baseline_file.empty()) o += d.known ? "  known" : "  NEW";
    if (!d.file.empty()) o += "\n             -> " + d.file;
    o += "\n";
  }
  if (!s.baseline_file.empty()) {
    const auto known = static_cast<size_t>(std::count_if(s.distinct.begin(), s.distinct.end(), [](const DistinctViolation& d) { return d.known; }));
    const auto new_partly = static_cast<size_t>(std::count_if(
        s.distinct.begin(), s.distinct.end(), [](const DistinctViolation& d) { return !d.known && d.shrunk != Shrinking::full; }));
    o += "baseline     " + s.baseline_file + ": " + std::to_string(known) + " known, " + std::to_string(s.distinct.size() - known) +
         " new distinct violations" +
         (new_partly > 0 ? " (" + std::to_string(new_partly) + " of them not fully shrunk: the stop came first)" : "") + "\n";
  }
  if (s.runs_nondeterministic > 0) o += "NONDETERMINISTIC runs: " + std::to_string(s.runs_nondeterministic) + "\n";
  if (s.runs_over_budget > 0) {
    o += "over budget  " + std::to_string(s.runs_over_budget) + (s.runs_over_budget == 1 ? " run" : " runs") +
         " stopped by the event budget (first: run " + std::to_string(s.first_over_budget_run.value_or(0)) +
         "); see --max-events\n";
  }
  if (!s.stopped.empty()) {
    const size_t partly = not_fully_shrunk(s);
    o += std::string("STOPPED      ") + (s.stopped == "interrupted" ? "interrupted by a signal" : "the --max-wall time ran out") +
         ": the counts cover the " + std::to_string(s.runs_done) + " runs that finished; " +
         (s.distinct.empty() ? std::string("no violation to shrink")
          : partly == 0    ? std::string("every distinct violation is fully shrunk")
                      : std::to_string(partly) + " of the " + std::to_string(s.distinct.size()) +
                            " distinct violations are not fully shrunk; `--runs " + std::to_string(s.runs_done) +
                            "` with no stop shrinks them fully") +
         "\n";
  }
  o += "speed        " + fixed(per_second(s), 0) + " runs/s (" + fixed(s.wall_seconds, 3) + " s)\n";
  return o;
}

const char* shrinking_name(Shrinking s) {
  switch (s) {
    case Shrinking::full: return "full";
    case Shrinking::partial: return "partial";
    case Shrinking::none: return "none";
  }
  return "full";
}

std::vector<size_t> distinct_indices(const std::vector<FirstRun>& first_runs) {
  std::vector<size_t> out;
  std::map<std::string, size_t> at;  // signature -> its place in out
  for (size_t i = 0; i < first_runs.size(); ++i) {
    const DistinctViolation& v = first_runs[i].violation;
    const auto [it, fresh] = at.emplace(v.signature, out.size());
    if (fresh) {
      out.push_back(i);
    } else if (first_runs[out[it->second]].violation.shrunk != Shrinking::full && v.shrunk == Shrinking::full) {
      out[it->second] = i;  // the fully shrunk schedule is the one worth keeping
    }
  }
  // Only a replacement above can put them out of run order; equal runs keep the checker order.
  std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) { return first_runs[a].violation.run < first_runs[b].violation.run; });
  return out;
}

std::vector<DistinctViolation> distinct_violations(const std::vector<FirstRun>& first_runs) {
  std::vector<DistinctViolation> out;
  for (const size_t i : distinct_indices(first_runs)) out.push_back(first_runs[i].violation);
  return out;
}

size_t not_fully_shrunk(const ExploreSummary& s) {
  return static_cast<size_t>(
      std::count_if(s.distinct.begin(), s.distinct.end(), [](const DistinctViolation& d) { return d.shrunk != Shrinking::full; }));
}

namespace {

std::optional<uint64_t> lowest(std::optional<uint64_t> a, std::optional<uint64_t> b) {
  if (!a) return b;
  return b && *b < *a ? b : a;
}

// The first runs of the whole exploration from those of its shards: in run order (a run
// belongs to one shard, whose list keeps its checker order), the first per key. A shard that
// was stopped may not have shrunk that first run fully; then the lowest fully shrunk run of the
// key (from another shard) is kept as well, so that the minimised scenario it wrote is not
// dropped for one that was not minimised. When no shard stopped, every first run is fully
// shrunk and this is exactly the first per key, as one unsharded exploration has it.
std::vector<FirstRun> first_runs_of_all(std::vector<FirstRun> firsts) {
  std::stable_sort(firsts.begin(), firsts.end(), [](const FirstRun& a, const FirstRun& b) { return a.violation.run < b.violation.run; });
  std::vector<FirstRun> out;
  std::map<std::string, bool> keys;  // key -> whether a fully shrunk first run of it is kept
  for (FirstRun& f : firsts) {
    const std::string& kinds = f.drawn_kinds.empty() ? f.violation.signature : f.drawn_kinds;
    const bool full = f.violation.shrunk == Shrinking::full;
    const auto [it, fresh] = keys.emplace(f.violation.checker + "|" + kinds, full);
    if (fresh) {
      out.push_back(std::move(f));
    } else if (full && !it->second) {
      it->second = true;
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace

MergeMismatch::MergeMismatch(size_t at, size_t against, std::string at_has, std::string against_has, std::string reason)
    : std::runtime_error("summary " + std::to_string(at + 1) + " " + at_has + ", but summary " + std::to_string(against + 1) + " " +
                         against_has + ": " + reason),
      shard(at),
      other(against),
      shard_has(std::move(at_has)),
      other_has(std::move(against_has)),
      why(std::move(reason)) {}

std::string MergeMismatch::describe(const std::string& shard_name, const std::string& other_name) const {
  return shard_name + ": " + shard_has + ", but " + other_name + " " + other_has + ": " + why;
}

ExploreSummary merge(const std::vector<ExploreSummary>& shards) {
  if (shards.empty()) throw std::runtime_error("nothing to merge");
  const ExploreSummary& a = shards.front();
  std::set<uint64_t> seen;
  for (const ExploreSummary& s : shards) {
    if (s.scenario != a.scenario || s.seed != a.seed || s.runs != a.runs || s.shard_count != a.shard_count) {
      throw std::runtime_error("summaries of different explorations: " + s.scenario + " seed " + std::to_string(s.seed) +
                               " runs " + std::to_string(s.runs) + " in " + std::to_string(s.shard_count) + " shards, and " +
                               a.scenario + " seed " + std::to_string(a.seed) + " runs " + std::to_string(a.runs) + " in " +
                               std::to_string(a.shard_count) + " shards");
    }
    if (!seen.insert(s.shard_index).second) throw std::runtime_error("shard " + std::to_string(s.shard_index) + " given twice");
  }
  // Checked apart from the rest so that the message can name both files: the two sets of runs
  // are different runs, and nothing in the counts would show it.
  for (size_t i = 0; i < shards.size(); ++i) {
    if (shards[i].swarm == a.swarm) continue;
    auto with = [](bool swarm) { return swarm ? "was run with --swarm" : "was run without --swarm"; };
    throw MergeMismatch(i, 0, with(shards[i].swarm), with(a.swarm),
                        "the runs of the one are not those of the other; merge shards all run with --swarm, or all without");
  }
  if (seen.size() != a.shard_count) {
    // shard_count is at most kMaxShards (the reader checks it); the list is cut all the same.
    constexpr size_t kListed = 32;
    std::string missing;
    uint64_t listed = 0;
    for (uint64_t i = 0; i < a.shard_count && listed <= kListed; ++i) {
      if (seen.contains(i)) continue;
      missing += listed == kListed ? ", ..." : (listed == 0 ? "" : ", ") + std::to_string(i);
      ++listed;
    }
    const uint64_t count = a.shard_count - seen.size();
    throw std::runtime_error("shards missing: " + missing + " (" + (listed > kListed ? std::to_string(count) + " " : "") + "of " +
                             std::to_string(a.shard_count) + ")");
  }
  ExploreSummary m;
  m.scenario = a.scenario;
  m.file = a.file;
  m.seed = a.seed;
  m.runs = a.runs;
  m.shard_index = 0;
  m.shard_count = 1;
  m.swarm = a.swarm;
  std::vector<FirstRun> firsts;
  for (const ExploreSummary& s : shards) {
    m.runs_done += s.runs_done;
    m.runs_violating += s.runs_violating;
    for (const auto& [k, v] : s.violations) m.violations[k] += v;
    for (const auto& [k, v] : s.reports) m.reports[k] += v;
    m.first_violating_run = lowest(m.first_violating_run, s.first_violating_run);
    firsts.insert(firsts.end(), s.first_runs.begin(), s.first_runs.end());
    m.runs_nondeterministic += s.runs_nondeterministic;
    m.nondeterministic.insert(m.nondeterministic.end(), s.nondeterministic.begin(), s.nondeterministic.end());
    m.runs_over_budget += s.runs_over_budget;
    m.first_over_budget_run = lowest(m.first_over_budget_run, s.first_over_budget_run);
    if (m.stopped.empty()) m.stopped = s.stopped;  // one shard cut short leaves the whole partial
    m.wall_seconds = std::max(m.wall_seconds, s.wall_seconds);  // the shards ran side by side
  }
  m.first_runs = first_runs_of_all(std::move(firsts));
  m.distinct = distinct_violations(m.first_runs);
  std::sort(m.nondeterministic.begin(), m.nondeterministic.end(),
            [](const std::string& x, const std::string& y) { return std::stoull(x) < std::stoull(y); });
  // Each shard listed its lowest ones, so the lowest of all are among them.
  if (m.nondeterministic.size() > kListedNondeterministic) m.nondeterministic.resize(kListedNondeterministic);
  return m;
}

}  // namespace leasesim::reports
