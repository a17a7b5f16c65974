// Parameters of the ZooKeeper session model (the facts come
// from apache/zookeeper release-3.9.5, paths relative to zookeeper-server/src/main/java/org/
// apache/zookeeper/). ZooKeeper counts time in whole milliseconds (Time.currentElapsedTime() =
// System.nanoTime() / 1000000), so every duration here is a whole number of milliseconds.
// Scenario keys under `protocol:` are these field names.
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
  until_lost,  // through SUSPENDED until LOST, which Curator declares after a further negotiated
               // timeout of disconnection (SessionConnectionStateErrorPolicy, ConnectionStateManager
               // with simulatedSessionExpirationPercent 100) or on a real Expired
};

struct ZooKeeperParams {
  // The server's tick, the expiry queue's bucket width and the unit of the timeout bounds.
  // conf/zoo_sample.cfg: tickTime=2000 (the code's own default, ZooKeeperServer.DEFAULT_TICK_TIME,
  // is 3000; the ZBS-13135 notes' ZooKeeper test log runs with 2000).
  Duration tick_time = Duration::millis(2000);
  // What every client requests. The ZooKeeper test log in the ZBS-13135 notes (seed 000):
  // "negotiated timeout = 6000".
  Duration session_timeout = Duration::millis(6000);
  // Bounds the server clamps the request to; default 2 and 20 ticks
  // (ZooKeeperServer.setMin/MaxSessionTimeout, QuorumPeerConfig 470-471).
  std::optional<Duration> min_session_timeout;
  std::optional<Duration> max_session_timeout;
  ClientLibrary client = ClientLibrary::c;
  // A learner that has not heard from its leader for sync_limit ticks stops serving (its read
  // timeout on the leader socket, Learner.java 815); a leader that has not heard from a quorum
  // for as long steps down. conf/zoo_sample.cfg: syncLimit=5.
  int64_t sync_limit = 5;
  // From losing the leader to serving under the new one. FastLeaderElection.finalizeWait is
  // 200 ms: the least an election takes, here the whole of it (no log sync is modelled).
  Duration election_time = Duration::millis(200);
  // If set, every client takes this lock: it creates an ephemeral node at this path, and while
  // another holds it, watches it and tries again when it is deleted (the ZooKeeper lock recipe).
  std::string lock;
  LockBelief lock_belief = LockBelief::connected;
  // After learning its session expired, the application opens a new one (what Curator does; a
  // ZooKeeper handle is dead once EXPIRED).
  bool new_session_after_expiry = true;
  // The servers each client tries, in order (its connect string). Default: every server, in
  // the order of `servers`. The Java client shuffles its list once; order it here instead.
  std::map<std::string, std::vector<std::string>> connect;

  Duration min_timeout() const { return min_session_timeout.value_or(Duration{2 * tick_time.ns}); }
  Duration max_timeout() const { return max_session_timeout.value_or(Duration{20 * tick_time.ns}); }
};

}  // namespace leasesim::zookeeper
