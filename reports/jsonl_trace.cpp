#include "reports/jsonl_trace.h"

#include <array>

#include "reports/json.h"
#include "reports/trace_fields.h"
#include "sim/duration_text.h"

namespace leasesim::reports {
namespace {

using sim::EventKind;
using F = FieldType;

constexpr TraceField kMessageSent[] = {{"to", F::node}, {"message", F::text}, {"id", F::count}, {"deliver_ms", F::deliver_ms}};
constexpr TraceField kMessageHandled[] = {{"from", F::node}, {"message", F::text}, {"id", F::count}};
constexpr TraceField kMessageDropped[] = {{"to", F::node}, {"id", F::count}, {"reason", F::text}};
constexpr TraceField kMessageLost[] = {{"from", F::node}, {"id", F::count}, {"reason", F::text}};
constexpr TraceField kTimer[] = {{"timer", F::text}, {"tag", F::count}};
constexpr TraceField kLeaseGranted[] = {{"holder", F::node}, {"epoch", F::count}, {"until_ms", F::ms_a}, {"until_local_ms", F::ms_b}};
constexpr TraceField kLeaseBelieved[] = {{"epoch", F::count}, {"until_ms", F::ms_a}, {"until_local_ms", F::ms_b}};
constexpr TraceField kLeaseExpired[] = {{"holder", F::node}, {"epoch", F::count}};
constexpr TraceField kEpoch[] = {{"epoch", F::count}};
constexpr TraceField kLock[] = {{"lock", F::text}, {"session", F::count}};
constexpr TraceField kPeer[] = {{"peer", F::node}};
constexpr TraceField kWrite[] = {{"writer", F::node}, {"epoch", F::count}, {"token", F::token}};
constexpr TraceField kFault[] = {{"fault", F::text}, {"index", F::count}, {"class", F::fault_class}};
constexpr TraceField kClock[] = {{"drift_ppm", F::ppm_a}, {"local_ms", F::ms_b}, {"stopped", F::stopped}};
constexpr TraceField kState[] = {{"peer", F::node_if_any}, {"state", F::text}};
constexpr TraceField kViolationStart[] = {{"checker", F::text}, {"epoch", F::count}};
constexpr TraceField kViolationEnd[] = {{"checker", F::text}, {"epoch", F::count}, {"paused_ms", F::ms_a}, {"cut_by_run_end", F::flag_b}};

void put_key(std::string& s, const char* key) {
  s += ", \"";
  s += key;
  s += "\": ";
}

std::string ms_text(int64_t ns) { return sim::Instant{ns}.is_never() ? std::string("null") : sim::format_ms(ns); }

}  // namespace

std::span<const TraceField> trace_fields(EventKind kind) {
  switch (kind) {
    case EventKind::message_sent: return kMessageSent;
    case EventKind::message_delivered:
    case EventKind::message_deferred: return kMessageHandled;
    case EventKind::message_dropped: return kMessageDropped;
    case EventKind::message_lost: return kMessageLost;
    case EventKind::timer_fired:
    case EventKind::timer_deferred: return kTimer;
    case EventKind::lease_granted: return kLeaseGranted;
    case EventKind::lease_believed: return kLeaseBelieved;
    case EventKind::lease_expired: return kLeaseExpired;
    case EventKind::expiry_learned:
    case EventKind::lease_dropped: return kEpoch;
    case EventKind::lock_held:
    case EventKind::lock_released: return kLock;
    case EventKind::connection_lost: return kPeer;
    case EventKind::write_accepted:
    case EventKind::write_rejected: return kWrite;
    case EventKind::fault_start:
    case EventKind::fault_end: return kFault;
    case EventKind::clock_changed: return kClock;
    case EventKind::node_crashed:
    case EventKind::node_started: return {};
    case EventKind::state: return kState;
    case EventKind::violation_start: return kViolationStart;
    case EventKind::violation_end: return kViolationEnd;
  }
  return {};
}

std::string render_event_json(const sim::TraceEvent& e, const sim::Trace& trace) {
  std::string s = "{\"t_ms\": " + sim::format_ms(e.t.ns) + ", \"node\": ";
  s += e.node == sim::kNoNode ? "null" : json_string(trace.node_name(e.node));
  s += ", \"event\": " + json_string(sim::to_string(e.kind));
  for (const TraceField& f : trace_fields(e.kind)) {
    switch (f.type) {
      case F::node:
      case F::node_if_any:
        if (e.peer == sim::kNoNode) break;
        put_key(s, f.key);
        s += json_string(trace.node_name(e.peer));
        break;
      case F::text:
        put_key(s, f.key);
        s += json_string(trace.text(e.symbol));
        break;
      case F::count:
        put_key(s, f.key);
        s += std::to_string(e.id);
        break;
      case F::token:
        put_key(s, f.key);
        s += std::to_string(static_cast<uint64_t>(e.a));
        break;
      case F::ms_a:
        put_key(s, f.key);
        s += ms_text(e.a);
        break;
      case F::ms_b:
        put_key(s, f.key);
        s += ms_text(e.b);
        break;
      case F::deliver_ms:
        if (sim::Instant{e.a}.is_never()) break;
        put_key(s, f.key);
        s += sim::format_ms(e.a);
        break;
      case F::ppm_a:
        put_key(s, f.key);
        s += sim::format_decimal(e.a, 3);
        break;
      case F::stopped:
        put_key(s, f.key);
        s += e.symbol != 0 ? "true" : "false";
        break;
      case F::flag_b:
        put_key(s, f.key);
        s += e.b != 0 ? "true" : "false";
        break;
      case F::fault_class:
        put_key(s, f.key);
        s += json_string(sim::to_string(static_cast<sim::FaultClass>(e.b)));
        break;
    }
  }
  return s + "}";
}

void JsonlTraceWriter::on_event(const sim::TraceEvent& e) { out_ << render_event_json(e, trace_) << '\n'; }

}  // namespace leasesim::reports
