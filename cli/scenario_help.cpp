// `leasesim help scenario`: where the scenario format is documented, and the format in short,
// on one terminal page. The lists of keys, protocol kinds, fault kinds and trace events come
// from the tables the loader and the trace use, so they cannot drift from what is accepted;
// the rest (what each list means, the example) is text kept beside docs/scenario-format.md.
#include <iostream>
#include <string>
#include <vector>

#include "cli/verbs.h"
#include "harness/scenario_loader.h"
#include "sim/trace.h"

namespace leasesim::cli {
namespace {

constexpr size_t kWidth = 96;

// `items` joined by ", " after `head`, wrapped at kWidth with continuation lines indented by
// `indent` spaces, ending with `tail`.
std::string wrapped(const std::string& head, const std::vector<std::string>& items, size_t indent, const std::string& tail = "") {
  std::string out;
  std::string line = head;
  bool fresh = true;  // nothing on this line yet but the head or the indent
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string word = items[i] + (i + 1 < items.size() ? "," : tail);
    if (!fresh && line.size() + 1 + word.size() > kWidth) {
      out += line + "\n";
      line = std::string(indent, ' ');
      fresh = true;
    }
    line += (fresh ? "" : " ") + word;
    fresh = false;
  }
  return out + line + "\n";
}

std::vector<std::string> event_names() {
  std::vector<std::string> out;
  for (int k = 0; k < sim::kEventKinds; ++k) out.emplace_back(sim::to_string(static_cast<sim::EventKind>(k)));
  return out;
}

// What each protocol's nodes are called and which invariants it checks: the loader and the
// world each know this for themselves (no single table), so it is written out here.
std::string protocol_notes(const std::string& kind) {
  if (kind == "zbs") return "nodes: master (always there), followers; checkers: lease_safety";
  if (kind == "zookeeper") return "nodes: servers, clients; checkers: session_safety, lock_safety, session_liveness";
  return "";
}

constexpr const char* kIntro = R"(The scenario format, in short. In full (every key with its type, unit, default and source;
the trace events; the --json result; exit statuses): docs/scenario-format.md in the leasesim
repository (leasesim installs no documentation). scenarios/ holds worked examples.

A scenario is one UTF-8 YAML regular file of at most 16 MiB. An unknown or duplicate key is an
error, never ignored: FILE:LINE:COLUMN: key.path: what is wrong, exit status 2. Durations carry
a unit (ns, us, ms, s, m, h: 250us, 1.5ms, 12s, 2m), exact to 1ns, at most 87600h (10 years); a
fault's `at` lies in [0, duration). Node names: 1-64 letters, digits, '-', '_' or '.', each used
once. The `name` (default: the file name without extension) names explore's files: 1-128 ASCII
letters, digits, '-', '_' or '.', not starting with '.'.

)";

constexpr const char* kFaultSettings = R"(  settings in the fault's own map: from, to, message (selectors; absent: any), extra, count,
  for (absent: to the end of the run), between: [a, b], groups: [[..], [..]], node,
  clock: runs|stops, sessions: recompute|continue|forget, drift_ppm, jump.
)";

constexpr const char* kExpect = R"(expect: SAFETY_CHECKER: holds | violated      LIVENESS_CHECKER: reported | clear
        windows: [{node, start, end, checker, paused}, ...]   exact windows, in order
        events: [{event, node, name, at, count}, ...]         at an instant, or counted
)";

constexpr const char* kExplore = R"(explore: faults: templates, a fault with [lo, hi] for any of at, for, count, extra, drift_ppm,
           jump, and min/max instances per run (default 0 and 1)
         clocks: {NODE: {drift_ppm: [lo, hi], offset: [lo, hi]}}

)";

constexpr const char* kExample = R"(Example (scenarios/zbs/legacy-reply-delay-6s.yaml without its description):
  duration: 40s
  protocol: {kind: zbs, follower_anchor: receive}
  followers: [follower-1]
  faults:
    - at: 1ms
      drop: {from: follower-1, to: master, message: KeepAlive, count: 1}
    - at: 5s
      delay: {from: master, to: follower-1, message: KeepAliveReply, extra: 5.999s, count: 1}
    - at: 10s
      disconnect: {from: follower-1, to: master}
  expect:
    lease_safety: violated
    windows: [{node: follower-1, start: 21.503s, end: 25.003s}]
)";

}  // namespace

int scenario_help() {
  std::string out = kIntro;
  out += wrapped("Top-level keys (duration, protocol and the node lists required): ", harness::scenario_keys(), 2, ".");
  out += wrapped("protocol: {kind: K, ...} with K one of ", harness::protocol_kinds(), 2, ":");
  for (const std::string& kind : harness::protocol_kinds()) {
    const std::string head = "  " + kind + std::string(kind.size() < 11 ? 11 - kind.size() : 1, ' ');
    out += head + protocol_notes(kind) + "\n";
    out += wrapped(std::string(head.size(), ' ') + "keys: ", harness::protocol_keys(kind), head.size() + 6);
  }
  out += "network: {delay: 1ms} or {delay: {uniform: [1ms, 50ms]}}\n";
  out += "clocks: {NODE: {drift_ppm: -50, offset: 0s}}   (ppm with up to 3 decimals; default: perfect)\n";
  out += wrapped("faults: a list, each item `at: INSTANT` and one of ", harness::fault_kinds(), 2, ";");
  out += kFaultSettings;
  out += kExpect;
  out += wrapped("  event names: ", event_names(), 4, ".");
  out += kExplore;
  out += kExample;
  std::cout << out;
  return kExitOk;
}

}  // namespace leasesim::cli
