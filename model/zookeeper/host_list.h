// The C client's walk through its server list (zookeeper.c, 3.8). A new handle starts in
// zookeeper.c's reconfig mode: zookeeper_init resolves the list with update_addrs against an
// empty one, so every server is "new". Until the handle's first connection an attempt takes
// the next server of that list in order (zoo_cycle_next_server -> get_next_server_in_reconfig),
// until it is exhausted; the first connection (finalize_session_establishment) or the
// exhaustion ends the mode. From then on an attempt takes the next server of the main cursor
// (addrvec_next, wrapping at the end). A failure (handle_error), in either mode, notes whether
// the main cursor stood at the end of the list, which makes the next zookeeper_interest wait
// recv_timeout/60 first ("Delaying connection after exhaustively trying all servers"), and,
// in 3.5 - 3.9.5, advances the main cursor once more (ZOOKEEPER-2466), so that after the first
// connection an attempt skips a server. The orders measured with Debian's libzookeeper-mt 3.8.0
// are the table of docs/zookeeper-model.md ("Reconnection and the C client's server list"),
// which tests/model/zookeeper_units_test.cpp replays. The Java client's StaticHostProvider is
// simpler and lives in client.cpp.
#pragma once

#include <cstddef>

#include "model/zookeeper/params.h"

namespace leasesim::zookeeper {

class CHostList {
 public:
  CHostList(size_t count, CCursor cursor) : count_(count), cursor_(cursor) {}

  // The server of the next attempt.
  size_t next() { return fresh_next_ < count_ ? fresh_next_++ : advance(); }
  // A failure of the current server; true if the next attempt must first wait.
  bool fail() {
    const bool delay = next_ >= count_;
    if (cursor_ == CCursor::zookeeper_2466) advance();
    return delay;
  }
  // The handle's session was established on the current server.
  void connected() { fresh_next_ = count_; }
  // A new handle.
  void reset() {
    next_ = 0;
    fresh_next_ = 0;
  }

 private:
  size_t advance() {
    if (next_ >= count_) next_ = 0;
    return next_++;
  }

  size_t count_;
  CCursor cursor_;
  size_t next_ = 0;        // the main cursor (zh->addrs)
  size_t fresh_next_ = 0;  // the reconfig mode's cursor (zh->addrs_new); count_ once the mode ends (zh->reconfig 0)
};

}  // namespace leasesim::zookeeper
