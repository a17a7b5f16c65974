#include "harness/compare.h"

#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "harness/runner.h"
#include "harness/trace_feed.h"
#include "sim/duration_text.h"

namespace leasesim::harness {
namespace {

using reports::Recording;
using reports::ViolationRecord;
using sim::EventKind;

std::string seconds(int64_t ns) { return sim::format_seconds(ns); }

std::string signed_duration(int64_t ns) {
  return (ns < 0 ? "-" : "+") + sim::format_duration(sim::Duration{ns < 0 ? -ns : ns});
}

std::string window_text(const ViolationRecord& v) { return "[" + seconds(v.start_ns) + ", " + seconds(v.end_ns) + ")"; }

std::optional<sim::NodeId> node_named(const Recording& r, const std::string& name) {
  for (sim::NodeId n = 0; n < r.nodes.size(); ++n) {
    if (r.nodes[n] == name) return n;
  }
  return std::nullopt;
}

// The node that acted at instant `t`: the first event there that is not a finding (the
// grantor expiring a lease, a holder's belief), or `fallback` if none happened at t (a belief
// running out on its own clock).
sim::NodeId actor_at(const Recording& r, int64_t t, sim::NodeId fallback) {
  for (const sim::TraceEvent& e : r.events) {
    if (e.t.ns > t) break;
    if (e.t.ns == t && !is_finding(e.kind) && e.node != sim::kNoNode) return e.node;
  }
  return fallback;
}

struct Anchor {
  const sim::TraceEvent* event = nullptr;
  std::string text;  // "message_delivered KeepAlive from master", "fault_end 'disconnect ...'"
};

// The last message delivered to `node`, or (with `faults`) fault starting or ending on it or on
// the network, at or before `t`.
Anchor anchor_of(const Recording& r, sim::NodeId node, int64_t t, bool faults = true) {
  Anchor a;
  for (const sim::TraceEvent& e : r.events) {
    if (e.t.ns > t) break;
    const bool delivered = e.kind == EventKind::message_delivered && e.node == node;
    const bool fault = faults && (e.kind == EventKind::fault_start || e.kind == EventKind::fault_end) &&
                       (e.node == node || e.node == sim::kNoNode);
    if (delivered || fault) a.event = &e;
  }
  if (a.event != nullptr) {
    const sim::TraceEvent& e = *a.event;
    a.text = std::string(sim::to_string(e.kind)) + " '" + r.symbols[e.symbol] + "'";
    if (e.kind == EventKind::message_delivered) a.text += " from " + r.nodes[e.peer] + " to " + r.nodes[e.node];
  }
  return a;
}

// Why an instant moved from `ta` (after anchor `x`) in A to `tb` (after `y`) in B.
std::string explain_move(const JudgedTrace& a, const JudgedTrace& b, const Anchor& x, int64_t ta, const Anchor& y, int64_t tb,
                         sim::Duration tolerance) {
  if (x.event == nullptr || y.event == nullptr) return "no anchor: nothing reached the node before it";
  const int64_t off_a = ta - x.event->t.ns;
  const int64_t off_b = tb - y.event->t.ns;
  if (x.text == y.text && std::llabs(off_a - off_b) <= tolerance.ns) {
    return "inherited: both come " + sim::format_duration(sim::Duration{off_a}) + " after the last " + x.text + " (" + a.name + " at " +
           seconds(x.event->t.ns) + ", " + b.name + " at " + seconds(y.event->t.ns) + "): the anchor moved, not a rule";
  }
  return "a rule differs: " + a.name + " comes " + sim::format_duration(sim::Duration{off_a}) + " after the last " + x.text + " at " +
         seconds(x.event->t.ns) + ", " + b.name + " " + sim::format_duration(sim::Duration{off_b}) + " after the last " + y.text + " at " +
         seconds(y.event->t.ns);
}

// Why an edge (a window's start or end) moved from `ta` in A to `tb` in B.
std::string explain_edge(const JudgedTrace& a, const JudgedTrace& b, const ViolationRecord& v, int64_t ta, int64_t tb,
                         sim::Duration tolerance) {
  if (a.recording == nullptr || b.recording == nullptr) return "";
  const auto na = node_named(*a.recording, v.node);
  const auto nb = node_named(*b.recording, v.node);
  if (!na || !nb) return "no anchor: the window's node is not in the recording";
  return explain_move(a, b, anchor_of(*a.recording, actor_at(*a.recording, ta, *na), ta), ta,
                      anchor_of(*b.recording, actor_at(*b.recording, tb, *nb), tb), tb, tolerance);
}

using Key = std::pair<std::string, std::string>;  // checker, node

std::map<Key, std::vector<ViolationRecord>> by_checker_and_node(const reports::Result& r) {
  std::map<Key, std::vector<ViolationRecord>> out;
  for (const auto* list : {&r.violations, &r.reports}) {
    for (const ViolationRecord& v : *list) out[{v.checker, v.node}].push_back(v);
  }
  return out;
}

size_t windows_of(const reports::Result& r, const std::string& checker) {
  size_t n = 0;
  for (const auto* list : {&r.violations, &r.reports}) {
    for (const ViolationRecord& v : *list) n += v.checker == checker ? 1 : 0;
  }
  return n;
}

bool matches(const Recording& r, const sim::TraceEvent& e, const ExpectedEvent& want) {
  if (sim::to_string(e.kind) != want.event) return false;
  if (!want.node.empty() && (e.node == sim::kNoNode || r.nodes[e.node] != want.node)) return false;
  return want.name.empty() || r.symbols[e.symbol] == want.name;
}

// The events of `r` that `want` (with an instant) expects: those at its instant, or else the
// nearest one.
std::vector<const sim::TraceEvent*> expected_in(const Recording& r, const ExpectedEvent& want) {
  std::vector<const sim::TraceEvent*> at;
  const sim::TraceEvent* near = nullptr;
  for (const sim::TraceEvent& e : r.events) {
    if (!matches(r, e, want)) continue;
    if (e.t == *want.at) at.push_back(&e);
    if (near == nullptr || std::llabs(e.t.ns - want.at->ns) < std::llabs(near->t.ns - want.at->ns)) near = &e;
  }
  if (at.empty() && near != nullptr) at.push_back(near);
  return at;
}

// The event of `r` that is `e` of another run: the same kind, node, peer and name, nearest in
// time (the runs of one scenario share their nodes; symbols are compared by their text).
const sim::TraceEvent* counterpart(const Recording& r, const Recording& of, const sim::TraceEvent& e) {
  const sim::TraceEvent* best = nullptr;
  for (const sim::TraceEvent& x : r.events) {
    if (x.kind != e.kind || x.node != e.node || x.peer != e.peer || r.symbols[x.symbol] != of.symbols[e.symbol]) continue;
    if (best == nullptr || std::llabs(x.t.ns - e.t.ns) < std::llabs(best->t.ns - e.t.ns)) best = &x;
  }
  return best;
}

// How long after the last message its node received an event came: what latency does not move.
std::optional<int64_t> after_last_message(const Recording& r, const sim::TraceEvent& e) {
  if (e.node == sim::kNoNode) return std::nullopt;
  const Anchor a = anchor_of(r, e.node, e.t.ns, false);
  if (a.event == nullptr) return std::nullopt;
  return e.t.ns - a.event->t.ns;
}

std::string expected_text(const ExpectedEvent& w) {
  return w.event + (w.node.empty() ? "" : " on " + w.node) + (w.name.empty() ? "" : " '" + w.name + "'");
}


}  // namespace

Comparison compare_traces(const JudgedTrace& a, const JudgedTrace& b, sim::Duration tolerance,
                          const std::vector<ExpectedEvent>& expected) {
  Comparison c;
  std::vector<std::string> checkers = a.result->checkers;
  checkers.insert(checkers.end(), a.result->liveness_checkers.begin(), a.result->liveness_checkers.end());
  for (const std::string& checker : checkers) {
    const size_t wa = windows_of(*a.result, checker);
    const size_t wb = windows_of(*b.result, checker);
    const auto state = [](size_t n) { return n == 0 ? std::string("holds") : "violated (" + std::to_string(n) + (n == 1 ? " window)" : " windows)"); };
    if ((wa == 0) == (wb == 0)) {
      c.verdicts.push_back(checker + ": " + (wa == 0 ? "holds" : "violated") + " in both");
    } else {
      c.verdicts.push_back(checker + ": " + state(wa) + " in " + a.name + ", " + state(wb) + " in " + b.name);
      c.differences.push_back(checker + ": the verdicts differ: " + state(wa) + " in " + a.name + ", " + state(wb) + " in " + b.name);
    }
  }

  const auto wa = by_checker_and_node(*a.result);
  const auto wb = by_checker_and_node(*b.result);
  std::set<Key> keys;
  for (const auto& [k, v] : wa) keys.insert(k);
  for (const auto& [k, v] : wb) keys.insert(k);
  for (const Key& k : keys) {
    const auto ia = wa.find(k);
    const auto ib = wb.find(k);
    const std::vector<ViolationRecord> none;
    const std::vector<ViolationRecord>& xs = ia == wa.end() ? none : ia->second;
    const std::vector<ViolationRecord>& ys = ib == wb.end() ? none : ib->second;
    const std::string who = k.first + " on " + k.second;
    if (xs.size() != ys.size()) {
      std::string d = who + ": " + std::to_string(xs.size()) + " window(s) in " + a.name + ", " + std::to_string(ys.size()) + " in " + b.name + ":";
      for (const auto& v : xs) d += " " + a.name + " " + window_text(v);
      for (const auto& v : ys) d += " " + b.name + " " + window_text(v);
      c.differences.push_back(d);
      continue;
    }
    for (size_t i = 0; i < xs.size(); ++i) {
      ++c.windows_compared;
      const ViolationRecord& x = xs[i];
      const ViolationRecord& y = ys[i];
      const int64_t ds = y.start_ns - x.start_ns;
      const int64_t de = y.end_ns - x.end_ns;
      const bool start_ok = std::llabs(ds) <= tolerance.ns;
      const bool end_ok = std::llabs(de) <= tolerance.ns || (x.cut_by_run_end && y.cut_by_run_end);
      c.largest_shift_ns = std::max<int64_t>(c.largest_shift_ns, std::llabs(ds));
      if (!(x.cut_by_run_end && y.cut_by_run_end)) c.largest_shift_ns = std::max<int64_t>(c.largest_shift_ns, std::llabs(de));
      if (start_ok && end_ok) continue;
      std::string d = who + ": " + window_text(x) + " in " + a.name + ", " + window_text(y) + " in " + b.name + ": start " +
                      signed_duration(ds) + ", end " + signed_duration(de) + ", beyond the tolerance " + sim::format_duration(tolerance);
      if (const std::string why = start_ok ? "" : explain_edge(a, b, x, x.start_ns, y.start_ns, tolerance); !why.empty()) {
        d += "\n  start: " + why;
      }
      if (const std::string why = end_ok ? "" : explain_edge(a, b, x, x.end_ns, y.end_ns, tolerance); !why.empty()) {
        d += "\n  end: " + why;
      }
      c.differences.push_back(d);
    }
  }
  if (a.recording == nullptr || b.recording == nullptr) return c;
  for (const ExpectedEvent& w : expected) {
    if (!w.at) continue;
    const std::vector<const sim::TraceEvent*> xs = expected_in(*a.recording, w);
    const std::vector<const sim::TraceEvent*> ys = expected_in(*b.recording, w);
    const std::string who = "expected event " + expected_text(w) + " (at " + seconds(w.at->ns) + ")";
    if (xs.empty() != ys.empty()) {
      c.differences.push_back(who + ": in " + (xs.empty() ? b.name : a.name) + " only, never in " + (xs.empty() ? a.name : b.name));
      continue;
    }
    for (const sim::TraceEvent* x : xs) {
      const sim::TraceEvent* y = counterpart(*b.recording, *a.recording, *x);
      if (y == nullptr) {
        c.differences.push_back(who + ": " + std::string(sim::to_string(x->kind)) + " at " + seconds(x->t.ns) + " in " + a.name +
                                ", none of its node and peer in " + b.name);
        continue;
      }
      ++c.events_compared;
      const int64_t shift = y->t.ns - x->t.ns;
      if (std::llabs(shift) <= tolerance.ns) continue;
      std::string d = who + ": at " + seconds(x->t.ns) + " in " + a.name + ", " + seconds(y->t.ns) + " in " + b.name + ": " +
                      signed_duration(shift) + ", beyond the tolerance " + sim::format_duration(tolerance);
      if (x->node != sim::kNoNode) {
        d += "\n  " + explain_move(a, b, anchor_of(*a.recording, x->node, x->t.ns), x->t.ns, anchor_of(*b.recording, y->node, y->t.ns),
                                  y->t.ns, tolerance);
      }
      c.differences.push_back(d);
    }
  }
  return c;
}


KnifeEdge knife_edge_check(const Scenario& scenario, sim::Duration jitter, size_t runs, const RunLimits& limits) {
  constexpr size_t kExamples = 3;
  // Edges of windows move with the latency of every hop before them, which is what comparing
  // traces explains; what must not move is what the run decides: verdicts, how many windows,
  // and when the expected events happen, after what caused them.
  const sim::Duration any_edge{INT64_MAX};
  KnifeEdge k;
  reports::Recording base_events;
  RunOptions o;
  o.limits = limits;
  o.recording = &base_events;
  const reports::Result base = run_scenario(scenario, o);
  if (!base.stopped.empty()) {
    k.stopped = base.stopped;
    return k;
  }
  for (size_t i = 1; i <= runs; ++i) {
    Scenario s = scenario;
    s.seed = scenario.seed + i;
    s.network.delay_hi = scenario.network.delay_hi + jitter;
    reports::Recording events;
    o.recording = &events;
    const reports::Result r = run_scenario(s, o);
    if (!r.stopped.empty()) {
      k.stopped = r.stopped;
      return k;
    }
    ++k.runs;
    const std::string name = "seed " + std::to_string(s.seed);
    std::vector<std::string> moved = compare_traces({"the scenario", &base, nullptr}, {name, &r, nullptr}, any_edge).differences;
    for (const ExpectedEvent& w : scenario.expect.events) {
      if (!w.at) continue;
      for (const sim::TraceEvent* e0 : expected_in(base_events, w)) {
        const sim::TraceEvent* e1 = counterpart(events, base_events, *e0);
        const std::string what = expected_text(w) + " (" + std::string(sim::to_string(e0->kind)) +
                                 (e0->peer == sim::kNoNode ? "" : " about " + base_events.nodes[e0->peer]) + ")";
        if (e1 == nullptr) {
          moved.push_back(what + ": at " + seconds(e0->t.ns) + " in the scenario, never in " + name);
          continue;
        }
        // Latency carried from hop to hop moves an event with the last message its node
        // received; a fault's instant holds it where it is. Either way it is the same rule;
        // an event that moved both ways was placed by another (a timeout rounded to another
        // tick, a race won by someone else).
        const auto d0 = after_last_message(base_events, *e0);
        const auto d1 = after_last_message(events, *e1);
        const int64_t shift = e1->t.ns - e0->t.ns;
        const int64_t anchored = d0 && d1 ? *d1 - *d0 : shift;
        if (std::llabs(shift) > jitter.ns && std::llabs(anchored) > jitter.ns) {
          moved.push_back(what + ": at " + seconds(e0->t.ns) + " in the scenario, " + seconds(e1->t.ns) + " in " + name + " (" +
                          signed_duration(anchored) + " after the last message its node received)");
        }
      }
    }
    if (moved.empty()) continue;
    ++k.changed;
    if (k.examples.size() < kExamples) k.examples.push_back(name + ": " + moved[0]);
  }
  return k;
}

}  // namespace leasesim::harness
