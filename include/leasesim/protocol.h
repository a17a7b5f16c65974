// A protocol, as leasesim runs it: the plug-in interface. A protocol lives in a folder of its
// own (model/<name>/ for the ones leasesim ships, a user's own project for theirs) and says
// everything the harness needs to know about it, so that the harness names no protocol:
//  - its `kind` (the scenario's `protocol: {kind: ...}`) and a one-line summary;
//  - its node roles: the top-level lists a scenario gives (`followers: [...]`) and the nodes
//    always present (`master`), which fix the order of node ids;
//  - its parameters, described once (params.h), and what a `restart` fault may say of it;
//  - its message kinds (what `message:` selectors and traces name);
//  - the checkers it runs (safety and liveness), built from its parameters;
//  - how a run is deployed: which actor boots on which node, what state outlives a restart;
//  - whether its nodes talk over connections (TCP: streams in order, a crashed node refuses);
//  - which of its `state` events the timelines draw as bands, in which colours.
// A Registry holds the protocols a binary knows; leasesim's own binary registers the ones it
// ships (model/registry.cpp), and a user's binary adds its own (cli.h).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checkers/checker.h"
#include "leasesim/params.h"
#include "sim/actor.h"
#include "sim/clock.h"
#include "sim/state_bands.h"

namespace leasesim {

// A role: the top-level key listing its nodes (empty for a role of fixed nodes only), the word
// for one of them in messages, and the nodes it always has.
struct Role {
  std::string key;       // "followers"
  std::string singular;  // "follower"
  std::vector<std::string> fixed;
  bool optional = false;  // a scenario may leave the list out (or empty)
};

using ClockOf = std::function<const sim::Clock&(sim::NodeId)>;

struct CheckerSpec {
  std::string name;
  bool liveness = false;  // a report, not a safety violation
  std::function<std::unique_ptr<checkers::Checker>(sim::Trace&, const ClockOf&, const Params&)> make;
};

using ActorFactory = std::function<std::unique_ptr<sim::Actor>(sim::Context&)>;

// The nodes of a run, as a protocol deploys onto them.
class Nodes {
 public:
  virtual sim::NodeId id(const std::string& name) const = 0;
  // The nodes of a role, in the order the scenario lists them (fixed nodes first).
  virtual const std::vector<std::string>& of_role(const std::string& singular) const = 0;
  // `make` builds the node's actor now and after every restart; it starts at time zero.
  virtual void boot(sim::NodeId node, ActorFactory make) = 0;

 protected:
  ~Nodes() = default;
};

// A run of a protocol beyond its actors: the state its nodes persist (which survives a crash)
// and what a restart does to it.
class Deployment {
 public:
  virtual ~Deployment() = default;
  // `node` is about to start again after a crash; `options` are the restart fault's own
  // settings for this protocol (restart_keys), or null.
  virtual void before_restart(sim::NodeId /*node*/, const Params* /*options*/) {}
};

class Protocol {
 public:
  virtual ~Protocol() = default;

  virtual std::string kind() const = 0;
  virtual std::string summary() const = 0;
  virtual std::vector<Role> roles() const = 0;
  virtual std::vector<std::string> messages() const = 0;
  virtual std::vector<CheckerSpec> checkers() const = 0;
  virtual bool connection_oriented() const { return false; }

  virtual std::vector<std::string> param_keys() const = 0;
  // REQUIRES: `m` was read with param_keys() (and `kind`) as its known keys.
  virtual std::shared_ptr<const Params> read_params(const MapReader& m, const LoadContext& ctx) const = 0;
  virtual std::vector<std::pair<std::string, std::string>> write_params(const Params& p) const = 0;
  virtual std::vector<FieldDoc> param_docs() const = 0;

  // Keys a `restart` fault may give besides `node` and `for`, for this protocol.
  virtual std::vector<std::string> restart_keys() const { return {}; }
  virtual std::shared_ptr<const Params> read_restart(const MapReader& /*m*/, const std::string& /*node*/,
                                                     const LoadContext& /*ctx*/) const {
    return nullptr;
  }
  // The restart fault's settings as YAML pairs (`options` may be null: the defaults).
  virtual std::vector<std::pair<std::string, std::string>> write_restart(const Params* /*options*/,
                                                                         const std::string& /*node*/) const {
    return {};
  }

  virtual std::unique_ptr<Deployment> deploy(const Params& params, Nodes& nodes) const = 0;

  // A short scenario, for `leasesim help scenario` (YAML, no description).
  virtual std::string example() const { return {}; }

  // The bands the HTML timeline and the Perfetto trace draw from this protocol's `state`
  // events (sim/state_bands.h). The default draws none: its states stay hoverable events.
  virtual std::vector<sim::StateBand> state_bands() const { return {}; }

  // Bytes a node of this protocol may take in a run, for the memory estimate.
  virtual uint64_t bytes_per_node() const { return 4096; }
};

// A protocol whose parameters are the struct P, described by a FieldList<P>; `check` validates
// across fields after every key was read (failing at the key concerned).
template <class P>
class ProtocolOf : public Protocol {
 public:
  std::vector<std::string> param_keys() const override { return fields().keys(); }
  std::shared_ptr<const Params> read_params(const MapReader& m, const LoadContext& ctx) const override {
    P p;
    fields().read(m, p, ctx);
    check(m, p, ctx);
    return std::make_shared<ParamsOf<P>>(std::move(p));
  }
  std::vector<std::pair<std::string, std::string>> write_params(const Params& p) const override {
    return fields().write(params_of<P>(p));
  }
  std::vector<FieldDoc> param_docs() const override { return fields().docs(); }

 protected:
  virtual const FieldList<P>& fields() const = 0;
  virtual void check(const MapReader& /*m*/, P& /*p*/, const LoadContext& /*ctx*/) const {}
};

class Registry {
 public:
  void add(std::unique_ptr<Protocol> p);
  const Protocol* find(const std::string& kind) const;
  std::vector<std::string> kinds() const;
  std::vector<const Protocol*> all() const;

 private:
  std::vector<std::unique_ptr<Protocol>> protocols_;
};

// The protocols leasesim itself ships (model/registry.cpp).
void add_builtin_protocols(Registry& r);

// The registry scenarios are loaded against: the built-in protocols unless a binary installed
// its own (cli_main does). REQUIRES for use_registry: before any scenario is loaded; `r`
// outlives every use.
const Registry& registry();
void use_registry(const Registry& r);

}  // namespace leasesim
