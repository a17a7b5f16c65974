#include "harness/expectations.h"

#include "sim/duration_text.h"

namespace leasesim::harness {
namespace {

using reports::ExpectationOutcome;
using reports::ViolationRecord;
using sim::format_duration;

std::string describe_window(const std::string& node, int64_t start, int64_t end, int64_t paused) {
  std::string s = node + " [" + format_duration({start}) + ", " + format_duration({end}) + ")";
  if (paused != 0) s += " paused " + format_duration({paused});
  return s;
}

std::string describe_windows(const std::vector<ViolationRecord>& vs) {
  if (vs.empty()) return "none";
  std::string s;
  for (size_t i = 0; i < vs.size(); ++i) {
    s += (i == 0 ? "" : ", ") + describe_window(vs[i].node, vs[i].start_ns, vs[i].end_ns, vs[i].paused_ns);
  }
  return s;
}

ExpectationOutcome check_verdict(Verdict want, const std::vector<ViolationRecord>& vs) {
  size_t n = 0;
  for (const ViolationRecord& v : vs) n += v.checker == "lease_safety" ? 1 : 0;
  const bool violated = n > 0;
  ExpectationOutcome o{std::string("lease_safety: ") + (want == Verdict::holds ? "holds" : "violated"),
                       violated == (want == Verdict::violated), ""};
  if (!o.met) o.detail = violated ? "the run violated it: " + describe_windows(vs) : "it held: no window";
  return o;
}

ExpectationOutcome check_windows(const std::vector<ExpectedWindow>& want, const std::vector<ViolationRecord>& got) {
  std::string what = "windows: ";
  std::vector<ViolationRecord> wanted;
  for (const ExpectedWindow& w : want) {
    wanted.push_back({w.checker, w.node, 0, w.start.ns, w.end.ns, w.paused ? w.paused->ns : 0, false});
  }
  what += describe_windows(wanted);
  bool met = want.size() == got.size();
  for (size_t i = 0; met && i < want.size(); ++i) {
    met = want[i].checker == got[i].checker && want[i].node == got[i].node && want[i].start.ns == got[i].start_ns &&
          want[i].end.ns == got[i].end_ns && (!want[i].paused || want[i].paused->ns == got[i].paused_ns);
  }
  return {what, met, met ? "" : "the run reported " + describe_windows(got)};
}

}  // namespace

EventWatch::EventWatch(const std::vector<ExpectedEvent>& expected, const sim::Trace& trace) {
  for (const ExpectedEvent& e : expected) {
    Want w{sim::EventKind::state, sim::kNoNode, e.at};
    for (int k = 0; k < sim::kEventKinds; ++k) {
      if (sim::to_string(static_cast<sim::EventKind>(k)) == e.event) w.kind = static_cast<sim::EventKind>(k);
    }
    for (sim::NodeId n = 0; n < trace.node_count(); ++n) {
      if (!e.node.empty() && trace.node_name(n) == e.node) w.node = n;
    }
    wants_.push_back(w);
  }
  seen_.resize(wants_.size());
}

void EventWatch::on_event(const sim::TraceEvent& e) {
  for (size_t i = 0; i < wants_.size(); ++i) {
    const Want& w = wants_[i];
    if (e.kind != w.kind || (w.node != sim::kNoNode && e.node != w.node)) continue;
    Seen& s = seen_[i];
    ++s.count;
    if (w.at && *w.at == e.t) ++s.at_count;
    if (s.first_times.size() < 4) s.first_times.push_back(e.t.ns);
  }
}

std::vector<ExpectationOutcome> check_expectations(const Expect& expect, const std::vector<ViolationRecord>& violations,
                                                   const EventWatch& watch) {
  std::vector<ExpectationOutcome> out;
  if (expect.lease_safety) out.push_back(check_verdict(*expect.lease_safety, violations));
  if (expect.windows) out.push_back(check_windows(*expect.windows, violations));
  for (size_t i = 0; i < expect.events.size(); ++i) {
    const ExpectedEvent& e = expect.events[i];
    const EventWatch::Seen& s = watch.seen()[i];
    std::string what = e.event + (e.node.empty() ? "" : " on " + e.node);
    if (e.count) what += " " + std::to_string(*e.count) + (*e.count == 1 ? " time" : " times");
    if (e.at) what += " at " + format_duration({e.at->ns});
    // With `at`, `count` counts the events at that instant; alone, all of them.
    const int64_t counted = e.at ? s.at_count : s.count;
    const bool met = e.count ? *e.count == counted : counted > 0;
    std::string detail;
    if (!met) {
      detail = "the run had " + std::to_string(s.count) + (s.count == 1 ? "" : " of them");
      if (!s.first_times.empty()) {
        detail += ", at ";
        for (size_t k = 0; k < s.first_times.size(); ++k) detail += (k == 0 ? "" : ", ") + format_duration({s.first_times[k]});
        if (s.count > static_cast<int64_t>(s.first_times.size())) detail += ", ...";
      }
    }
    out.push_back({what, met, detail});
  }
  return out;
}

}  // namespace leasesim::harness
