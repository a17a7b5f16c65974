#include "reports/causes.h"

#include <algorithm>

namespace leasesim::reports {

std::vector<Cause> causes_of(const ViolationRecord& v, const Recording& r, const Intervals& iv) {
  std::vector<Cause> out;
  const auto it = std::find(r.nodes.begin(), r.nodes.end(), v.node);
  if (it == r.nodes.end()) return out;
  const auto node = static_cast<sim::NodeId>(it - r.nodes.begin());
  // The last grant for the node before the window, and who granted it.
  sim::NodeId grantor = sim::kNoNode;
  int64_t granted = -1;
  for (const sim::TraceEvent& e : r.events) {
    if (e.t.ns > v.start_ns) break;
    if (e.kind == sim::EventKind::lease_granted && e.peer == node) {
      grantor = e.node;
      granted = e.t.ns;
    }
  }
  if (grantor != sim::kNoNode) out.push_back({"last grant", granted, grantor});
  // The last message from the node that reached its grantor before the window.
  int64_t renewed = granted;
  if (grantor != sim::kNoNode) {
    int64_t last = -1;
    for (size_t i = 0; i < iv.flights.size(); ++i) {
      const Flight& f = iv.flights[i];
      if (f.from == node && f.to == grantor && !f.lost && f.end <= v.start_ns && (last < 0 || f.end >= iv.flights[last].end)) last = static_cast<int64_t>(i);
    }
    if (last >= 0) {
      renewed = iv.flights[last].end;
      out.push_back({"last renewal to reach the grantor", renewed, grantor, last});
    }
  }
  // The faults on the node, its grantor or the network between that renewal and the window's end.
  for (size_t i = 0; i < iv.faults.size(); ++i) {
    const Band& b = iv.faults[i];
    const bool concerned = b.node == sim::kNoNode || b.node == node || b.node == grantor;
    if (concerned && b.start <= v.end_ns && b.end >= std::max<int64_t>(renewed, 0)) out.push_back({"fault", b.start, b.node, -1, static_cast<int64_t>(i)});
  }
  // The message whose arrival made the belief: the slowest to reach the node when it last came to believe.
  int64_t believed = -1;
  for (const sim::TraceEvent& e : r.events) {
    if (e.t.ns > v.start_ns) break;
    if (e.kind == sim::EventKind::lease_believed && e.node == node) believed = e.t.ns;
  }
  int64_t made = -1;
  for (size_t i = 0; i < iv.flights.size(); ++i) {
    const Flight& f = iv.flights[i];
    if (f.to != node || f.lost || f.end != believed) continue;
    if (made < 0 || f.end - f.sent > iv.flights[made].end - iv.flights[made].sent) made = static_cast<int64_t>(i);
  }
  if (made >= 0) out.push_back({"made the belief", believed, node, made});
  return out;
}

}  // namespace leasesim::reports
