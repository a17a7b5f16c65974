#include "harness/scenario_loader.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "harness/load_context.h"
#include "leasesim/fenced_resource.h"
#include "leasesim/protocol.h"
#include "sim/duration_text.h"

namespace leasesim::harness {
namespace {

// Every node list any registered protocol has, in the order the protocols and their roles come,
// the optional ones last.
std::vector<std::string> role_keys() {
  std::vector<std::string> out;
  for (const bool optional : {false, true}) {
    for (const Protocol* p : registry().all()) {
      for (const Role& r : p->roles()) {
        if (!r.key.empty() && r.optional == optional && std::find(out.begin(), out.end(), r.key) == out.end()) out.push_back(r.key);
      }
    }
  }
  return out;
}

std::string file_stem(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = base.find_last_of('.');
  return dot == std::string::npos ? base : base.substr(0, dot);
}

bool valid_node_name(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

// A list of node names of `role`, each valid and new (not in `taken`, which gains them; the
// protocol's fixed nodes are in it from the start, under the roles of `fixed_role`).
std::vector<std::string> load_names(const Value& v, const Role& role, std::set<std::string>& taken,
                                    const std::map<std::string, std::string>& fixed_role) {
  const std::string& what = role.singular;
  std::vector<std::string> out;
  if (v.is_list() && taken.size() + v.node().size() > kMaxNodes) {
    v.fail(std::to_string(v.node().size()) + " " + role.key +
           (taken.empty() ? "" : " and " + std::to_string(taken.size()) + (taken.size() == 1 ? " other node" : " other nodes")) +
           "; a scenario may have at most " + std::to_string(kMaxNodes) + " nodes");
  }
  for (const Value& item : v.items(("a list of " + what + " names").c_str())) {
    const std::string name = item.text("a node name");
    if (!valid_node_name(name)) {
      item.fail("'" + name + "' is not a valid node name (1-64 letters, digits, '-', '_' or '.')");
    }
    if (const auto f = fixed_role.find(name); f != fixed_role.end()) {
      item.fail("'" + name + "' is the " + f->second + "'s name; " + role.key + " need other names");
    }
    if (!taken.insert(name).second) item.fail("'" + name + "' is listed twice");
    out.push_back(name);
  }
  if (out.empty()) v.fail("a scenario needs at least one " + what);
  return out;
}

// The node lists the protocol's roles have, after their fixed nodes. A list the protocol does
// not have (another protocol's) is an error, not ignored.
void load_nodes(const MapReader& top, Scenario& s, LoadContext& ctx) {
  const std::vector<Role> roles = ctx.protocol->roles();
  std::vector<std::string> own;
  std::set<std::string> taken;
  std::map<std::string, std::string> fixed_role;
  std::vector<std::string> required;  // the lists to name in a message
  for (const Role& r : roles) {
    if (!r.key.empty()) own.push_back(r.key);
    if (!r.key.empty() && !r.optional) required.push_back(r.key);
    for (const std::string& f : r.fixed) {
      taken.insert(f);
      fixed_role[f] = r.singular;
    }
  }
  for (const std::string& key : role_keys()) {
    if (std::find(own.begin(), own.end(), key) == own.end() && top.has(key)) {
      std::string lists;
      for (size_t i = 0; i < required.size(); ++i) lists += (i == 0 ? "`" : "` and `") + required[i];
      top.require(key).fail("protocol " + ctx.protocol->kind() + " has no " + key + "; list " + lists + "`");
    }
  }
  for (const Role& r : roles) {
    RoleNodes nodes{r.singular, r.fixed};
    const bool listed_here = !r.key.empty() && (top.has(r.key) || !r.optional);
    if (listed_here && !(r.optional && top.require(r.key).is_list() && top.require(r.key).node().size() == 0)) {
      const std::vector<std::string> listed = load_names(top.require(r.key), r, taken, fixed_role);
      nodes.names.insert(nodes.names.end(), listed.begin(), listed.end());
    }
    s.roles.push_back(std::move(nodes));
  }
  ctx.roles = s.roles;
}

NetworkSpec load_network(const Value& v) {
  NetworkSpec n;
  const MapReader m(v, {"delay"}, "a map such as {delay: 1ms}");
  if (auto d = m.get("delay")) {
    if (d->is_map()) {
      const MapReader u(*d, {"uniform"}, "a duration, or {uniform: [lo, hi]}");
      const Value range = u.require("uniform");
      const std::vector<Value> ends = range.items("a list [lo, hi]");
      if (ends.size() != 2) range.fail("expected [lo, hi], got " + std::to_string(ends.size()) + " values");
      n.delay_lo = ends[0].non_negative_duration();
      n.delay_hi = ends[1].non_negative_duration();
      if (n.delay_hi < n.delay_lo) range.fail("lo must not exceed hi");
    } else {
      n.delay_lo = n.delay_hi = d->non_negative_duration();
    }
  }
  return n;
}

std::map<std::string, ClockSpec> load_clocks(const Value& v, const LoadContext& ctx) {
  std::map<std::string, ClockSpec> out;
  std::vector<std::string> names = ctx.nodes;
  const MapReader m(v, names, "a map from node names to clocks");
  for (const std::string& node : m.keys()) {
    const MapReader c(m.require(node), {"drift_ppm", "offset"}, "a clock such as {drift_ppm: 50, offset: 0s}");
    ClockSpec spec;
    if (auto d = c.get("drift_ppm")) spec.drift_ppm = d->ppm(kMinDriftPpb, kMaxDriftPpb);
    if (auto o = c.get("offset")) spec.offset = o->duration();
    out[node] = spec;
  }
  return out;
}

}  // namespace

namespace {

Scenario load_scenario(const Value& root, const std::string& file) {
  Scenario s;
  s.file = file;
  const MapReader top(root, scenario_keys(), "a scenario: a map");

  s.name = top.has("name") ? top.require("name").text("a scenario name") : file_stem(file);
  if (auto d = top.get("description")) s.description = d->text("a description");
  if (auto seed = top.get("seed")) s.seed = seed->unsigned_integer();
  s.duration = top.require("duration").positive_duration();

  LoadContext ctx;
  ctx.protocol = &protocol_of(top.require("protocol"));
  load_nodes(top, s, ctx);
  ctx.set_nodes(s.node_names());
  s.protocol = load_protocol(top.require("protocol"), ctx);
  ctx.messages = ctx.protocol->messages();
  for (const CheckerSpec& c : checkers_of(*ctx.protocol, ctx.roles)) {
    (c.liveness ? ctx.liveness_checkers : ctx.safety_checkers).push_back(c.name);
  }
  ctx.duration = s.duration;

  if (auto n = top.get("network")) s.network = load_network(*n);
  if (auto c = top.get("clocks")) s.clocks = load_clocks(*c, ctx);
  if (auto f = top.get("faults")) s.faults = load_faults(*f, ctx);
  if (auto e = top.get("expect")) s.expect = load_expect(*e, ctx);
  if (auto e = top.get("explore")) s.explore = load_explore(*e, ctx);
  return s;
}

}  // namespace

std::vector<CheckerSpec> checkers_of(const Protocol& p, const std::vector<RoleNodes>& roles) {
  std::vector<CheckerSpec> out = p.checkers();
  for (const RoleNodes& r : roles) {
    if (r.singular == resource_role().singular && !r.names.empty()) out.push_back(stale_write_checker());
  }
  return out;
}

std::vector<std::string> scenario_keys() {
  std::vector<std::string> keys = {"name", "description", "seed", "duration", "protocol"};
  for (const std::string& k : role_keys()) keys.push_back(k);
  keys.insert(keys.end(), {"network", "clocks", "faults", "expect", "explore"});
  return keys;
}

Scenario load_scenario_text(const std::string& text, const std::string& file) {
  return load_scenario(parse_document(text, &file), file);
}

Scenario load_scenario_node(const YAML::Node& root, const std::string& file) {
  return load_scenario(document_root(root, &file), file);
}

Scenario load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, {}, "", "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path, {}, "", "cannot read the file");
  return load_scenario_text(text.str(), path);
}

}  // namespace leasesim::harness
