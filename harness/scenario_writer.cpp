#include "harness/scenario_writer.h"

#include <sstream>

#include "harness/fault_kind.h"
#include "leasesim/protocol.h"
#include "sim/duration_text.h"

namespace leasesim::harness {
namespace {

using sim::format_duration;

std::string scalar(const std::string& s) { return yaml_scalar(s); }
std::string list(const std::vector<std::string>& items) { return yaml_list(items); }

std::string ppm(sim::Ppm p) { return sim::format_decimal(p.ppb, 3); }

// Words of `text` folded at about 90 columns under a two-space indent.
std::string folded(const std::string& text) {
  std::istringstream in(text);
  std::string word;
  std::string out;
  std::string line = "  ";
  while (in >> word) {
    if (line.size() > 2 && line.size() + 1 + word.size() > 92) {
      out += line + "\n";
      line = "  ";
    }
    line += (line.size() > 2 ? " " : "") + word;
  }
  return out + line + "\n";
}

struct MapWriter {
  std::string out = "{";
  bool first = true;
  MapWriter& add(const std::string& key, const std::string& value) {
    out += (first ? "" : ", ") + key + ": " + value;
    first = false;
    return *this;
  }
  std::string done() const { return out + "}"; }
};

std::string fault_line(const Fault& f, const Protocol* protocol) {
  const FaultKind& kind = kind_of(f);
  MapWriter m;
  for (const auto& [key, value] : kind.write(f, *protocol)) m.add(key, value);
  return "  - " + at_setting().key + ": " + at_setting().write(f) + "\n    " + kind.key() + ": " + m.done() + "\n";
}

std::string protocol_block(const ProtocolSpec& spec) {
  std::string o = "protocol:\n  kind: " + spec.protocol->kind() + "\n";
  for (const auto& [key, value] : spec.protocol->write_params(*spec.params)) o += "  " + key + ": " + value + "\n";
  return o;
}

}  // namespace

std::string expect_yaml(const Expect& x) {
  std::string o = "expect:\n";
  for (const auto& [checker, v] : x.verdicts) o += "  " + checker + ": " + (v == Verdict::holds ? "holds" : "violated") + "\n";
  for (const auto& [checker, r] : x.reported) o += "  " + checker + ": " + (r ? "reported" : "clear") + "\n";
  if (x.windows) {
    o += "  windows:";
    o += x.windows->empty() ? " []\n" : "\n";
    for (const ExpectedWindow& w : *x.windows) {
      MapWriter m;
      m.add("checker", w.checker).add("node", scalar(w.node)).add("start", format_duration({w.start.ns})).add("end", format_duration({w.end.ns}));
      if (w.paused) m.add("paused", format_duration(*w.paused));
      o += "    - " + m.done() + "\n";
    }
  }
  if (!x.events.empty()) {
    o += "  events:\n";
    for (const ExpectedEvent& e : x.events) {
      MapWriter m;
      m.add("event", e.event);
      if (!e.node.empty()) m.add("node", scalar(e.node));
      if (!e.name.empty()) m.add("name", scalar(e.name));
      if (e.at) m.add("at", format_duration({e.at->ns}));
      if (e.count) m.add("count", std::to_string(*e.count));
      o += "    - " + m.done() + "\n";
    }
  }
  return o;
}

std::string to_yaml(const Scenario& s) {
  std::string o = "name: " + scalar(s.name) + "\n";
  if (!s.description.empty()) o += "description: >\n" + folded(s.description);
  o += "seed: " + std::to_string(s.seed) + "\n";
  o += "duration: " + format_duration(s.duration) + "\n";
  o += protocol_block(s.protocol);
  // Each role's listed nodes under its key (its fixed nodes are implied).
  for (const Role& r : s.protocol.protocol->roles()) {
    if (r.key.empty()) continue;
    const std::vector<std::string>& all = s.nodes_of(r.singular);
    o += r.key + ": " + list(std::vector<std::string>(all.begin() + static_cast<std::ptrdiff_t>(r.fixed.size()), all.end())) + "\n";
  }
  o += "network:\n  delay: ";
  o += s.network.delay_lo == s.network.delay_hi
           ? format_duration(s.network.delay_lo)
           : "{uniform: [" + format_duration(s.network.delay_lo) + ", " + format_duration(s.network.delay_hi) + "]}";
  o += "\n";
  if (!s.clocks.empty()) {
    o += "clocks:\n";
    for (const auto& [node, c] : s.clocks) {
      o += "  " + scalar(node) + ": " + MapWriter().add("drift_ppm", ppm(c.drift_ppm)).add("offset", format_duration(c.offset)).done() + "\n";
    }
  }
  if (!s.faults.empty()) {
    o += "faults:\n";
    for (const Fault& f : s.faults) o += fault_line(f, s.protocol.protocol);
  }
  if (s.expect.any()) o += expect_yaml(s.expect);
  return o;
}

}  // namespace leasesim::harness
