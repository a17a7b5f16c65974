// Parameters of the TTL lock server model (`kind: ttl_lock`): a Redis instance holding a key set
// with `SET key value NX PX ttl` (one instance, an asynchronously replicated replica, or
// Redlock's N independent instances) or a Consul server holding a lock under a session. Scenario
// keys under `protocol:` are these field names; protocol.cpp describes each once with its source.
// Where a source does not settle a choice, the description says it is a reading, and
// docs/ttl-lock-model.md names the scenario that shows the other reading.
#pragma once

#include <cstdint>

#include "sim/clock.h"
#include "sim/time.h"

namespace leasesim::ttl_lock {

using sim::Duration;

// What the server is: the two families differ in how a lease ends and what follows.
enum class Variant {
  redis,   // a key with PX ttl: gone ttl after its SET / extension, free at once
  consul,  // a session with TTL: invalidated ttl x ttl_slack_factor after its renewal, then lock-delay
};

// What a restarted server still knows.
enum class Persistence {
  always,  // the key (or session) and its deadline survive: appendfsync always; Consul's Raft log
  none,    // nothing survives: a Redis without AOF (the Redlock page's "crash without persistence")
};

// How long a client believes it holds the lock once its quorum granted it.
enum class Belief {
  validity,    // until T1 + ttl - drift on its own clock, T1 taken before the first request (Redlock)
  until_told,  // until a renewal is answered Lost (Consul's api.Lock: its lostCh), or hold_for ends
};

// What `lock_delay: 0s` means on a Consul server.
enum class LockDelayZero {
  default_delay,  // replaced by the 15 s default (hashicorp/consul #4508: 2 x TTL + 15 s with LockDelay 0)
  none,           // honoured: no lock-delay (docs PR #5037 reading of the API: 0 disables it)
};

struct TtlLockParams {
  Variant variant = Variant::redis;
  // The lock's TTL (Redis PX; Consul session TTL). The redis distlock page's auto-release time
  // is 10 s; Consul's minimum session TTL is 10 s.
  Duration ttl = Duration::seconds(10);
  Persistence persistence = Persistence::always;
  // Consul: session_ttl.go arms the session timer at ttl x 2 ("only the lower bound is
  // guaranteed", #2347).
  int64_t ttl_slack_factor = 2;
  // Consul: after an invalidation the lock cannot be acquired for this long; default 15 s, at
  // most 60 s (the sessions docs).
  Duration lock_delay = Duration::seconds(15);
  LockDelayZero lock_delay_zero = LockDelayZero::default_delay;
  // A replica is promoted when it has not heard its primary for this long (Sentinel's
  // down-after-milliseconds, 30 s in sentinel.conf; Sentinel's agreement and election are not
  // modelled, a reading).
  Duration failover_after = Duration::seconds(30);
  // The primary pings its replica this often (Sentinel pings each instance every second; used as
  // the replica's liveness signal, a reading).
  Duration ping_every = Duration::seconds(1);
  Belief belief = Belief::validity;
  // Redlock's drift: ttl x drift_factor + drift_extra (redis.io reference implementation:
  // CLOCK_DRIFT_FACTOR 0.01, "+ 2 milliseconds"; node-redlock driftFactor 0.01). In ppm of ttl.
  sim::Ppm drift{10'000'000};
  Duration drift_extra = Duration::millis(2);
  // A client waits this long for each instance's answer ("~ 5-50 milliseconds" for a 10 s TTL).
  Duration request_timeout = Duration::millis(50);
  // After a failed acquisition a client tries again after retry_every + uniform [0, retry_jitter]
  // (node-redlock retryDelay 200 ms, retryJitter 200 ms).
  Duration retry_every = Duration::millis(200);
  Duration retry_jitter = Duration::millis(200);
  // The holder extends (Redis: a compare-and-PEXPIRE on every instance; Consul: session renew)
  // this often from its last attempt's start; 0 s: never (the distlock page's basic algorithm).
  Duration renew_every = Duration{0};
  // The holder releases after holding this long (its work done); 0 s: never.
  Duration hold_for = Duration{0};
  // While it believes it holds the lock, a write to every resource this often (a choice of this model).
  Duration write_every = Duration::seconds(1);
  bool fencing = true;
};

}  // namespace leasesim::ttl_lock
