// A scenario as a plain struct: what the YAML file says, validated, with names resolved and
// units applied. Field names are the YAML keys (docs/scenario-format.md). Every node name in here
// is known to exist; every instant lies inside the run.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <memory>
#include <variant>
#include <vector>

#include "sim/clock.h"
#include "sim/time.h"

namespace leasesim {
class Protocol;
struct Params;
}  // namespace leasesim

namespace leasesim::harness {

using sim::Duration;
using sim::Instant;

struct SourcePos {
  int line = 0;  // 1-based; 0 when unknown
  int column = 0;
};

// Which messages a network fault touches; empty strings match any.
struct Selector {
  std::string from;
  std::string to;
  std::string message;
};

struct DelayFault {
  Selector select;
  Duration extra;
};
struct DropFault {
  Selector select;
};
struct DuplicateFault {
  Selector select;
  Duration extra;  // the second copy arrives this much after the first
};
// Both ways between two nodes (`between`), or one way (`from` -> `to`).
struct DisconnectFault {
  std::string from;
  std::string to;
  bool both_ways = true;
};
struct PartitionFault {
  std::vector<std::vector<std::string>> groups;
};
struct StallTimersFault {
  std::string node;
};
enum class PauseClock { runs, stops };
struct PauseFault {
  std::string node;
  PauseClock clock = PauseClock::runs;
};
struct RestartFault {
  std::string node;
  // The protocol's own settings for this restart (Protocol::restart_keys), or null.
  std::shared_ptr<const Params> options;
};
struct ClockFault {
  std::string node;
  std::optional<sim::Ppm> drift_ppm;
  std::optional<Duration> jump;
};

using FaultAction = std::variant<DelayFault, DropFault, DuplicateFault, DisconnectFault, PartitionFault,
                                 StallTimersFault, PauseFault, RestartFault, ClockFault>;

struct Fault {
  Instant at;
  std::optional<Duration> lasts;  // YAML `for`; absent: to the end of the run
  std::optional<int64_t> count;   // network faults: the next `count` matching messages only
  FaultAction action;
  SourcePos pos;
};

struct ClockSpec {
  Duration offset;     // the clock's reading at virtual time zero
  sim::Ppm drift_ppm;  // positive: fast
};

struct NetworkSpec {
  Duration delay_lo = Duration::millis(1);  // default: 1 ms one-way, a LAN
  Duration delay_hi = Duration::millis(1);
};

enum class Verdict { holds, violated };

// An exact window the run must report, in order.
struct ExpectedWindow {
  std::string checker;  // default: the protocol's first safety checker
  std::string node;
  Instant start;
  Instant end;
  std::optional<Duration> paused;
  SourcePos pos;
};

// An event the run must contain: at an exact instant, a number of times, or a number of times
// at an exact instant (`count` then counts only the events at `at`).
struct ExpectedEvent {
  std::string event;
  std::string node;  // empty: any node
  std::string name;  // empty: any; else the event's name: a state's, a message's kind, a timer's
  std::optional<Instant> at;
  std::optional<int64_t> count;
  SourcePos pos;
};

struct Expect {
  // Per safety checker (YAML `lease_safety: holds`, `lock_safety: violated`, ...).
  std::map<std::string, Verdict> verdicts;
  // Per liveness checker: whether it must report something (YAML `session_liveness: reported`
  // or `clear`).
  std::map<std::string, bool> reported;
  // For each checker named in it, that checker's exact windows, in order (an empty list: no
  // window from any checker).
  std::optional<std::vector<ExpectedWindow>> windows;
  std::vector<ExpectedEvent> events;
  bool any() const { return !verdicts.empty() || !reported.empty() || windows || !events.empty(); }
};

// An inclusive range of a sampled quantity in its own unit: nanoseconds for durations and
// instants, billionths for ppm, a plain number for counts.
struct Range {
  int64_t lo = 0;
  int64_t hi = 0;
};

// A fault `explore` may add to a run: the fault as written with each range at its low end, the
// ranges to draw from, and how many of it a run gets (uniform in [min, max]).
struct FaultTemplate {
  Fault prototype;
  std::map<std::string, Range> ranges;  // at, for, count, extra, drift_ppm, jump
  int64_t min = 0;
  int64_t max = 1;
  SourcePos pos;
};

// The space `leasesim explore` searches (YAML `explore:`): faults to add, clock settings to draw.
struct ExploreSpace {
  std::vector<FaultTemplate> faults;
  std::map<std::string, std::map<std::string, Range>> clocks;  // node -> drift_ppm / offset ranges
};

// The scenario's protocol (from the registry) and its parameters.
struct ProtocolSpec {
  const Protocol* protocol = nullptr;
  std::shared_ptr<const Params> params;
};

// A role's nodes: its fixed ones, then those the scenario lists under the role's key.
struct RoleNodes {
  std::string singular;
  std::vector<std::string> names;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string description;
  uint64_t seed = 1;
  Duration duration;
  ProtocolSpec protocol;
  std::vector<RoleNodes> roles;  // in the protocol's order of roles
  NetworkSpec network;
  std::map<std::string, ClockSpec> clocks;
  std::vector<Fault> faults;
  Expect expect;
  std::optional<ExploreSpace> explore;

  // Every node, in NodeId order: role by role, in the protocol's order of roles.
  std::vector<std::string> node_names() const {
    std::vector<std::string> out;
    for (const RoleNodes& r : roles) out.insert(out.end(), r.names.begin(), r.names.end());
    return out;
  }
  // The nodes of the role named `singular` (empty if the protocol has no such role).
  const std::vector<std::string>& nodes_of(const std::string& singular) const {
    static const std::vector<std::string> kNone;
    for (const RoleNodes& r : roles) {
      if (r.singular == singular) return r.names;
    }
    return kNone;
  }
};

}  // namespace leasesim::harness
