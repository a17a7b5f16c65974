// `leasesim help scenario`: where the scenario format is documented, and the format in short,
// on one terminal page. The lists of keys, protocol kinds, fault kinds and their settings, and
// trace events come from the tables the loader and the trace use, so they cannot drift from
// what is accepted; the rest (what each list means, the example) is text kept beside
// docs/scenario-format.md. `leasesim help faults` (faults_help.cpp) prints the fault table whole.
#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/verbs.h"
#include "harness/fault_kind.h"
#include "harness/scenario_loader.h"
#include "leasesim/protocol.h"
#include "sim/trace.h"

namespace leasesim::cli {
namespace {

constexpr size_t kWidth = 96;

// `items` joined by ", " after `head`, wrapped at `width` (kWidth) with continuation lines indented by
// `indent` spaces, ending with `tail`.
std::string wrapped(const std::string& head, const std::vector<std::string>& items, size_t indent, const std::string& tail = "",
                    size_t width = kWidth) {
  std::string out;
  std::string line = head;
  bool fresh = true;  // nothing on this line yet but the head or the indent
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string word = items[i] + (i + 1 < items.size() ? "," : tail);
    if (!fresh && line.size() + 1 + word.size() > width) {
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

// A protocol's nodes, as the protocol describes them.
std::string nodes_of(const Protocol& p) {
  std::string nodes;
  for (const Role& r : p.roles()) {
    for (const std::string& f : r.fixed) nodes += (nodes.empty() ? "" : ", ") + f + " (always there)";
    if (!r.key.empty() && !r.optional) nodes += (nodes.empty() ? "" : ", ") + r.key;
  }
  return nodes;
}

std::vector<std::string> checker_names(const Protocol& p) {
  std::vector<std::string> out;
  for (const CheckerSpec& c : p.checkers()) out.push_back(c.name);
  return out;
}

constexpr const char* kIntro = R"(The format in short; each key, its default and source: docs/scenario-format.md in the leasesim
repository (not installed), with the trace events, --json result and exit statuses. See scenarios/.

A scenario is one UTF-8 YAML regular file of at most 16 MiB. An unknown or duplicate key is an
error, never ignored: FILE:LINE:COLUMN: key.path: what is wrong, exit status 2. Durations carry
a unit (ns, us, ms, s, m, h: 250us, 1.5ms, 12s, 2m), exact to 1ns, at most 87600h (10 years); a
fault's `at` lies in [0, duration). Node names: 1-64 letters, digits, '-', '_' or '.', each used
once. The `name` (default: the file name without extension) names explore's files: 1-128 ASCII
letters, digits, '-', '_' or '.', not starting with '.'.

)";

constexpr const char* kExpect = R"(expect: SAFETY_CHECKER: holds | violated      LIVENESS_CHECKER: reported | clear
        windows: [{node, start, end, checker, paused}, ...]   exact windows, in order
        events: [{event, node, name, at, count}, ...]         at an instant, or counted
)";

constexpr const char* kExploreClocks = R"(         clocks: {NODE: {drift_ppm: [lo, hi], offset: [lo, hi]}}

)";

// Every setting key of every fault kind, in the table's order, each once; with `ranged`, those
// an explore template may give as [lo, hi], `at` first.
std::vector<std::string> fault_setting_keys(bool ranged) {
  std::vector<std::string> out;
  if (ranged) out.push_back(harness::at_setting().key);
  for (const harness::FaultKind* k : harness::fault_table()) {
    for (const harness::FaultSetting& s : k->settings()) {
      if ((!ranged || s.range) && std::find(out.begin(), out.end(), s.key) == out.end()) out.push_back(s.key);
    }
  }
  return out;
}

}  // namespace

int scenario_help() {
  std::string out = kIntro;
  out += wrapped("Top-level keys (duration, protocol and the node lists required): ", harness::scenario_keys(), 2, ".");
  // One row per protocol (its kind, nodes and checkers), wrapped under its own start at the
  // page's full width (100 columns), so that a row wraps only when it must.
  out += "protocol: {kind: K, ...} (its parameters: leasesim help protocol K), K one of:\n";
  for (const Protocol* p : registry().all()) {
    const std::string kind = p->kind() + ":";
    const std::string head = "  " + kind + std::string(kind.size() < 12 ? 12 - kind.size() : 1, ' ');
    out += wrapped(head + "nodes: " + nodes_of(*p) + "; checkers: ", checker_names(*p), head.size(), "", 100);
  }
  out += "resources: [NODE, ...] (optional): fenced resources the holders write to; adds stale_write\n";
  out += "network: {delay: 1ms} or {delay: {uniform: [1ms, 50ms]}}\n";
  out += "clocks: {NODE: {drift_ppm: -50, offset: 0s}}   (ppm with up to 3 decimals; default: perfect)\n";
  out += wrapped("faults: a list, each item `at: INSTANT` and one of ", harness::fault_kinds(), 2, ";");
  out += wrapped("  settings in the fault's own map (leasesim help faults): ", fault_setting_keys(false), 2,
                 ", plus each protocol's restart keys.");
  out += kExpect;
  out += wrapped("  event names: ", event_names(), 4, ".");
  out += wrapped("explore: faults: templates, [lo, hi] for ", fault_setting_keys(true), 11, "; min/max (0, 1)");
  out += kExploreClocks;
  const std::vector<const Protocol*> all = registry().all();
  if (!all.empty() && !all.front()->example().empty()) {
    out += "Example (" + all.front()->kind() + "):\n";
    std::istringstream lines(all.front()->example());
    for (std::string line; std::getline(lines, line);) out += "  " + line + "\n";
  }
  std::cout << out;
  return kExitOk;
}

}  // namespace leasesim::cli
