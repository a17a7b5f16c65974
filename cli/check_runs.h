// The runs of a `leasesim check` suite on worker threads (--jobs), handed back in the suite's
// order: the verb prints line i only once the scenarios before it are printed, so its output
// is the same whatever --jobs, but for the wall-clock column. Each scenario is an independent
// run (its own World, trace and generator), so running them side by side changes no result.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/check_suite.h"
#include "harness/runner.h"
#include "reports/recording.h"

namespace leasesim::cli {

// What a worker did with one scenario of the suite.
struct CheckRun {
  enum class Did { bad_input, too_big, not_run, ran };
  Did did = Did::ran;
  std::string not_run_because;  // not_run: the stop reason ("max_wall", "interrupted") that ended the suite
  std::optional<reports::Result> result;       // ran
  std::unique_ptr<reports::Recording> recording;  // ran, when `record`
};

struct CheckWork {
  const Loaded* loaded = nullptr;
  bool fits = true;  // false: over --max-memory, not run (decided before, on the verb's thread)
};

// Runs `work` on `jobs` threads (jobs 1: on this one) with `options`, recording each trace when
// `record`; calls `deliver(i, run)` on this thread for i = 0, 1, ... in order, each as soon as
// run i and those before it are done. After a run stopped by --max-wall or a signal (not by
// its event budget, which ends that run only), the scenarios not yet started are not run:
// today's scenarios "after" a stop, and with jobs > 1 those that were running are cut by the
// same deadline or signal themselves.
void run_in_order(const std::vector<CheckWork>& work, const harness::RunOptions& options, bool record, unsigned jobs,
                  const std::function<void(size_t, CheckRun&)>& deliver);

}  // namespace leasesim::cli
