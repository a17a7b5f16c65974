#include "model/membership_tracker/admin.h"

#include <string>

#include "model/session_tracker/messages.h"

namespace leasesim::membership_tracker {

Admin::Admin(sim::Context& ctx, const MembershipParams& params, sim::NodeId tracker, std::vector<sim::NodeId> members)
    : ctx_(ctx), configure_at_(params.configure_at), tracker_(tracker), members_(std::move(members)) {}

void Admin::on_start() { ctx_.set_timer(ctx_.now() + configure_at_, 1, ctx_.intern("configure")); }

void Admin::on_timer(uint64_t) {
  for (sim::NodeId m : members_) ctx_.send(tracker_, session_tracker::kPutConfig, {static_cast<int64_t>(m), 1, 0, 0});
  ctx_.send(tracker_, session_tracker::kPutConfig, {static_cast<int64_t>(sim::kNoNode), 1, 0, 0});
}

// PUT's answer: the configuration committed at this version.
void Admin::on_message(const sim::Message& m) {
  if (m.kind != session_tracker::kConfigured) return;
  ctx_.state(m.from, ctx_.intern("configured at version " + std::to_string(m.body[1])));
}

}  // namespace leasesim::membership_tracker
