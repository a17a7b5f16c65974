// The k8s_leader_election model's message kinds: the Lease API of the API server (a GET and an
// optimistic UPDATE carrying the resourceVersion it was read at) and a leader's writes to a
// fenced resource.
#pragma once

#include <string>
#include <vector>

#include "sim/message.h"

namespace leasesim::k8s_leader_election {

enum Kind : sim::MessageKind {
  kGet = 0,      // {request}
  kGetReply,     // {request, resourceVersion (0: no Lease yet), holder (node id + 1, 0: none), leaseDurationSeconds}
  kUpdate,       // {request, resourceVersion read, leaseDurationSeconds, renewTime in ms of the sender's clock};
                 // resourceVersion 0 creates the Lease
  kUpdateReply,  // {request, ok (0: Conflict, the resourceVersion was stale), new resourceVersion, epoch}
  kWrite,        // leasesim::write_body(epoch, epoch)
};

inline std::vector<std::string> message_names() { return {"Get", "GetReply", "Update", "UpdateReply", "Write"}; }

}  // namespace leasesim::k8s_leader_election
