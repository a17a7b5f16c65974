#include "live/zookeeper/timeline.h"

#include <algorithm>

#include "reports/json.h"
#include "sim/duration_text.h"

namespace leasesim::live::zookeeper {

void Timeline::add(sim::Instant t, sim::NodeId node, const char* event, const std::string& fields) {
  const int64_t ns = std::max<int64_t>(t.ns, 0);
  lines_.emplace_back(ns, "{\"t_ms\": " + sim::format_ms(ns) + ", \"node\": " + reports::json_string(names_[node]) + ", \"event\": \"" + event +
                              "\"" + fields + "}");
}

void Timeline::add_rendered(sim::Instant t, std::string line) { lines_.emplace_back(t.ns, std::move(line)); }

void Timeline::message_sent(sim::Instant t, sim::NodeId from, sim::NodeId to, const std::string& kind, uint64_t id, sim::Instant deliver) {
  std::string f = ", \"to\": " + reports::json_string(names_[to]) + ", \"message\": " + reports::json_string(kind) + ", \"id\": " + std::to_string(id);
  if (!deliver.is_never()) f += ", \"deliver_ms\": " + sim::format_ms(std::max<int64_t>(deliver.ns, 0));
  add(t, from, "message_sent", f);
}

void Timeline::message_delivered(sim::Instant t, sim::NodeId from, sim::NodeId to, const std::string& kind, uint64_t id) {
  add(t, to, "message_delivered",
      ", \"from\": " + reports::json_string(names_[from]) + ", \"message\": " + reports::json_string(kind) + ", \"id\": " + std::to_string(id));
}

void Timeline::message_dropped(sim::Instant t, sim::NodeId from, sim::NodeId to, uint64_t id, const char* reason) {
  add(t, from, "message_dropped", ", \"to\": " + reports::json_string(names_[to]) + ", \"id\": " + std::to_string(id) + ", \"reason\": \"" + reason + "\"");
}

void Timeline::message_lost(sim::Instant t, sim::NodeId from, sim::NodeId to, uint64_t id, const char* reason) {
  add(t, to, "message_lost", ", \"from\": " + reports::json_string(names_[from]) + ", \"id\": " + std::to_string(id) + ", \"reason\": \"" + reason + "\"");
}

std::string Timeline::text(sim::Instant end) const {
  std::vector<const std::pair<int64_t, std::string>*> order;
  order.reserve(lines_.size());
  for (const auto& l : lines_) {
    if (l.first < end.ns) order.push_back(&l);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out;
  for (const auto* l : order) out += l->second + "\n";
  return out;
}

}  // namespace leasesim::live::zookeeper
