// Parameters of the ZBS meta-server (master) / chunk-server (follower) KeepAlive lease, with the
// defaults of ticket ZBS-13135 (shared/seeds/000, summarised in shared/docs/protocols.md).
// Scenario keys under `protocol:` are these field names.
#pragma once

#include "sim/time.h"

namespace leasesim::zbs {

using sim::Duration;

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
  // Seed 000 describes the legacy `receive` code; `send` is the fix of ZBS-13135 (protocols.md,
  // "Fixed follower"), the default because it is what a current deployment runs.
  FollowerAnchor follower_anchor = FollowerAnchor::send;
};

}  // namespace leasesim::zbs
