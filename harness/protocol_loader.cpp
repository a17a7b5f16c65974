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
                                           "follower_anchor", "guard_ppm", "expiry_check",
                                           "wait_keepalive_timer", "wait_keepalive_reply",
                                           "follower_next_keepalive", "follower_keepalive_interval",
                                           "persisted_deadline"};
const std::vector<std::string> kZooKeeperKeys = {"tick_time",     "session_timeout", "min_session_timeout", "max_session_timeout",
                                                 "client",        "sync_limit",      "init_limit",          "election_time",
                                                 "log_sync",      "processing_time", "lock",                "lock_belief",
                                                 "curator",       "new_session_after_expiry", "c_cursor",   "c_first_retry",
                                                 "connect",       "per_client"};
const std::vector<std::string> kClientSettingKeys = {"session_timeout", "client", "curator", "observer"};

// A period the model repeats an action at (a resend, a timer's round): below a millisecond
// a run would take more than a thousand steps per simulated second per follower doing nothing
// useful (rpc_timeout 1ns resent for hours), so it is refused with the reason.
constexpr Duration kLeastPeriod = Duration::millis(1);

Duration period(const Value& v) {
  const Duration d = v.positive_duration();
  if (d < kLeastPeriod) {
    v.fail(v.node().Scalar() + " is shorter than 1ms: the model repeats an action at this period (a resend, a timer's round), " +
           "more than a thousand times per simulated second");
  }
  return d;
}

// The readings seed 000 leaves open (model/zbs/params.h), each a value of its name table.
template <class Enum>
void reading(const MapReader& m, const char* key, const std::vector<std::string>& names, Enum& out) {
  if (auto v = m.get(key)) out = static_cast<Enum>(v->choice(names));
}

void load_zbs_readings(const MapReader& m, zbs::ZbsParams& p) {
  reading(m, "wait_keepalive_timer", zbs::kWaitKeepaliveTimerNames, p.wait_keepalive_timer);
  reading(m, "wait_keepalive_reply", zbs::kWaitKeepaliveReplyNames, p.wait_keepalive_reply);
  reading(m, "follower_next_keepalive", zbs::kFollowerNextKeepaliveNames, p.follower_next_keepalive);
  if (auto v = m.get("follower_keepalive_interval")) p.follower_keepalive_interval = period(*v);
  reading(m, "persisted_deadline", zbs::kPersistedDeadlineNames, p.persisted_deadline);
}

zbs::ZbsParams load_zbs(const MapReader& m) {
  zbs::ZbsParams p;
  if (auto v = m.get("lease")) p.lease = v->positive_duration();
  if (auto v = m.get("keepalive_interval")) p.keepalive_interval = period(*v);
  if (auto v = m.get("rpc_timeout")) p.rpc_timeout = period(*v);
  if (auto v = m.get("network_margin")) p.network_margin = v->non_negative_duration();
  if (auto v = m.get("follower_anchor")) {
    p.follower_anchor = v->choice({"receive", "send"}) == 0 ? zbs::FollowerAnchor::receive : zbs::FollowerAnchor::send;
  }
  if (auto v = m.get("guard_ppm")) p.guard_ppm = v->ppm(0, 1'000'000'000);
  if (auto v = m.get("expiry_check")) {
    p.expiry_check = v->choice({"current", "captured"}) == 0 ? zbs::ExpiryCheck::current : zbs::ExpiryCheck::captured;
  }
  load_zbs_readings(m, p);
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

bool boolean(const Value& v) { return v.choice({"false", "true"}) == 1; }

zookeeper::ClientLibrary library(const Value& v) {
  return v.choice({"c", "java"}) == 0 ? zookeeper::ClientLibrary::c : zookeeper::ClientLibrary::java;
}

// A client bounds each connect attempt by 2/3 of its timeout (C) or its timeout divided among
// the servers (Java), in whole milliseconds; below this the bound is 0 ms and the client would
// fail and retry for ever without time passing. Found by the fuzzer (1 ms).
void check_connectable(const MapReader& m, const char* key, Duration d, const LoadContext& ctx) {
  const int64_t least_ms = std::max<int64_t>(2, static_cast<int64_t>(ctx.servers.size()));
  if (d.ns >= least_ms * 1'000'000) return;
  const std::optional<Value> v = m.get(key);
  (v ? *v : m.self())
      .fail(std::string(v ? "" : "the default ") + key + " " + sim::format_duration(d) + " is too short for a client to connect: each attempt gets " +
            "2/3 of it (C) or a share per server (Java, " + std::to_string(ctx.servers.size()) +
            (ctx.servers.size() == 1 ? " server" : " servers") + ") in whole ms; at least " + std::to_string(least_ms) + "ms");
}

// Learner and Leader compute tickTime * syncLimit (and * initLimit) in int arithmetic.
int64_t ticks(const Value& v, const zookeeper::ZooKeeperParams& p, const char* key) {
  const int64_t n = v.integer(1, 1'000'000);
  if (p.tick_time.ns / 1'000'000 * n > kJavaIntMax) {
    v.fail(std::string(key) + " * tick_time is " + std::to_string(p.tick_time.ns / 1'000'000 * n) +
           "ms, more than ZooKeeper's int arithmetic holds (2147483647ms)");
  }
  return n;
}

std::vector<std::string> server_list(const Value& v, const LoadContext& ctx) {
  std::vector<std::string> order;
  for (const Value& s : v.items("a list of servers")) {
    const std::string name = s.text("a server name");
    if (std::find(ctx.servers.begin(), ctx.servers.end(), name) == ctx.servers.end()) {
      s.fail("unknown server '" + name + "'" + suggestion(name, ctx.servers) + "; servers: " + join_some(ctx.servers));
    }
    order.push_back(name);
  }
  if (order.empty()) v.fail("a client needs at least one server to try");
  return order;
}

void load_per_client(const Value& v, zookeeper::ZooKeeperParams& p, const LoadContext& ctx) {
  const MapReader clients(v, ctx.clients, "a map from clients to their settings, such as {c2: {session_timeout: 4s}}");
  for (const std::string& client : clients.keys()) {
    const MapReader m(clients.require(client), kClientSettingKeys, "a client's settings, such as {session_timeout: 4s, client: java}");
    zookeeper::ClientSettings c;
    if (auto t = m.get("session_timeout")) {
      c.session_timeout = whole_ms(*t);
      check_connectable(m, "session_timeout", *c.session_timeout, ctx);
    }
    if (auto l = m.get("client")) c.client = library(*l);
    if (auto cu = m.get("curator")) c.curator = boolean(*cu);
    if (auto o = m.get("observer")) c.observer = boolean(*o);
    p.per_client[client] = c;
  }
}

// Where a client's setting was given: its own `per_client` entry, else the protocol-wide key.
std::optional<Value> given(const MapReader& m, const std::string& client, const std::string& key) {
  if (auto pc = m.get("per_client")) {
    if (auto own = MapReader::peek(*pc, client)) {
      if (auto v = MapReader::peek(*own, key)) return v;
    }
  }
  return m.get(key);
}

// Curator is a Java library; its lock policy and an observer need what they act on.
void check_client_combinations(const MapReader& m, const zookeeper::ZooKeeperParams& p, const LoadContext& ctx) {
  for (const std::string& client : ctx.clients) {
    const zookeeper::ClientParams c = p.for_client(client);
    if (c.curator && c.library != zookeeper::ClientLibrary::java) {
      given(m, client, "curator")->fail("Curator runs on the Java client only; " + client + " uses the C client (set client: java)");
    }
    if (c.observer && p.lock.empty()) {
      given(m, client, "observer")->fail("an observer watches the lock's node; set `lock` (such as lock: /lock)");
    }
    if (p.lock_belief == zookeeper::LockBelief::until_lost && !p.lock.empty() && !c.curator && !c.observer) {
      m.require("lock_belief").fail("until_lost is Curator's SessionConnectionStateErrorPolicy, and " + client +
                                    " does not run Curator (set curator: true, with client: java)");
    }
  }
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
  check_connectable(m, "session_timeout", p.session_timeout, ctx);
  check_connectable(m, "min_session_timeout", p.min_timeout(), ctx);
  if (auto v = m.get("client")) p.client = library(*v);
  if (auto v = m.get("sync_limit")) p.sync_limit = ticks(*v, p, "sync_limit");
  if (auto v = m.get("init_limit")) p.init_limit = ticks(*v, p, "init_limit");
  if (auto v = m.get("election_time")) p.election_time = whole_ms(*v);
  if (auto v = m.get("log_sync")) p.log_sync = v->non_negative_duration();
  if (auto v = m.get("processing_time")) p.processing_time = v->non_negative_duration();
  if (auto v = m.get("lock")) {
    p.lock = v->text("a znode path such as /lock");
    if (p.lock.size() < 2 || p.lock[0] != '/') v->fail("a lock is a znode path such as /lock, got '" + p.lock + "'");
  }
  if (auto v = m.get("lock_belief")) {
    p.lock_belief = v->choice({"connected", "until_lost"}) == 0 ? zookeeper::LockBelief::connected
                                                                 : zookeeper::LockBelief::until_lost;
  }
  if (auto v = m.get("curator")) p.curator = boolean(*v);
  if (auto v = m.get("new_session_after_expiry")) p.new_session_after_expiry = boolean(*v);
  if (auto v = m.get("c_cursor")) {
    p.c_cursor = v->choice({"zookeeper_2466", "fixed"}) == 0 ? zookeeper::CCursor::zookeeper_2466 : zookeeper::CCursor::fixed;
  }
  if (auto v = m.get("c_first_retry")) {
    p.c_first_retry = v->choice({"immediate", "as_source"}) == 0 ? zookeeper::CFirstRetry::immediate : zookeeper::CFirstRetry::as_source;
  }
  if (auto v = m.get("connect")) {
    const MapReader c(*v, ctx.clients, "a map from clients to the servers they try, in order");
    for (const std::string& client : c.keys()) p.connect[client] = server_list(c.require(client), ctx);
  }
  if (auto v = m.get("per_client")) load_per_client(*v, p, ctx);
  check_client_combinations(m, p, ctx);
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
