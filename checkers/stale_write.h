// stale_write: no write may be accepted from a holder whose lease its grantor has expired (the
// damage a wrong belief does, where lease_safety reports the belief itself: the risk). Fed by a
// fenced resource's write_accepted events (include/leasesim/fenced_resource.h): a write carries
// its writer's lease epoch, and that epoch is expired from the grantor's lease_expired until
// it grants it again. Each such write is a finding at the instant it was accepted (a window of
// no length), reported against the writer with the resource as `other`.
#pragma once

#include <map>
#include <set>
#include <utility>

#include "checkers/checker.h"

namespace leasesim::checkers {

class StaleWriteChecker final : public Checker {
 public:
  explicit StaleWriteChecker(sim::Trace& trace);

  std::string_view name() const override { return "stale_write"; }
  void on_event(const sim::TraceEvent& e) override;
  sim::KindSet kinds() const override;
  void finish(sim::Instant) override {}

 private:
  sim::Trace& trace_;
  std::set<std::pair<sim::NodeId, uint64_t>> expired_;  // (holder, epoch)
  sim::Symbol sym_name_;
};

}  // namespace leasesim::checkers
