// The HTTP group membership tracker as a leasesim protocol (`kind: membership_tracker`): the
// session tracker's replicated servers (model/session_tracker/server.h) with their group
// version, reads and configuration on, the members (member.h) and admins (admin.h), the
// parameters (params.h) described once, and the checkers: membership_safety, single_owner,
// view_agreement and change_notice.
#pragma once

#include <memory>

#include "leasesim/protocol.h"

namespace leasesim::membership_tracker {

std::unique_ptr<Protocol> protocol();

}  // namespace leasesim::membership_tracker
