// The `protocol:` section: the protocol kind and its parameters, each key a field of the
// protocol's params struct, each absent key that field's documented default.
#include "harness/load_context.h"
#include "model/zbs/messages.h"

namespace leasesim::harness {
namespace {

struct ProtocolDef {
  std::string kind;
  std::vector<std::string> keys;  // besides `kind`
  ProtocolParams (*load)(const MapReader&);
};

zbs::ZbsParams load_zbs(const MapReader& m) {
  zbs::ZbsParams p;
  if (auto v = m.get("lease")) p.lease = v->positive_duration();
  if (auto v = m.get("keepalive_interval")) p.keepalive_interval = v->positive_duration();
  if (auto v = m.get("rpc_timeout")) p.rpc_timeout = v->positive_duration();
  if (auto v = m.get("network_margin")) p.network_margin = v->non_negative_duration();
  if (auto v = m.get("follower_anchor")) {
    p.follower_anchor = v->choice({"receive", "send"}) == 0 ? zbs::FollowerAnchor::receive : zbs::FollowerAnchor::send;
  }
  if (auto v = m.get("guard_ppm")) p.guard_ppm = v->ppm(0, 1'000'000'000);
  if (auto v = m.get("expiry_check")) {
    p.expiry_check = v->choice({"current", "captured"}) == 0 ? zbs::ExpiryCheck::current : zbs::ExpiryCheck::captured;
  }
  return p;
}

const std::vector<ProtocolDef>& protocols() {
  static const std::vector<ProtocolDef> defs = {
      {"zbs",
       {"lease", "keepalive_interval", "rpc_timeout", "network_margin", "follower_anchor", "guard_ppm", "expiry_check"},
       [](const MapReader& m) -> ProtocolParams { return load_zbs(m); }},
  };
  return defs;
}

}  // namespace

ProtocolParams load_protocol(const Value& v) {
  // Which keys are allowed depends on the kind: read every protocol's keys, then narrow.
  std::vector<std::string> all = {"kind"};
  std::vector<std::string> kinds;
  for (const ProtocolDef& d : protocols()) {
    kinds.push_back(d.kind);
    all.insert(all.end(), d.keys.begin(), d.keys.end());
  }
  const MapReader m(v, all, "a map such as {kind: zbs, lease: 12s}");
  const ProtocolDef& def = protocols()[m.require("kind").choice(kinds)];
  std::vector<std::string> allowed = def.keys;
  allowed.insert(allowed.begin(), "kind");
  m.restrict_to(allowed, "protocol " + def.kind);
  return def.load(m);
}

std::vector<std::string> message_names(const ProtocolParams& p) {
  return std::visit([](const zbs::ZbsParams&) { return zbs::message_names(); }, p);
}

}  // namespace leasesim::harness
