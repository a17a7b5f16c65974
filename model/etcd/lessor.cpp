#include "model/etcd/lessor.h"

#include <algorithm>
#include <utility>

namespace leasesim::etcd {

Lease* Lessor::find(uint64_t id) {
  auto it = leases_.find(id);
  return it == leases_.end() ? nullptr : &it->second;
}

Lease& Lessor::grant(uint64_t id, sim::Duration ttl, sim::NodeId client, sim::LocalTime now) {
  Lease& l = leases_[id];
  l.ttl = ttl;
  l.client = client;
  if (primary_) {
    l.expiry = now + ttl;
    l.notify_at = l.expiry;
    schedule_checkpoint(l, now);
  }
  return l;
}

Lease& Lessor::renew(uint64_t id, sim::LocalTime now) {
  Lease& l = leases_.at(id);
  l.expiry = now + l.ttl;
  l.notify_at = l.expiry;  // RegisterOrUpdate
  return l;
}

void Lessor::promote(sim::Duration extend, sim::LocalTime now) {
  primary_ = true;
  for (auto& [id, l] : leases_) {
    l.expiry = now + extend + (l.remaining.ns > 0 ? l.remaining : l.ttl);
    l.notify_at = l.expiry;
    schedule_checkpoint(l, now);
  }
}

// getRemainingTTL: the checkpointed remaining TTL if any, else the TTL.
void Lessor::schedule_checkpoint(Lease& l, sim::LocalTime now) {
  if (!checkpoint_interval_) return;
  const sim::Duration remaining = l.remaining.ns > 0 ? l.remaining : l.ttl;
  if (remaining > *checkpoint_interval_) l.checkpoint_at = now + *checkpoint_interval_;
}

std::vector<std::pair<uint64_t, int64_t>> Lessor::due_checkpoints(sim::LocalTime now) {
  std::vector<std::pair<sim::LocalTime, uint64_t>> due;
  for (const auto& [id, l] : leases_) {
    if (l.checkpoint_at && *l.checkpoint_at <= now) due.emplace_back(*l.checkpoint_at, id);
  }
  std::sort(due.begin(), due.end());
  std::vector<std::pair<uint64_t, int64_t>> out;
  for (const auto& [at, id] : due) {
    Lease& l = leases_.at(id);
    l.checkpoint_at.reset();
    if (!l.expiry || now >= *l.expiry) continue;
    const int64_t left_ns = (*l.expiry - now).ns;
    const int64_t seconds = (left_ns + 999'999'999) / 1'000'000'000;  // math.Ceil(expiry.Sub(now).Seconds())
    if (sim::Duration::seconds(seconds) >= l.ttl) continue;
    out.emplace_back(id, seconds);
  }
  return out;
}

void Lessor::demote() {
  primary_ = false;
  for (auto& [id, l] : leases_) {
    l.expiry.reset();
    l.notify_at.reset();
    l.checkpoint_at.reset();  // clearScheduledLeasesCheckpoints
  }
}

std::vector<uint64_t> Lessor::due_expired(sim::LocalTime now, int64_t limit, std::optional<sim::Duration> retry) {
  std::vector<std::pair<sim::LocalTime, uint64_t>> due;
  for (const auto& [id, l] : leases_) {
    if (l.notify_at && *l.notify_at <= now) due.emplace_back(*l.notify_at, id);
  }
  std::sort(due.begin(), due.end());
  std::vector<uint64_t> out;
  for (const auto& [at, id] : due) {
    if (static_cast<int64_t>(out.size()) >= limit) break;
    Lease& l = leases_.at(id);
    // expireExists: a due entry is popped and re-registered retry later ("recheck if revoke is
    // complete"); without the recheck (before PR #10693) it is simply gone.
    if (retry) {
      l.notify_at = now + *retry;
    } else {
      l.notify_at.reset();
    }
    if (l.expiry && *l.expiry <= now) out.push_back(id);
  }
  return out;
}

}  // namespace leasesim::etcd
