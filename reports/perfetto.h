// The trace in the Chrome trace-event JSON format (`--perfetto FILE.json`), which Perfetto
// (ui.perfetto.dev) and chrome://tracing open: each node is a process; its threads carry the
// intervals it believed, the intervals it granted (one thread per holder), its protocol states
// (a thread per state band the protocol declares, with its labels as instants), its faults, its
// violation windows and its other events as instants; each message is a flow from its send
// to its arrival. Timestamps are microseconds, exact to the nanosecond.
#pragma once

#include <string>

#include "reports/recording.h"
#include "reports/result.h"

namespace leasesim::reports {

std::string render_perfetto(const Result& r, const Recording& rec);

}  // namespace leasesim::reports
