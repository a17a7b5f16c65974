// stale_read: no leader may serve a read under a lease that a newer leader's election has
// already made void (a Raft leader lease: etcd ReadOnlyLeaseBased, TiKV, sofa-jraft lease read).
//
// A leader serves reads locally while it believes its lease: lease_believed(term, until its own
// clock reaches `until`), ended by lease_dropped, expiry_learned or a crash. A newer leader's
// election is its lock_held of a higher session (the term) on any lock. From that instant every
// lease of an older term is void: a read served under it may miss a write the newer leader
// committed. The window is the span during which such a read would be served, exact on the old
// leader's clock whatever the read rate: it is lease_safety's window with "the grantor expired
// the lease" read as "a newer term was elected", so the checker feeds a LeaseSafetyChecker those
// expiries and nothing else of the grantor's vocabulary.
#pragma once

#include <vector>

#include "checkers/lease_safety.h"

namespace leasesim::checkers {

class StaleReadChecker final : public Checker, private HorizonListener {
 public:
  StaleReadChecker(sim::Trace& trace, LeaseSafetyChecker::ClockOf clock_of);

  std::string_view name() const override { return "stale_read"; }
  void on_event(const sim::TraceEvent& e) override;
  sim::KindSet kinds() const override;
  sim::Instant horizon() const override { return inner_.horizon(); }
  void advance_to(sim::Instant t) override;
  void finish(sim::Instant end) override;

 private:
  void horizon_moved() override { Checker::horizon_moved(); }
  void void_older(sim::NodeId n, sim::Instant t);
  void sync();

  LeaseSafetyChecker inner_;
  uint64_t newest_term_ = 0;    // the highest term any leader was elected in so far
  std::vector<uint64_t> term_;  // per node: the term of the lease it believes (0: none)
};

}  // namespace leasesim::checkers
