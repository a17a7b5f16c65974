// An administrator of the group: at configure_at it PUTs a configuration for every member, in
// the order `group_members` lists them, then the group's own (the design discussion: "configure
// metadata for db1 and db2. you can configure a member before it joins", then "add group-wide
// configuration"). Each PUT is a committed change (one more group version); the configuration
// is persistent: it outlives the member's sessions, and a configured member not in the group
// is listed inactive. The value is the admin's revision (1 for its first PUT of each).
#pragma once

#include <vector>

#include "model/membership_tracker/params.h"
#include "sim/actor.h"

namespace leasesim::membership_tracker {

class Admin final : public sim::Actor {
 public:
  Admin(sim::Context& ctx, const MembershipParams& params, sim::NodeId tracker, std::vector<sim::NodeId> members);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  sim::Context& ctx_;
  const Duration configure_at_;
  const sim::NodeId tracker_;
  const std::vector<sim::NodeId> members_;
};

}  // namespace leasesim::membership_tracker
