// view_agreement: no two nodes may answer different contents for the same version of a
// replicated view (the membership tracker: two trackers answering different member lists for
// one group version). A node reports each answer it gives as a `state` event named
// "view VERSION: CONTENT" (peer: whom it answered). The first content answered for a version
// is the reference; a node answering another content for it opens a window against itself
// (`other`: the node that answered first), which closes when it next answers another version
// or the reference content, or when it crashes. A window that would end at its own start
// leaves nothing behind.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "checkers/checker.h"

namespace leasesim::checkers {

class ViewAgreementChecker final : public Checker {
 public:
  explicit ViewAgreementChecker(sim::Trace& trace);

  std::string_view name() const override { return "view_agreement"; }
  void on_event(const sim::TraceEvent& e) override;
  sim::KindSet kinds() const override;
  sim::Instant horizon() const override;
  void advance_to(sim::Instant t) override;
  void finish(sim::Instant end) override;

  // "view 3: active [db1]" -> {3, "active [db1]"}; nothing for any other name.
  static std::optional<std::pair<int64_t, std::string>> parse(std::string_view text);

 private:
  struct Window {
    uint64_t version = 0;
    sim::NodeId other = sim::kNoNode;
    sim::Instant start;
    bool announced = false;
  };
  void close(sim::NodeId node, sim::Instant t, bool cut_by_run_end);

  sim::Trace& trace_;
  std::map<int64_t, std::pair<std::string, sim::NodeId>> first_;  // version -> reference content, by whom
  std::map<sim::NodeId, Window> open_;
  sim::Symbol sym_name_;
};

}  // namespace leasesim::checkers
