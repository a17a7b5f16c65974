// A Raft group's leader lease as a leasesim protocol (`kind: raft_lease`): `servers` running
// Raft's election (randomised timeout, heartbeats, CheckQuorum, PreVote) without a log, the
// leader serving reads under a lease counted from heartbeat acknowledgements; the parameters
// (params.h) described once in protocol.cpp; checkers two_leaders and stale_read.
#pragma once

#include <memory>

#include "leasesim/protocol.h"

namespace leasesim::raft_lease {

std::unique_ptr<Protocol> protocol();

}  // namespace leasesim::raft_lease
