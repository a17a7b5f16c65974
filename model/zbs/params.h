// Parameters of the ZBS meta-server (master) / chunk-server (follower) KeepAlive lease, with the
// defaults of ticket ZBS-13135 (its engineering notes, the seed leasesim grew from: "seed 000").
// Scenario keys under `protocol:` are these field names.
#pragma once

#include "sim/clock.h"
#include "sim/time.h"

namespace leasesim::zbs {

using sim::Duration;

enum class ExpiryCheck {
  current,   // the timer's handler compares now with the session's deadline as it is now
  captured,  // ... with the deadline as it was when the timer was armed (a stale copy)
};

enum class FollowerAnchor {
  receive,  // legacy: lease end = reply arrival + lease - network_margin (the ZBS-13135 bug)
  send,     // fixed: lease end = KeepAlive send time + lease - network_margin
};

struct ZbsParams {
  // Lease the master grants with each KeepAlive reply, counted from when it sends the reply.
  // Seed 000: 12 s.
  Duration lease = Duration::seconds(12);
  // Period of the master's per-session timer: a pending KeepAlive is answered when it fires,
  // and a firing that finds none pending moves the session to WAIT_KEEPALIVE. Seed 000: 7 s.
  Duration keepalive_interval = Duration::seconds(7);
  // The follower gives up on an unanswered KeepAlive after this long and sends another.
  // Seed 000: 9.5 s, chosen as lease - network_margin (12 s - 2.5 s).
  Duration rpc_timeout = Duration::millis(9500);
  // Fixed allowance for reply flight time, subtracted from the lease by the follower.
  // Seed 000: 2.5 s ("assumes network delay never exceeds 2.5 s").
  Duration network_margin = Duration::millis(2500);
  // Seed 000 describes the legacy `receive` code; `send` is the fix of ZBS-13135 (anchor the
  // lease at the request's send time), the default because it is what a current deployment runs.
  FollowerAnchor follower_anchor = FollowerAnchor::send;
  // How much drift between the two clocks the follower allows for: it subtracts
  // lease x guard_ppm / 1e6 (rounded up) on top of network_margin ("a guard allowance for
  // drift", issue 3; Gray and Cheriton 1989 subtract a clock-rate epsilon the same way). A
  // follower clock slow by r ppm, or a master clock fast by r ppm, stretches the follower's
  // lease against the master's by about lease x r / 1e6, so a guard of r ppm covers it.
  // 0: no allowance, as in seed 000.
  sim::Ppm guard_ppm;
  // Seed 000, branch 2: a late timer that acts on a stale, captured deadline
  // expires sessions renewed meanwhile. `current` is the correct master.
  ExpiryCheck expiry_check = ExpiryCheck::current;
};

}  // namespace leasesim::zbs
