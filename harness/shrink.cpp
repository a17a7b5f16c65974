#include "harness/shrink.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <vector>

#include "harness/fault_kind.h"
#include "harness/runner.h"

namespace leasesim::harness {
namespace {

constexpr int64_t kMs = 1'000'000;

// A numeric field of a fault that can be made smaller, and the least it may become.
struct Knob {
  std::function<int64_t(const Fault&)> get;
  std::function<void(Fault&, int64_t)> set;
  int64_t floor;
};

// The knob of setting `s` of `f`, if `f` has a value for it.
std::optional<Knob> knob(const FaultSetting& s, const Fault& f) {
  const Rangeable& r = *s.range;
  const std::optional<int64_t> value = r.get(f);
  if (!value) return std::nullopt;
  switch (r.shrink) {
    case ShrinkToward::zero:
      return Knob{[&r](const Fault& x) { return *r.get(x); }, r.set, 0};
    case ShrinkToward::one:
      return Knob{[&r](const Fault& x) { return *r.get(x); }, r.set, 1};
    case ShrinkToward::least_positive:
      // A millisecond (or a nanosecond, if the value was not drawn in milliseconds).
      return Knob{[&r](const Fault& x) { return *r.get(x); }, r.set, *value % kMs == 0 ? kMs : 1};
    case ShrinkToward::zero_magnitude: {
      // The knob works on the size, whichever the sign.
      const int64_t sign = *value < 0 ? -1 : 1;
      return Knob{[&r](const Fault& x) { return std::abs(*r.get(x)); }, [&r, sign](Fault& x, int64_t v) { r.set(x, sign * v); }, 0};
    }
  }
  return std::nullopt;
}

// In the order they are turned: how long the fault lasts and how many messages it changes,
// then its kind's own magnitudes in the table's order, and its time last.
std::vector<Knob> knobs_of(const Fault& f) {
  std::vector<const FaultSetting*> order;
  for (const FaultSetting& s : common_settings()) order.push_back(&s);
  for (const FaultSetting& s : kind_of(f).settings()) {
    if (s.range && !s.common) order.push_back(&s);
  }
  order.push_back(&at_setting());
  std::vector<Knob> out;
  for (const FaultSetting* s : order) {
    if (std::optional<Knob> k = knob(*s, f)) out.push_back(std::move(*k));
  }
  return out;
}

// The least v in [floor, current] for which `holds` is true, on a grid of whole milliseconds
// when both ends are on it (so the result reads well), else of nanoseconds.
int64_t bisect_down(int64_t floor, int64_t current, const std::function<bool(int64_t)>& holds) {
  if (current <= floor) return current;
  const int64_t step = (floor % kMs == 0 && current % kMs == 0 && current - floor > kMs) ? kMs : 1;
  if (holds(floor)) return floor;
  int64_t lo = floor;    // fails
  int64_t hi = current;  // holds
  while (hi - lo > step) {
    int64_t mid = lo + (hi - lo) / 2;
    mid -= (mid - floor) % step;
    if (mid <= lo) mid = lo + step;
    if (holds(mid)) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

// Runs within the event budget only: the deadline and signals are looked at between runs.
RunOptions within_budget(const RunLimits& limits) {
  RunOptions o;
  o.limits.max_events = limits.max_events;
  o.hash_trace = false;
  return o;
}

// Whether run `r` violated `checker`.
bool shows(const reports::Result& r, const std::string& checker) {
  return std::any_of(r.violations.begin(), r.violations.end(), [&](const auto& v) { return v.checker == checker; });
}

}  // namespace

bool violates(const Scenario& s, const std::string& checker, const RunLimits& limits) {
  return shows(run_scenario(s, within_budget(limits)), checker);
}

Shrunk shrink(const Scenario& s, size_t fixed, const std::string& checker, size_t max_runs, const RunLimits& limits) {
  return shrink(s, ShrinkScope{fixed, {}, false}, checker, max_runs, limits);
}

namespace {

// The drawn values that are not faults, as knobs on the whole scenario: each clock's drift and
// offset by magnitude toward zero, then the network delay's upper end toward its lower end.
struct ScenarioKnob {
  std::function<int64_t(const Scenario&)> get;
  std::function<void(Scenario&, int64_t)> set;
  int64_t floor;
};

std::vector<ScenarioKnob> scenario_knobs(const Scenario& s, const ShrinkScope& scope) {
  std::vector<ScenarioKnob> out;
  for (const std::string& node : scope.clocks) {
    auto it = s.clocks.find(node);
    if (it == s.clocks.end()) continue;
    const int64_t drift_sign = it->second.drift_ppm.ppb < 0 ? -1 : 1;
    out.push_back({[node](const Scenario& x) { return std::abs(x.clocks.at(node).drift_ppm.ppb); },
                   [node, drift_sign](Scenario& x, int64_t v) { x.clocks[node].drift_ppm.ppb = drift_sign * v; }, 0});
    const int64_t offset_sign = it->second.offset.ns < 0 ? -1 : 1;
    out.push_back({[node](const Scenario& x) { return std::abs(x.clocks.at(node).offset.ns); },
                   [node, offset_sign](Scenario& x, int64_t v) { x.clocks[node].offset.ns = offset_sign * v; }, 0});
  }
  if (scope.network) {
    out.push_back({[](const Scenario& x) { return x.network.delay_hi.ns; }, [](Scenario& x, int64_t v) { x.network.delay_hi.ns = v; },
                   s.network.delay_lo.ns});
  }
  return out;
}

}  // namespace

Shrunk shrink(const Scenario& s, const ShrinkScope& scope, const std::string& checker, size_t max_runs, const RunLimits& limits,
              const std::function<bool()>& stop) {
  const size_t fixed = scope.fixed;
  Scenario best = s;
  size_t runs = 0;
  bool cut = false;
  std::optional<reports::Result> verified;  // the run of `best`, once a candidate has become it
  auto test = [&](const Scenario& candidate) {
    if (runs >= max_runs || cut) return false;  // out of budget, or stopped: keep what we have
    if (interrupt_signal() != 0 || (limits.deadline && std::chrono::steady_clock::now() >= *limits.deadline) || (stop && stop())) {
      cut = true;
      return false;
    }
    ++runs;
    reports::Result r = run_scenario(candidate, within_budget(limits));
    // A signal during the run may have stopped it at any event: neither its verdict nor its
    // windows are the schedule's.
    if (r.stopped == stop_reason_name(StopReason::interrupted)) {
      cut = true;
      return false;
    }
    if (!shows(r, checker)) return false;
    verified = std::move(r);  // the caller now makes `candidate` the best
    return true;
  };

  // Remove faults one at a time, the latest first, until none can go.
  for (bool removed = true; removed;) {
    removed = false;
    for (size_t i = best.faults.size(); i-- > fixed;) {
      Scenario candidate = best;
      candidate.faults.erase(candidate.faults.begin() + static_cast<std::ptrdiff_t>(i));
      if (test(candidate)) {
        best = std::move(candidate);
        removed = true;
      }
    }
  }

  // Then make each remaining fault smaller and earlier. Faults are coupled (a shorter reply
  // delay may need the cut after it to come earlier), so passes repeat until none changes
  // anything.
  for (bool changed = true; changed && runs < max_runs;) {
    changed = false;
    for (size_t i = fixed; i < best.faults.size(); ++i) {
      for (const Knob& k : knobs_of(best.faults[i])) {
        const int64_t before = k.get(best.faults[i]);
        const int64_t least = bisect_down(k.floor, before, [&](int64_t v) {
          Scenario candidate = best;
          k.set(candidate.faults[i], v);
          return test(candidate);
        });
        k.set(best.faults[i], least);
        changed = changed || least != before;
      }
    }
    // The values are coupled with the faults' (a drift may stand in for a longer delay), so
    // they are simplified in the same passes.
    for (const ScenarioKnob& k : scenario_knobs(best, scope)) {
      const int64_t before = k.get(best);
      const int64_t least = bisect_down(k.floor, before, [&](int64_t v) {
        Scenario candidate = best;
        k.set(candidate, v);
        return test(candidate);
      });
      k.set(best, least);
      changed = changed || least != before;
    }
  }
  // Cut short, no run may follow the stop: `best` comes with the run that verified it.
  if (cut) return Shrunk{best, verified.value_or(reports::Result{}), runs, false};
  return Shrunk{best, run_scenario(best, within_budget(limits)), runs + 1, true};
}

}  // namespace leasesim::harness
