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
    l.expiry = now + extend + l.ttl;
    l.notify_at = l.expiry;
  }
}

void Lessor::demote() {
  primary_ = false;
  for (auto& [id, l] : leases_) {
    l.expiry.reset();
    l.notify_at.reset();
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
