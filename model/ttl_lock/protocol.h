// TTL lock servers as a leasesim protocol (`kind: ttl_lock`): Redis (one instance, one with an
// asynchronously replicated replica, or Redlock's independent instances locked by majority with
// a send-anchored validity) and Consul sessions (the TTL doubled by the server, lock-delay);
// the parameters (params.h) described once in protocol.cpp.
#pragma once

#include <memory>

#include "leasesim/protocol.h"

namespace leasesim::ttl_lock {

std::unique_ptr<Protocol> protocol();

}  // namespace leasesim::ttl_lock
