// Test support: run a scenario given as YAML text and return what happened as short lines,
// "21.503s master lease_expired follower-1 e1", so that a test reads like a timeline.
#pragma once

#include <string>
#include <vector>

#include "harness/scenario_loader.h"
#include "harness/world.h"
#include "sim/duration_text.h"
#include "sim/trace.h"

namespace leasesim::testing {

inline std::string describe(const sim::TraceEvent& e, const sim::Trace& t) {
  std::string s = sim::format_seconds(e.t.ns) + " " + std::string(t.node_name(e.node)) + " " +
                  std::string(sim::to_string(e.kind));
  switch (e.kind) {
    case sim::EventKind::lease_granted:
      return s + " " + std::string(t.node_name(e.peer)) + " e" + std::to_string(e.id) + " until " +
             sim::format_seconds(e.a);
    case sim::EventKind::lease_believed:
      return s + " e" + std::to_string(e.id) + " until " + sim::format_seconds(e.a);
    case sim::EventKind::lease_expired:
      return s + " " + std::string(t.node_name(e.peer)) + " e" + std::to_string(e.id);
    case sim::EventKind::expiry_learned:
    case sim::EventKind::lease_dropped:
    case sim::EventKind::violation_start:
      return s + " e" + std::to_string(e.id);
    case sim::EventKind::violation_end:
      return s + " e" + std::to_string(e.id) + (e.a != 0 ? " paused " + sim::format_duration({e.a}) : "");
    case sim::EventKind::state:
      return s + " " + std::string(t.text(e.symbol));
    case sim::EventKind::lock_held:
    case sim::EventKind::lock_released:
      return s + " " + std::string(t.text(e.symbol)) + " e" + std::to_string(e.id);
    default:
      return s;
  }
}

// Collects the events of the given kinds, described.
class Story final : public sim::TraceSink {
 public:
  Story(const sim::Trace& t, std::vector<sim::EventKind> kinds) : trace_(t), kinds_(std::move(kinds)) {}
  void on_event(const sim::TraceEvent& e) override {
    for (sim::EventKind k : kinds_) {
      if (k == e.kind) lines.push_back(describe(e, trace_));
    }
  }
  std::vector<std::string> lines;

 private:
  const sim::Trace& trace_;
  std::vector<sim::EventKind> kinds_;
};

inline const std::vector<sim::EventKind> kLeaseKinds = {
    sim::EventKind::lease_granted, sim::EventKind::lease_believed, sim::EventKind::lease_expired,
    sim::EventKind::expiry_learned, sim::EventKind::violation_start, sim::EventKind::violation_end};

inline std::vector<std::string> story(const std::string& yaml, const std::vector<sim::EventKind>& kinds = kLeaseKinds) {
  const harness::Scenario s = harness::load_scenario_text(yaml, "test.yaml");
  harness::World w(s);
  Story st(w.trace(), kinds);
  w.add_sink(&st);
  w.run();
  return st.lines;
}

// The lines of a story that contain `needle`, in order.
inline std::vector<std::string> only(const std::vector<std::string>& lines, const std::string& needle) {
  std::vector<std::string> out;
  for (const std::string& l : lines) {
    if (l.find(needle) != std::string::npos) out.push_back(l);
  }
  return out;
}

}  // namespace leasesim::testing
