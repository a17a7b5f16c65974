// The `protocol:` section: the protocol kind and its parameters, each key a field of the
// protocol's params struct, each absent key that field's documented default.
#include <algorithm>

#include "harness/load_context.h"
#include "harness/scenario_loader.h"
#include "sim/duration_text.h"
#include "model/zbs/messages.h"
#include "model/zookeeper/messages.h"

namespace leasesim::harness {
namespace {

const std::vector<std::string> kKinds = {"zbs", "zookeeper"};
const std::vector<std::string> kZbsKeys = {"lease", "keepalive_interval", "rpc_timeout", "network_margin",
                                           "follower_anchor", "guard_ppm", "expiry_check"};
const std::vector<std::string> kZooKeeperKeys = {"tick_time",  "session_timeout", "min_session_timeout",
                                                 "max_session_timeout", "client", "sync_limit",
                                                 "election_time", "lock", "lock_belief",
                                                 "new_session_after_expiry", "connect"};

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

// ZooKeeper configures and counts in whole milliseconds, held in Java ints (tickTime,
// sessionTimeout, minSessionTimeout, maxSessionTimeout in ZooKeeperServer and
// QuorumPeerConfig), so nothing above Integer.MAX_VALUE ms. Found by the fuzzer: a larger
// tick_time overflowed 20 * tick_time (the default maximum session timeout).
constexpr int64_t kJavaIntMax = 2'147'483'647;

Duration whole_ms(const Value& v) {
  const Duration d = v.positive_duration();
  if (d.ns % 1'000'000 != 0) v.fail("ZooKeeper counts in whole milliseconds; " + v.node().Scalar() + " is not one");
  if (d.ns / 1'000'000 > kJavaIntMax) {
    v.fail(v.node().Scalar() + " is more than ZooKeeper can hold: a Java int of milliseconds, at most 2147483647ms (24.8 days)");
  }
  return d;
}

zookeeper::ZooKeeperParams load_zookeeper(const MapReader& m, const LoadContext& ctx) {
  zookeeper::ZooKeeperParams p;
  if (auto v = m.get("tick_time")) p.tick_time = whole_ms(*v);
  if (auto v = m.get("session_timeout")) p.session_timeout = whole_ms(*v);
  if (auto v = m.get("min_session_timeout")) p.min_session_timeout = whole_ms(*v);
  if (auto v = m.get("max_session_timeout")) p.max_session_timeout = whole_ms(*v);
  if (p.min_timeout() > p.max_timeout()) {
    (m.has("max_session_timeout") ? *m.get("max_session_timeout") : m.self())
        .fail("the minimum session timeout exceeds the maximum (QuorumPeerConfig refuses this)");
  }
  // A client bounds each connect attempt by 2/3 of its timeout (C) or its timeout divided
  // among the servers (Java), in whole milliseconds; below this the bound is 0 ms and the
  // client would fail and retry for ever without time passing. Found by the fuzzer (1 ms).
  const int64_t least_ms = std::max<int64_t>(2, static_cast<int64_t>(ctx.servers.size()));
  const auto too_short = [&](const char* key, Duration d) {
    if (d.ns >= least_ms * 1'000'000) return;
    const std::optional<Value> v = m.get(key);
    (v ? *v : m.self())
        .fail(std::string(v ? "" : "the default ") + key + " " + sim::format_duration(d) + " is too short for a client to connect: each attempt gets " +
              "2/3 of it (C) or a share per server (Java, " + std::to_string(ctx.servers.size()) +
              (ctx.servers.size() == 1 ? " server" : " servers") + ") in whole ms; at least " +
              std::to_string(least_ms) + "ms");
  };
  too_short("session_timeout", p.session_timeout);
  too_short("min_session_timeout", p.min_timeout());
  if (auto v = m.get("client")) p.client = v->choice({"c", "java"}) == 0 ? zookeeper::ClientLibrary::c : zookeeper::ClientLibrary::java;
  if (auto v = m.get("sync_limit")) {
    p.sync_limit = v->integer(1, 1'000'000);
    // Learner and Leader compute tickTime * syncLimit in int arithmetic.
    if (p.tick_time.ns / 1'000'000 * p.sync_limit > kJavaIntMax) {
      v->fail("sync_limit * tick_time is " + std::to_string(p.tick_time.ns / 1'000'000 * p.sync_limit) +
              "ms, more than ZooKeeper's int arithmetic holds (2147483647ms)");
    }
  }
  if (auto v = m.get("election_time")) p.election_time = whole_ms(*v);
  if (auto v = m.get("lock")) {
    p.lock = v->text("a znode path such as /lock");
    if (p.lock.size() < 2 || p.lock[0] != '/') v->fail("a lock is a znode path such as /lock, got '" + p.lock + "'");
  }
  if (auto v = m.get("lock_belief")) {
    p.lock_belief = v->choice({"connected", "until_lost"}) == 0 ? zookeeper::LockBelief::connected
                                                                 : zookeeper::LockBelief::until_lost;
  }
  if (auto v = m.get("new_session_after_expiry")) p.new_session_after_expiry = v->choice({"false", "true"}) == 1;
  if (auto v = m.get("connect")) {
    const MapReader c(*v, ctx.clients, "a map from clients to the servers they try, in order");
    for (const std::string& client : c.keys()) {
      std::vector<std::string> order;
      for (const Value& s : c.require(client).items("a list of servers")) {
        const std::string name = s.text("a server name");
        if (std::find(ctx.servers.begin(), ctx.servers.end(), name) == ctx.servers.end()) {
          s.fail("unknown server '" + name + "'" + suggestion(name, ctx.servers) + "; servers: " + join_some(ctx.servers));
        }
        order.push_back(name);
      }
      if (order.empty()) c.require(client).fail("a client needs at least one server to try");
      p.connect[client] = order;
    }
  }
  return p;
}

}  // namespace

// The kind decides which keys are allowed, so it is read first, on its own.
std::string protocol_kind(const Value& v) {
  if (!v.is_map()) MapReader(v, {"kind"}, "a map such as {kind: zbs, lease: 12s}");
  const std::optional<Value> kind = MapReader::peek(v, "kind");
  if (!kind) v.fail("missing key 'kind' (one of " + join(kKinds) + ")");
  return kKinds[kind->choice(kKinds)];
}

const std::vector<std::string>& protocol_kinds() { return kKinds; }

const std::vector<std::string>& protocol_keys(const std::string& kind) {
  static const std::vector<std::string> kNone;
  if (kind == "zbs") return kZbsKeys;
  if (kind == "zookeeper") return kZooKeeperKeys;
  return kNone;
}

ProtocolParams load_protocol(const Value& v, const LoadContext& ctx) {
  std::vector<std::string> keys = protocol_keys(ctx.protocol);
  keys.insert(keys.begin(), "kind");
  const MapReader m(v, keys, "a map such as {kind: zbs, lease: 12s}");
  if (ctx.protocol == "zbs") return load_zbs(m);
  return load_zookeeper(m, ctx);
}

std::vector<std::string> message_names(const ProtocolParams& p) {
  if (std::holds_alternative<zbs::ZbsParams>(p)) return zbs::message_names();
  return zookeeper::message_names();
}

std::vector<std::string> safety_checkers(const ProtocolParams& p) {
  if (std::holds_alternative<zbs::ZbsParams>(p)) return {"lease_safety"};
  return {"session_safety", "lock_safety"};
}

std::vector<std::string> liveness_checkers(const ProtocolParams& p) {
  if (std::holds_alternative<zbs::ZbsParams>(p)) return {};
  return {"session_liveness"};
}

}  // namespace leasesim::harness
