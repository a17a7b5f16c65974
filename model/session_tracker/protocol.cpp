#include "model/session_tracker/protocol.h"

#include <vector>

#include "checkers/lease_safety.h"
#include "checkers/lock_safety.h"
#include "checkers/session_liveness.h"
#include "model/session_tracker/client.h"
#include "model/session_tracker/fields.h"
#include "model/session_tracker/messages.h"
#include "model/session_tracker/params.h"
#include "model/session_tracker/server.h"

namespace leasesim::session_tracker {
namespace {

using fields::DurationRule;

const FieldList<SessionTrackerParams>& tracker_fields() {
  using P = SessionTrackerParams;
  std::vector<Field<P>> list = {
      fields::duration("session_timeout", &P::session_timeout, DurationRule::positive,
                       "the owner expires a session after this long without a heartbeat, through a committed close",
                       "the design discussion's HTTP tracker: \"the default session timeout is 10 seconds\""),
      fields::duration("heartbeat_interval", &P::heartbeat_interval, DurationRule::period,
                       "how often a client sends a heartbeat to its session's owner (seen by the owner only, never replicated)",
                       "a reading: about a third of the session timeout, as ZooKeeper clients ping"),
      fields::duration("connection_timeout", &P::connection_timeout, DurationRule::positive,
                       "a client with no answer from its server for this long stops believing its session and revalidates it "
                       "at the next server",
                       "a reading: half the session timeout (ZooKeeper's C client gives up after two thirds)"),
  };
  for (Field<P>& f : group_fields<P>()) list.push_back(std::move(f));
  static const FieldList<P> kFields(std::move(list));
  return kFields;
}

class TrackerDeployment final : public Deployment {
 public:
  TrackerDeployment(const SessionTrackerParams& params, Nodes& nodes) : keeps_log_(params.restart_keeps_log) {
    std::vector<sim::NodeId> servers;
    for (const std::string& s : nodes.of_role("server")) servers.push_back(nodes.id(s));
    group_.servers = servers;
    const std::vector<std::string>& clients = nodes.of_role("client");
    for (const std::string& c : clients) {
      const sim::NodeId id = nodes.id(c);
      if (id >= group_.client_names.size()) group_.client_names.resize(id + 1);
      group_.client_names[id] = c;
    }
    disks_.resize(servers.size());
    for (size_t i = 0; i < servers.size(); ++i) {
      nodes.boot(servers[i], [this, params, i](sim::Context& ctx) {
        return std::make_unique<Server>(ctx, params, group_, disks_[i]);
      });
    }
    for (size_t i = 0; i < clients.size(); ++i) {
      nodes.boot(nodes.id(clients[i]), [params, servers, i](sim::Context& ctx) {
        return std::make_unique<Client>(ctx, params, servers, i + 1);
      });
    }
  }
  void before_restart(sim::NodeId node, const Params*) override { restart_disk(group_, disks_, keeps_log_, node); }

 private:
  Group group_;
  std::vector<Disk> disks_;  // by position in `servers`: what a restart keeps
  bool keeps_log_;
};

class TrackerProtocol final : public ProtocolOf<SessionTrackerParams> {
 public:
  std::string kind() const override { return "session_tracker"; }
  std::string summary() const override {
    return "decentralised session tracking on a replicated group: owners see heartbeats, the leader expires orphans "
           "not revalidated in time (the design discussion of a javazab session tracker)";
  }
  std::vector<Role> roles() const override { return {{"servers", "server", {}}, {"clients", "client", {}}}; }
  std::vector<std::string> messages() const override { return message_names(); }
  std::vector<CheckerSpec> checkers() const override {
    return {
        // A client believes its session while its owner answers: lease safety under another name.
        {"session_safety", false,
         [](sim::Trace& t, const ClockOf& clock_of, const Params&) {
           return std::make_unique<checkers::LeaseSafetyChecker>(t, clock_of, "session_safety");
         }},
        // Each owner holds its session as a lock while it answers it: two owners at once.
        {"single_owner", false,
         [](sim::Trace& t, const ClockOf&, const Params&) {
           return std::make_unique<checkers::LockSafetyChecker>(t, "single_owner");
         }},
        // An orphan nobody revalidates and nobody expires; grace: one sync round for the close to commit.
        {"session_liveness", true,
         [](sim::Trace& t, const ClockOf&, const Params& p) {
           return std::make_unique<checkers::SessionLivenessChecker>(t, params_of<SessionTrackerParams>(p).sync_interval);
         }},
    };
  }
  std::string example() const override {
    return R"(# scenarios/session_tracker/healthy.yaml without its description
duration: 30s
protocol: {kind: session_tracker}
servers: [s1, s2, s3]
clients: [c1, c2]
expect:
  session_safety: holds
)";
  }
  std::unique_ptr<Deployment> deploy(const Params& params, Nodes& nodes) const override {
    return std::make_unique<TrackerDeployment>(params_of<SessionTrackerParams>(params), nodes);
  }

 protected:
  const FieldList<SessionTrackerParams>& fields() const override { return tracker_fields(); }
};

}  // namespace

std::unique_ptr<Protocol> protocol() { return std::make_unique<TrackerProtocol>(); }

}  // namespace leasesim::session_tracker
