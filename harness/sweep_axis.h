// Reading a sweep's axis from the command line (a key path such as `faults[1].delay.extra` and
// a range) and placing a value of it in a scenario document.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "reports/sweep_result.h"

namespace leasesim::harness {

// A command-line mistake in a sweep (a key, a range): the CLI prints it and exits 2.
class SweepError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A run of the sweep was cut short: a limit (its event budget, the sweep's wall-clock time) or
// Ctrl-C / SIGTERM. A run stopped early says nothing about its point, so neither does the sweep.
class SweepStopped : public std::exception {
 public:
  SweepStopped(std::string reason, std::string assignment) : reason_(std::move(reason)), assignment_(std::move(assignment)) {}
  const char* what() const noexcept override { return reason_.c_str(); }
  // "max_events", "max_wall" or "interrupted" (stop_reason_name)
  const std::string& reason() const { return reason_; }
  // The values of the run that stopped: "faults[1].delay.extra = 2s"
  const std::string& assignment() const { return assignment_; }

 private:
  std::string reason_;
  std::string assignment_;
};

using reports::SweepAxis;

// Throws SweepError naming what is wrong. `resolution` may be empty: one nanosecond for
// durations, one unit of the last decimal place given for numbers.
SweepAxis parse_axis(const std::string& key, const std::string& from, const std::string& to,
                     const std::string& resolution);

// Sets the value at `axis.path` in `root` (a whole scenario), creating maps on the way when a
// key is absent (the loader then says whether the key exists). Throws SweepError when the path
// runs into a value that is not a map or a list, or past a list's end.
void set_value(YAML::Node root, const SweepAxis& axis, const std::string& text);

}  // namespace leasesim::harness
