// The `expect:` section: what the run must show. Each of the protocol's safety checkers may be
// given a verdict (`lease_safety: holds | violated`), each liveness checker whether it reports
// (`session_liveness: reported | clear`); `windows` pins the exact windows of the checkers it
// names; `events` pins events at exact instants or their number, optionally by name (the
// state's name, the message's kind, the timer's or the fault's description).
#include <algorithm>

#include "harness/load_context.h"
#include "sim/trace.h"

namespace leasesim::harness {
namespace {

std::vector<std::string> event_names() {
  std::vector<std::string> out;
  for (int k = 0; k < sim::kEventKinds; ++k) out.emplace_back(sim::to_string(static_cast<sim::EventKind>(k)));
  return out;
}

// Window edges may lie at the run's end (a window cut by it), so they are checked against
// [0, duration] rather than the fault range.
Instant window_edge(const Value& v, const LoadContext& ctx) {
  const Duration d = v.non_negative_duration();
  if (d > ctx.duration) v.fail("is after the end of the run (" + v.node().Scalar() + ")");
  return Instant{d.ns};
}

ExpectedWindow load_window(const Value& v, const LoadContext& ctx) {
  const MapReader m(v, {"checker", "node", "start", "end", "paused"},
                    "a window such as {node: follower-1, start: 21.5s, end: 25s}");
  ExpectedWindow w;
  w.pos = v.pos();
  std::vector<std::string> checkers = ctx.safety_checkers;
  checkers.insert(checkers.end(), ctx.liveness_checkers.begin(), ctx.liveness_checkers.end());
  w.checker = m.has("checker") ? checkers[m.require("checker").choice(checkers)] : ctx.safety_checkers.front();
  w.node = ctx.node(m.require("node"));
  w.start = window_edge(m.require("start"), ctx);
  // A finding at an instant (a stale write) is a window with no `end`, or with end == start.
  w.end = m.has("end") ? window_edge(m.require("end"), ctx) : w.start;
  if (w.end < w.start) m.require("end").fail("a window ends after it starts");
  if (auto p = m.get("paused")) w.paused = p->non_negative_duration();
  return w;
}

ExpectedEvent load_event(const Value& v, const LoadContext& ctx) {
  const MapReader m(v, {"event", "node", "name", "at", "count"},
                    "an event such as {event: lease_expired, node: master, at: 21.5s}");
  ExpectedEvent e;
  e.pos = v.pos();
  const std::vector<std::string> names = event_names();
  e.event = names[m.require("event").choice(names)];
  if (auto n = m.get("node")) e.node = ctx.node(*n);
  if (auto n = m.get("name")) {
    e.name = n->text("a name such as LEADING or Ping");
    if (e.name.empty()) n->fail("an empty name matches nothing; leave `name` out to match any");
  }
  if (auto a = m.get("at")) e.at = window_edge(*a, ctx);
  if (auto c = m.get("count")) e.count = c->integer(0, INT64_MAX);
  if (!e.at && !e.count) v.fail("say when (`at`) or how often (`count`) the event happens");
  return e;
}

}  // namespace

Expect load_expect(const Value& v, const LoadContext& ctx) {
  Expect x;
  std::vector<std::string> keys = ctx.safety_checkers;
  keys.insert(keys.end(), ctx.liveness_checkers.begin(), ctx.liveness_checkers.end());
  keys.insert(keys.end(), {"windows", "events"});
  const MapReader m(v, keys, ("a map such as {" + ctx.safety_checkers.front() + ": holds}").c_str());
  for (const std::string& c : ctx.safety_checkers) {
    if (auto verdict = m.get(c)) x.verdicts[c] = verdict->choice({"holds", "violated"}) == 0 ? Verdict::holds : Verdict::violated;
  }
  for (const std::string& c : ctx.liveness_checkers) {
    if (auto r = m.get(c)) x.reported[c] = r->choice({"clear", "reported"}) == 1;
  }
  if (auto w = m.get("windows")) {
    x.windows.emplace();
    if (!w->node().IsNull()) {
      for (const Value& item : w->items("a list of windows")) {
        ExpectedWindow ew = load_window(item, ctx);
        auto verdict = x.verdicts.find(ew.checker);
        if (verdict != x.verdicts.end() && verdict->second == Verdict::holds) {
          item.fail("a " + ew.checker + " window, but " + ew.checker + " is expected to hold");
        }
        auto reported = x.reported.find(ew.checker);
        if (reported != x.reported.end() && !reported->second) {
          item.fail("a " + ew.checker + " window, but " + ew.checker + " is expected to be clear");
        }
        x.windows->push_back(ew);
      }
    }
  }
  if (auto e = m.get("events")) {
    for (const Value& item : e->items("a list of events")) x.events.push_back(load_event(item, ctx));
  }
  return x;
}

}  // namespace leasesim::harness
