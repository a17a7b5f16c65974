#include "reports/timeline.h"

#include <algorithm>
#include <cstdio>

#include "sim/duration_text.h"

namespace leasesim::reports {
namespace {

using sim::EventKind;

// Seconds with all nine decimals: columns line up and nothing is rounded.
std::string seconds(int64_t ns) {
  char buf[40];
  const int64_t mag = ns < 0 ? -ns : ns;
  std::snprintf(buf, sizeof buf, "%s%lld.%09lld", ns < 0 ? "-" : "", static_cast<long long>(mag / 1'000'000'000),
                static_cast<long long>(mag % 1'000'000'000));
  return buf;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string lpad(std::string s, size_t width) {
  if (s.size() < width) s.insert(0, width - s.size(), ' ');
  return s;
}

}  // namespace

std::string describe_event(const sim::TraceEvent& e, const sim::Trace& t) {
  const std::string sym(t.text(e.symbol));
  const std::string peer(t.node_name(e.peer));
  const std::string id = "#" + std::to_string(e.id);
  const bool never = sim::Instant{e.a}.is_never();
  switch (e.kind) {
    case EventKind::message_sent:
      return sym + " " + id + " to " + peer + (never ? "" : ", arrives " + seconds(e.a));
    case EventKind::message_delivered:
      return sym + " " + id + " from " + peer;
    case EventKind::message_deferred:
      return sym + " " + id + " from " + peer + " (waits: the node is paused)";
    case EventKind::message_dropped:
      return id + " to " + peer + " lost at send: " + sym;
    case EventKind::message_lost:
      return id + " from " + peer + " lost: " + sym;
    case EventKind::timer_fired:
      return sym;
    case EventKind::timer_deferred:
      return sym + " (waits: timers held)";
    case EventKind::lease_granted:
      return peer + " epoch " + std::to_string(e.id) + " until " + (never ? "-" : seconds(e.a));
    case EventKind::lease_believed:
      return "epoch " + std::to_string(e.id) + (never ? " while connected" : " until " + seconds(e.a));
    case EventKind::lease_expired:
      return peer + " epoch " + std::to_string(e.id);
    case EventKind::expiry_learned:
    case EventKind::lease_dropped:
      return "epoch " + std::to_string(e.id);
    case EventKind::lock_held:
    case EventKind::lock_released:
      return sym + " (session " + std::to_string(e.id) + ")";
    case EventKind::connection_lost:
      return "to " + peer;
    case EventKind::write_accepted:
    case EventKind::write_rejected:
      return "from " + peer + " token " + std::to_string(e.a) + " (epoch " + std::to_string(e.id) + ")";
    case EventKind::fault_start:
    case EventKind::fault_end:
      return sym;
    case EventKind::clock_changed:
      return e.symbol != 0 ? "stopped, reads " + seconds(e.b)
                           : "drift " + sim::format_decimal(e.a, 3) + " ppm, reads " + seconds(e.b);
    case EventKind::node_crashed:
    case EventKind::node_started:
      return "";
    case EventKind::state:
      return sym + (peer.empty() ? "" : " (" + peer + ")");
    case EventKind::violation_start:
      return ">>> " + sym + " window opens" + (peer.empty() ? "" : " (with " + peer + ")");
    case EventKind::violation_end:
      return "<<< " + sym + " window closes" + (e.a != 0 ? ", paused " + sim::format_duration({e.a}) : "") +
             (e.b != 0 ? " (the run ended)" : "");
  }
  return "";
}

TimelineWriter::TimelineWriter(std::ostream& out, const sim::Trace& trace) : out_(out), trace_(trace) {
  for (sim::NodeId n = 0; n < trace.node_count(); ++n) node_width_ = std::max(node_width_, trace.node_name(n).size());
  out_ << "  " << lpad("time (s)", 19) << "  " << pad("node", node_width_) << "  " << pad("event", 18) << "  what\n";
}

void TimelineWriter::on_event(const sim::TraceEvent& e) {
  if (e.kind == EventKind::violation_start) open_.insert({e.node, e.symbol});
  const bool inside = !open_.empty();
  if (e.kind == EventKind::violation_end) open_.erase({e.node, e.symbol});
  const std::string node = e.node == sim::kNoNode ? "-" : std::string(trace_.node_name(e.node));
  out_ << (inside ? "! " : "  ") << lpad(seconds(e.t.ns), 19) << "  " << pad(node, node_width_) << "  "
       << pad(std::string(sim::to_string(e.kind)), 18) << "  " << describe_event(e, trace_) << "\n";
}

}  // namespace leasesim::reports
