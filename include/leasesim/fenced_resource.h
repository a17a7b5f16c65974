// A fenced resource, usable by every protocol: a node that lease holders write to, each write
// carrying the fencing token its writer was granted (an epoch, a zxid, a lock's sequence
// number). With fencing it rejects a token older than the newest it accepted (Kleppmann: a
// write with token 33 is rejected once one with 34 was accepted); without, it accepts every
// write. The trace shows each write as `write_accepted` or `write_rejected` on the resource
// (peer: the writer; id: the writer's lease epoch; a: the token), and the `stale_write` checker
// reports every write accepted from a holder whose lease its grantor had already expired: the
// damage, beside the belief window (the risk).
//
// A protocol opts in by listing resource_role() among its roles (scenarios then name the
// resource nodes under `resources:`, none by default), booting a FencedResource on each with the
// message kind it gave writes, and having its holders send writes (write_body) with their
// tokens. A scenario with resources runs stale_write beside the protocol's own checkers.
#pragma once

#include <cstdint>

#include "leasesim/protocol.h"
#include "sim/actor.h"

namespace leasesim {

// The role of resource nodes: `resources: [store]` in a scenario, optional.
Role resource_role();

// What a holder sends the resource: its lease epoch and its token.
inline sim::MessageBody write_body(uint64_t epoch, int64_t token) { return {static_cast<int64_t>(epoch), token, 0, 0}; }

class FencedResource final : public sim::Actor {
 public:
  // `write_kind` is the protocol's message kind for writes (body: write_body).
  FencedResource(sim::Context& ctx, sim::MessageKind write_kind, bool fencing);

  void on_start() override {}
  void on_timer(uint64_t) override {}
  void on_message(const sim::Message& m) override;

 private:
  sim::Context& ctx_;
  sim::MessageKind write_kind_;
  bool fencing_;
  int64_t newest_ = INT64_MIN;  // the newest token accepted (fencing)
};

// The checker of accepted stale writes.
CheckerSpec stale_write_checker();

// The `fencing` parameter of a protocol that uses the fenced resource: described here once,
// since it means the same in every protocol (what the resource's constructor is given).
template <class P>
Field<P> fencing_field(bool P::*member) {
  return fields::flag("fencing", member,
                      "whether the resources refuse a token older than the newest they accepted; `false`: they accept every write",
                      "Kleppmann, \"How to do distributed locking\" (fencing tokens)");
}

}  // namespace leasesim
