// etcd leases as a leasesim protocol (`kind: etcd`): a Raft group of `servers` (etcd's members) whose leader's
// lessor grants, renews, extends and revokes leases, and `clients` running clientv3's keepalive
// loop; the parameters (params.h) described once in protocol.cpp.
#pragma once

#include <memory>

#include "leasesim/protocol.h"

namespace leasesim::etcd {

std::unique_ptr<Protocol> protocol();

}  // namespace leasesim::etcd
