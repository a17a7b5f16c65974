// The ZBS master/follower KeepAlive lease as a leasesim protocol (`kind: zbs`): one master,
// named `master`, and the followers a scenario lists; its parameters (params.h) described once;
// the master's persisted sessions and what a restart does with them (`sessions:`).
#pragma once

#include <memory>

#include "leasesim/protocol.h"

namespace leasesim::zbs {

std::unique_ptr<Protocol> protocol();

}  // namespace leasesim::zbs
