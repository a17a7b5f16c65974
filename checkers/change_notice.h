// change_notice (a report, not a safety violation): a member that learns of a change of its
// group later than `bound` after the change (the membership tracker: one heartbeat interval
// and a grace; "db1 finds out the group change in the next heartbeat"). The trace speaks of
// versions in `state` events: "group version N" (the change, committed) and "learned version
// N" (a member told version N or later). Members are the nodes believing a lease (from
// lease_believed until its end, lease_dropped, expiry_learned or a crash): each change finds
// them owing it; a report opens at the change + bound, at an instant where nothing may happen, and closes
// when the member learns a version that new, or leaves the group.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <utility>
#include <string_view>

#include "checkers/checker.h"

namespace leasesim::checkers {

class ChangeNoticeChecker final : public Checker {
 public:
  ChangeNoticeChecker(sim::Trace& trace, sim::Duration bound);

  std::string_view name() const override { return "change_notice"; }
  bool liveness() const override { return true; }
  void on_event(const sim::TraceEvent& e) override;
  sim::KindSet kinds() const override;
  sim::Instant horizon() const override;
  void advance_to(sim::Instant t) override;
  void finish(sim::Instant end) override;

  // The N of "PREFIX N", if `text` is exactly that.
  static std::optional<int64_t> number_after(std::string_view text, std::string_view prefix);

 private:
  struct Owed {  // what a member has not learned yet
    std::map<int64_t, sim::Instant> due;  // version -> its change + bound
    bool open = false;                    // a report is open, for `version`, since `since`
    int64_t version = 0;
    sim::Instant since;
  };
  void leave(sim::NodeId node, sim::Instant t);
  void close(sim::NodeId node, Owed& o, sim::Instant t, bool cut_by_run_end);
  // Every member that could open a report (none open, something owed), by the due instant of
  // the oldest version it owes: the horizon and each advance read the front instead of every
  // member. Whoever changes an Owed's `open` or `due` unindexes it before and indexes it after.
  static bool waiting(const Owed& o) { return !o.open && !o.due.empty(); }
  void unindex(sim::NodeId m, const Owed& o) {
    if (waiting(o)) waiting_.erase({o.due.begin()->second, m});
  }
  void index(sim::NodeId m, const Owed& o) {
    if (waiting(o)) waiting_.insert({o.due.begin()->second, m});
  }

  sim::Trace& trace_;
  sim::Duration bound_;
  std::map<sim::NodeId, sim::Instant> members_;  // believing, until (virtual, as its clock read at the belief)
  std::map<sim::NodeId, int64_t> learned_;
  std::map<sim::NodeId, Owed> owed_;
  std::set<std::pair<sim::Instant, sim::NodeId>> waiting_;
  sim::Symbol sym_name_;
};

}  // namespace leasesim::checkers
