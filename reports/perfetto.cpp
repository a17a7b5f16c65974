#include "reports/perfetto.h"

#include <algorithm>

#include "reports/intervals.h"
#include "reports/json.h"
#include "sim/duration_text.h"

namespace leasesim::reports {
namespace {

// Threads within a node's process. A grantor's grants go on one thread per holder, above these.
// A node's state bands (Recording::bands) go on threads of their own, one per row of its lane.
constexpr int kEvents = 1, kBelieved = 2, kMessages = 3, kFaults = 4, kViolations = 5, kStatesBase = 50, kGrantsBase = 100;

std::string us(int64_t ns) { return sim::format_decimal(ns, 3); }

// Node n is process n + 1; process 0 holds what belongs to no node (network faults).
int pid(sim::NodeId n) { return n == sim::kNoNode ? 0 : static_cast<int>(n) + 1; }

class Writer {
 public:
  void add(const std::string& event) { o_ += (o_.empty() ? "\n    " : ",\n    ") + event; }
  void meta(int p, int tid, const char* what, const std::string& name) {
    add(std::string("{\"ph\": \"M\", \"pid\": ") + std::to_string(p) + (tid ? ", \"tid\": " + std::to_string(tid) : "") +
        ", \"name\": \"" + what + "\", \"args\": {\"name\": " + json_string(name) + "}}");
  }
  void slice(int p, int tid, const std::string& name, int64_t start, int64_t end, const std::string& args = "",
             const char* color = nullptr) {
    add("{\"ph\": \"X\", \"pid\": " + std::to_string(p) + ", \"tid\": " + std::to_string(tid) + ", \"ts\": " + us(start) +
        ", \"dur\": " + us(std::max<int64_t>(end - start, 1)) + ", \"name\": " + json_string(name) +
        (color ? std::string(", \"cname\": \"") + color + "\"" : "") + (args.empty() ? "" : ", \"args\": {" + args + "}") + "}");
  }
  std::string done() const { return "{\"displayTimeUnit\": \"ms\", \"traceEvents\": [" + o_ + "\n]}\n"; }

 private:
  std::string o_;
};

int node_index(const Recording& r, const std::string& name) {
  const auto it = std::find(r.nodes.begin(), r.nodes.end(), name);
  return it == r.nodes.end() ? -1 : static_cast<int>(it - r.nodes.begin());
}

}  // namespace

std::string render_perfetto(const Result& r, const Recording& rec) {
  Writer w;
  const Intervals iv = derive_intervals(rec);
  w.meta(0, 0, "process_name", "network");
  w.meta(0, kFaults, "thread_name", "faults");
  for (sim::NodeId n = 0; n < rec.nodes.size(); ++n) {
    w.meta(pid(n), 0, "process_name", rec.nodes[n]);
    w.meta(pid(n), kEvents, "thread_name", "events");
    w.meta(pid(n), kBelieved, "thread_name", "believed");
    w.meta(pid(n), kMessages, "thread_name", "messages");
    w.meta(pid(n), kFaults, "thread_name", "faults");
    w.meta(pid(n), kViolations, "thread_name", "violations");
  }
  // Grants are drawn on the granting node's process, one thread per holder.
  std::vector<sim::NodeId> granter(rec.nodes.size(), sim::kNoNode);
  for (const sim::TraceEvent& e : rec.events) {
    if (e.kind == sim::EventKind::lease_granted && e.peer < granter.size()) granter[e.peer] = e.node;
  }
  for (sim::NodeId f = 0; f < granter.size(); ++f) {
    if (granter[f] != sim::kNoNode) w.meta(pid(granter[f]), kGrantsBase + static_cast<int>(f), "thread_name", "grants to " + rec.nodes[f]);
  }
  for (const Interval& g : iv.grants) {
    w.slice(pid(granter[g.node]), kGrantsBase + static_cast<int>(g.node), "granted to " + rec.nodes[g.node], g.start, g.end,
            "\"epoch\": " + std::to_string(g.epoch), "good");
  }
  for (const Interval& b : iv.beliefs) {
    w.slice(pid(b.node), kBelieved, "believes epoch " + std::to_string(b.epoch), b.start, b.end, "", "thread_state_running");
  }
  // Each node's states: a track per band (per tracer for a band drawn on its peer's lane).
  std::vector<std::vector<bool>> named(rec.nodes.size());
  for (const StateSpan& s : iv.states) {
    std::vector<bool>& rows = named[s.lane];
    if (rows.size() <= static_cast<size_t>(s.row)) rows.resize(s.row + 1);
    const sim::StateBand& band = rec.bands[s.band];
    if (!rows[s.row]) {
      w.meta(pid(s.lane), kStatesBase + s.row, "thread_name", band.name + (band.on_peer ? " (" + rec.nodes[s.of] + ")" : ""));
      rows[s.row] = true;
    }
    w.slice(pid(s.lane), kStatesBase + s.row, band.states[s.state].name, s.start, s.end, "\"band\": " + json_string(band.name));
  }
  for (const StateLabel& l : iv.state_labels) {
    w.add("{\"ph\": \"i\", \"s\": \"t\", \"pid\": " + std::to_string(pid(l.lane)) + ", \"tid\": " + std::to_string(kStatesBase + l.row) +
          ", \"ts\": " + us(l.t) + ", \"name\": " + json_string(l.text) + "}");
  }
  for (const Band& f : iv.faults) w.slice(pid(f.node), kFaults, f.what, f.start, f.end, "", "yellow");
  auto windows = [&](const std::vector<ViolationRecord>& vs, const char* color) {
    for (const ViolationRecord& v : vs) {
      const int n = node_index(rec, v.node);
      w.slice(pid(n < 0 ? sim::kNoNode : static_cast<sim::NodeId>(n)), kViolations, v.checker + (v.other.empty() ? "" : " with " + v.other),
              v.start_ns, v.end_ns, "\"length_ms\": " + sim::format_ms(v.end_ns - v.start_ns) + ", \"paused_ms\": " + sim::format_ms(v.paused_ns),
              color);
    }
  };
  windows(r.violations, "terrible");
  windows(r.reports, "bad");
  // Each flight: a short slice at each end, bound by a flow (flows attach to slices).
  uint64_t flow = 0;
  for (const Flight& f : iv.flights) {
    ++flow;
    const std::string name = f.kind + " #" + std::to_string(f.id);
    w.slice(pid(f.from), kMessages, "send " + name, f.sent, f.sent + 1);
    w.add("{\"ph\": \"s\", \"id\": " + std::to_string(flow) + ", \"pid\": " + std::to_string(pid(f.from)) + ", \"tid\": " +
          std::to_string(kMessages) + ", \"ts\": " + us(f.sent) + ", \"name\": " + json_string(f.kind) + ", \"cat\": \"message\"}");
    const sim::NodeId at = f.lost ? f.from : f.to;
    w.slice(pid(at), kMessages, (f.lost ? "lost " : "arrive ") + name + (f.lost ? ": " + f.why : ""), f.end, f.end + 1, "",
            f.lost ? "terrible" : nullptr);
    w.add("{\"ph\": \"f\", \"bp\": \"e\", \"id\": " + std::to_string(flow) + ", \"pid\": " + std::to_string(pid(at)) +
          ", \"tid\": " + std::to_string(kMessages) + ", \"ts\": " + us(f.end) + ", \"name\": " + json_string(f.kind) +
          ", \"cat\": \"message\"}");
  }
  for (const sim::TraceEvent& e : rec.events) {
    switch (e.kind) {
      case sim::EventKind::message_sent:
      case sim::EventKind::message_delivered:
      case sim::EventKind::message_deferred:
      case sim::EventKind::fault_start:
      case sim::EventKind::fault_end:
      case sim::EventKind::violation_start:
      case sim::EventKind::violation_end:
        break;
      default: {
        const std::string sym = rec.symbols[e.symbol];
        w.add("{\"ph\": \"i\", \"s\": \"t\", \"pid\": " + std::to_string(pid(e.node)) + ", \"tid\": " + std::to_string(kEvents) +
              ", \"ts\": " + us(e.t.ns) + ", \"name\": " + json_string(std::string(sim::to_string(e.kind)) + (sym.empty() ? "" : ": " + sym)) +
              ", \"args\": {\"id\": " + std::to_string(e.id) + (e.peer == sim::kNoNode ? "" : ", \"peer\": " + json_string(rec.nodes[e.peer])) + "}}");
      }
    }
  }
  return w.done();
}

}  // namespace leasesim::reports
