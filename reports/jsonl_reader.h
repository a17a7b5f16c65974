// Reading a JSONL trace back into trace events: the inverse of render_event_json, so that a
// trace written by `run --trace`, or produced by anything else that follows the format
// (docs/scenario-format.md, "Trace"), can be judged by the checkers. Strict: every line is one
// object whose fields are exactly its event's (no field ignored, none guessed), times never
// decrease, nodes are the scenario's.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sim/trace.h"

namespace leasesim::reports {

// A line that is not a trace event, at a place in the file (1-based line and column).
class TraceLineError : public std::runtime_error {
 public:
  TraceLineError(int line, int column, const std::string& message)
      : std::runtime_error(message), line_(line), column_(column) {}
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  int line_;
  int column_;
};

// Parses lines one at a time, interning names into `trace` (whose nodes are the scenario's).
class JsonlTraceParser {
 public:
  // The longest line read; a rendered event takes a few hundred bytes.
  static constexpr size_t kMaxLineBytes = 64 * 1024;

  explicit JsonlTraceParser(sim::Trace& trace);

  // The event on `line` (without its newline), the line's number for messages. Throws
  // TraceLineError. An empty line is refused: a trace has one object per line.
  sim::TraceEvent parse(std::string_view line, int line_number);

 private:
  sim::NodeId node_named(std::string_view name, int line, int column) const;

  sim::Trace& trace_;
  std::unordered_map<std::string, sim::NodeId> nodes_;
  int64_t last_t_ = 0;
};

// Reads the JSONL trace at `path` (a regular file; see input_file.h) and hands each event to
// `on_event` in file order. Returns "" when the whole file was read, or an error to follow
// "PATH:" ("3:14: message_sent: missing field 'id'", "is a directory; ..."); a callback that
// returns false stops the reading early (a limit), and the result is "". `on_event` may throw
// TraceLineError with line 0 to refuse an event: the line it came from is filled in.
std::string read_jsonl_trace(const std::string& path, JsonlTraceParser& parser,
                             const std::function<bool(const sim::TraceEvent&)>& on_event);

// The same for a trace in memory (the fuzz target's input).
std::string read_jsonl_text(std::string_view text, JsonlTraceParser& parser,
                            const std::function<bool(const sim::TraceEvent&)>& on_event);

}  // namespace leasesim::reports
