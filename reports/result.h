// The outcome of one run as plain data: what every renderer (text, JSON, later HTML and JUnit)
// reads. The harness fills it; reports never reach back into a world.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leasesim::reports {

struct ViolationRecord {
  std::string checker;
  std::string node;    // whose belief was wrong (or, for a report, whose session)
  uint64_t epoch = 0;  // its lease epoch or session id
  std::string other;   // lock_safety: the rightful holder
  std::string lock;    // lock_safety: the lock's path
  int64_t start_ns = 0;
  int64_t end_ns = 0;  // exclusive
  int64_t paused_ns = 0;
  bool cut_by_run_end = false;
};

struct ExpectationOutcome {
  std::string what;    // e.g. "lease_safety: violated"
  bool met = false;
  std::string detail;  // what the run showed instead, when not met
};

struct Result {
  std::string file;
  std::string scenario;
  std::string judged_trace;  // `leasesim judge`: the trace judged (its seed is the scenario's, unused)
  uint64_t seed = 0;
  int64_t duration_ns = 0;
  std::vector<std::string> checkers;  // the safety invariants that were checked
  std::vector<std::string> liveness_checkers;
  std::vector<ViolationRecord> violations;
  std::vector<ViolationRecord> reports;  // liveness findings: they do not make the verdict
  bool has_expect = false;
  std::vector<ExpectationOutcome> expectations;
  // With an `expect`: every expectation met. Without: no invariant was violated.
  bool expectations_met = true;
  uint64_t trace_hash = 0;  // 0 for a run made without one (RunOptions::hash_trace)
  uint64_t events = 0;
  // Why the run ended before the scenario's end ("max_events", "max_wall", "interrupted"), or
  // "" if it ran to the end; its findings then cover [0, stopped_at_ns) only and its
  // expectations were not checked.
  std::string stopped;
  int64_t stopped_at_ns = 0;
  double wall_ms = 0;  // not part of the JSON result: it differs from run to run

  const char* verdict() const { return violations.empty() ? "holds" : "violated"; }
};

}  // namespace leasesim::reports
