// What carries a live run's messages from one node to another once the transport has let them
// go: loopback sockets (live/socket_wire.h), or, in tests of the fault rules, a direct call.
// Whatever carries them hands each one back to TcpTransport::arrived.
#pragma once

#include "sim/message.h"

namespace leasesim::live {

class Wire {
 public:
  // `reset`: not a message but an RST from m.from to m.to.
  virtual void carry(const sim::Message& m, bool reset) = 0;

 protected:
  ~Wire() = default;
};

}  // namespace leasesim::live
