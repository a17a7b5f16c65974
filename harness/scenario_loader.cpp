#include "harness/scenario_loader.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/load_context.h"
#include "sim/duration_text.h"

namespace leasesim::harness {
namespace {

const std::vector<std::string> kTopKeys = {"name",    "description", "seed",   "duration", "protocol", "followers", "servers",
                                           "clients", "network",     "clocks", "faults",   "expect",   "explore"};

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

// "the master", "3 other nodes": the nodes of `taken`, for the message on too many nodes.
std::string others(const std::set<std::string>& taken) {
  if (taken.size() == 1 && *taken.begin() == "master") return "the master";
  return std::to_string(taken.size()) + (taken.size() == 1 ? " other node" : " other nodes");
}

// A list of node names, each valid and new (not in `taken`, which gains them). Every node the
// world builds counts against kMaxNodes, zbs's master too (it is in `taken` from the start).
std::vector<std::string> load_names(const Value& v, const char* what, std::set<std::string>& taken) {
  std::vector<std::string> out;
  if (v.is_list() && taken.size() + v.node().size() > kMaxNodes) {
    v.fail(std::to_string(v.node().size()) + " " + what + "s" + (taken.empty() ? "" : " and " + others(taken)) +
           "; a scenario may have at most " + std::to_string(kMaxNodes) + " nodes");
  }
  for (const Value& item : v.items((std::string("a list of ") + what + " names").c_str())) {
    const std::string name = item.text("a node name");
    if (!valid_node_name(name)) {
      item.fail("'" + name + "' is not a valid node name (1-64 letters, digits, '-', '_' or '.')");
    }
    if (name == "master" && std::string(what) == "follower") {
      item.fail("'master' is the master's name; followers need other names");
    }
    if (!taken.insert(name).second) item.fail("'" + name + "' is listed twice");
    out.push_back(name);
  }
  if (out.empty()) v.fail(std::string("a scenario needs at least one ") + what);
  return out;
}

// Which node lists a protocol has: zbs the followers (its master is "master"), zookeeper the
// servers and clients. A list the protocol does not have is an error, not ignored.
void load_nodes(const MapReader& top, Scenario& s, LoadContext& ctx) {
  const bool zbs = ctx.protocol == "zbs";
  for (const char* key : {"followers", "servers", "clients"}) {
    const bool belongs = zbs == (std::string(key) == "followers");
    if (!belongs && top.has(key)) {
      top.require(key).fail("protocol " + ctx.protocol + " has no " + key + (zbs ? "; list `followers`" : "; list `servers` and `clients`"));
    }
  }
  std::set<std::string> taken;
  if (zbs) {
    taken.insert("master");
    s.followers = load_names(top.require("followers"), "follower", taken);
  } else {
    s.servers = load_names(top.require("servers"), "server", taken);
    s.clients = load_names(top.require("clients"), "client", taken);
  }
  ctx.servers = s.servers;
  ctx.clients = s.clients;
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

void LoadContext::set_nodes(std::vector<std::string> names) {
  nodes = std::move(names);
  node_set = std::make_shared<const std::unordered_set<std::string>>(nodes.begin(), nodes.end());
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

namespace {

Scenario load_scenario(const Value& root, const std::string& file) {
  Scenario s;
  s.file = file;
  const MapReader top(root, kTopKeys, "a scenario: a map");

  s.name = top.has("name") ? top.require("name").text("a scenario name") : file_stem(file);
  if (auto d = top.get("description")) s.description = d->text("a description");
  if (auto seed = top.get("seed")) s.seed = seed->unsigned_integer();
  s.duration = top.require("duration").positive_duration();

  LoadContext ctx;
  ctx.protocol = protocol_kind(top.require("protocol"));
  load_nodes(top, s, ctx);
  s.protocol = load_protocol(top.require("protocol"), ctx);
  ctx.set_nodes(s.node_names());
  ctx.messages = message_names(s.protocol);
  ctx.safety_checkers = safety_checkers(s.protocol);
  ctx.liveness_checkers = liveness_checkers(s.protocol);
  ctx.duration = s.duration;

  if (auto n = top.get("network")) s.network = load_network(*n);
  if (auto c = top.get("clocks")) s.clocks = load_clocks(*c, ctx);
  if (auto f = top.get("faults")) s.faults = load_faults(*f, ctx);
  if (auto e = top.get("expect")) s.expect = load_expect(*e, ctx);
  if (auto e = top.get("explore")) s.explore = load_explore(*e, ctx);
  return s;
}

}  // namespace

const std::vector<std::string>& scenario_keys() { return kTopKeys; }

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
