#include "harness/expectations.h"

#include <algorithm>

#include "sim/duration_text.h"

namespace leasesim::harness {
namespace {

using reports::ExpectationOutcome;
using reports::ViolationRecord;
using sim::format_duration;

std::string describe_window(const std::string& node, int64_t start, int64_t end, int64_t paused) {
  std::string s = start == end ? node + " at " + format_duration({start})
                               : node + " [" + format_duration({start}) + ", " + format_duration({end}) + ")";
  if (paused != 0) s += " paused " + format_duration({paused});
  return s;
}

std::string describe_windows(const std::vector<ViolationRecord>& vs, bool name_checkers) {
  if (vs.empty()) return "none";
  std::string s;
  for (size_t i = 0; i < vs.size(); ++i) {
    s += (i == 0 ? "" : ", ") + (name_checkers ? vs[i].checker + " " : "") +
         describe_window(vs[i].node, vs[i].start_ns, vs[i].end_ns, vs[i].paused_ns);
  }
  return s;
}

std::vector<ViolationRecord> of_checker(const std::vector<ViolationRecord>& vs, const std::string& checker) {
  std::vector<ViolationRecord> out;
  for (const ViolationRecord& v : vs) {
    if (v.checker == checker) out.push_back(v);
  }
  return out;
}

ExpectationOutcome check_verdict(const std::string& checker, Verdict want, const std::vector<ViolationRecord>& all) {
  const std::vector<ViolationRecord> vs = of_checker(all, checker);
  const bool violated = !vs.empty();
  ExpectationOutcome o{checker + ": " + (want == Verdict::holds ? "holds" : "violated"), violated == (want == Verdict::violated), ""};
  if (!o.met) o.detail = violated ? "the run violated it: " + describe_windows(vs, false) : "it held: no window";
  return o;
}

// A safety checker the scenario does not declare violated must hold, whatever else `expect`
// names: a partial expect pins what it names without switching the other invariants off.
ExpectationOutcome check_undeclared(const std::string& checker, const std::vector<ViolationRecord>& all) {
  const std::vector<ViolationRecord> vs = of_checker(all, checker);
  return {checker + ": holds (not declared violated)", vs.empty(),
          vs.empty() ? "" : "the run violated it: " + describe_windows(vs, false)};
}

ExpectationOutcome check_report(const std::string& checker, bool want, const std::vector<ViolationRecord>& all) {
  const std::vector<ViolationRecord> vs = of_checker(all, checker);
  ExpectationOutcome o{checker + ": " + (want ? "reported" : "clear"), vs.empty() != want, ""};
  if (!o.met) o.detail = vs.empty() ? "nothing was reported" : "the run reported " + describe_windows(vs, false);
  return o;
}

bool near(int64_t a, int64_t b, sim::Duration tol) { return a == b || (a > b ? a - b : b - a) <= tol.ns; }

// The exact windows of every checker the list names; an empty list means no window at all.
ExpectationOutcome check_windows(const std::vector<ExpectedWindow>& want, const std::vector<ViolationRecord>& all, sim::Duration tol) {
  std::vector<ViolationRecord> wanted;
  std::vector<std::string> named;
  for (const ExpectedWindow& w : want) {
    wanted.push_back({w.checker, w.node, 0, "", "", w.start.ns, w.end.ns, w.paused ? w.paused->ns : 0, false});
    if (std::find(named.begin(), named.end(), w.checker) == named.end()) named.push_back(w.checker);
  }
  std::vector<ViolationRecord> got;
  for (const ViolationRecord& v : all) {
    if (want.empty() || std::find(named.begin(), named.end(), v.checker) != named.end()) got.push_back(v);
  }
  bool met = want.size() == got.size();
  for (size_t i = 0; met && i < want.size(); ++i) {
    met = want[i].checker == got[i].checker && want[i].node == got[i].node && near(want[i].start.ns, got[i].start_ns, tol) &&
          near(want[i].end.ns, got[i].end_ns, tol) && (!want[i].paused || near(want[i].paused->ns, got[i].paused_ns, tol));
  }
  const bool several = named.size() > 1;
  return {"windows: " + describe_windows(wanted, several), met, met ? "" : "the run reported " + describe_windows(got, several)};
}

}  // namespace

EventWatch::EventWatch(const std::vector<ExpectedEvent>& expected, const sim::Trace& trace, sim::Duration tolerance)
    : trace_(trace), tolerance_(tolerance) {
  for (const ExpectedEvent& e : expected) {
    Want w{sim::EventKind::state, sim::kNoNode, e.at, e.name};
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
    if (!w.name.empty() && trace_.text(e.symbol) != w.name) continue;
    Seen& s = seen_[i];
    ++s.count;
    if (w.at && near(w.at->ns, e.t.ns, tolerance_)) ++s.at_count;
    if (s.first_times.size() < 4) s.first_times.push_back(e.t.ns);
  }
}

std::vector<ExpectationOutcome> check_expectations(const Expect& expect, const std::vector<std::string>& safety_checkers,
                                                   const std::vector<ViolationRecord>& windows, const EventWatch& watch,
                                                   sim::Duration tolerance) {
  std::vector<ExpectationOutcome> out;
  for (const auto& [checker, verdict] : expect.verdicts) out.push_back(check_verdict(checker, verdict, windows));
  for (const std::string& checker : safety_checkers) {
    if (!expect.verdicts.contains(checker)) out.push_back(check_undeclared(checker, windows));
  }
  for (const auto& [checker, reported] : expect.reported) out.push_back(check_report(checker, reported, windows));
  if (expect.windows) out.push_back(check_windows(*expect.windows, windows, tolerance));
  for (size_t i = 0; i < expect.events.size(); ++i) {
    const ExpectedEvent& e = expect.events[i];
    const EventWatch::Seen& s = watch.seen()[i];
    std::string what = e.event + (e.name.empty() ? "" : " " + e.name) + (e.node.empty() ? "" : " on " + e.node);
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
