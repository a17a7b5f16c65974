// Decentralised session tracking as a leasesim protocol (`kind: session_tracker`): the servers
// a scenario lists (the first is the leader), the clients, the parameters (params.h) described
// once, and the checkers: session_safety, single_owner and session_liveness.
#pragma once

#include <memory>

#include "leasesim/protocol.h"

namespace leasesim::session_tracker {

std::unique_ptr<Protocol> protocol();

}  // namespace leasesim::session_tracker
