// A run's trace kept in memory for the reports that draw it (HTML timeline, Perfetto), with the
// names its numbers stand for. Capped: a report of a huge run keeps its first events and says
// it was cut, rather than exhausting memory.
#pragma once

#include <string>
#include <vector>

#include "sim/state_bands.h"
#include "sim/trace.h"

namespace leasesim::reports {

struct Recording {
  int64_t duration_ns = 0;
  std::vector<std::string> nodes;    // by NodeId
  std::vector<std::string> symbols;  // by Symbol
  std::vector<sim::TraceEvent> events;
  bool truncated = false;  // more events happened than were kept
  std::vector<sim::StateBand> bands;  // the protocol's declaration of what its states draw
};

class Recorder final : public sim::TraceSink {
 public:
  static constexpr size_t kDefaultCap = 500'000;
  explicit Recorder(Recording& out, size_t cap = kDefaultCap) : out_(out), cap_(cap) {}
  void on_event(const sim::TraceEvent& e) override {
    if (out_.events.size() < cap_) {
      out_.events.push_back(e);
    } else {
      out_.truncated = true;
    }
  }
  // Copies the names once the run is over (symbols are interned as the run goes), and how the
  // run's protocol draws its states.
  void finish(const sim::Trace& t, int64_t duration_ns, std::vector<sim::StateBand> bands) {
    out_.duration_ns = duration_ns;
    out_.bands = std::move(bands);
    out_.nodes.clear();
    out_.symbols.clear();
    for (sim::NodeId n = 0; n < t.node_count(); ++n) out_.nodes.emplace_back(t.node_name(n));
    for (sim::Symbol s = 0; s < t.symbol_count(); ++s) out_.symbols.emplace_back(t.text(s));
  }

 private:
  Recording& out_;
  size_t cap_;
};

}  // namespace leasesim::reports
