// The protocols leasesim ships. A new protocol is a folder under model/ and one line here.
#include "leasesim/protocol.h"
#include "model/chubby/protocol.h"
#include "model/etcd/protocol.h"
#include "model/k8s_leader_election/protocol.h"
#include "model/membership_tracker/protocol.h"
#include "model/raft_lease/protocol.h"
#include "model/session_tracker/protocol.h"
#include "model/ttl_lock/protocol.h"
#include "model/zbs/protocol.h"
#include "model/zookeeper/protocol.h"

namespace leasesim {

void add_builtin_protocols(Registry& r) {
  r.add(zbs::protocol());
  r.add(zookeeper::protocol());
  r.add(session_tracker::protocol());
  r.add(etcd::protocol());
  r.add(membership_tracker::protocol());
  r.add(k8s_leader_election::protocol());
  r.add(chubby::protocol());
  r.add(raft_lease::protocol());
  r.add(ttl_lock::protocol());
}

}  // namespace leasesim
