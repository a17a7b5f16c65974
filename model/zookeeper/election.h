// One round of Fast Leader Election as this model plays it (FastLeaderElection.lookForLeader,
// simplified to one exchange of notifications and a decision after finalizeWait): what a LOOKING
// server heard, and what it decides.
//  - If a quorum of the servers out of the election (FOLLOWING or LEADING) name one leader, and
//    that leader itself says it leads, join it (the "outofelection" quorum and checkLeader).
//  - Otherwise, if a quorum of servers is looking (this one included), the one with the highest
//    (current epoch, last zxid, myid) wins (totalOrderPredicate): it leads, the others follow it.
//  - Otherwise nobody can win: look again.
#pragma once

#include <cstdint>
#include <map>

namespace leasesim::zookeeper {

struct Election {
  struct Standing {
    int64_t epoch = 0;  // the epoch it last accepted (currentEpoch)
    int64_t zxid = 0;   // its last logged transaction
    auto operator<=>(const Standing&) const = default;
  };
  std::map<int64_t, Standing> looking;  // myid -> standing, this server included
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
    Standing best_standing{-1, -1};
    for (const auto& [id, standing] : looking) {
      if (standing > best_standing || (standing == best_standing && id > best)) {
        best = id;
        best_standing = standing;
      }
    }
    return {best == self ? Outcome::lead : Outcome::follow, best};
  }
};

}  // namespace leasesim::zookeeper
