// JUnit XML (`--junit FILE.xml` on check and explore), the format CI systems read: one test
// case per scenario (check) or per distinct violation (explore), each failure carrying what
// went wrong and the command that reproduces it.
#pragma once

#include <string>
#include <vector>

#include "reports/explore_summary.h"
#include "reports/result.h"

namespace leasesim::reports {

struct CheckCase {
  // ran: a passing case or a `failure type="expectation"`; bad_input: an `error`; stopped (a
  // limit or a signal cut the run short, or it needed more memory than allowed): a `failure
  // type="stopped"`; not_run (after a --max-wall stop or a signal): `skipped`.
  enum class Kind { ran, bad_input, stopped, not_run };
  Kind kind = Kind::ran;
  std::string file;       // as found, for the `file` attribute
  std::string classname;  // the file's path relative to the folder checked, without .yaml, dots for slashes
  std::string name;       // the scenario's name (the file, if it could not be loaded)
  double seconds = 0;
  const Result* result = nullptr;  // kind ran: the run
  std::string message;             // other kinds: what happened
  std::string reproduce;           // the command that runs it again (ran, stopped)
};

std::string render_junit(const std::vector<CheckCase>& cases, double total_seconds);
// One case per distinct violation, or one passing case if none was found. `command` reruns it.
std::string render_junit(const ExploreSummary& s, const std::string& program);

}  // namespace leasesim::reports
