// The lessor of one member (etcd server/lease/lessor.go, modelled): every member holds every
// lease (grants and revokes are applied from the log), but only the primary (the member whose
// lessor was promoted when it became leader) counts expiries down. Expiries are local times on
// the member's own clock. Leases are kept in an ordered map so that every scan is in lease-id
// order (no unordered iteration reaches the schedule).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "sim/message.h"
#include "sim/time.h"

namespace leasesim::etcd {

struct Lease {
  sim::Duration ttl;
  sim::NodeId client = sim::kNoNode;
  std::optional<sim::LocalTime> expiry;      // none: forever (the lessor is not primary)
  std::optional<sim::LocalTime> notify_at;   // the expiry heap's entry; none: not in the heap
  sim::Duration remaining;                   // the last checkpointed remaining TTL; 0: none
  std::optional<sim::LocalTime> checkpoint_at;  // the checkpoint heap's entry (primary only)
};

class Lessor {
 public:
  bool primary() const { return primary_; }
  const std::map<uint64_t, Lease>& leases() const { return leases_; }
  Lease* find(uint64_t id);

  // Grant applied from the log: a primary counts from now (refresh(0)), others hold it forever.
  Lease& grant(uint64_t id, sim::Duration ttl, sim::NodeId client, sim::LocalTime now);
  void revoke(uint64_t id) { leases_.erase(id); }
  // REQUIRES: primary. expiry = now + ttl (refresh(0)).
  Lease& renew(uint64_t id, sim::LocalTime now);
  // Promote(extend): every lease gets now + extend + its remaining TTL if checkpointed, else its TTL.
  void promote(sim::Duration extend, sim::LocalTime now);
  // With checkpointing on (`interval` set): scheduleCheckpointIfNeeded, for one lease or all.
  void schedule_checkpoint(Lease& l, sim::LocalTime now);
  void set_checkpointing(std::optional<sim::Duration> interval) { checkpoint_interval_ = interval; }
  // findDueScheduledCheckpoints: (id, remaining seconds rounded up) for each due lease that is
  // not expired and whose remaining TTL is below its TTL.
  std::vector<std::pair<uint64_t, int64_t>> due_checkpoints(sim::LocalTime now);
  // Demote: every expiry forever, the heap emptied.
  void demote();
  // revokeExpiredLeases: the heap's due entries in (time, id) order, at most `limit` expired
  // leases; each popped entry is re-registered `retry` later, or dropped with none.
  std::vector<uint64_t> due_expired(sim::LocalTime now, int64_t limit, std::optional<sim::Duration> retry);

 private:
  bool primary_ = false;
  std::optional<sim::Duration> checkpoint_interval_;
  std::map<uint64_t, Lease> leases_;
};

}  // namespace leasesim::etcd
