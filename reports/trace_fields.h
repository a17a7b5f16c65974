// The JSONL trace's fields, per event kind: the one description both the writer
// (jsonl_trace.cpp) and the reader (jsonl_reader.cpp) follow, so that reading a trace back
// gives every field of every event exactly (docs/scenario-format.md, "Trace", documents it).
#pragma once

#include <span>

#include "sim/trace.h"

namespace leasesim::reports {

// Where a field lives in a TraceEvent, and how it is written.
enum class FieldType {
  node,         // peer: a node's name, required
  node_if_any,  // peer: a node's name; left out when there is none
  text,         // symbol: a string
  count,        // id: an unsigned integer
  token,        // a: an unsigned integer (a fencing token)
  ms_a,         // a: a time in ms, null when it never comes
  ms_b,         // b: likewise
  deliver_ms,   // a: a time in ms, left out when it never comes (a message dropped at its send)
  ppm_a,        // a: parts per billion, written as ppm with three decimals
  stopped,      // symbol: true when it is kClockStopped, false when empty
  flag_b,       // b: true when non-zero (1)
  fault_class,  // b: a FaultClass by name
};

struct TraceField {
  const char* key;
  FieldType type;
};

// The fields of `kind`, in the order they are written, after t_ms, node and event.
std::span<const TraceField> trace_fields(sim::EventKind kind);

}  // namespace leasesim::reports
