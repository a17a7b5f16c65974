// Parameters of the etcd lease model (`kind: etcd`): the Raft group's timing, the leader's
// lessor, and the clientv3 keepalive loop. Scenario keys under `protocol:` are these field
// names; each default names its source (etcd-io/etcd at v3.5/v3.6 unless said otherwise).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace leasesim::etcd {

using sim::Duration;

// What a lessor does with an expired lease whose revoke it has proposed.
enum class ExpiredRetry {
  recheck,  // re-examine it expired_retry_interval later and propose again if it still exists (PR #10693)
  never,    // forget it once proposed: a revoke that fails is never retried (etcd before PR #10693, #9935)
};

// What a lessor checks before proposing the revokes of expired leases.
enum class RevokeCheck {
  ensure_leadership,  // only a member that is still the Raft leader revokes (PR #16822)
  none,               // the lessor revokes while it thinks itself primary (etcd before PR #16822, #15247)
};

// What a member whose lessor is primary checks before renewing a lease.
enum class RenewCheck {
  ensure_leadership,  // only while still the Raft leader; else the renewal goes to the leader (server.go LeaseRenew)
  none,               // a lessor not yet demoted renews (#15247's second point: clients of a stuck old leader)
};

// What clientv3's concurrency.Mutex.Lock checks once no older key remains.
enum class LockCheck {
  owner_key,  // that its own key still exists, else ErrSessionExpired (the fix after Jepsen 3.4.3, #11456)
  none,       // nothing: it returns holding a lock whose lease may have expired while it waited (etcd 3.4.3)
};

struct EtcdParams {
  // Raft's tick: a leader sends heartbeats every tick. etcd --heartbeat-interval, default 100 ms.
  Duration heartbeat_interval = Duration::millis(100);
  // A follower that hears no leader for a randomized timeout in [election_timeout,
  // 2 x election_timeout) (etcd raft: randomizedElectionTimeout, counted in ticks) campaigns.
  // It is also what a new leader's lessor extends every lease by (server.go: Promote(
  // s.Cfg.ElectionTimeout())). etcd --election-timeout, default 1000 ms.
  Duration election_timeout = Duration::millis(1000);
  // The TTL each client asks for, in whole seconds (the API's TTL is int64 seconds). The lessor
  // raises it to its minimum TTL, ceil(1.5 x election ticks x heartbeat) in seconds (embed
  // config: minTTL), 2 s at the defaults. Default 4 s: the TTL of etcd issue #12528.
  Duration ttl = Duration::seconds(4);
  // Per-client TTLs: the i-th entry is the TTL of the i-th of `clients` (the rest ask for
  // `ttl`); #9921's holder asked for 20 s and its waiter for 5 s.
  std::vector<Duration> client_ttls;
  // The lessor's revoke rate in leases per second; each 500 ms round of its runLoop takes at
  // most half of it (lessor.go: leaseRevokeRate = 1000, revokeLimit = leaseRevokeRate / 2).
  int64_t revoke_rate = 1000;
  ExpiredRetry expired_retry = ExpiredRetry::recheck;
  // lessor.go: defaultExpiredleaseRetryInterval = 3 * time.Second.
  Duration expired_retry_interval = Duration::seconds(3);
  RevokeCheck revoke_check = RevokeCheck::ensure_leadership;
  RenewCheck renew_check = RenewCheck::ensure_leadership;
  // Lease checkpointing (PR #9924, --experimental-enable-lease-checkpoint, off by default): the
  // primary proposes the remaining TTL of each lease whose remaining TTL exceeds
  // checkpoint_interval, checkpoint_interval after its grant, promotion or last checkpoint; a
  // new leader then extends a lease to now + election timeout + its remaining TTL.
  bool checkpoint = false;
  // lessor.go: defaultLeaseCheckpointInterval = 5 * time.Minute.
  Duration checkpoint_interval = Duration::seconds(300);
  // Whether a member keeps the remaining TTLs of the checkpoints it applied across its own
  // restart (PR #13508, --experimental-enable-lease-checkpoint-persist, off by default in
  // v3.5): without it, a restarted member recovers each lease from its backend with its full
  // TTL and does not apply again the entries its backend already holds, so if it leads later it
  // extends a checkpointed lease to its full TTL (#17132: "on 3rd leadership change").
  bool checkpoint_persist = false;
  // clientv3 lease.go: sendKeepAliveLoop wakes every 500 ms and sends a keepalive for each lease
  // whose nextKeepAlive is before now (so every 500 ms while no response comes).
  Duration keepalive_poll = Duration::millis(500);
  // clientv3 lease.go: deadlineLoop wakes every second and closes the keepalive channel of a
  // lease whose deadline (response receipt + TTL) is before now.
  Duration reaper_period = Duration::seconds(1);
  // clientv3 lease.go: KeepAlive() sets deadline = now + firstKeepAliveTimeout before any
  // response; defaultTTL = 5 s when no dial timeout is configured.
  Duration first_keepalive_timeout = Duration::seconds(5);
  // A leadership transfer (etcdctl move-leader; server.go MoveLeader): at this instant of each
  // member's clock, the member leading then asks raft to hand its leadership to the member at
  // position move_leader_to. Until the transferee has won or the transfer is aborted (one
  // election timeout of ticks later: raft tickHeartbeat, abortLeaderTransfer) the leader drops
  // every proposal (raft stepLeader: leadTransferee set, ErrProposalDropped), its lessor's
  // revokes too. 0: no transfer.
  Duration move_leader_at = Duration{0};
  int64_t move_leader_to = 2;
  // The member (1-based position in `servers`) every client sends its requests to; a member
  // that does not lead forwards keepalives to its leader. A choice of this model.
  int64_t endpoint = 1;
  // Whether each client keeps its lease alive (KeepAlive); false: it grants one and holds it
  // until the lessor revokes it.
  bool keepalive = true;
  // Further leases each client grants at 0 s and never renews (keys attached to leases whose
  // owners are gone): the population of etcd #8097 / PR #8101 ("if there's 10k leases").
  int64_t idle_leases = 0;
  // The lock recipe (client/v3/concurrency Mutex): each client, once granted, puts a key under
  // one lock prefix with its lease and waits until no key of an older create revision remains.
  bool lock = false;
  LockCheck lock_check = LockCheck::owner_key;
};

}  // namespace leasesim::etcd
