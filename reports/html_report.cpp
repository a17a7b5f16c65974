#include "reports/html_report.h"

#include <algorithm>

#include "reports/html_assets.h"
#include "reports/causes.h"
#include "reports/intervals.h"
#include "reports/json.h"
#include "reports/markup.h"
#include "sim/duration_text.h"

namespace leasesim::reports {
namespace {

using sim::format_duration;
using sim::format_seconds;

std::string num_or_null(int64_t v, bool null_if_never = true) {
  if (null_if_never && sim::Instant{v}.is_never()) return "null";
  return std::to_string(v);
}

std::string node_or_null(sim::NodeId n) { return n == sim::kNoNode ? "null" : std::to_string(n); }

int node_index(const Recording& r, const std::string& name) {
  const auto it = std::find(r.nodes.begin(), r.nodes.end(), name);
  return it == r.nodes.end() ? -1 : static_cast<int>(it - r.nodes.begin());
}

// `first`: the index of vs[0] among the timeline's windows (violations, then reports).
std::string window_rows(const std::vector<ViolationRecord>& vs, size_t id, bool report, size_t first) {
  std::string o;
  for (size_t k = 0; k < vs.size(); ++k) {
    const ViolationRecord& v = vs[k];
    o += "<tr><td class=\"" + std::string(report ? "report" : "bad") + "\">" + xml_escape(v.checker) + "</td><td>" + xml_escape(v.node) +
         (v.other.empty() ? "" : " (with " + xml_escape(v.other) + ")") + (v.lock.empty() ? "" : " " + xml_escape(v.lock)) + "</td><td>" +
         format_seconds(v.start_ns) + "</td><td>" + format_seconds(v.end_ns) + "</td><td><b>" +
         format_duration({v.end_ns - v.start_ns}) + "</b></td><td>" + (v.paused_ns ? format_duration({v.paused_ns}) : "-") +
         "</td><td><a class=\"zoom\" onclick=\"leasesimZoom(" + std::to_string(id) + ", " + std::to_string(v.start_ns) + ", " +
         std::to_string(v.end_ns) + ", " + std::to_string(first + k) + ")\">show</a></td></tr>\n";
  }
  return o;
}

std::string scenario_body(const ReportEntry& e, size_t id) {
  const Result& r = e.result;
  std::string o;
  o += "<div class=\"meta\">" + xml_escape(r.file) + " &middot; seed " + std::to_string(r.seed) + " &middot; " +
       format_duration({r.duration_ns}) + " of virtual time &middot; " + std::to_string(r.events) + " events &middot; trace " +
       sim::hash_hex(r.trace_hash) + "</div>\n";
  if (!e.description.empty()) o += "<p class=\"desc\">" + xml_escape(e.description) + "</p>\n";
  o += "<table><tr><th>invariant</th><th>verdict</th></tr>\n";
  for (const std::string& c : r.checkers) {
    const auto n = std::count_if(r.violations.begin(), r.violations.end(), [&](const ViolationRecord& v) { return v.checker == c; });
    o += "<tr><td>" + xml_escape(c) + "</td><td class=\"" + (n ? "bad\">VIOLATED: " + std::to_string(n) + (n == 1 ? " window" : " windows") : "good\">holds") + "</td></tr>\n";
  }
  for (const std::string& c : r.liveness_checkers) {
    const auto n = std::count_if(r.reports.begin(), r.reports.end(), [&](const ViolationRecord& v) { return v.checker == c; });
    o += "<tr><td>" + xml_escape(c) + "</td><td class=\"" + (n ? "report\">REPORTED: " + std::to_string(n) : "good\">clear") + "</td></tr>\n";
  }
  o += "</table>\n";
  if (!r.violations.empty() || !r.reports.empty()) {
    o += "<table><tr><th>window</th><th>node</th><th>start</th><th>end</th><th>length</th><th>paused</th><th></th></tr>\n";
    o += window_rows(r.violations, id, false, 0) + window_rows(r.reports, id, true, r.violations.size());
    o += "</table>\n";
  }
  if (r.has_expect) {
    o += "<table><tr><th>expectation</th><th></th></tr>\n";
    for (const ExpectationOutcome& x : r.expectations) {
      o += "<tr><td>" + xml_escape(x.what) + (x.met ? "" : "<br><small>" + xml_escape(x.detail) + "</small>") + "</td><td class=\"" +
           (x.met ? "good\">met" : "bad\">NOT MET") + "</td></tr>\n";
    }
    o += "</table>\n";
  }
  if (!r.expectations_met) o += "<p>reproduce: <code>" + xml_escape(e.reproduce) + "</code></p>\n";
  o += "<div class=\"timeline\" id=\"timeline-" + std::to_string(id) + "\" data-id=\"" + std::to_string(id) + "\"></div>\n";
  std::string data = timeline_json(e);
  // Keep the data inside its <script> element whatever the names contain.
  for (size_t at = data.find("</"); at != std::string::npos; at = data.find("</", at + 3)) data.replace(at, 2, "<\\/");
  o += "<script type=\"application/json\" id=\"data-" + std::to_string(id) + "\">" + data + "</script>\n";
  return o;
}

// "5 scenarios: 2 met, 1 failed, 1 bad input, 1 stopped or not run", as `check` ends.
std::string suite_summary(const std::vector<ReportEntry>& entries, const std::vector<ReportProblem>& problems) {
  size_t met = 0, failed = 0, cut = 0, bad = 0;
  for (const ReportEntry& e : entries) {
    if (!e.result.stopped.empty()) {
      ++cut;
    } else {
      (e.result.expectations_met ? met : failed) += 1;
    }
  }
  for (const ReportProblem& p : problems) (p.status == "BAD INPUT" ? bad : cut) += 1;
  const size_t files = entries.size() + problems.size();
  return "<div class=\"meta\">" + std::to_string(files) + (files == 1 ? " scenario: " : " scenarios: ") + std::to_string(met) + " met, " +
         std::to_string(failed) + " failed, " + std::to_string(bad) + " bad input" +
         (cut > 0 ? ", " + std::to_string(cut) + " stopped or not run" : "") + "</div>\n";
}

std::string problem_table(const std::vector<ReportProblem>& problems) {
  if (problems.empty()) return "";
  std::string o = "<table class=\"problems\"><tr><th>file</th><th>status</th><th>message</th></tr>\n";
  for (const ReportProblem& p : problems) {
    o += "<tr><td><code>" + xml_escape(p.file) + "</code></td><td class=\"bad\">" + xml_escape(p.status) + "</td><td><code>" +
         xml_escape(p.message) + "</code></td></tr>\n";
  }
  return o + "</table>\n";
}

std::string scenario_table(const std::vector<ReportEntry>& entries) {
  std::string o = "<table><tr><th>scenario</th><th>verdict</th><th>expect</th><th>windows</th><th>events</th></tr>\n";
  for (size_t i = 0; i < entries.size(); ++i) {
    const Result& r = entries[i].result;
    const char* expect = !r.stopped.empty() ? "bad\">STOPPED" : r.expectations_met ? "good\">met" : "bad\">FAILED";
    o += "<tr><td><a href=\"#scenario-" + std::to_string(i) + "\" onclick=\"document.getElementById('scenario-" +
         std::to_string(i) + "').open = true\">" + xml_escape(r.scenario) + "</a></td><td class=\"" +
         (r.violations.empty() ? "good\">holds" : "bad\">violated") + "</td><td class=\"" + expect + "</td><td>" +
         std::to_string(r.violations.size()) + "</td><td>" + std::to_string(r.events) + "</td></tr>\n";
  }
  return o + "</table>\n";
}

}  // namespace

std::string timeline_json(const ReportEntry& e) {
  const Recording& rec = e.recording;
  std::string o = "{\"duration\": " + std::to_string(rec.duration_ns) + ", \"truncated\": " + (rec.truncated ? "true" : "false");
  o += ", \"nodes\": [";
  for (size_t i = 0; i < rec.nodes.size(); ++i) o += (i ? ", " : "") + json_string(rec.nodes[i]);
  o += "], \"kinds\": [";
  for (int k = 0; k < sim::kEventKinds; ++k) o += (k ? ", " : "") + json_string(sim::to_string(static_cast<sim::EventKind>(k)));
  o += "], \"symbols\": [";
  for (size_t i = 0; i < rec.symbols.size(); ++i) o += (i ? ", " : "") + json_string(rec.symbols[i]);
  o += "], \"events\": [";
  for (size_t i = 0; i < rec.events.size(); ++i) {
    const sim::TraceEvent& ev = rec.events[i];
    o += (i ? ",[" : "[") + std::to_string(ev.t.ns) + "," + std::to_string(static_cast<int>(ev.kind)) + "," +
         node_or_null(ev.node) + "," + node_or_null(ev.peer) + "," + std::to_string(ev.symbol) + "," + std::to_string(ev.id) +
         "," + num_or_null(ev.a) + "," + num_or_null(ev.b) + "]";
  }
  const Intervals iv = derive_intervals(rec);
  auto intervals = [&](const char* key, const std::vector<Interval>& v) {
    o += std::string("], \"") + key + "\": [";
    for (size_t i = 0; i < v.size(); ++i) {
      o += (i ? ",[" : "[") + std::to_string(v[i].node) + "," + std::to_string(v[i].epoch) + "," + std::to_string(v[i].start) + "," +
           std::to_string(v[i].end) + "]";
    }
  };
  intervals("grants", iv.grants);
  intervals("beliefs", iv.beliefs);
  intervals("locks", iv.locks);
  o += "], \"flights\": [";
  for (size_t i = 0; i < iv.flights.size(); ++i) {
    const Flight& f = iv.flights[i];
    o += (i ? ",[" : "[") + std::to_string(f.id) + "," + std::to_string(f.from) + "," + std::to_string(f.to) + "," +
         json_string(f.kind) + "," + std::to_string(f.sent) + "," + std::to_string(f.end) + "," + (f.lost ? "1" : "0") + "," +
         json_string(f.why) + "]";
  }
  o += "], \"faults\": [";
  for (size_t i = 0; i < iv.faults.size(); ++i) {
    const Band& b = iv.faults[i];
    o += (i ? ",[" : "[") + node_or_null(b.node) + "," + json_string(b.what) + "," + std::to_string(b.start) + "," + std::to_string(b.end) + "]";
  }
  o += "], \"bands\": [";
  for (size_t b = 0; b < rec.bands.size(); ++b) {
    const sim::StateBand& band = rec.bands[b];
    o += std::string(b ? ", " : "") + "{\"name\": " + json_string(band.name) + ", \"onPeer\": " + (band.on_peer ? "true" : "false") +
         ", \"states\": [";
    for (size_t s = 0; s < band.states.size(); ++s) {
      const sim::DrawnState& st = band.states[s];
      o += (s ? ",[" : "[") + json_string(st.name) + "," + json_string(st.colour) + "," + (st.marked ? "1" : "0") + "]";
    }
    o += "]}";
  }
  o += "], \"states\": [";
  for (size_t i = 0; i < iv.states.size(); ++i) {
    const StateSpan& s = iv.states[i];
    o += (i ? ",[" : "[") + std::to_string(s.lane) + "," + std::to_string(s.row) + "," + std::to_string(s.band) + "," +
         std::to_string(s.state) + "," + std::to_string(s.of) + "," + std::to_string(s.start) + "," + std::to_string(s.end) + "]";
  }
  o += "], \"stateLabels\": [";
  for (size_t i = 0; i < iv.state_labels.size(); ++i) {
    const StateLabel& l = iv.state_labels[i];
    o += (i ? ",[" : "[") + std::to_string(l.lane) + "," + std::to_string(l.row) + "," + std::to_string(l.band) + "," + std::to_string(l.t) +
         "," + json_string(l.text) + "]";
  }
  o += "], \"windows\": [";
  bool first = true;
  auto add = [&](const std::vector<ViolationRecord>& vs, bool report) {
    for (const ViolationRecord& v : vs) {
      const int other = v.other.empty() ? -1 : node_index(rec, v.other);
      o += std::string(first ? "" : ", ") + "{\"checker\": " + json_string(v.checker) + ", \"node\": " +
           std::to_string(node_index(rec, v.node)) + ", \"other\": " + (other < 0 ? "null" : std::to_string(other)) +
           ", \"start\": " + std::to_string(v.start_ns) + ", \"end\": " + std::to_string(v.end_ns) + ", \"paused\": " +
           std::to_string(v.paused_ns) + ", \"report\": " + (report ? "true" : "false") + ", \"causes\": [";
      const std::vector<Cause> causes = causes_of(v, rec, iv);
      for (size_t i = 0; i < causes.size(); ++i) {
        const Cause& c = causes[i];
        o += (i ? ",[" : "[") + json_string(c.what) + "," + std::to_string(c.t) + "," + node_or_null(c.node) + "," + std::to_string(c.flight) + "," +
             std::to_string(c.fault) + "]";
      }
      o += "]}";
      first = false;
    }
  };
  add(e.result.violations, false);
  add(e.result.reports, true);
  return o + "]}";
}

std::string render_html(const std::vector<ReportEntry>& entries, const std::string& title, const std::vector<ReportProblem>& problems) {
  std::string o = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + xml_escape(title) + "</title>\n";
  // First, so that any script error is recorded on the page (the browser test reads it).
  o += "<script>window.addEventListener('error', function (e) { document.documentElement.setAttribute('data-script-error', e.message || 'error'); });</script>\n";
  o += "<style>" + std::string(kHtmlStyle) + "</style>\n</head>\n<body>\n";
  o += "<h1>" + xml_escape(title) + "</h1>\n";
  const bool suite = entries.size() > 1 || !problems.empty();
  if (suite) o += suite_summary(entries, problems) + problem_table(problems) + scenario_table(entries);
  for (size_t i = 0; i < entries.size(); ++i) {
    const Result& r = entries[i].result;
    if (suite) {
      // A failed scenario is what the reader came for: it starts open.
      o += "<details id=\"scenario-" + std::to_string(i) + "\"" + (r.expectations_met ? "" : " open") + "><summary>" + xml_escape(r.scenario) + " &mdash; " + r.verdict() +
           (r.expectations_met ? "" : " (expectations FAILED)") + "</summary>\n";
    } else {
      o += "<section id=\"scenario-" + std::to_string(i) + "\">\n";
    }
    o += scenario_body(entries[i], i);
    o += suite ? "</details>\n" : "</section>\n";
  }
  o += "<script>" + std::string(kHtmlScript) + "</script>\n</body>\n</html>\n";
  return o;
}

}  // namespace leasesim::reports
