// The safe envelope of a scenario: how safety depends on one or two of its parameters.
// One axis: the grid's verdicts, and each place where the verdict changes bisected to the
// axis's resolution, so the boundary is exact (the last value of one verdict and the first of
// the other). Two axes: a grid of the worst violation window in each cell, and in each row
// the first change along the second axis, bisected the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "harness/run_limits.h"
#include "harness/scenario.h"
#include "harness/sweep_axis.h"

namespace leasesim::harness {

struct SweepOptions {
  std::string file;                   // the scenario
  std::vector<SweepAxis> axes;        // one or two
  int64_t grid_steps = 0;             // intervals per axis; 0: 20 for one axis, 10 for two
  std::optional<uint64_t> seed;       // default: the scenario's
  std::string checker;                // empty: every safety invariant of the protocol
  RunLimits limits;                   // each run's event budget; the whole sweep's deadline
  // The file as parsed, when the caller has read and loaded it already (the sweep verb does,
  // where --max-wall and signals reach the parse, cli/stoppable_work.h); the sweep edits it.
  // Null: `file` is read, loaded and parsed here.
  YAML::Node document{YAML::NodeType::Undefined};
};

// `file`'s text loaded as a scenario (InputError if it does not load; the scenario in `*loaded`
// if not null) and parsed as the document a sweep edits: what SweepOptions::document takes.
YAML::Node load_sweep_document(const std::string& file, Scenario* loaded = nullptr);

// Throws InputError for a scenario that does not load as given, SweepError for an axis that
// does not fit it (with the value that was tried), SweepStopped when a limit or a signal cuts
// a run short.
reports::SweepOutcome sweep(const SweepOptions& o);

}  // namespace leasesim::harness
