// The parameters of the TTL lock (`protocol: {kind: ttl-lock, ...}`): one struct, with defaults
// from the systems it follows. protocol.cpp describes each field once (a FieldList), and the
// loader, the scenario writer and `ttl-lock help scenario` all read that description.
#pragma once

#include <leasesim/actor.h>

namespace ttl_lock {

using leasesim::Duration;

// What a client believes once it has the lock.
enum class Belief {
  // Until the server says otherwise (a renewal refused), as code that takes a lock, works and
  // unlocks believes: Redisson's lock() with its watchdog, a Consul session's holder. A pause
  // longer than the TTL leaves it believing a lock the server has given away.
  until_told,
  // Until its request's send time + ttl - margin on its own clock, and not a moment longer:
  // Redlock's validity time (the TTL minus the time the acquisition took).
  until_ttl,
};

struct TtlLockParams {
  // The lease the server grants with each acquisition and renewal, from when it handles the
  // request. Redis `SET lock <id> NX PX 10000`; Consul's session TTL (10 s at least).
  Duration ttl = Duration::seconds(10);
  // The holder renews this often (a third of the TTL: Redisson's watchdog renews every
  // lockWatchdogTimeout / 3).
  Duration renew_every = Duration::seconds(3);
  // A client without the lock asks again this long after its last attempt...
  Duration retry_every = Duration::seconds(1);
  // ... plus a uniform draw of whole milliseconds in [0, retry_jitter] from its own random
  // stream, so that clients do not ask in lockstep (Redlock: "a random delay in order to try
  // to desynchronize").
  Duration retry_jitter = Duration::millis(100);
  // A holder's work: it releases the lock this long after acquiring it (on its own clock).
  Duration hold_for = Duration::seconds(20);
  // The holder writes to the resource this often while it believes it holds the lock.
  Duration write_every = Duration::seconds(1);
  Belief belief = Belief::until_told;
  // until_ttl: the client stops believing this long before send + ttl (a drift allowance).
  Duration margin = Duration::nanos(0);
  // The resource rejects a write whose token is older than the newest it accepted.
  bool fencing = true;
};

}  // namespace ttl_lock
