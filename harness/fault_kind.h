// The fault kinds, described once. Each kind of fault (`delay`, `pause`, ...) is one FaultKind in
// one table (fault_table(), in the order of FaultAction's alternatives), and that entry is all
// there is to know about it:
//  - its YAML key, what it does, and its settings: each setting's key, type, default and
//    meaning, how it is read from YAML and written back, and, when an explore template may
//    give it as a range [lo, hi], its unit and how shrinking makes it smaller;
//  - how it acts on a running world at its start and how that is undone at its end;
//  - the node it acts on and its FaultClass (for the trace), and its description: the text the
//    trace records for it (interned and hashed: changing it moves every trace hash).
// The loader, the scenario writer, explore's ranged fields, shrink, the fault injector, the
// descriptions in reports and `leasesim help faults` (and so the docs' fault tables) all read
// this table; none of them knows a fault kind or its settings by name. A `restart` fault's
// settings for the protocol come from the protocol (Protocol::restart_keys), as they always did.
// The entries: fault_kinds_network.cpp and fault_kinds.cpp, built of fault_parts.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/fault_target.h"
#include "harness/scenario.h"
#include "sim/network_faults.h"
#include "sim/trace.h"

namespace leasesim::harness {

struct LoadContext;
class MapReader;
class Value;

// How `explore` draws a setting given as [lo, hi]: `time` in nanoseconds (an instant or a
// duration), in whole milliseconds when both ends are whole milliseconds; `count` and `ppb`
// (billionths of a ppm) as integers.
enum class RangeUnit { time, count, ppb };

// What `shrink` makes a setting's value smaller toward.
enum class ShrinkToward {
  zero,
  one,
  least_positive,  // 1ms when the value is a whole number of milliseconds, else 1ns
  zero_magnitude,  // its size toward zero, keeping its sign (a drift, a clock step)
};

// A setting explore may draw and shrink may make smaller, as a number in its unit.
struct Rangeable {
  RangeUnit unit;
  ShrinkToward shrink;
  std::function<std::optional<int64_t>(const Fault&)> get;  // nothing: not set in this fault
  std::function<void(Fault&, int64_t)> set;
};

// A key of a fault kind's map (or `at`, beside it).
struct FaultSetting {
  std::string key = {};
  std::string type = {};          // as the docs and `leasesim help faults` show it
  std::string default_text = {};  // what leaving it out means; empty for a required one
  std::string meaning = {};
  bool required = false;
  // A field of the Fault itself (`count`, `for`) rather than of its action: written, and
  // described, after the kind's own settings.
  bool common = false;
  // Reads the value into the fault, whose action already holds this kind. Null when the kind
  // reads it itself, after every setting (its shape depends on another setting's).
  std::function<void(const Value&, Fault&, const LoadContext&)> read = {};
  // The value as YAML; empty leaves the key out.
  std::function<std::string(const Fault&)> write = {};
  std::optional<Rangeable> range = {};
};

// What a fault keeps in a running world from its start to its end. The injector owns one per
// fault and undoes, at the end, the rule, partition and cuts recorded here.
struct FaultState {
  bool started = false;
  bool ended = false;
  sim::NetworkFaults::RuleId rule = 0;
  sim::NetworkFaults::PartitionId partition = 0;
  std::vector<std::pair<sim::NodeId, sim::NodeId>> cuts;    // links cut until the end
  std::vector<std::pair<sim::NodeId, sim::NodeId>> broken;  // connections broken at the start
};

// A fault acting on a run (simulated or live): the run, the scenario's protocol (its message
// kinds), the fault's place in the schedule (the owner of its network rule) and its state.
struct FaultRun {
  FaultTarget& target;
  const Protocol& protocol;
  size_t index;
  FaultState& state;
};

class FaultKind {
 public:
  virtual ~FaultKind() = default;
  FaultKind(const FaultKind&) = delete;
  FaultKind& operator=(const FaultKind&) = delete;

  const std::string& key() const { return key_; }
  const std::string& summary() const { return summary_; }  // what it does
  // How its settings go together, when "these are required" does not say it all; or empty.
  const std::string& rule() const { return rule_; }
  sim::FaultClass fault_class() const { return class_; }
  const std::vector<FaultSetting>& settings() const { return settings_; }
  // The setting named `key`, or null.
  const FaultSetting* setting(const std::string& key) const;

  // The keys its map accepts with protocol `p`, in the order messages list them.
  virtual std::vector<std::string> keys(const Protocol& p) const;
  // Reads the fault's map into `f` (f.at is read by the caller).
  void read(const Value& body, const LoadContext& ctx, Fault& f) const;
  // Its map as YAML pairs: its own settings, then the protocol's (a restart), then `count` and
  // `for`. REQUIRES: f is of this kind.
  std::vector<std::pair<std::string, std::string>> write(const Fault& f, const Protocol& p) const;
  // The fault as the trace and the reports name it. REQUIRES: f is of this kind.
  std::string describe(const Fault& f, const Protocol& p) const;
  // The node it acts on, or empty (a network fault).
  virtual std::string node(const Fault& f) const = 0;
  // Applies the fault to run.target at its start; at its end (the injector having removed the
  // rule, partition and cuts in run.state), undoes what else it did.
  virtual void start(const Fault& f, FaultRun& run) const = 0;
  virtual void end(const Fault& f, FaultRun& run) const = 0;

 protected:
  FaultKind(std::string key, sim::FaultClass c, std::string summary, std::vector<FaultSetting> settings,
            std::string rule = "");
  // An action of this kind with nothing set, for read to fill in.
  virtual FaultAction blank() const = 0;
  // After every setting was read: what spans settings, and the settings read here.
  virtual void check(const MapReader& m, Fault& f, const LoadContext& ctx) const = 0;
  // Pairs written between its own settings and the common ones (a restart's protocol settings).
  virtual std::vector<std::pair<std::string, std::string>> write_more(const Fault& f, const Protocol& p) const = 0;
  // The description without `count` and `for`.
  virtual std::string describe_action(const Fault& f, const Protocol& p) const = 0;

 private:
  std::string key_;
  sim::FaultClass class_;
  std::string summary_;
  std::vector<FaultSetting> settings_;
  std::string rule_;
};

// Every fault kind, in the order of FaultAction's alternatives.
const std::vector<const FaultKind*>& fault_table();
const FaultKind& kind_of(const Fault& f);
// The kind whose key is `key`, or null.
const FaultKind* find_fault_kind(const std::string& key);
// `at`, the setting every fault item has beside its kind's key.
const FaultSetting& at_setting();
// The settings of the Fault itself that kinds take (`for`, `count`), in the order of its fields.
const std::vector<FaultSetting>& common_settings();
// The setting `key` of `f` that explore may draw (`at` or one of its kind's), or null.
const FaultSetting* rangeable_setting(const Fault& f, const std::string& key);

}  // namespace leasesim::harness
