#include "model/zookeeper/protocol.h"

#include <algorithm>
#include <vector>

#include "checkers/lease_safety.h"
#include "checkers/lock_safety.h"
#include "checkers/session_liveness.h"
#include "leasesim/fenced_resource.h"
#include "model/zookeeper/client.h"
#include "model/zookeeper/messages.h"
#include "model/zookeeper/params.h"
#include "model/zookeeper/replica.h"
#include "model/zookeeper/server.h"

namespace leasesim::zookeeper {
namespace {

using fields::DurationRule;

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

const std::vector<std::pair<std::string, ClientLibrary>> kLibraries = {{"c", ClientLibrary::c}, {"java", ClientLibrary::java}};
const char* library_name(ClientLibrary l) { return l == ClientLibrary::c ? "c" : "java"; }
bool boolean(const Value& v) { return v.choice({"false", "true"}) == 1; }
ClientLibrary library(const Value& v) { return kLibraries[v.choice({"c", "java"})].second; }

// A client bounds each connect attempt by 2/3 of its timeout (C) or its timeout divided among
// the servers (Java), in whole milliseconds; below this the bound is 0 ms and the client would
// fail and retry for ever without time passing. Found by the fuzzer (1 ms).
void check_connectable(const MapReader& m, const char* key, Duration d, const LoadContext& ctx) {
  const size_t servers = ctx.role("server").size();
  const int64_t least_ms = std::max<int64_t>(2, static_cast<int64_t>(servers));
  if (d.ns >= least_ms * 1'000'000) return;
  const std::optional<Value> v = m.get(key);
  (v ? *v : m.self())
      .fail(std::string(v ? "" : "the default ") + key + " " + sim::format_duration(d) + " is too short for a client to connect: each attempt gets " +
            "2/3 of it (C) or a share per server (Java, " + std::to_string(servers) + (servers == 1 ? " server" : " servers") +
            ") in whole ms; at least " + std::to_string(least_ms) + "ms");
}

// Learner and Leader compute tickTime * syncLimit (and * initLimit) in int arithmetic.
Field<ZooKeeperParams> ticks_field(std::string key, int64_t ZooKeeperParams::*member, std::string meaning, std::string source) {
  return {{key, "integer, 1 to 1000000", "", std::move(meaning), std::move(source)},
          [key, member](const Value& v, ZooKeeperParams& p, const LoadContext&) {
            const int64_t n = v.integer(1, 1'000'000);
            if (p.tick_time.ns / 1'000'000 * n > kJavaIntMax) {
              v.fail(key + " * tick_time is " + std::to_string(p.tick_time.ns / 1'000'000 * n) +
                     "ms, more than ZooKeeper's int arithmetic holds (2147483647ms)");
            }
            p.*member = n;
          },
          [member](const ZooKeeperParams& p) { return std::to_string(p.*member); }};
}

Field<ZooKeeperParams> whole_ms_field(std::string key, Duration ZooKeeperParams::*member, std::string meaning, std::string source) {
  return fields::duration_by(std::move(key), member, "whole ms", &whole_ms, std::move(meaning), std::move(source));
}

Field<ZooKeeperParams> bound_field(std::string key, std::optional<Duration> ZooKeeperParams::*member, std::string default_text,
                                   std::string meaning, std::string source) {
  return {{std::move(key), "whole ms", std::move(default_text), std::move(meaning), std::move(source)},
          [member](const Value& v, ZooKeeperParams& p, const LoadContext&) { p.*member = whole_ms(v); },
          [member](const ZooKeeperParams& p) { return p.*member ? sim::format_duration(*(p.*member)) : std::string(); }};
}

std::vector<std::string> server_list(const Value& v, const LoadContext& ctx) {
  const std::vector<std::string>& servers = ctx.role("server");
  std::vector<std::string> order;
  for (const Value& s : v.items("a list of servers")) {
    const std::string name = s.text("a server name");
    if (std::find(servers.begin(), servers.end(), name) == servers.end()) {
      s.fail("unknown server '" + name + "'" + harness::suggestion(name, servers) + "; servers: " + harness::join_some(servers));
    }
    order.push_back(name);
  }
  if (order.empty()) v.fail("a client needs at least one server to try");
  return order;
}

Field<ZooKeeperParams> connect_field() {
  return {{"connect", "map: client -> non-empty list of servers", "every server, in the order of `servers`",
           "per client, the servers it tries, in order (its connect string): `connect: {c1: [zk2, zk1]}`",
           "both libraries shuffle the list once; this is the order after the shuffle"},
          [](const Value& v, ZooKeeperParams& p, const LoadContext& ctx) {
            const MapReader c(v, ctx.role("client"), "a map from clients to the servers they try, in order");
            for (const std::string& client : c.keys()) p.connect[client] = server_list(c.require(client), ctx);
          },
          [](const ZooKeeperParams& p) {
            if (p.connect.empty()) return std::string();
            std::string out = "{";
            for (const auto& [client, order] : p.connect) out += (out.size() == 1 ? "" : ", ") + yaml_scalar(client) + ": " + yaml_list(order);
            return out + "}";
          }};
}

const std::vector<std::string> kClientSettingKeys = {"session_timeout", "client", "curator", "observer"};

std::string client_settings(const ClientSettings& c) {
  std::vector<std::string> parts;
  if (c.session_timeout) parts.push_back("session_timeout: " + sim::format_duration(*c.session_timeout));
  if (c.client) parts.push_back(std::string("client: ") + library_name(*c.client));
  if (c.curator) parts.push_back(std::string("curator: ") + (*c.curator ? "true" : "false"));
  if (c.observer) parts.push_back("observer: true");
  std::string out = "{";
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : ", ") + parts[i];
  return out + "}";
}

Field<ZooKeeperParams> per_client_field() {
  return {{"per_client", "map: client -> settings", "none",
           "a client's own `session_timeout`, `client`, `curator`, and `observer: true` (a watch-only client: it watches the "
           "lock's node and records each NodeDeleted as a `state` event, never taking the lock)",
           "a lab ran clients with different timeouts at once; the measured observer"},
          [](const Value& v, ZooKeeperParams& p, const LoadContext& ctx) {
            const MapReader clients(v, ctx.role("client"), "a map from clients to their settings, such as {c2: {session_timeout: 4s}}");
            for (const std::string& client : clients.keys()) {
              const MapReader m(clients.require(client), kClientSettingKeys, "a client's settings, such as {session_timeout: 4s, client: java}");
              ClientSettings c;
              if (auto t = m.get("session_timeout")) {
                c.session_timeout = whole_ms(*t);
                check_connectable(m, "session_timeout", *c.session_timeout, ctx);
              }
              if (auto l = m.get("client")) c.client = library(*l);
              if (auto cu = m.get("curator")) c.curator = boolean(*cu);
              if (auto o = m.get("observer")) c.observer = boolean(*o);
              p.per_client[client] = c;
            }
          },
          [](const ZooKeeperParams& p) {
            if (p.per_client.empty()) return std::string();
            std::string out = "{";
            for (const auto& [client, c] : p.per_client) out += (out.size() == 1 ? "" : ", ") + yaml_scalar(client) + ": " + client_settings(c);
            return out + "}";
          }};
}

Field<ZooKeeperParams> lock_field() {
  return {{"lock", "a znode path: `/` and at least one more character", "none",
           "if set, every client (but observers) takes this lock: it creates an ephemeral node there and, while another holds "
           "it, watches it and tries again when it is deleted",
           "the ZooKeeper lock recipe"},
          [](const Value& v, ZooKeeperParams& p, const LoadContext&) {
            p.lock = v.text("a znode path such as /lock");
            if (p.lock.size() < 2 || p.lock[0] != '/') v.fail("a lock is a znode path such as /lock, got '" + p.lock + "'");
          },
          [](const ZooKeeperParams& p) { return p.lock.empty() ? std::string() : yaml_scalar(p.lock); }};
}

const FieldList<ZooKeeperParams>& zookeeper_fields() {
  static const FieldList<ZooKeeperParams> kFields({
      whole_ms_field("tick_time", &ZooKeeperParams::tick_time,
                     "the server's tick: the expiry queue's bucket width, the unit of the timeout bounds and of `sync_limit`, `init_limit`",
                     "conf/zoo_sample.cfg tickTime=2000 (ZooKeeperServer.DEFAULT_TICK_TIME is 3000)"),
      whole_ms_field("session_timeout", &ZooKeeperParams::session_timeout,
                     "the timeout every client requests (unless `per_client` says otherwise); the server clamps it into [min, max]",
                     "the ZBS-13135 notes' ZooKeeper test log: \"negotiated timeout = 6000\""),
      bound_field("min_session_timeout", &ZooKeeperParams::min_session_timeout, "2 x `tick_time`", "the least timeout the server grants",
                  "ZooKeeperServer.setMinSessionTimeout, QuorumPeerConfig; measured 1000 -> 4000"),
      bound_field("max_session_timeout", &ZooKeeperParams::max_session_timeout, "20 x `tick_time`", "the greatest timeout the server grants",
                  "ZooKeeperServer.setMaxSessionTimeout; measured 60000 -> 40000"),
      fields::choice("client", &ZooKeeperParams::client, kLibraries,
                     "the client library's loop: `c` is zookeeper.c, `java` is ClientCnxn of 3.5 to 3.9.2", "zookeeper.c, ClientCnxn.java"),
      ticks_field("sync_limit", &ZooKeeperParams::sync_limit,
                  "ticks a follower waits for a packet from its leader before it stops following; a leader stops leading at the tick "
                  "where fewer than a quorum of its learners sent something within this many ticks, and drops a learner "
                  "that sent nothing for this many tick_times on the clock (its handler's read timeout, which a pause "
                  "does not stop)",
                  "conf/zoo_sample.cfg syncLimit=5; Learner, Leader.lead, LearnerHandler.synced, LearnerHandler's "
                  "SO_TIMEOUT"),
      ticks_field("init_limit", &ZooKeeperParams::init_limit,
                  "ticks a newly elected leader waits for a quorum to acknowledge its epoch, and a follower for its leader's "
                  "NewLeader, before looking again",
                  "conf/zoo_sample.cfg initLimit=10"),
      whole_ms_field("election_time", &ZooKeeperParams::election_time, "from starting to look for a leader to deciding",
                     "FastLeaderElection.finalizeWait"),
      fields::duration("log_sync", &ZooKeeperParams::log_sync, DurationRule::non_negative,
                       "a server's time to log and fsync a transaction before acknowledging it (ensemble) or applying it "
                       "(standalone); expiries, session creations and lock grants commit this much (plus a quorum round trip in an "
                       "ensemble) after they are proposed",
                       "SyncRequestProcessor; a reading of the measured NodeDeleted 1-6 ms after the expiry"),
      fields::duration("processing_time", &ZooKeeperParams::processing_time, DurationRule::non_negative,
                       "a server's time from a client request's arrival to acting on it; requests are handled in arrival order",
                       "measured: replies 0-6 ms after requests"),
      lock_field(),
      fields::choice("lock_belief", &ZooKeeperParams::lock_belief,
                     {{"connected", LockBelief::connected}, {"until_lost", LockBelief::until_lost}},
                     "when a client that created the lock node believes it holds the lock: `connected`: while CONNECTED; "
                     "`until_lost`: through SUSPENDED until Curator's LOST (needs `curator: true`)",
                     "Curator: StandardConnectionStateErrorPolicy, SessionConnectionStateErrorPolicy"),
      fields::flag("curator", &ZooKeeperParams::curator,
                   "the application runs Curator (Java client only): a connection SUSPENDED for the negotiated timeout is LOST, "
                   "the lock is given up and the handle replaced (a new session), lock holder or not",
                   "Curator ConnectionStateManager, simulatedSessionExpirationPercent 100"),
      fields::flag("new_session_after_expiry", &ZooKeeperParams::new_session_after_expiry,
                   "whether the application opens a new session after learning its session expired",
                   "what Curator does; a ZooKeeper handle is dead once EXPIRED"),
      fields::choice("c_cursor", &ZooKeeperParams::c_cursor, {{"zookeeper_2466", CCursor::zookeeper_2466}, {"fixed", CCursor::fixed}},
                     "how the C client walks its server list after a failure, once its handle has connected or tried every "
                     "server (before that, in order): `zookeeper_2466` advances twice per failure (3 servers, connected to the "
                     "first and lost: 1, 0, 2, pause, 1; 2 servers: only one), as 3.5 to 3.9.5 do; `fixed`: each in turn, a "
                     "pause after the last",
                     "zookeeper.c handle_error, zoo_cycle_next_server and update_addrs; ZOOKEEPER-2466; measured with "
                     "libzookeeper-mt 3.8.0"),
      fields::choice("c_first_retry", &ZooKeeperParams::c_first_retry,
                     {{"immediate", CFirstRetry::immediate}, {"as_source", CFirstRetry::as_source}},
                     "the C client's first attempt after losing an established connection: at once, or after recv_timeout/60 "
                     "when its cursor stood at the end of the list (zookeeper.c's handle_error as written); the same on losing "
                     "a connection made during the handle's first walk through its list (measured, 35 of 35), different "
                     "when the cursor stands at the end (a connection made after that walk, a later loss with one server)",
                     "a reading: later losses were not measured"),
      connect_field(),
      per_client_field(),
      fields::duration("write_interval", &ZooKeeperParams::write_interval, DurationRule::period,
                       "with `resources`: how often a lock holder writes to them, with the lock node's creation zxid as its "
                       "fencing token, while it believes it holds the lock",
                       "a choice of this model; the zxid token as Kleppmann and Curator's documentation suggest"),
      fencing_field(&ZooKeeperParams::fencing),
  });
  return kFields;
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

class ZooKeeperDeployment final : public Deployment {
 public:
  ZooKeeperDeployment(const ZooKeeperParams& params, Nodes& nodes) {
    std::vector<sim::NodeId> servers;
    for (const std::string& s : nodes.of_role("server")) servers.push_back(nodes.id(s));
    disks_.resize(servers.size());
    // Servers boot first, so that at time zero each client finds its server serving.
    for (size_t i = 0; i < servers.size(); ++i) {
      const bool leads = i + 1 == servers.size();  // the highest myid wins an election of equal logs
      nodes.boot(servers[i], [this, params, servers, i, leads](sim::Context& ctx) {
        return std::make_unique<Server>(ctx, params, servers, i, leads, disks_[i]);
      });
    }
    std::vector<sim::NodeId> resources;
    for (const std::string& r : nodes.of_role(resource_role().singular)) resources.push_back(nodes.id(r));
    for (const std::string& c : nodes.of_role("client")) {
      std::vector<sim::NodeId> order = servers;
      if (auto it = params.connect.find(c); it != params.connect.end()) {
        order.clear();
        for (const std::string& s : it->second) order.push_back(nodes.id(s));
      }
      const ClientParams own = params.for_client(c);
      nodes.boot(nodes.id(c), [params, own, order, resources](sim::Context& ctx) {
        return std::make_unique<Client>(ctx, params, own, order, resources);
      });
    }
    for (sim::NodeId r : resources) {
      nodes.boot(r, [params](sim::Context& ctx) { return std::make_unique<FencedResource>(ctx, kWrite, params.fencing); });
    }
  }

 private:
  std::vector<Replica> disks_;  // by myid - 1; a restart keeps them
};

class ZooKeeperProtocol final : public ProtocolOf<ZooKeeperParams> {
 public:
  std::string kind() const override { return "zookeeper"; }
  std::string summary() const override {
    return "ZooKeeper sessions as apache/zookeeper 3.8 runs them: an ensemble with quorum commits, epochs and elections, the "
           "leader's expiry queue, C and Java clients, Curator, the lock recipe";
  }
  std::vector<Role> roles() const override { return {{"servers", "server", {}}, {"clients", "client", {}}, resource_role()}; }
  std::vector<std::string> messages() const override { return message_names(); }
  bool connection_oriented() const override { return true; }
  std::vector<sim::StateBand> state_bands() const override { return {Server::role_band(), Client::connection_band()}; }
  std::vector<CheckerSpec> checkers() const override {
    return {
        // A client believes its session while CONNECTED: lease safety under another name.
        {"session_safety", false,
         [](sim::Trace& t, const ClockOf& clock_of, const Params&) {
           return std::make_unique<checkers::LeaseSafetyChecker>(t, clock_of, "session_safety");
         }},
        {"lock_safety", false, [](sim::Trace& t, const ClockOf&, const Params&) { return std::make_unique<checkers::LockSafetyChecker>(t); }},
        // An expiry commits within milliseconds of its bucket's boundary; a tick later, something
        // other than the client keeps the session alive.
        {"session_liveness", true,
         [](sim::Trace& t, const ClockOf&, const Params& p) {
           return std::make_unique<checkers::SessionLivenessChecker>(t, params_of<ZooKeeperParams>(p).tick_time);
         }},
    };
  }
  std::unique_ptr<Deployment> deploy(const Params& params, Nodes& nodes) const override {
    return std::make_unique<ZooKeeperDeployment>(params_of<ZooKeeperParams>(params), nodes);
  }

 protected:
  const FieldList<ZooKeeperParams>& fields() const override { return zookeeper_fields(); }

  void check(const MapReader& m, ZooKeeperParams& p, const LoadContext& ctx) const override {
    if (p.min_timeout() > p.max_timeout()) {
      (m.has("max_session_timeout") ? *m.get("max_session_timeout") : m.self())
          .fail("the minimum session timeout exceeds the maximum (QuorumPeerConfig refuses this)");
    }
    check_connectable(m, "session_timeout", p.session_timeout, ctx);
    check_connectable(m, "min_session_timeout", p.min_timeout(), ctx);
    // Curator is a Java library; its lock policy and an observer need what they act on.
    for (const std::string& client : ctx.role("client")) {
      const ClientParams c = p.for_client(client);
      if (c.curator && c.library != ClientLibrary::java) {
        given(m, client, "curator")->fail("Curator runs on the Java client only; " + client + " uses the C client (set client: java)");
      }
      if (c.observer && p.lock.empty()) {
        given(m, client, "observer")->fail("an observer watches the lock's node; set `lock` (such as lock: /lock)");
      }
      if (p.lock_belief == LockBelief::until_lost && !p.lock.empty() && !c.curator && !c.observer) {
        m.require("lock_belief").fail("until_lost is Curator's SessionConnectionStateErrorPolicy, and " + client +
                                      " does not run Curator (set curator: true, with client: java)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Protocol> protocol() { return std::make_unique<ZooKeeperProtocol>(); }

}  // namespace leasesim::zookeeper
