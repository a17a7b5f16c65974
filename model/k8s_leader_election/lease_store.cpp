#include "model/k8s_leader_election/lease_store.h"

#include "model/k8s_leader_election/messages.h"

namespace leasesim::k8s_leader_election {

LeaseStore::LeaseStore(sim::Context& ctx) : ctx_(ctx) { sym_conflict_ = ctx_.intern("Conflict: the object has been modified"); }

void LeaseStore::on_message(const sim::Message& m) {
  if (m.kind == kGet) {
    ctx_.send(m.from, kGetReply, {m.body[0], resource_version_, holder_, lease_duration_seconds_});
  } else if (m.kind == kUpdate) {
    update(m);
  }
}

void LeaseStore::update(const sim::Message& m) {
  const sim::MessageBody& b = m.body;
  if (b[1] != resource_version_) {
    ctx_.state(m.from, sym_conflict_);
    ctx_.send(m.from, kUpdateReply, {b[0], 0, resource_version_, 0});
    return;
  }
  const int64_t sender = static_cast<int64_t>(m.from) + 1;
  if (sender != holder_) {
    if (holder_ != 0) ctx_.lease_expired(static_cast<sim::NodeId>(holder_ - 1), epoch_);
    ++epoch_;
    holder_ = sender;
    acquire_time_ms_ = b[3];
  }
  lease_duration_seconds_ = b[2];
  renew_time_ms_ = b[3];
  resource_version_ = next_version_++;
  ctx_.lease_granted(m.from, epoch_, ctx_.now() + sim::Duration::seconds(lease_duration_seconds_));
  ctx_.send(m.from, kUpdateReply, {b[0], 1, resource_version_, static_cast<int64_t>(epoch_)});
}

}  // namespace leasesim::k8s_leader_election
