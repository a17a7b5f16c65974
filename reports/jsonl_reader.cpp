#include "reports/jsonl_reader.h"

#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <vector>

#include "reports/input_file.h"
#include "reports/json_reader.h"
#include "reports/trace_fields.h"
#include "sim/clock.h"
#include "sim/duration_text.h"

namespace leasesim::reports {
namespace {

using sim::EventKind;
using F = FieldType;

// One object of a few fields, never nested: the bounds refuse anything else early.
constexpr JsonLimits kLineLimits{2, 64};

[[noreturn]] void fail(int line, const JsonValue& at, const std::string& message) { throw TraceLineError(line, at.column, message); }

const std::string& string_of(const JsonValue& v, int line, const std::string& key) {
  if (v.kind != JsonValue::Kind::string) fail(line, v, "'" + key + "' must be a string");
  return v.text;
}

uint64_t unsigned_of(const JsonValue& v, int line, const std::string& key) {
  if (v.kind == JsonValue::Kind::number && !v.text.empty() && v.text.size() <= 20 &&
      v.text.find_first_not_of("0123456789") == std::string::npos) {
    errno = 0;
    const unsigned long long n = std::strtoull(v.text.c_str(), nullptr, 10);
    if (errno == 0) return n;
  }
  fail(line, v, "'" + key + "' must be a whole number from 0 to 18446744073709551615, got " + quote_text(v.text));
}

int64_t scaled_of(const JsonValue& v, int line, const std::string& key, int places, const char* unit) {
  if (v.kind != JsonValue::Kind::number) fail(line, v, "'" + key + "' must be a number of " + unit);
  const sim::DecimalParse p = sim::parse_decimal(v.text, places);
  if (!p.value) fail(line, v, "'" + key + "': " + p.error);
  return *p.value;
}

int64_t ms_of(const JsonValue& v, int line, const std::string& key, bool null_is_never) {
  if (null_is_never && v.kind == JsonValue::Kind::null) return sim::Instant::never().ns;
  return scaled_of(v, line, key, 6, "milliseconds");
}

bool flag_of(const JsonValue& v, int line, const std::string& key) {
  if (v.kind != JsonValue::Kind::boolean) fail(line, v, "'" + key + "' must be true or false");
  return v.text == "true";
}

std::string known_kinds() {
  std::string s;
  for (int k = 0; k < sim::kEventKinds; ++k) s += (k == 0 ? "" : ", ") + std::string(sim::to_string(static_cast<EventKind>(k)));
  return s;
}

// A clock the checkers can read: running forward (as the loader requires of `clocks`), with a
// reading.
void check_clock(const sim::TraceEvent& e, const JsonValue& v, int line) {
  if (e.a < sim::kMinDriftPpb || e.a > sim::kMaxDriftPpb) {
    fail(line, *v.find("drift_ppm"), "clock_changed: 'drift_ppm' must be above -1000000 and at most 1000000 (a clock's rate, 1 + drift, stays positive)");
  }
  if (sim::LocalTime{e.b}.is_never()) fail(line, *v.find("local_ms"), "clock_changed: 'local_ms' must be a time, not null");
}

}  // namespace

JsonlTraceParser::JsonlTraceParser(sim::Trace& trace) : trace_(trace) {
  for (sim::NodeId n = 0; n < trace.node_count(); ++n) nodes_.emplace(std::string(trace.node_name(n)), n);
}

sim::NodeId JsonlTraceParser::node_named(std::string_view name, int line, int column) const {
  const auto it = nodes_.find(std::string(name));
  if (it == nodes_.end()) {
    throw TraceLineError(line, column, "node " + quote_text(name) + " is not one of the scenario's nodes");
  }
  return it->second;
}

sim::TraceEvent JsonlTraceParser::parse(std::string_view text, int line) {
  if (text.empty()) throw TraceLineError(line, 1, "an empty line: a trace has one event on every line");
  JsonValue v;
  try {
    v = parse_json(text, kLineLimits, "a trace line");
  } catch (const JsonError& e) {
    throw TraceLineError(line, e.column(), e.message());
  }
  if (v.kind != JsonValue::Kind::object) fail(line, v, "a trace line must be one JSON object (an event)");

  sim::TraceEvent e;
  const JsonValue* t = v.find("t_ms");
  const JsonValue* node = v.find("node");
  const JsonValue* kind = v.find("event");
  if (t == nullptr || node == nullptr || kind == nullptr) {
    fail(line, v, std::string("missing field '") + (t == nullptr ? "t_ms" : node == nullptr ? "node" : "event") +
                      "': every event has t_ms, node and event");
  }
  if (!sim::event_kind_named(string_of(*kind, line, "event"), e.kind)) {
    fail(line, *kind, "unknown event " + quote_text(kind->text) + "; expected one of " + known_kinds());
  }
  const std::string what = std::string(sim::to_string(e.kind)) + ": ";
  e.t = sim::Instant{ms_of(*t, line, "t_ms", false)};
  if (e.t.ns < 0) fail(line, *t, what + "t_ms must not be negative");
  if (e.t.ns < last_t_) {
    fail(line, *t, what + "t_ms " + sim::format_ms(e.t.ns) + " is before the previous event's " + sim::format_ms(last_t_) +
                       ": a trace lists its events in time order");
  }
  if (node->kind != JsonValue::Kind::null) {
    e.node = node_named(string_of(*node, line, "node"), line, node->column);
  } else if (e.kind != EventKind::fault_start && e.kind != EventKind::fault_end) {
    fail(line, *node, what + "'node' is null, which only a network fault's fault_start and fault_end may be");
  }

  const std::span<const TraceField> fields = trace_fields(e.kind);
  for (const JsonMember& m : v.members) {
    if (m.key == "t_ms" || m.key == "node" || m.key == "event") continue;
    bool known = false;
    for (const TraceField& f : fields) known = known || m.key == f.key;
    if (!known) {
      std::string expected;
      for (const TraceField& f : fields) expected += (expected.empty() ? "" : ", ") + std::string(f.key);
      fail(line, m.value, what + "unknown field '" + m.key + "'" +
                              (expected.empty() ? std::string(" (this event has no fields of its own)") : "; expected " + expected));
    }
  }
  for (const TraceField& f : fields) {
    const JsonValue* fv = v.find(f.key);
    if (fv == nullptr) {
      if (f.type == F::node_if_any) continue;  // a state change about no one in particular
      if (f.type == F::deliver_ms) {
        e.a = sim::Instant::never().ns;  // dropped at its send
        continue;
      }
      fail(line, v, what + "missing field '" + f.key + "'");
    }
    switch (f.type) {
      case F::node:
      case F::node_if_any: e.peer = node_named(string_of(*fv, line, f.key), line, fv->column); break;
      case F::text: e.symbol = trace_.intern(string_of(*fv, line, f.key)); break;
      case F::count: e.id = unsigned_of(*fv, line, f.key); break;
      case F::token: e.a = static_cast<int64_t>(unsigned_of(*fv, line, f.key)); break;
      case F::ms_a: e.a = ms_of(*fv, line, f.key, true); break;
      case F::ms_b: e.b = ms_of(*fv, line, f.key, true); break;
      case F::deliver_ms: e.a = ms_of(*fv, line, f.key, false); break;
      case F::ppm_a: e.a = scaled_of(*fv, line, f.key, 3, "parts per million"); break;
      case F::stopped: e.symbol = flag_of(*fv, line, f.key) ? trace_.intern(sim::kClockStopped) : sim::Symbol{0}; break;
      case F::flag_b: e.b = flag_of(*fv, line, f.key) ? 1 : 0; break;
      case F::fault_class: {
        const std::string& name = string_of(*fv, line, f.key);
        bool found = false;
        for (int c = 0; c < sim::kFaultClasses && !found; ++c) {
          if (sim::to_string(static_cast<sim::FaultClass>(c)) == name) {
            e.b = c;
            found = true;
          }
        }
        if (!found) fail(line, *fv, what + "'class' must be one of network, stall_timers, pause, restart, clock, got " + quote_text(name));
        break;
      }
    }
  }
  if (e.kind == EventKind::clock_changed) check_clock(e, v, line);
  last_t_ = e.t.ns;
  return e;
}

namespace {

// Splits what `read` gives (as ::read does: bytes, 0 at the end, -1 with errno) into lines.
std::string read_lines(const std::function<ssize_t(char*, size_t)>& read, JsonlTraceParser& parser,
                       const std::function<bool(const sim::TraceEvent&)>& on_event) {
  std::vector<char> buf(64 * 1024);
  std::string line;
  int number = 1;
  // Hands over one complete line; false once the caller wants no more.
  auto take = [&]() -> bool {
    const bool more = on_event(parser.parse(line, number));
    line.clear();
    ++number;
    return more;
  };
  try {
    while (true) {
      const ssize_t n = read(buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return std::string("cannot read the file: ") + std::strerror(errno);
      if (n == 0) break;
      for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] == '\n') {
          if (!take()) return "";
          continue;
        }
        if (line.size() == JsonlTraceParser::kMaxLineBytes) {
          return std::to_string(number) + ":1: the line is longer than " + std::to_string(JsonlTraceParser::kMaxLineBytes) +
                 " bytes, the most a trace line may hold";
        }
        line.push_back(buf[i]);
      }
    }
    // The last line may lack its newline.
    if (!line.empty()) take();
  } catch (const TraceLineError& e) {
    return std::to_string(e.line() != 0 ? e.line() : number) + ":" + std::to_string(e.column()) + ": " + e.what();
  }
  return "";
}

}  // namespace

std::string read_jsonl_trace(const std::string& path, JsonlTraceParser& parser,
                             const std::function<bool(const sim::TraceEvent&)>& on_event) {
  std::string error;
  const int fd = open_input_file(path, "a trace", error);
  if (fd < 0) return error;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  return read_lines([fd](char* to, size_t most) { return ::read(fd, to, most); }, parser, on_event);
}

std::string read_jsonl_text(std::string_view text, JsonlTraceParser& parser,
                            const std::function<bool(const sim::TraceEvent&)>& on_event) {
  size_t at = 0;
  return read_lines(
      [&](char* to, size_t most) {
        const size_t n = std::min(most, text.size() - at);
        std::copy_n(text.data() + at, n, to);
        at += n;
        return static_cast<ssize_t>(n);
      },
      parser, on_event);
}

}  // namespace leasesim::reports
