// The HTML report (`--report FILE.html`): one self-contained file (no network needed to open it)
// with, for each scenario, a summary table (verdicts, windows with a link that zooms to each,
// expectations) and an SVG timeline drawn from the embedded trace. With one scenario the
// timeline is open; for a suite, an index table links each scenario's section.
#pragma once

#include <string>
#include <vector>

#include "reports/recording.h"
#include "reports/result.h"

namespace leasesim::reports {

struct ReportEntry {
  Result result;
  Recording recording;
  std::string reproduce;  // the command that runs it again
  std::string description;
};

// A file of the suite with no run to show: it could not be loaded, or was not run.
struct ReportProblem {
  std::string file;
  std::string status;   // "BAD INPUT", "NOT RUN", "TOO BIG", as `check` prints it
  std::string message;  // the loader's FILE:LINE:COLUMN message, or why it was not run
};

// With more than one entry, or any problem, the page is a suite: a summary line counting
// every file, the problems listed first, then a table linking each scenario.
std::string render_html(const std::vector<ReportEntry>& entries, const std::string& title,
                        const std::vector<ReportProblem>& problems = {});

// The embedded data of one scenario's timeline, as the script reads it.
std::string timeline_json(const ReportEntry& entry);

}  // namespace leasesim::reports
