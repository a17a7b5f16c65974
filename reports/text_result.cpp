#include "reports/text_result.h"

#include "sim/duration_text.h"
#include "sim/trace.h"

namespace leasesim::reports {

namespace {

std::string window_line(const ViolationRecord& v) {
  using sim::format_duration;
  using sim::format_seconds;
  std::string o = "  " + v.node + (v.other.empty() ? "" : " (with " + v.other + ")") +
                  (v.lock.empty() ? "" : " lock " + v.lock) + "  epoch " + std::to_string(v.epoch);
  // A finding at an instant (a stale write) has no length.
  o += v.start_ns == v.end_ns ? "  at " + format_seconds(v.start_ns)
                              : "  [" + format_seconds(v.start_ns) + ", " + format_seconds(v.end_ns) + ")  length " +
                                    format_duration({v.end_ns - v.start_ns});
  if (v.paused_ns != 0) o += "  paused " + format_duration({v.paused_ns});
  if (v.cut_by_run_end) o += "  (still open when the run ended)";
  return o + "\n";
}

}  // namespace

std::string stop_explanation(const std::string& stopped) {
  if (stopped == "max_events") return "the --max-events budget was spent";
  if (stopped == "max_wall") return "the --max-wall time ran out";
  if (stopped == "interrupted") return "interrupted by a signal";
  return stopped;
}

std::string render_text(const Result& r, const std::string& reproduce) {
  using sim::format_duration;
  using sim::format_seconds;
  std::string o;
  o += "scenario   " + r.scenario + " (" + r.file + ")\n";
  o += r.judged_trace.empty() ? "run        seed " + std::to_string(r.seed) : "judged     " + r.judged_trace;
  o += ", " + format_duration({r.duration_ns}) + " of virtual time, " + std::to_string(r.events) + " events, trace " +
       sim::hash_hex(r.trace_hash) + "\n";
  if (!r.stopped.empty()) {
    o += "STOPPED    at " + format_seconds(r.stopped_at_ns) + " of " + format_duration({r.duration_ns}) + " (" +
         stop_explanation(r.stopped) + "); what follows covers [0s, " + format_seconds(r.stopped_at_ns) + ") only\n";
  }
  for (const std::string& checker : r.checkers) {
    size_t windows = 0;
    for (const ViolationRecord& v : r.violations) windows += v.checker == checker ? 1 : 0;
    o += "verdict    " + checker + " ";
    o += windows == 0 ? "holds\n" : "VIOLATED: " + std::to_string(windows) + (windows == 1 ? " window\n" : " windows\n");
    for (const ViolationRecord& v : r.violations) {
      if (v.checker == checker) o += window_line(v);
    }
  }
  for (const std::string& checker : r.liveness_checkers) {
    size_t n = 0;
    for (const ViolationRecord& v : r.reports) n += v.checker == checker ? 1 : 0;
    o += "report     " + checker + " ";
    o += n == 0 ? "clear\n" : "REPORTED: " + std::to_string(n) + (n == 1 ? " finding\n" : " findings\n");
    for (const ViolationRecord& v : r.reports) {
      if (v.checker == checker) o += window_line(v);
    }
  }
  if (r.has_expect && !r.stopped.empty()) {
    o += "expect     not checked: the run did not reach its end\n";
  } else if (r.has_expect) {
    o += std::string("expect     ") + (r.expectations_met ? "met" : "NOT MET") + "\n";
    for (const ExpectationOutcome& e : r.expectations) {
      o += std::string(e.met ? "  ok    " : "  FAIL  ") + e.what;
      if (!e.met && !e.detail.empty()) o += ": " + e.detail;
      o += "\n";
    }
  }
  if (!r.expectations_met && r.stopped.empty()) o += "reproduce  " + reproduce + "\n";
  return o;
}

}  // namespace leasesim::reports
