#include "reports/jsonl_trace.h"

#include "reports/json.h"
#include "sim/duration_text.h"

namespace leasesim::reports {
namespace {

using sim::EventKind;
using sim::format_ms;

class Line {
 public:
  Line(const sim::TraceEvent& e, const sim::Trace& trace) : trace_(trace) {
    s_ = "{\"t_ms\": " + format_ms(e.t.ns) + ", \"node\": ";
    s_ += e.node == sim::kNoNode ? "null" : json_string(trace.node_name(e.node));
    s_ += ", \"event\": " + json_string(sim::to_string(e.kind));
  }
  Line& text(const char* key, std::string_view v) {
    s_ += std::string(", \"") + key + "\": " + json_string(v);
    return *this;
  }
  Line& node(const char* key, sim::NodeId n) {
    if (n != sim::kNoNode) text(key, trace_.node_name(n));
    return *this;
  }
  Line& number(const char* key, uint64_t v) {
    s_ += std::string(", \"") + key + "\": " + std::to_string(v);
    return *this;
  }
  // A time that never comes (a belief with no end, such as a session's) is null.
  Line& ms(const char* key, int64_t ns) {
    s_ += std::string(", \"") + key + "\": " + (sim::Instant{ns}.is_never() ? std::string("null") : format_ms(ns));
    return *this;
  }
  Line& decimal(const char* key, int64_t scaled, int places) {
    s_ += std::string(", \"") + key + "\": " + sim::format_decimal(scaled, places);
    return *this;
  }
  Line& flag(const char* key, bool v) {
    s_ += std::string(", \"") + key + "\": " + (v ? "true" : "false");
    return *this;
  }
  std::string done() { return s_ + "}"; }

 private:
  const sim::Trace& trace_;
  std::string s_;
};

}  // namespace

std::string render_event_json(const sim::TraceEvent& e, const sim::Trace& trace) {
  Line l(e, trace);
  const std::string_view sym = trace.text(e.symbol);
  switch (e.kind) {
    case EventKind::message_sent:
      l.node("to", e.peer).text("message", sym).number("id", e.id);
      if (!sim::Instant{e.a}.is_never()) l.ms("deliver_ms", e.a);
      break;
    case EventKind::message_delivered:
    case EventKind::message_deferred:
      l.node("from", e.peer).text("message", sym).number("id", e.id);
      break;
    case EventKind::message_dropped:
      l.node("to", e.peer).number("id", e.id).text("reason", sym);
      break;
    case EventKind::message_lost:
      l.node("from", e.peer).number("id", e.id).text("reason", sym);
      break;
    case EventKind::timer_fired:
    case EventKind::timer_deferred:
      l.text("timer", sym).number("tag", e.id);
      break;
    case EventKind::lease_granted:
      l.node("holder", e.peer).number("epoch", e.id).ms("until_ms", e.a).ms("until_local_ms", e.b);
      break;
    case EventKind::lease_believed:
      l.number("epoch", e.id).ms("until_ms", e.a).ms("until_local_ms", e.b);
      break;
    case EventKind::lease_expired:
      l.node("holder", e.peer).number("epoch", e.id);
      break;
    case EventKind::expiry_learned:
    case EventKind::lease_dropped:
      l.number("epoch", e.id);
      break;
    case EventKind::lock_held:
    case EventKind::lock_released:
      l.text("lock", sym).number("session", e.id);
      break;
    case EventKind::connection_lost:
      l.node("peer", e.peer);
      break;
    case EventKind::write_accepted:
    case EventKind::write_rejected:
      l.node("writer", e.peer).number("epoch", e.id).number("token", static_cast<uint64_t>(e.a));
      break;
    case EventKind::fault_start:
    case EventKind::fault_end:
      l.text("fault", sym).number("index", e.id);
      break;
    case EventKind::clock_changed:
      l.decimal("drift_ppm", e.a, 3).ms("local_ms", e.b).flag("stopped", e.symbol != 0);
      break;
    case EventKind::node_crashed:
    case EventKind::node_started:
      break;
    case EventKind::state:
      l.node("peer", e.peer).text("state", sym);
      break;
    case EventKind::violation_start:
      l.text("checker", sym).number("epoch", e.id);
      break;
    case EventKind::violation_end:
      l.text("checker", sym).number("epoch", e.id).ms("paused_ms", e.a).flag("cut_by_run_end", e.b != 0);
      break;
  }
  return l.done();
}

void JsonlTraceWriter::on_event(const sim::TraceEvent& e) { out_ << render_event_json(e, trace_) << '\n'; }

}  // namespace leasesim::reports
