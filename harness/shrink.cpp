#include "harness/shrink.h"

#include <functional>
#include <vector>

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

std::vector<Knob> knobs_of(const Fault& f) {
  std::vector<Knob> out;
  if (f.lasts) {
    // A fault lasts at least a millisecond (or a nanosecond, if it was not drawn in milliseconds).
    const int64_t least = f.lasts->ns % kMs == 0 ? kMs : 1;
    out.push_back({[](const Fault& x) { return x.lasts->ns; }, [](Fault& x, int64_t v) { x.lasts = Duration{v}; }, least});
  }
  if (f.count) {
    out.push_back({[](const Fault& x) { return *x.count; }, [](Fault& x, int64_t v) { x.count = v; }, 1});
  }
  if (std::holds_alternative<DelayFault>(f.action)) {
    out.push_back({[](const Fault& x) { return std::get<DelayFault>(x.action).extra.ns; },
                   [](Fault& x, int64_t v) { std::get<DelayFault>(x.action).extra = Duration{v}; }, 0});
  }
  if (std::holds_alternative<DuplicateFault>(f.action)) {
    out.push_back({[](const Fault& x) { return std::get<DuplicateFault>(x.action).extra.ns; },
                   [](Fault& x, int64_t v) { std::get<DuplicateFault>(x.action).extra = Duration{v}; }, 0});
  }
  if (const auto* c = std::get_if<ClockFault>(&f.action)) {
    // Drift and steps shrink toward zero whichever their sign: the knob works on the magnitude.
    if (c->drift_ppm) {
      const int64_t sign = c->drift_ppm->ppb < 0 ? -1 : 1;
      out.push_back({[](const Fault& x) { return std::abs(std::get<ClockFault>(x.action).drift_ppm->ppb); },
                     [sign](Fault& x, int64_t v) { std::get<ClockFault>(x.action).drift_ppm = sim::Ppm{sign * v}; }, 0});
    }
    if (c->jump) {
      const int64_t sign = c->jump->ns < 0 ? -1 : 1;
      out.push_back({[](const Fault& x) { return std::abs(std::get<ClockFault>(x.action).jump->ns); },
                     [sign](Fault& x, int64_t v) { std::get<ClockFault>(x.action).jump = Duration{sign * v}; }, 0});
    }
  }
  out.push_back({[](const Fault& x) { return x.at.ns; }, [](Fault& x, int64_t v) { x.at = Instant{v}; }, 0});
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
  return o;
}

}  // namespace

bool violates(const Scenario& s, const std::string& checker, const RunLimits& limits) {
  const reports::Result r = run_scenario(s, within_budget(limits));
  for (const auto& v : r.violations) {
    if (v.checker == checker) return true;
  }
  return false;
}

Shrunk shrink(const Scenario& s, size_t fixed, const std::string& checker, size_t max_runs, const RunLimits& limits) {
  Scenario best = s;
  size_t runs = 0;
  bool cut = false;
  auto test = [&](const Scenario& candidate) {
    if (runs >= max_runs) return false;  // out of budget: keep what we have
    if (interrupt_signal() != 0 || (limits.deadline && std::chrono::steady_clock::now() >= *limits.deadline)) {
      cut = true;
      return false;
    }
    ++runs;
    return violates(candidate, checker, limits);
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
  }
  return Shrunk{best, run_scenario(best, within_budget(limits)), runs + 1, !cut};
}

}  // namespace leasesim::harness
