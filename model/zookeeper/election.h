// One round of Fast Leader Election as this model plays it (FastLeaderElection.lookForLeader,
// simplified to one exchange of notifications and a decision after finalizeWait): what a LOOKING
// server heard, and what it decides.
//  - If a quorum of the servers out of the election (FOLLOWING or LEADING) name one leader, and
//    that leader itself says it leads, join it (the "outofelection" quorum and checkLeader).
//  - Otherwise, if a quorum of servers is looking (this one included), the one with the highest
//    (last zxid, myid) wins (totalOrderPredicate): it leads, the others follow it.
//  - Otherwise nobody can win: look again.
#pragma once

#include <cstdint>
#include <map>

namespace leasesim::zookeeper {

struct Election {
  std::map<int64_t, int64_t> looking;  // myid -> last zxid, this server included
  std::map<int64_t, int64_t> serving;  // myid -> the leader it serves (its own myid if leading)

  enum class Outcome { follow, lead, again };
  struct Decision {
    Outcome outcome = Outcome::again;
    int64_t leader = 0;
  };

  Decision decide(int64_t self, int64_t quorum) const {
    std::map<int64_t, int64_t> named;  // leader -> servers naming it
    for (const auto& [id, leader] : serving) ++named[leader];
    for (const auto& [leader, count] : named) {
      const auto own = serving.find(leader);
      if (count >= quorum && own != serving.end() && own->second == leader) return {Outcome::follow, leader};
    }
    if (static_cast<int64_t>(looking.size()) < quorum) return {};
    int64_t best = 0;
    int64_t best_zxid = -1;
    for (const auto& [id, zxid] : looking) {
      if (zxid > best_zxid || (zxid == best_zxid && id > best)) {
        best = id;
        best_zxid = zxid;
      }
    }
    return {best == self ? Outcome::lead : Outcome::follow, best};
  }
};

}  // namespace leasesim::zookeeper
