// The determinism self-check (--check-determinism): run a scenario twice and, if the traces
// differ, name the first event where they part. Memory stays small however long the run:
// the first pair of runs compares a hash per block of events; only if they differ are both
// runs repeated to keep that one block's events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/scenario.h"

namespace leasesim::harness {

struct Divergence {
  uint64_t index = 0;  // of the first differing event, counting from 0
  std::string first;   // that event in the first run, as its JSON line (or "(end of run)")
  std::string second;  // and in the second
};

// Each run within `max_events` (0: no budget), a budget both runs reach at the same event.
// A signal stops the runs where they are: the caller must look at interrupt_signal() before
// believing the answer.
std::optional<Divergence> check_determinism(const Scenario& s, uint64_t max_events = 0);

}  // namespace leasesim::harness
