// The events of a live run against real processes, from every recorder (the fault proxy, the
// clients' output, the server's log, the fault injector), each stamped with its real instant
// since t0 and rendered as a trace line (docs/scenario-format.md, "Trace"). Recorders report
// late (a log is read after it is written), so the timeline is put in time order at the end,
// stably: events of one recorder at one instant keep their order.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/message.h"
#include "sim/time.h"

namespace leasesim::live::zookeeper {

class Timeline {
 public:
  explicit Timeline(std::vector<std::string> node_names) : names_(std::move(node_names)) {}

  const std::string& name(sim::NodeId n) const { return names_[n]; }
  // A line as the trace writer renders it, `fields` already JSON (", \"key\": value" pairs).
  void add(sim::Instant t, sim::NodeId node, const char* event, const std::string& fields = "");
  // Lines rendered elsewhere (the fault injector's, through reports::JsonlTraceWriter).
  void add_rendered(sim::Instant t, std::string line);

  void message_sent(sim::Instant t, sim::NodeId from, sim::NodeId to, const std::string& kind, uint64_t id, sim::Instant deliver);
  void message_delivered(sim::Instant t, sim::NodeId from, sim::NodeId to, const std::string& kind, uint64_t id);
  void message_dropped(sim::Instant t, sim::NodeId from, sim::NodeId to, uint64_t id, const char* reason);
  void message_lost(sim::Instant t, sim::NodeId from, sim::NodeId to, uint64_t id, const char* reason);

  // Every line in time order (stable), events at or after `end` left out; one per line.
  std::string text(sim::Instant end) const;
  size_t size() const { return lines_.size(); }

 private:
  std::vector<std::string> names_;
  std::vector<std::pair<int64_t, std::string>> lines_;
};

}  // namespace leasesim::live::zookeeper
