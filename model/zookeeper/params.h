// Parameters of the ZooKeeper session model. The facts come from apache/zookeeper (release-3.8.0
// unless a line says otherwise; Java paths relative to zookeeper-server/src/main/java/org/
// apache/zookeeper/server/, the C client is zookeeper-client/zookeeper-client-c/src/zookeeper.c)
// and from measurements of a real 3.8.0 server and C client (standalone, tickTime 2000,
// T 6000, loopback, CLOCK_MONOTONIC stamps), cited as F1-F11 in docs/zookeeper-model.md.
// ZooKeeper configures and counts in whole milliseconds (Time.currentElapsedTime() =
// System.nanoTime() / 1000000), so every ZooKeeper setting here is a whole number of
// milliseconds; the physical latencies (log_sync, processing_time) are not. Scenario keys under
// `protocol:` are these field names.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/time.h"

namespace leasesim::zookeeper {

using sim::Duration;

enum class ClientLibrary {
  c,     // zookeeper.c: ping after recv_timeout/3 of send-idleness (only with nothing outstanding),
         // connection loss after 2/3 recv_timeout of receive-idleness, the same 2/3 bound on a
         // connect attempt, a pause of recv_timeout/60 after trying the last server in the list
  java,  // ClientCnxn (3.5 - 3.9.2): ping at readTimeout/2 - idleSend, up to 1000 ms early and
         // at least every 10000 ms; connect timeout = timeout / number of servers; a random
         // 0-999 ms before each reconnect and 1000 ms after cycling through the list
};

// When a client that created the lock's ephemeral node believes it holds the lock.
enum class LockBelief {
  connected,   // while CONNECTED: Curator's default (StandardConnectionStateErrorPolicy: SUSPENDED
               // is an error), and what a plain ZooKeeper client should do
  until_lost,  // through SUSPENDED until LOST (Curator's SessionConnectionStateErrorPolicy); needs
               // `curator: true`
};

// How the C client moves through its server list after a failure (zookeeper.c, 3.5 - 3.9.5),
// once a handle has connected or tried every server once (before that it takes them in order
// either way: model/zookeeper/host_list.h).
enum class CCursor {
  zookeeper_2466,  // handle_error advances the cursor and the next zookeeper_interest advances it
                   // again (zoo_cycle_next_server): of 2 servers only one is retried, of 3 every
                   // other (connected to 0 and lost: 1, 0, 2, pause, 1) (ZOOKEEPER-2466, open;
                   // measured with libzookeeper-mt 3.8.0)
  fixed,           // one advance per failure: each server in turn, a pause after the last
};

// Whether the C client pauses recv_timeout/60 before its first attempt after losing an
// ESTABLISHED connection. The two readings agree on losing a connection made during the
// handle's first walk (its servers in order, once each), which leaves the main cursor short of
// the end of the list (F4: 35 of 35 first losses retried at once with one server). They differ
// whenever the cursor stands at the end: a connection made after that walk ran out (with one
// server, on any attempt but the first), or a later loss with one server; neither was
// measured, so this is a reading:
enum class CFirstRetry {
  immediate,       // never before the first attempt after a connection loss, as F4 measured on
                   // first losses
  as_source,       // zookeeper.c handle_error: zh->delay = addrvec_atend(), so the attempt waits
                   // recv_timeout/60 whenever the cursor stood at the end of the list
};

// What a client may set for itself (`per_client: {c2: {session_timeout: 4s, client: java}}`);
// unset fields take the protocol-wide value.
struct ClientSettings {
  std::optional<Duration> session_timeout;
  std::optional<ClientLibrary> client;
  std::optional<bool> curator;
  // A watch-only client: it connects, watches the lock's node (exists with a watch, set again
  // after every event) and never creates it; each NodeDeleted it receives is a `state` event
  // "NodeDeleted <path>" on it (F6 measured such an observer).
  bool observer = false;
};

// One client's settings after the protocol-wide defaults are applied.
struct ClientParams {
  Duration session_timeout;
  ClientLibrary library = ClientLibrary::c;
  bool curator = false;
  bool observer = false;
};

struct ZooKeeperParams {
  // The server's tick, the expiry queue's bucket width and the unit of the timeout bounds.
  // conf/zoo_sample.cfg: tickTime=2000 (the code's own default, ZooKeeperServer.DEFAULT_TICK_TIME,
  // is 3000; the measurements used 2000).
  Duration tick_time = Duration::millis(2000);
  // What every client requests unless `per_client` says otherwise. The ZooKeeper test log in
  // the ZBS-13135 notes: "negotiated timeout = 6000".
  Duration session_timeout = Duration::millis(6000);
  // Bounds the server clamps the request to; default 2 and 20 ticks
  // (ZooKeeperServer.setMin/MaxSessionTimeout, QuorumPeerConfig; F1 measured 1000 -> 4000,
  // 60000 -> 40000).
  std::optional<Duration> min_session_timeout;
  std::optional<Duration> max_session_timeout;
  ClientLibrary client = ClientLibrary::c;
  // A learner that has not heard from its leader for sync_limit ticks stops following (its read
  // timeout on the leader socket, Learner); a leader whose learners' last packets are more than
  // sync_limit of its ticks old, for a quorum of them, stops leading (Leader.lead,
  // LearnerHandler.synced). conf/zoo_sample.cfg: syncLimit=5.
  int64_t sync_limit = 5;
  // Ticks a newly elected leader waits for a quorum of followers to acknowledge its epoch, and a
  // follower for its leader's NEWLEADER, before going back to LOOKING (Leader.lead,
  // Learner.connectToLeader). conf/zoo_sample.cfg: initLimit=10.
  int64_t init_limit = 10;
  // From starting to look for a leader to deciding. FastLeaderElection.finalizeWait is 200 ms:
  // the least an election takes, here the whole of it.
  Duration election_time = Duration::millis(200);
  // A server's time to append a transaction to its log and fsync it (SyncRequestProcessor)
  // before it acknowledges the proposal (in an ensemble) or applies it (standalone). A reading
  // of F6: an observer's NodeDeleted arrived 1-6 ms after the expiry on loopback; with this
  // model's 1 ms network, 2 ms puts it at 3 ms, mid-range.
  Duration log_sync = Duration::millis(2);
  // A server's time from a client request's arrival to acting on it (F-measurements: a reply
  // followed its request by 0-6 ms). Requests are handled in arrival order.
  Duration processing_time = Duration::millis(0);
  // If set, every client takes this lock: it creates an ephemeral node at this path, and while
  // another holds it, watches it and tries again when it is deleted (the ZooKeeper lock recipe).
  std::string lock;
  LockBelief lock_belief = LockBelief::connected;
  // With resource nodes (`resources: [store]`): a lock holder writes to each every
  // write_interval (on its clock) while it believes it holds the lock, with the lock node's
  // creation zxid as its fencing token (as Kleppmann and Curator's docs suggest). A choice of
  // this model; 1 s makes a belief window of a few seconds a few writes.
  Duration write_interval = Duration::seconds(1);
  // Whether the resources refuse a token older than the newest they accepted; false: they
  // accept every write.
  bool fencing = true;
  // The application runs Curator (Java only): a connection SUSPENDED for the negotiated timeout
  // becomes LOST, and Curator replaces the handle, so the session is abandoned, whether or not
  // the client holds a lock (ConnectionStateManager, simulatedSessionExpirationPercent 100).
  bool curator = false;
  // After learning its session expired, the application opens a new one (what Curator does; a
  // ZooKeeper handle is dead once EXPIRED).
  bool new_session_after_expiry = true;
  CCursor c_cursor = CCursor::zookeeper_2466;
  CFirstRetry c_first_retry = CFirstRetry::immediate;
  // The servers each client tries, in order (its connect string). Default: every server, in
  // the order of `servers`. Both libraries shuffle the list once at start (zookeeper.c
  // addrvec_shuffle unless zoo_deterministic_conn_order; StaticHostProvider); the model does
  // not: this is the order after the shuffle.
  std::map<std::string, std::vector<std::string>> connect;
  std::map<std::string, ClientSettings> per_client;

  Duration min_timeout() const { return min_session_timeout.value_or(Duration{2 * tick_time.ns}); }
  Duration max_timeout() const { return max_session_timeout.value_or(Duration{20 * tick_time.ns}); }

  ClientParams for_client(const std::string& name) const {
    ClientParams c{session_timeout, client, curator, false};
    auto it = per_client.find(name);
    if (it == per_client.end()) return c;
    const ClientSettings& s = it->second;
    if (s.session_timeout) c.session_timeout = *s.session_timeout;
    if (s.client) c.library = *s.client;
    if (s.curator) c.curator = *s.curator;
    c.observer = s.observer;
    return c;
  }
};

}  // namespace leasesim::zookeeper
