#include "harness/scenario_writer.h"

#include <sstream>

#include "leasesim/protocol.h"
#include "sim/duration_text.h"

namespace leasesim::harness {
namespace {

using sim::format_duration;

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

namespace {

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

void write_selector(MapWriter& m, const Selector& s) {
  if (!s.from.empty()) m.add("from", scalar(s.from));
  if (!s.to.empty()) m.add("to", scalar(s.to));
  if (!s.message.empty()) m.add("message", scalar(s.message));
}

std::string fault_line(const Fault& f, const Protocol* protocol) {
  MapWriter m;
  const std::string kind = std::visit(
      Overloaded{
          [&](const DelayFault& d) {
            write_selector(m, d.select);
            m.add("extra", format_duration(d.extra));
            return std::string("delay");
          },
          [&](const DropFault& d) {
            write_selector(m, d.select);
            return std::string("drop");
          },
          [&](const DuplicateFault& d) {
            write_selector(m, d.select);
            m.add("extra", format_duration(d.extra));
            return std::string("duplicate");
          },
          [&](const DisconnectFault& d) {
            if (d.both_ways) {
              m.add("between", list({d.from, d.to}));
            } else {
              m.add("from", scalar(d.from)).add("to", scalar(d.to));
            }
            return std::string("disconnect");
          },
          [&](const PartitionFault& p) {
            std::string groups = "[";
            for (size_t i = 0; i < p.groups.size(); ++i) groups += (i == 0 ? "" : ", ") + list(p.groups[i]);
            m.add("groups", groups + "]");
            return std::string("partition");
          },
          [&](const StallTimersFault& s) {
            m.add("node", scalar(s.node));
            return std::string("stall_timers");
          },
          [&](const PauseFault& p) {
            m.add("node", scalar(p.node));
            if (p.clock == PauseClock::stops) m.add("clock", "stops");
            return std::string("pause");
          },
          [&](const RestartFault& r) {
            m.add("node", scalar(r.node));
            for (const auto& [key, value] : protocol->write_restart(r.options.get(), r.node)) m.add(key, value);
            return std::string("restart");
          },
          [&](const ClockFault& c) {
            m.add("node", scalar(c.node));
            if (c.drift_ppm) m.add("drift_ppm", ppm(*c.drift_ppm));
            if (c.jump) m.add("jump", format_duration(*c.jump));
            return std::string("clock");
          },
      },
      f.action);
  if (f.count) m.add("count", std::to_string(*f.count));
  if (f.lasts) m.add("for", format_duration(*f.lasts));
  return "  - at: " + format_duration({f.at.ns}) + "\n    " + kind + ": " + m.done() + "\n";
}

std::string protocol_block(const ProtocolSpec& spec) {
  std::string o = "protocol:\n  kind: " + spec.protocol->kind() + "\n";
  for (const auto& [key, value] : spec.protocol->write_params(*spec.params)) o += "  " + key + ": " + value + "\n";
  return o;
}

}  // namespace

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
  if (s.expect.any()) {
    o += "expect:\n";
    for (const auto& [checker, v] : s.expect.verdicts) o += "  " + checker + ": " + (v == Verdict::holds ? "holds" : "violated") + "\n";
    for (const auto& [checker, r] : s.expect.reported) o += "  " + checker + ": " + (r ? "reported" : "clear") + "\n";
    if (s.expect.windows) {
      o += "  windows:";
      o += s.expect.windows->empty() ? " []\n" : "\n";
      for (const ExpectedWindow& w : *s.expect.windows) {
        MapWriter m;
        m.add("checker", w.checker).add("node", scalar(w.node)).add("start", format_duration({w.start.ns})).add("end", format_duration({w.end.ns}));
        if (w.paused) m.add("paused", format_duration(*w.paused));
        o += "    - " + m.done() + "\n";
      }
    }
    if (!s.expect.events.empty()) {
      o += "  events:\n";
      for (const ExpectedEvent& e : s.expect.events) {
        MapWriter m;
        m.add("event", e.event);
        if (!e.node.empty()) m.add("node", scalar(e.node));
        if (!e.name.empty()) m.add("name", scalar(e.name));
        if (e.at) m.add("at", format_duration({e.at->ns}));
        if (e.count) m.add("count", std::to_string(*e.count));
        o += "    - " + m.done() + "\n";
      }
    }
  }
  return o;
}

}  // namespace leasesim::harness
