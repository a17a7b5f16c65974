#include "reports/junit.h"

#include <cstdio>

#include "reports/markup.h"
#include "sim/duration_text.h"

namespace leasesim::reports {
namespace {

std::string secs(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// "scenarios/zbs/x.yaml" -> "scenarios.zbs": CI tools group cases by class name.
std::string class_of(const std::string& file) {
  const size_t slash = file.find_last_of('/');
  std::string dir = slash == std::string::npos ? "scenarios" : file.substr(0, slash);
  for (char& c : dir) c = c == '/' ? '.' : c;
  return dir;
}

std::string expectation_failure(const CheckCase& c) {
  std::string detail;
  for (const ExpectationOutcome& e : c.result->expectations) {
    if (!e.met) detail += "not met: " + e.what + (e.detail.empty() ? "" : ": " + e.detail) + "\n";
  }
  if (!c.result->has_expect) detail += "an invariant was violated and the scenario has no expect\n";
  for (const ViolationRecord& v : c.result->violations) {
    detail += v.checker + " window: " + v.node + " [" + sim::format_duration({v.start_ns}) + ", " + sim::format_duration({v.end_ns}) + ")\n";
  }
  detail += "reproduce: " + c.reproduce + "\n";
  return "      <failure message=\"" + xml_escape("expectations not met; reproduce: " + c.reproduce) + "\" type=\"expectation\">" +
         xml_escape(detail) + "</failure>\n";
}

// What goes inside the case's element; empty for a passing case.
std::string case_body(const CheckCase& c) {
  switch (c.kind) {
    case CheckCase::Kind::ran:
      return c.result->expectations_met ? "" : expectation_failure(c);
    case CheckCase::Kind::bad_input:
      return "      <error message=\"" + xml_escape(c.message) + "\" type=\"bad input\"/>\n";
    case CheckCase::Kind::stopped:
      return "      <failure message=\"" + xml_escape(c.message) + "\" type=\"stopped\">" +
             xml_escape(c.message + "\n" + (c.reproduce.empty() ? "" : "reproduce: " + c.reproduce + "\n")) + "</failure>\n";
    case CheckCase::Kind::not_run:
      return "      <skipped message=\"" + xml_escape(c.message) + "\"/>\n";
  }
  return "";
}

}  // namespace

std::string render_junit(const std::vector<CheckCase>& cases, double total_seconds) {
  size_t failures = 0, errors = 0, skipped = 0;
  for (const CheckCase& c : cases) {
    errors += c.kind == CheckCase::Kind::bad_input ? 1 : 0;
    skipped += c.kind == CheckCase::Kind::not_run ? 1 : 0;
    failures += c.kind == CheckCase::Kind::stopped || (c.kind == CheckCase::Kind::ran && !c.result->expectations_met) ? 1 : 0;
  }
  const std::string counts = "tests=\"" + std::to_string(cases.size()) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
                             std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\" time=\"" + secs(total_seconds) + "\"";
  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<testsuites name=\"leasesim check\" " + counts + ">\n";
  o += "  <testsuite name=\"leasesim check\" " + counts + ">\n";
  for (const CheckCase& c : cases) {
    o += "    <testcase name=\"" + xml_escape(c.name) + "\" classname=\"" + xml_escape(c.classname) + "\" file=\"" + xml_escape(c.file) +
         "\" time=\"" + secs(c.seconds) + "\"";
    const std::string body = case_body(c);
    o += body.empty() ? "/>\n" : ">\n" + body + "    </testcase>\n";
  }
  return o + "  </testsuite>\n</testsuites>\n";
}

std::string render_junit(const ExploreSummary& s, const std::string& program) {
  const size_t cases = s.distinct.empty() ? 1 : s.distinct.size();
  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<testsuites name=\"leasesim explore\" tests=\"" + std::to_string(cases) + "\" failures=\"" + std::to_string(s.distinct.size()) + "\">\n";
  o += "  <testsuite name=\"" + xml_escape("leasesim explore " + s.scenario) + "\" tests=\"" + std::to_string(cases) + "\" failures=\"" +
       std::to_string(s.distinct.size()) + "\" time=\"" + secs(s.wall_seconds) + "\">\n";
  if (s.distinct.empty()) {
    o += "    <testcase name=\"" + xml_escape("no violation in " + std::to_string(s.runs_done) + " runs") + "\" classname=\"" +
         xml_escape(class_of(s.file)) + "\"/>\n";
  }
  for (const DistinctViolation& d : s.distinct) {
    const std::string reproduce = d.file.empty() ? "(its minimised scenario was not written)" : program + " replay " + d.file;
    o += "    <testcase name=\"" + xml_escape(d.signature) + "\" classname=\"" + xml_escape(class_of(s.file)) + "\">\n";
    o += "      <failure message=\"" + xml_escape(d.checker + " violated by run " + std::to_string(d.run) + "; reproduce: " + reproduce) +
         "\" type=\"" + xml_escape(d.checker) + "\">" +
         xml_escape("first seen in run " + std::to_string(d.run) + " of seed " + std::to_string(s.seed) + " (simulation seed " +
             std::to_string(d.run_seed) + "), shrunk from " + std::to_string(d.faults_drawn) + " faults to " +
             std::to_string(d.faults_kept) + (d.shrunk == Shrinking::full ? "" : " (not fully shrunk: the exploration was stopped)") +
             "\nreproduce: " + reproduce + "\n") +
         "</failure>\n    </testcase>\n";
  }
  return o + "  </testsuite>\n</testsuites>\n";
}

}  // namespace leasesim::reports
