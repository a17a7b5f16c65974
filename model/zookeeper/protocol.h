// ZooKeeper sessions as a leasesim protocol (`kind: zookeeper`): the servers and clients a
// scenario lists; its parameters (params.h) described once; each server's disk (the Replica),
// which survives a restart; its connections (TCP).
#pragma once

#include <memory>

#include "leasesim/protocol.h"

namespace leasesim::zookeeper {

std::unique_ptr<Protocol> protocol();

}  // namespace leasesim::zookeeper
