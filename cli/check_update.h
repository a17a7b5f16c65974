// `leasesim check --update-expect`: each selected scenario run, and its `expect:` rewritten
// with what the run showed (harness/expect_writer.h), one line per file: updated, unchanged,
// REFUSED (with FILE:LINE:COLUMN and why; the file is left as it is), BAD INPUT, or stopped.
#pragma once

#include <vector>

#include "cli/check_suite.h"
#include "harness/runner.h"

namespace leasesim::cli {

// Returns the exit status: 0 every file updated or unchanged; 2 a file refused or not loaded;
// 3 / 130 / 143 a limit or a signal stopped a run (that file is left as it is); 4 a file could
// not be written.
int update_expect(const std::vector<const Loaded*>& chosen, const harness::RunOptions& options, unsigned jobs);

}  // namespace leasesim::cli
