// What the parts of the scenario loader, and the protocols' parameter readers, share.
#include "harness/load_context.h"

#include <algorithm>

#include "sim/duration_text.h"

namespace leasesim::harness {

void LoadContext::set_nodes(std::vector<std::string> names) {
  nodes = std::move(names);
  node_set = std::make_shared<const std::unordered_set<std::string>>(nodes.begin(), nodes.end());
}

const std::vector<std::string>& LoadContext::role(const std::string& singular) const {
  static const std::vector<std::string> kNone;
  for (const RoleNodes& r : roles) {
    if (r.singular == singular) return r.names;
  }
  return kNone;
}

std::string LoadContext::node(const Value& v) const {
  const std::string name = v.text("a node name");
  if (node_set->count(name) == 0) {
    v.fail("unknown node '" + name + "'" + suggestion(name, nodes) + "; nodes: " + join_some(nodes));
  }
  return name;
}

std::string LoadContext::message(const Value& v) const {
  const std::string name = v.text("a message kind");
  if (std::find(messages.begin(), messages.end(), name) == messages.end()) {
    v.fail("unknown message '" + name + "'" + suggestion(name, messages) + "; messages: " + join(messages));
  }
  return name;
}

Instant LoadContext::instant(const Value& v) const {
  const Duration d = v.duration();
  if (d.ns < 0) v.fail("must not be negative, got " + v.node().Scalar());
  if (d >= duration) {
    v.fail(sim::format_duration(d) + " is outside the run, which lasts " + sim::format_duration(duration) +
           " (instants 0s up to, not including, " + sim::format_duration(duration) + ")");
  }
  return Instant{d.ns};
}

}  // namespace leasesim::harness
