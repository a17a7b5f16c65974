#include "model/membership_tracker/protocol.h"

#include <string>
#include <vector>

#include "checkers/change_notice.h"
#include "checkers/lease_safety.h"
#include "checkers/lock_safety.h"
#include "checkers/view_agreement.h"
#include "model/membership_tracker/admin.h"
#include "model/membership_tracker/member.h"
#include "model/membership_tracker/params.h"
#include "model/session_tracker/fields.h"
#include "model/session_tracker/server.h"

namespace leasesim::membership_tracker {
namespace {

using fields::DurationRule;
using P = MembershipParams;

// A list of durations by a role's positions (`timeouts: [10s, 20s]`).
Field<P> duration_list(std::string key, std::vector<Duration> P::*member, std::string meaning, std::string source) {
  return {{std::move(key), "list of durations >= 0", "", std::move(meaning), std::move(source)},
          [member](const Value& v, P& p, const LoadContext&) {
            (p.*member).clear();
            for (const Value& item : v.items("a list of durations")) (p.*member).push_back(item.non_negative_duration());
          },
          [member](const P& p) {
            if ((p.*member).empty()) return std::string();
            std::vector<std::string> items;
            for (Duration d : p.*member) items.push_back(sim::format_duration(d));
            return yaml_list(items);
          }};
}

const FieldList<P>& membership_fields() {
  std::vector<Field<P>> list = {
      fields::duration<P>("session_timeout", &P::session_timeout, DurationRule::positive,
                          "the default timeout of a join without `?timeout=`: the member's owner removes it (a committed "
                          "close, one more group version) after this long without a heartbeat",
                          "the design discussion: \"say the default session timeout is 10 seconds\""),
      duration_list("timeouts", &P::timeouts,
                    "each member's `?timeout=`, by its position in `group_members` (absent or 0: session_timeout)",
                    "the design discussion's workflow: db2 joins with `?timeout=20`"),
      fields::duration<P>("heartbeat_interval", &P::heartbeat_interval, DurationRule::period,
                          "how often a member sends HEAD to its tracker (answered with the group version; seen by the "
                          "owner only, never replicated)",
                          "a reading: the discussion gives none; a third of the default timeout, as ZooKeeper clients ping"),
      fields::duration<P>("connection_timeout", &P::connection_timeout, DurationRule::positive,
                          "a member with no answer from its tracker for this long PUTs again (revalidates) at the next one",
                          "a reading: half the default timeout, as the session tracker's clients"),
      duration_list("join_at", &P::join_at, "when each member first PUTs, by its position in `group_members` (absent: at 0)",
                    "the scenario's own schedule (the discussion's workflow joins db1, then db2)"),
      fields::integer<P>("join_tracker", &P::join_tracker, 1, 64,
                         "the tracker (by its position in `trackers`, 1 the first, the leader) every member PUTs to first; "
                         "it then moves down the list",
                         "the design discussion's workflow sends everything to tracker1"),
      fields::choice<P, MemberBelief>(
          "member_belief", &P::member_belief,
          {{"until_timeout", MemberBelief::until_timeout}, {"until_told", MemberBelief::until_told}},
          "how long a member believes it is in the group, by its own clock: `until_timeout`: until its last answered "
          "heartbeat's (or PUT's) send time + its timeout - belief_margin; `until_told`: until a tracker answers it was "
          "removed",
          "a reading: the discussion says no more than that the tracker removes a member after its timeout"),
      fields::duration<P>("belief_margin", &P::belief_margin, DurationRule::non_negative,
                          "how much earlier than send time + timeout a member stops believing (room for its clock running "
                          "slow against the trackers')",
                          "a reading (Redlock's clock-drift allowance); 0 trusts the member's clock"),
      fields::duration<P>("configure_at", &P::configure_at, DurationRule::non_negative,
                          "when each admin PUTs a configuration for every member, in order, then for the group",
                          "the design discussion's second workflow: configure db1 and db2 (db2 before it joins), then the "
                          "group"),
      fields::duration<P>("notice_grace", &P::notice_grace, DurationRule::non_negative,
                          "change_notice reports a member that learns of a change later than heartbeat_interval + this "
                          "after the change committed",
                          "a reading of \"db1 finds out the group change in the next heartbeat\": the commit's flight to the "
                          "owner and the answer's back, a few 1 ms messages"),
  };
  for (Field<P>& f : session_tracker::group_fields<P>()) list.push_back(std::move(f));
  static const FieldList<P> kFields(std::move(list));
  return kFields;
}

class MembershipDeployment final : public Deployment {
 public:
  MembershipDeployment(const P& params, Nodes& nodes) : keeps_log_(params.restart_keeps_log) {
    std::vector<sim::NodeId> trackers;
    for (const std::string& s : nodes.of_role("tracker")) trackers.push_back(nodes.id(s));
    group_.servers = trackers;
    group_.membership = true;
    const std::vector<std::string>& members = nodes.of_role("group member");
    std::vector<sim::NodeId> member_ids;
    for (size_t i = 0; i < members.size(); ++i) {
      const sim::NodeId id = nodes.id(members[i]);
      member_ids.push_back(id);
      if (id >= group_.client_names.size()) {
        group_.client_names.resize(id + 1);
        group_.timeouts.resize(id + 1);
      }
      group_.client_names[id] = members[i];
      group_.timeouts[id] = i < params.timeouts.size() ? params.timeouts[i] : Duration{};
    }
    disks_.resize(trackers.size());
    const session_tracker::SessionTrackerParams& group_params = params;
    for (size_t i = 0; i < trackers.size(); ++i) {
      nodes.boot(trackers[i], [this, group_params, i](sim::Context& ctx) {
        return std::make_unique<session_tracker::Server>(ctx, group_params, group_, disks_[i]);
      });
    }
    const size_t first = static_cast<size_t>(params.join_tracker - 1) % trackers.size();
    for (size_t i = 0; i < members.size(); ++i) {
      const Duration timeout = group_.timeout_of(member_ids[i], params.session_timeout);
      const Duration join_at = i < params.join_at.size() ? params.join_at[i] : Duration{};
      nodes.boot(member_ids[i], [params, trackers, first, timeout, join_at](sim::Context& ctx) {
        return std::make_unique<Member>(ctx, params, trackers, first, timeout, join_at);
      });
    }
    for (const std::string& a : nodes.of_role("admin")) {
      nodes.boot(nodes.id(a), [params, tracker = trackers[first], member_ids](sim::Context& ctx) {
        return std::make_unique<Admin>(ctx, params, tracker, member_ids);
      });
    }
  }
  void before_restart(sim::NodeId node, const Params*) override {
    session_tracker::restart_disk(group_, disks_, keeps_log_, node);
  }

 private:
  session_tracker::Group group_;
  std::vector<session_tracker::Disk> disks_;  // by position in `trackers`: what a restart keeps
  bool keeps_log_;
};

class MembershipProtocol final : public ProtocolOf<P> {
 public:
  std::string kind() const override { return "membership_tracker"; }
  std::string summary() const override {
    return "the HTTP group membership tracker on the session tracker: members join (PUT), heartbeat (HEAD, answered "
           "with the group version), read (GET) and leave by silence; configuration is persistent";
  }
  std::vector<Role> roles() const override {
    return {{"trackers", "tracker", {}}, {"group_members", "group member", {}}, {"admins", "admin", {}, true}};
  }
  std::vector<std::string> messages() const override {
    return {"Join",    "Joined",  "Head", "HeadAnswer", "Unavailable", "Removed",   "Request",   "Reject",    "Propose",
            "Ack",     "Commit",  "Sync", "SyncAck",    "Touch",       "Get",       "GetAnswer", "PutConfig", "Configured"};
  }
  std::vector<CheckerSpec> checkers() const override {
    return {
        // A member believes it is in the group (by its own clock) after the trackers removed it.
        {"membership_safety", false,
         [](sim::Trace& t, const ClockOf& clock_of, const Params&) {
           return std::make_unique<checkers::LeaseSafetyChecker>(t, clock_of, "membership_safety");
         }},
        // Two trackers owning (answering the heartbeats of) one member's session at once.
        {"single_owner", false,
         [](sim::Trace& t, const ClockOf&, const Params&) {
           return std::make_unique<checkers::LockSafetyChecker>(t, "single_owner");
         }},
        // Two trackers answering different member lists (or configurations) for one version.
        {"view_agreement", false,
         [](sim::Trace& t, const ClockOf&, const Params&) { return std::make_unique<checkers::ViewAgreementChecker>(t); }},
        // A member learning of a change later than a heartbeat interval (and a grace) after it.
        {"change_notice", true,
         [](sim::Trace& t, const ClockOf&, const Params& p) {
           const P& mp = params_of<P>(p);
           return std::make_unique<checkers::ChangeNoticeChecker>(t, mp.heartbeat_interval + mp.notice_grace);
         }},
    };
  }
  std::string example() const override {
    return R"(# scenarios/membership_tracker/seed-workflow.yaml without its description
duration: 30s
protocol: {kind: membership_tracker, timeouts: [10s, 20s]}
trackers: [tracker1, tracker2, tracker3]
group_members: [db1, db2]
faults:
  - at: 1s
    restart: {node: db2}
expect:
  membership_safety: holds
)";
  }
  std::unique_ptr<Deployment> deploy(const Params& params, Nodes& nodes) const override {
    return std::make_unique<MembershipDeployment>(params_of<P>(params), nodes);
  }

 protected:
  const FieldList<P>& fields() const override { return membership_fields(); }
  // A view names its members in a 63-bit set of node ids (trackers first, then members, then
  // admins: server.cpp), so a larger group would drop members from what view_agreement compares.
  void check(const MapReader& m, P&, const LoadContext& ctx) const override {
    constexpr size_t kMostNodes = 63;
    const size_t nodes = ctx.role("tracker").size() + ctx.role("group member").size() + ctx.role("admin").size();
    if (nodes > kMostNodes) {
      m.self().fail("a membership tracker scenario holds at most " + std::to_string(kMostNodes) +
                    " nodes (trackers, group members and admins together, as a view names them in one 63-bit set); this one has " +
                    std::to_string(nodes));
    }
  }
};

}  // namespace

std::unique_ptr<Protocol> protocol() { return std::make_unique<MembershipProtocol>(); }

}  // namespace leasesim::membership_tracker
