#include "harness/checker_set.h"

#include <algorithm>

#include "harness/load_context.h"

namespace leasesim::harness {

CheckerSet::CheckerSet(const Scenario& scenario, sim::Trace& trace, const ClockOf& clock_of,
                       std::function<void(sim::Instant)> on_horizon)
    : on_horizon_(std::move(on_horizon)) {
  for (const CheckerSpec& spec : checkers_of(*scenario.protocol.protocol, scenario.roles)) {
    checkers_.push_back(spec.make(trace, clock_of, *scenario.protocol.params));
  }
  for (auto& c : checkers_) {
    trace.add_sink(c.get());
    c->set_horizon_listener(this);
  }
}

sim::Instant CheckerSet::horizon() const {
  sim::Instant h = sim::Instant::never();
  for (const auto& c : checkers_) h = std::min(h, c->horizon());
  return h;
}

void CheckerSet::advance_to(sim::Instant t) {
  for (auto& c : checkers_) {
    if (c->horizon() <= t) c->advance_to(t);
  }
  horizon_moved();
}

void CheckerSet::finish(sim::Instant end) {
  for (auto& c : checkers_) c->finish(end);
}

bool CheckerSet::is_liveness(std::string_view checker) const {
  for (const auto& c : checkers_) {
    if (c->name() == checker) return c->liveness();
  }
  return false;
}

std::vector<checkers::Violation> CheckerSet::violations() const {
  std::vector<checkers::Violation> out;
  for (const auto& c : checkers_) out.insert(out.end(), c->violations().begin(), c->violations().end());
  std::stable_sort(out.begin(), out.end(), [](const checkers::Violation& a, const checkers::Violation& b) {
    return a.start != b.start ? a.start < b.start : a.node < b.node;
  });
  return out;
}

}  // namespace leasesim::harness
