// Kubernetes client-go leader election as a leasesim protocol (`kind: k8s_leader_election`):
// an API server (`apiserver`) holding one Lease object with optimistic concurrency, and
// `electors` running client-go's LeaderElector (acquire with jitter, renew until RenewDeadline,
// lease judged on the candidate's own clock); the parameters (params.h) described once in
// protocol.cpp.
#pragma once

#include <memory>

#include "leasesim/protocol.h"

namespace leasesim::k8s_leader_election {

std::unique_ptr<Protocol> protocol();

}  // namespace leasesim::k8s_leader_election
