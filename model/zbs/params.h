// Parameters of the ZBS meta-server (master) / chunk-server (follower) KeepAlive lease, with the
// defaults of ticket ZBS-13135 (its engineering notes, the seed leasesim grew from: "seed 000").
// Scenario keys under `protocol:` are these field names.
#pragma once

#include <string>
#include <vector>

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

// The readings below are choices seed 000 leaves open; each default is what the model did
// before it was named, so the suite's traces do not depend on the naming.

enum class WaitKeepaliveTimer {
  deadline,           // armed for the session's deadline: `lease` from the last grant
  lease_from_firing,  // armed for `lease` (the seed's 12 s) from the firing that found nothing
};

enum class WaitKeepaliveReply {
  at_once,   // granted on arrival
  at_timer,  // held like any pending KeepAlive until the session's timer fires
};

enum class FollowerNextKeepalive {
  at_once,         // as soon as a granted reply arrives (a long poll the master paces)
  after_interval,  // follower_keepalive_interval after a granted reply arrives
};

enum class PersistedDeadline {
  registration,  // the deadline of the registration grant only
  every_grant,   // the deadline of the latest grant, rewritten at every renewal
};

// The readings' YAML values, indexed by the enums above (the loader and the writer share them).
inline const std::vector<std::string> kWaitKeepaliveTimerNames = {"deadline", "lease_from_firing"};
inline const std::vector<std::string> kWaitKeepaliveReplyNames = {"at_once", "at_timer"};
inline const std::vector<std::string> kFollowerNextKeepaliveNames = {"at_once", "after_interval"};
inline const std::vector<std::string> kPersistedDeadlineNames = {"registration", "every_grant"};

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

  // Where the master's timer goes when a firing finds no KeepAlive pending. Seed 000, branch 1:
  // "master timer 在 7s 内发现还没收到 KeepAlive 请求，状态是 SessionState :: WAIT_KEEPALIVE，
  // 那么会重置 timer 超时为 12s" ("if within 7 s the master timer finds no KeepAlive request
  // received, the state is WAIT_KEEPALIVE, and it resets the timer timeout to 12s").
  // `deadline` reads the 12 s as the lease the last grant gave (12 s counted from the grant),
  // so the session expires exactly when its lease ends; `lease_from_firing` reads it literally,
  // 12 s from the firing, so an unrenewed session outlives its deadline: by 7 s (the firing
  // came keepalive_interval after the timer's grant), or by up to 12 s when the last grant was
  // made in WAIT_KEEPALIVE, after the firing. Default `deadline`: the model's reading since
  // ZBS-13135 was first modelled (protocols.md: "re-armed for the expiry deadline"), and the
  // one under which the master's own deadline means what it grants. A master restart arms a
  // re-tracked session for its deadline under both readings: it is not a firing.
  WaitKeepaliveTimer wait_keepalive_timer = WaitKeepaliveTimer::deadline;
  // When a KeepAlive that arrives in WAIT_KEEPALIVE is answered. Seed 000 says only how the
  // timer answers: "master 接收到请求，timer 在 7s 后发送 KeepAlive 回复" ("the master receives
  // the request; the timer sends the KeepAlive reply after 7 s"), and nothing of a request that
  // arrives once the timer has found none. `at_once` grants it on arrival, leaving the timer
  // where it is; `at_timer` holds it like any pending KeepAlive, and since the timer of a
  // waiting session fires at or after its deadline, the firing runs HandleExpire and answers it
  // EXPIRED ("如果 follower 的 KeepAlive 还没有发过来，那么 HandleExpire 会直接更新 state 为
  // expired": "if the follower's KeepAlive has not come yet, HandleExpire sets the state to
  // expired directly"; held, it has come, so the follower is told). Default `at_once`: the
  // model's behaviour, and the reading under which the seed's own example can happen: a reply
  // 6 s late ("Follower 收到的时候是 6s 之后") that still beats the 9.5 s RPC timeout needs a
  // master that answered early, not after holding the request (protocols.md).
  WaitKeepaliveReply wait_keepalive_reply = WaitKeepaliveReply::at_once;
  // When the follower sends its next KeepAlive after a granted reply. Seed 000 gives only the
  // RPC timeout: "Follower 发送 KeepAlive 请求，以大概 12s - 2.5s=9.5s 为 timeout" ("the
  // follower sends a KeepAlive request with about 12s - 2.5s = 9.5s as timeout"). Default
  // `at_once`: the model's behaviour; the master's timer, which holds each request up to 7 s
  // ("timer 在 7s 后发送 KeepAlive 回复"), then sets the pace, as a long poll. After an EXPIRED
  // reply the follower registers its next epoch at once under both readings: it holds no lease.
  FollowerNextKeepalive follower_next_keepalive = FollowerNextKeepalive::at_once;
  // With follower_next_keepalive: after_interval, how long the follower waits, on its own clock,
  // from a granted reply's arrival to its next KeepAlive. Seed 000 gives no ZBS figure; the
  // default 4 s is the seed's 12 s lease / 3, by analogy with the ZooKeeper clients the seed
  // quotes: "在 $\frac{1}{3} \cdot recv\_timeout$ 处发送一个 PING 请求" ("a PING request is sent
  // at 1/3 of recv_timeout"). Unused with `at_once`.
  Duration follower_keepalive_interval = Duration::seconds(4);
  // What the master persists of a session for a restart (the `restart` fault's `sessions:
  // continue` restores it; `recompute` and `forget` do not read it). Seed 000's TODO:
  // "检查 sessionsWithTimeout 持久化后重新加载，超时是重新计算，还是延续之前的时间" ("check
  // whether, when sessionsWithTimeout is persisted and reloaded, the timeout is recomputed or
  // continues the previous time"). `registration` keeps the deadline of the registration grant;
  // `every_grant` rewrites it at every grant. Default `registration`: the model's behaviour,
  // and what the seed's sessionsWithTimeout holds in ZooKeeper: each session's timeout, written
  // when the session is created and never at a touch (SessionTrackerImpl).
  PersistedDeadline persisted_deadline = PersistedDeadline::registration;
  // With resource nodes (`resources: [store]`): a follower writes to each every write_interval
  // (on its clock) while it believes its lease, with its session's fencing token, from its
  // first grant on; the master, expiring a session, writes a newer token itself (the next
  // owner's write, which a fenced resource remembers). A choice of this model: ZBS-13135 has
  // no resource; 1 s makes a belief window of a few seconds a few writes.
  Duration write_interval = Duration::seconds(1);
  // Whether the resources refuse a token older than the newest they accepted (Kleppmann's
  // fencing tokens); false: they accept every write.
  bool fencing = true;
};

}  // namespace leasesim::zbs
