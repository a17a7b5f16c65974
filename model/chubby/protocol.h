// Chubby's sessions and locks as a leasesim protocol (`kind: chubby`), from Burrows, OSDI 2006:
// a `master` holding KeepAlives until the lease is nearly over, `clients` keeping a
// conservative local lease, jeopardy and a grace period, a failover that extends every session,
// lock-delay and sequencers checked by the fenced resources; the parameters (params.h)
// described once in protocol.cpp.
#pragma once

#include <memory>

#include "leasesim/protocol.h"

namespace leasesim::chubby {

std::unique_ptr<Protocol> protocol();

}  // namespace leasesim::chubby
