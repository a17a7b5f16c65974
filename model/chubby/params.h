// Parameters of the Chubby session and lock model (`kind: chubby`), from Burrows, "The Chubby
// lock service for loosely-coupled distributed systems", OSDI 2006 ("the paper"; sections
// named). Scenario keys under `protocol:` are these field names. Where the paper does not
// settle a choice, the comment says it is a reading, which one, and which scenario shows the
// other.
#pragma once

#include "sim/clock.h"
#include "sim/time.h"

namespace leasesim::chubby {

using sim::Duration;

// How a client turns a KeepAlive reply into its local lease. The reply says how much lease the
// master gave from its reply (`remaining`) and how long it held the request (`hold`), both on
// the master's clock.
enum class LocalLease {
  // The conservative lease (§2.8: the client "must make conservative assumptions both of the
  // time its KeepAlive reply spent in flight, and the rate at which the master's clock is
  // advancing"): all of the round trip but the hold is taken as the reply's flight, so the
  // lease is counted from the request's send time + hold, shortened for a master clock up to
  // master_rate_bound_ppm fast. Safe whatever the flight, given the rate bound. A reading:
  // the paper does not say how the client knows the flight; that the reply carries the hold
  // is this model's (scenarios/chubby/local-lease-send-anchor-no-hold.yaml shows why a held
  // request needs it).
  round_trip,
  // The other reading: the reply's flight is assumed to be at most reply_flight_bound, so the
  // lease is counted from the reply's receipt minus that bound (and the rate allowance).
  // Unsafe for a reply slower than the bound (scenarios/chubby/local-lease-flight-bound-*.yaml).
  flight_bound,
  // The safeguard off: receipt + remaining, no allowance for flight or rate.
  receipt,
  // Send time + remaining (no hold counted): safe, but with held KeepAlives the lease ends
  // about reply_advance after the reply was sent, so the client is in jeopardy for most of
  // every cycle. Only to show why the hold must be known.
  send_no_hold,
};

struct ChubbyParams {
  // How far a held KeepAlive's reply extends the session's lease, from the reply. §2.8: "The
  // default extension is 12s, but an overloaded master may use higher values."
  Duration lease_extension = Duration::seconds(12);
  // How long before the lease ends the master answers a held KeepAlive. §2.8 says only "until
  // the client's previous lease interval is close to expiring"; 1 s is a reading. It must
  // exceed the client's allowances, or the client's local lease ends before the reply lands
  // (scenarios/chubby/reply-advance-below-allowance.yaml).
  Duration reply_advance = Duration::seconds(1);
  LocalLease local_lease = LocalLease::round_trip;
  // With local_lease: flight_bound, the reply flight the client assumes at most. The paper gives
  // no figure: 500 ms is a reading.
  Duration reply_flight_bound = Duration::millis(500);
  // How much faster than the client's the master's clock may run; the client shortens every
  // lease by that much (rounded up). §2.8: "the server's clock advance no faster than a known
  // constant factor faster than the client's"; the factor is not given: 1000 ppm is a reading.
  sim::Ppm master_rate_bound_ppm{1'000'000};
  // §2.8: when its local lease ends the client is "in jeopardy": it "empties and disables its
  // cache" and waits "the grace period, 45s by default", then declares the session expired
  // unless a KeepAlive succeeded meanwhile.
  Duration grace_period = Duration::seconds(45);
  // Whether the client stops acting in jeopardy (the safeguard, §2.8); false: it keeps acting
  // (believing its session and lock) through the grace period.
  bool jeopardy = true;
  // In jeopardy (and while creating a session) the client resends its KeepAlive this often, to
  // find the new master. A choice of this model: the paper gives no figure.
  Duration retry_interval = Duration::seconds(1);
  // The new master extends every session to now + this (§2.9: "Session leases are extended to
  // the maximum that the previous master may have been using"): at least the largest extension
  // the predecessor granted. 0 s: no extension, every session is expired at the election.
  Duration failover_extension = Duration::seconds(12);
  // §2.4: when a lock's holder fails (its session expires) the lock cannot be taken for this
  // long; "any lock-delay up to some bound, currently one minute". The paper gives the bound,
  // not a default: 1 min is a reading (the bound); 0 s turns the safeguard off.
  Duration lock_delay = Duration::seconds(60);
  // Whether every client takes the one lock (`lock`) once its session exists, holders in the
  // order their Acquire reaches the master.
  bool lock = false;
  // A lock holder writes to every resource this often while it believes its lock, with its
  // sequencer's generation as token (§2.4). A choice of this model.
  Duration write_interval = Duration::seconds(1);
  // Whether the resources check sequencers (§2.4: against "the most recent sequencer that the
  // server has observed").
  bool fencing = true;
};

}  // namespace leasesim::chubby
