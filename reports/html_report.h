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

std::string render_html(const std::vector<ReportEntry>& entries, const std::string& title);

// The embedded data of one scenario's timeline, as the script reads it.
std::string timeline_json(const ReportEntry& entry);

}  // namespace leasesim::reports
