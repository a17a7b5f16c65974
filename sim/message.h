// A message between nodes. The simulator knows no protocol, so a message is a kind (registered
// by the model, with a name for traces and fault selectors) and a few integer fields whose
// meaning the model's messages.h defines. Fixed size, so sending allocates nothing; a message
// that must carry a list (the sessions a replica touched) attaches one, shared and
// immutable, which duplicates and deferrals copy for free.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/trace.h"

namespace leasesim::sim {

using MessageKind = uint16_t;
using MessageBody = std::array<int64_t, 4>;

struct Message {
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  MessageKind kind = 0;
  uint64_t id = 0;  // assigned by the network at send; a duplicate keeps its original's id
  MessageBody body{};
  std::shared_ptr<const std::vector<int64_t>> attachment;  // usually empty
};

}  // namespace leasesim::sim
