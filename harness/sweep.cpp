#include "harness/sweep.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "harness/input_error.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"

namespace leasesim::harness {
namespace {

using reports::SweepBoundary;
using reports::SweepOutcome;
using reports::SweepPoint;

constexpr int64_t kMaxStepsOneAxis = 1000;
constexpr int64_t kMaxStepsTwoAxes = 100;

// Runs the scenario with the axes set to given values. The document is parsed once; each run
// edits a copy of it, so a value is placed exactly as the scenario would spell it.
class Evaluator {
 public:
  explicit Evaluator(const SweepOptions& o) : o_(o), root_(o.document.IsDefined() ? o.document : load_sweep_document(o.file)) {
    // Expectations describe the file's own values; a sweep measures, it does not assert.
    root_.remove("expect");
    root_.remove("explore");
  }

  // "KEY = VALUE" for each axis at `values`, as messages name a point.
  std::string assignment(const std::vector<int64_t>& values) const {
    std::string out;
    for (size_t a = 0; a < o_.axes.size(); ++a) out += (out.empty() ? "" : ", ") + o_.axes[a].key + " = " + o_.axes[a].text(values[a]);
    return out;
  }

  // The scenario with the axes at `values`, as the loader reads it.
  Scenario load(const std::vector<int64_t>& values) const {
    YAML::Node doc = YAML::Clone(root_);
    for (size_t a = 0; a < o_.axes.size(); ++a) set_value(doc, o_.axes[a], o_.axes[a].text(values[a]));
    const std::string assignment = this->assignment(values);
    try {
      return load_scenario_node(doc, o_.file);
    } catch (const InputError& e) {
      throw SweepError("with " + assignment + ": " + (e.path().empty() ? "" : e.path() + ": ") + e.message());
    }
  }

  SweepPoint run(const std::vector<int64_t>& values) {
    // A run looks at the clock only every few thousand events; a sweep of short runs, here,
    // and before the load, which for a scenario at the loader's caps takes a while itself.
    if (interrupt_signal() != 0) throw SweepStopped(stop_reason_name(StopReason::interrupted), assignment(values));
    if (o_.limits.deadline && std::chrono::steady_clock::now() >= *o_.limits.deadline) {
      throw SweepStopped(stop_reason_name(StopReason::max_wall), assignment(values));
    }
    const Scenario s = load(values);
    RunOptions ro;
    ro.seed = o_.seed;
    ro.limits = o_.limits;
    const reports::Result r = run_scenario(s, ro);
    if (!r.stopped.empty()) throw SweepStopped(r.stopped, assignment(values));
    if (runs_++ == 0) choose_checkers(r);
    SweepPoint p;
    p.values = values;
    for (const auto* list : {&r.violations, &r.reports}) {
      for (const reports::ViolationRecord& v : *list) {
        if (std::find(checkers_.begin(), checkers_.end(), v.checker) == checkers_.end()) continue;
        p.violated = true;
        p.worst_ns = std::max(p.worst_ns, v.end_ns - v.start_ns);
        ++p.windows;
      }
    }
    seed_ = r.seed;
    scenario_ = r.scenario;
    return p;
  }

  const std::vector<std::string>& checkers() const { return checkers_; }
  uint64_t runs() const { return runs_; }
  uint64_t seed() const { return seed_; }
  const std::string& scenario() const { return scenario_; }

 private:
  void choose_checkers(const reports::Result& r) {
    if (o_.checker.empty()) {
      checkers_ = r.checkers;
      return;
    }
    std::vector<std::string> all = r.checkers;
    all.insert(all.end(), r.liveness_checkers.begin(), r.liveness_checkers.end());
    if (std::find(all.begin(), all.end(), o_.checker) == all.end()) {
      throw SweepError("--checker " + o_.checker + ": this scenario has no such invariant" + suggestion(o_.checker, all) +
                       "; it checks " + join(all));
    }
    checkers_ = {o_.checker};
  }

  const SweepOptions& o_;
  YAML::Node root_;
  std::vector<std::string> checkers_;
  uint64_t runs_ = 0;
  uint64_t seed_ = 0;
  std::string scenario_;
};

// Grid indices 0 .. steps of an axis, at most `wanted` + 1 of them, spread evenly.
std::vector<int64_t> grid_indices(const SweepAxis& axis, int64_t wanted) {
  const int64_t n = std::min(wanted, axis.steps);
  std::vector<int64_t> k;
  for (int64_t i = 0; i <= n; ++i) k.push_back(static_cast<int64_t>(static_cast<__int128>(axis.steps) * i / n));
  return k;
}

// Between grid indices lo and hi of the last axis (verdicts differ), the adjacent pair where
// the verdict changes; `fixed` holds the other axes' values.
SweepBoundary bisect(Evaluator& ev, const SweepAxis& axis, std::vector<int64_t> fixed, SweepPoint lo_point,
                     int64_t lo, SweepPoint hi_point, int64_t hi, std::vector<SweepPoint>& probes) {
  const bool before = lo_point.violated;
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    fixed.back() = axis.at(mid);
    SweepPoint p = ev.run(fixed);
    probes.push_back(p);
    if (p.violated == before) {
      lo = mid;
      lo_point = p;
    } else {
      hi = mid;
      hi_point = p;
    }
  }
  return {0, axis.at(lo), axis.at(hi), before, before ? lo_point.worst_ns : hi_point.worst_ns};
}

}  // namespace

YAML::Node load_sweep_document(const std::string& file, Scenario* loaded) {
  // Read once: the text that loads is the text swept (the file could change in between).
  const std::string text = read_scenario_file(file);
  Scenario s = load_scenario_text(text, file);  // the file as it is must load: its errors point into it
  if (loaded != nullptr) *loaded = std::move(s);
  return YAML::Load(text);
}

SweepOutcome sweep(const SweepOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  if (o.axes.empty() || o.axes.size() > 2) throw SweepError("give one or two --vary keys");
  if (o.axes.size() == 2 && o.axes[0].key == o.axes[1].key) throw SweepError("--vary " + o.axes[0].key + " is given twice");
  const int64_t max_steps = o.axes.size() == 1 ? kMaxStepsOneAxis : kMaxStepsTwoAxes;
  SweepOutcome out;
  out.axes = o.axes;
  out.grid_steps = o.grid_steps > 0 ? o.grid_steps : (o.axes.size() == 1 ? 20 : 10);
  if (out.grid_steps > max_steps) {
    throw SweepError("--steps " + std::to_string(out.grid_steps) + " is more than " + std::to_string(max_steps) +
                     (o.axes.size() == 1 ? " (bisection finds the boundary exactly; a finer grid is not needed for it)"
                                         : " per axis for a grid"));
  }
  Evaluator ev(o);
  // Both ends of every axis must make a valid scenario before any run: a range that leaves
  // the run (a fault moved past its end) fails at once, not half-way.
  for (int corner = 0; corner < (1 << o.axes.size()); ++corner) {
    std::vector<int64_t> values;
    for (size_t a = 0; a < o.axes.size(); ++a) values.push_back((corner >> a) & 1 ? o.axes[a].to() : o.axes[a].from);
    ev.load(values);
  }
  const SweepAxis& last = o.axes.back();
  const std::vector<int64_t> columns = grid_indices(last, out.grid_steps);
  const std::vector<int64_t> rows = o.axes.size() == 2 ? grid_indices(o.axes[0], out.grid_steps) : std::vector<int64_t>{0};
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<int64_t> values;
    if (o.axes.size() == 2) values.push_back(o.axes[0].at(rows[r]));
    values.push_back(0);
    const size_t row_begin = out.grid.size();
    for (int64_t k : columns) {
      values.back() = last.at(k);
      out.grid.push_back(ev.run(values));
    }
    size_t changes = 0;
    for (size_t c = 1; c < columns.size(); ++c) {
      const SweepPoint& a = out.grid[row_begin + c - 1];
      const SweepPoint& b = out.grid[row_begin + c];
      if (a.violated == b.violated) continue;
      // One axis: every change is bisected; a grid: the first change of each row.
      if (++changes > 1 && o.axes.size() == 2) continue;
      SweepBoundary bound = bisect(ev, last, values, a, columns[c - 1], b, columns[c], out.probes);
      bound.row = r;
      out.boundaries.push_back(bound);
    }
    if (changes > 1 && o.axes.size() == 2) ++out.rows_with_several_changes;
  }
  out.rows = rows;
  out.columns = columns;
  out.file = o.file;
  std::sort(out.probes.begin(), out.probes.end(), [](const SweepPoint& a, const SweepPoint& b) { return a.values < b.values; });
  out.checkers = ev.checkers();
  out.runs = ev.runs();
  out.seed = ev.seed();
  out.scenario = ev.scenario();
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace leasesim::harness
