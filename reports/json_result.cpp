#include "reports/json_result.h"

#include "leasesim/version.h"
#include "reports/json.h"
#include "sim/duration_text.h"
#include "sim/trace.h"

namespace leasesim::reports {

namespace {

std::string windows_json(const std::vector<ViolationRecord>& vs) {
  using sim::format_ms;
  std::string o = "[";
  for (size_t i = 0; i < vs.size(); ++i) {
    const ViolationRecord& v = vs[i];
    o += std::string(i == 0 ? "\n" : ",\n") + "    {\"checker\": " + json_string(v.checker) + ", \"node\": " + json_string(v.node) +
         ", \"epoch\": " + std::to_string(v.epoch);
    if (!v.other.empty()) o += ", \"other\": " + json_string(v.other);
    if (!v.lock.empty()) o += ", \"lock\": " + json_string(v.lock);
    o += ", \"start_ms\": " + format_ms(v.start_ns) + ", \"end_ms\": " + format_ms(v.end_ns) +
         ", \"length_ms\": " + format_ms(v.end_ns - v.start_ns) + ", \"paused_ms\": " + format_ms(v.paused_ns) +
         ", \"cut_by_run_end\": " + (v.cut_by_run_end ? "true" : "false") + "}";
  }
  return o + (vs.empty() ? "]" : "\n  ]");
}

}  // namespace

std::string render_json(const Result& r) {
  using sim::format_ms;
  std::string o = "{\n";
  o += "  \"leasesim_version\": " + json_string(std::string(version())) + ",\n";
  o += "  \"scenario\": " + json_string(r.scenario) + ",\n";
  o += "  \"file\": " + json_string(r.file) + ",\n";
  if (!r.judged_trace.empty()) o += "  \"judged_trace\": " + json_string(r.judged_trace) + ",\n";
  o += "  \"seed\": " + std::to_string(r.seed) + ",\n";
  o += "  \"duration_ms\": " + format_ms(r.duration_ns) + ",\n";
  o += "  \"verdict\": " + json_string(r.verdict()) + ",\n";
  o += "  \"expectations_met\": " + std::string(r.expectations_met ? "true" : "false") + ",\n";
  o += "  \"expectations\": [";
  for (size_t i = 0; i < r.expectations.size(); ++i) {
    const ExpectationOutcome& e = r.expectations[i];
    o += std::string(i == 0 ? "\n" : ",\n") + "    {\"what\": " + json_string(e.what) +
         ", \"met\": " + (e.met ? "true" : "false") + ", \"detail\": " + json_string(e.detail) + "}";
  }
  o += r.expectations.empty() ? "],\n" : "\n  ],\n";
  o += "  \"violations\": " + windows_json(r.violations) + ",\n";
  if (!r.liveness_checkers.empty()) o += "  \"reports\": " + windows_json(r.reports) + ",\n";
  if (!r.stopped.empty()) {
    o += "  \"stopped\": {\"reason\": " + json_string(r.stopped) + ", \"at_ms\": " + format_ms(r.stopped_at_ns) + "},\n";
  }
  o += "  \"trace_hash\": " + json_string(sim::hash_hex(r.trace_hash)) + ",\n";
  o += "  \"events\": " + std::to_string(r.events) + "\n";
  o += "}\n";
  return o;
}

}  // namespace leasesim::reports
