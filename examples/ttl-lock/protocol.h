// The TTL lock as a leasesim protocol (`kind: ttl-lock`): a lock server named `server`, the
// clients a scenario lists under `clients:`, and the fenced resources under `resources:`; its
// parameters (params.h) described once; lease_safety over the lease vocabulary (stale_write
// runs wherever a scenario has resources).
#pragma once

#include <leasesim/protocol.h>

#include <memory>

namespace ttl_lock {

std::unique_ptr<leasesim::Protocol> protocol();

}  // namespace ttl_lock
