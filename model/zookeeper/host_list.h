// The C client's walk through its server list (zookeeper.c's addrvec cursor). An attempt takes
// the next server (zoo_cycle_next_server -> addrvec_next, wrapping at the end). A failure
// (handle_error) notes whether the cursor stood at the end of the list, which makes the next
// zookeeper_interest wait recv_timeout/60 first ("Delaying connection after exhaustively trying
// all servers"), and, in 3.5 - 3.9.5, advances the cursor once more (ZOOKEEPER-2466), so that the
// attempt after it skips a server. The Java client's StaticHostProvider is simpler and lives in
// client.cpp.
#pragma once

#include <cstddef>

#include "model/zookeeper/params.h"

namespace leasesim::zookeeper {

class CHostList {
 public:
  CHostList(size_t count, CCursor cursor) : count_(count), cursor_(cursor) {}

  // The server of the next attempt.
  size_t next() {
    if (next_ >= count_) next_ = 0;
    return next_++;
  }
  // A failure of the current server; true if the next attempt must first wait.
  bool fail() {
    const bool delay = next_ >= count_;
    if (cursor_ == CCursor::zookeeper_2466) next();
    return delay;
  }
  void reset() { next_ = 0; }

 private:
  size_t count_;
  CCursor cursor_;
  size_t next_ = 0;
};

}  // namespace leasesim::zookeeper
