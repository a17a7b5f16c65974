// How a node's messages travel, as the node sees it: it attaches to receive, sends, and names
// message kinds for its trace records. The simulated network (sim/network.h) implements it with
// drawn delays and fault rules; a second runtime can implement it on sockets. Faults on the way
// are not the node's business: they are the NetworkFaults side (sim/network_faults.h).
#pragma once

#include "sim/message.h"
#include "sim/trace.h"

namespace leasesim::sim {

class Receiver {
 public:
  virtual void receive(const Message& m) = 0;
  // The connection to `peer` was refused or reset (see Transport::refuse).
  virtual void connection_reset(NodeId /*peer*/) {}
  // A message from `from` will arrive soon: start loading what receiving it touches, in two
  // steps as EventTarget::prefetch (at step 0 the receiver's first 128 bytes are loaded). A
  // hint only: it changes nothing.
  virtual void prefetch_receive(NodeId /*from*/, int /*step*/) const {}

 protected:
  ~Receiver() = default;
};

class Transport {
 public:
  // `receiver` gets every message sent to `node` from now on.
  virtual void attach(NodeId node, Receiver* receiver) = 0;
  // Sends `m` (its id is the transport's to set). REQUIRES: both ends attached.
  virtual void send(Message m) = 0;
  // `m` reached a node that is down: with connections, its sender hears of it (an RST, told to
  // the sender's Receiver::connection_reset); without, nothing happens.
  virtual void refuse(const Message& m) = 0;
  // The trace's name of a message kind. REQUIRES: k is one of the protocol's kinds.
  virtual Symbol message_symbol(MessageKind k) const = 0;
  // `node` will run an event soon: start loading what its sends look up first. Called at the
  // node's step 0 (EventTarget::prefetch), with nothing read ahead of it. A hint only.
  virtual void prefetch_sends(NodeId /*node*/) const {}

 protected:
  ~Transport() = default;
};

}  // namespace leasesim::sim
