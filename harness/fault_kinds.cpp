// The fault kinds that act on one node (stall_timers, pause, restart, clock), and the table
// (fault_kind.h) of every kind, the network ones being in fault_kinds_network.cpp.
#include "harness/fault_parts.h"

namespace leasesim::harness {
namespace fault_parts {
namespace {

class StallTimers final : public NodeFault<StallTimersFault> {
 public:
  StallTimers()
      : NodeFault("stall_timers", sim::FaultClass::stall_timers,
                  "the node's timers that fall due wait until the stall ends (a stuck timer thread); messages are still "
                  "handled",
                  {node_setting<StallTimersFault>(), lasts()}) {}

 private:
  std::string text_of(const StallTimersFault& s, const Protocol& /*p*/) const override { return key() + " " + s.node; }
  void apply(const StallTimersFault& s, const Fault& /*f*/, FaultRun& run) const override { runtime(s, run).begin_stall(); }
  void undo(const StallTimersFault& s, FaultRun& run) const override { runtime(s, run).end_stall(); }
};

class Pause final : public NodeFault<PauseFault> {
 public:
  Pause()
      : NodeFault("pause", sim::FaultClass::pause,
                  "the whole node stops (a GC pause, SIGSTOP, a suspended laptop): timers, deliveries and connection "
                  "breaks wait until it ends",
                  {node_setting<PauseFault>(), lasts(), clock()}) {}

 private:
  static FaultSetting clock() {
    FaultSetting s{.key = "clock",
                   .type = "`runs` | `stops`",
                   .default_text = "`runs`",
                   .meaning = "`stops`: the node's clock does not count the pause (a monotonic clock on a suspended "
                              "machine)"};
    s.read = [](const Value& v, Fault& f, const LoadContext&) {
      action<PauseFault>(f).clock = v.choice({"runs", "stops"}) == 0 ? PauseClock::runs : PauseClock::stops;
    };
    s.write = [](const Fault& f) { return std::string(action<PauseFault>(f).clock == PauseClock::stops ? "stops" : ""); };
    return s;
  }

  std::string text_of(const PauseFault& p, const Protocol& /*p*/) const override {
    return key() + " " + p.node + (p.clock == PauseClock::stops ? " (clock stops)" : "");
  }
  void apply(const PauseFault& p, const Fault& /*f*/, FaultRun& run) const override {
    runtime(p, run).begin_pause(p.clock == PauseClock::stops);
  }
  void undo(const PauseFault& p, FaultRun& run) const override { runtime(p, run).end_pause(p.clock == PauseClock::stops); }
};

// Besides its node and downtime, a restart says what the protocol's own restart settings say
// (Protocol::restart_keys).
class Restart final : public NodeFault<RestartFault> {
 public:
  Restart()
      : NodeFault("restart", sim::FaultClass::restart,
                  "the node crashes at `at` and starts again, a fresh process, after `for`; the protocol may take "
                  "settings of its own",
                  {node_setting<RestartFault>(), lasts("the downtime: the node starts again this long after its crash")}) {}

  std::vector<std::string> keys(const Protocol& p) const override {
    std::vector<std::string> out = FaultKind::keys(p);
    for (const std::string& k : p.restart_keys()) out.push_back(k);
    return out;
  }

 private:
  void check_of(const MapReader& m, RestartFault& r, const LoadContext& ctx) const override {
    r.options = ctx.protocol->read_restart(m, r.node, ctx);
  }
  std::vector<std::pair<std::string, std::string>> more_of(const RestartFault& r, const Protocol& p) const override {
    return p.write_restart(r.options.get(), r.node);
  }
  std::string text_of(const RestartFault& r, const Protocol& p) const override {
    std::string options;
    for (const auto& [key, value] : p.write_restart(r.options.get(), r.node)) {
      options += (options.empty() ? "" : ", ") + key + ": " + value;
    }
    const std::string s = key() + " " + r.node;
    return options.empty() ? s : s + " (" + options + ")";
  }
  void apply(const RestartFault& r, const Fault& /*f*/, FaultRun& run) const override {
    const sim::NodeId id = run.target.node_id(r.node);
    if (!run.target.node(id).up()) return;
    run.target.node(id).crash();
    // Its sockets close with it: the connection of every peer it ever talked to breaks (a node
    // it never talked to had none).
    for (sim::NodeId peer : run.target.network().peers_of(id)) {
      if (peer != id) run.state.broken.emplace_back(peer, id);
    }
  }
  void undo(const RestartFault& r, FaultRun& run) const override {
    const sim::NodeId id = run.target.node_id(r.node);
    run.target.deployment().before_restart(id, r.options.get());
    if (!run.target.node(id).up()) run.target.node(id).restart();
  }
};

// A step change: it starts and never ends.
class ClockStep final : public NodeFault<ClockFault> {
 public:
  ClockStep()
      : NodeFault("clock", sim::FaultClass::clock, "from `at` on, a new rate and/or a step of the node's clock",
                  {node_setting<ClockFault>(),
                   ranged_number({.key = "drift_ppm",
                                  .type = "ppm, -999,999.999 to 1,000,000",
                                  .default_text = "unchanged",
                                  .meaning = "the clock's new rate from `at` on"},
                                 RangeUnit::ppb, ShrinkToward::zero_magnitude,
                                 [](auto& f) -> auto& { return action<ClockFault>(f).drift_ppm; },
                                 [](const Value& x, const LoadContext&) { return x.ppm(kMinDriftPpb, kMaxDriftPpb); }),
                   ranged_number({.key = "jump",
                                  .type = "duration (may be negative)",
                                  .default_text = "none",
                                  .meaning = "a step of the clock's reading at `at` (an NTP step: `-5s`)"},
                                 RangeUnit::time, ShrinkToward::zero_magnitude,
                                 [](auto& f) -> auto& { return action<ClockFault>(f).jump; },
                                 [](const Value& x, const LoadContext&) { return x.duration(); })},
                  "at least one of `drift_ppm` and `jump`") {}

 private:
  void check_of(const MapReader& m, ClockFault& c, const LoadContext& /*ctx*/) const override {
    if (!c.drift_ppm && !c.jump) m.self().fail("needs `drift_ppm` (a new rate) or `jump` (a step), or both");
  }
  std::string text_of(const ClockFault& c, const Protocol& /*p*/) const override {
    std::string s = key() + " " + c.node;
    if (c.drift_ppm) s += " drift " + text(*c.drift_ppm) + "ppm";
    if (c.jump) s += " jump " + format_duration(*c.jump);
    return s;
  }
  void apply(const ClockFault& c, const Fault& /*f*/, FaultRun& run) const override {
    sim::NodeControl& n = runtime(c, run);
    if (c.drift_ppm) n.set_drift(c.drift_ppm->ppb);
    if (c.jump) n.jump_clock(*c.jump);
    run.state.ended = true;  // a step: nothing to undo
  }
};

}  // namespace

template <>
const FaultKind& entry<StallTimersFault>() {
  static const StallTimers k;
  return k;
}
template <>
const FaultKind& entry<PauseFault>() {
  static const Pause k;
  return k;
}
template <>
const FaultKind& entry<RestartFault>() {
  static const Restart k;
  return k;
}
template <>
const FaultKind& entry<ClockFault>() {
  static const ClockStep k;
  return k;
}

}  // namespace fault_parts

namespace {

template <size_t... I>
std::vector<const FaultKind*> table_of(std::index_sequence<I...> /*alternatives*/) {
  return {&fault_parts::entry<std::variant_alternative_t<I, FaultAction>>()...};
}

}  // namespace

const std::vector<const FaultKind*>& fault_table() {
  static const std::vector<const FaultKind*> table = table_of(std::make_index_sequence<std::variant_size_v<FaultAction>>());
  return table;
}

const FaultSetting& at_setting() {
  static const FaultSetting at = fault_parts::ranged_number(
      {.key = "at", .type = "instant, 0s <= at < duration", .meaning = "when the fault starts", .required = true},
      RangeUnit::time, ShrinkToward::zero, [](auto& f) -> auto& { return f.at; },
      [](const Value& x, const LoadContext& ctx) { return ctx.instant(x); });
  return at;
}

const std::vector<FaultSetting>& common_settings() {
  static const std::vector<FaultSetting> common = {fault_parts::lasts(), fault_parts::count()};
  return common;
}

}  // namespace leasesim::harness
