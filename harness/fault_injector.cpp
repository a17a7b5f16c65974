#include "harness/fault_injector.h"

#include "harness/load_context.h"
#include "harness/world.h"
#include "leasesim/protocol.h"
#include "sim/duration_text.h"

namespace leasesim::harness {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::string any_if_empty(const std::string& s) { return s.empty() ? "*" : s; }

std::string describe_selector(const Selector& s) {
  std::string out = any_if_empty(s.from) + "->" + any_if_empty(s.to);
  if (!s.message.empty()) out += " " + s.message;
  return out;
}

}  // namespace

FaultInjector::FaultInjector(World& world, const std::vector<Fault>& faults)
    : world_(world), faults_(faults), active_(faults.size()) {
  for (const Fault& f : faults_) descriptions_.push_back(world_.trace().intern(describe(f)));
  world_.network().on_rule_exhausted([this](uint64_t owner) {
    if (!active_[owner].ended) {
      active_[owner].ended = true;
      trace_fault(owner, false);
    }
  });
}

void FaultInjector::schedule() {
  sim::Simulator& sim = world_.simulator();
  const sim::Instant run_end{world_.scenario().duration.ns};
  for (size_t i = 0; i < faults_.size(); ++i) {
    sim.schedule_at(faults_[i].at, this, i * 2);
    if (faults_[i].lasts) {
      const sim::Instant end = sim::saturating_add(faults_[i].at, *faults_[i].lasts);
      if (end < run_end) sim.schedule_at(end, this, i * 2 + 1);
    }
  }
}

void FaultInjector::on_event(uint64_t arg) {
  const size_t i = arg / 2;
  if (arg % 2 == 0) {
    start(i);
  } else {
    end(i);
  }
}

sim::MessageSelector FaultInjector::selector(const Selector& s) const {
  sim::MessageSelector out;
  if (!s.from.empty()) out.from = world_.node_id(s.from);
  if (!s.to.empty()) out.to = world_.node_id(s.to);
  if (!s.message.empty()) {
    const std::vector<std::string> names = world_.scenario().protocol.protocol->messages();
    for (size_t k = 0; k < names.size(); ++k) {
      if (names[k] == s.message) out.kind = static_cast<int32_t>(k);
    }
  }
  return out;
}

void FaultInjector::trace_fault(size_t i, bool starting) {
  const Fault& f = faults_[i];
  world_.trace().record({world_.simulator().now(), starting ? sim::EventKind::fault_start : sim::EventKind::fault_end,
                         node_of(f), sim::kNoNode, descriptions_[i], i, 0, static_cast<int64_t>(class_of(f))});
}

void FaultInjector::start(size_t i) {
  const Fault& f = faults_[i];
  Active& a = active_[i];
  a.started = true;
  trace_fault(i, true);
  sim::Network& net = world_.network();
  const int64_t remaining = f.count ? *f.count : -1;
  std::vector<std::pair<sim::NodeId, sim::NodeId>> broken;  // connections the fault breaks
  std::visit(Overloaded{
                 [&](const DelayFault& d) {
                   a.rule = net.add_rule({sim::RuleAction::delay, selector(d.select), d.extra, remaining, i});
                 },
                 [&](const DropFault& d) {
                   a.rule = net.add_rule({sim::RuleAction::drop, selector(d.select), {}, remaining, i});
                 },
                 [&](const DuplicateFault& d) {
                   a.rule = net.add_rule({sim::RuleAction::duplicate, selector(d.select), d.extra, remaining, i});
                 },
                 [&](const DisconnectFault& d) {
                   const sim::NodeId from = world_.node_id(d.from);
                   const sim::NodeId to = world_.node_id(d.to);
                   a.cuts.emplace_back(from, to);
                   if (d.both_ways) a.cuts.emplace_back(to, from);
                   broken.emplace_back(from, to);
                 },
                 [&](const PartitionFault& p) {
                   std::vector<std::vector<sim::NodeId>> groups;
                   for (const std::vector<std::string>& g : p.groups) {
                     groups.emplace_back();
                     for (const std::string& n : g) groups.back().push_back(world_.node_id(n));
                   }
                   a.partition = net.add_partition(groups);
                 },
                 [&](const StallTimersFault& s) { world_.node(world_.node_id(s.node)).begin_stall(); },
                 [&](const PauseFault& p) {
                   world_.node(world_.node_id(p.node)).begin_pause(p.clock == PauseClock::stops);
                 },
                 [&](const RestartFault& r) {
                   const sim::NodeId id = world_.node_id(r.node);
                   if (!world_.node(id).up()) return;
                   world_.node(id).crash();
                   // Its sockets close with it: the connection of every peer it ever talked to
                   // breaks (a node it never talked to had none).
                   for (sim::NodeId peer : net.peers_of(id)) {
                     if (peer != id) broken.emplace_back(peer, id);
                   }
                 },
                 [&](const ClockFault& c) {
                   sim::NodeRuntime& n = world_.node(world_.node_id(c.node));
                   if (c.drift_ppm) n.set_drift(c.drift_ppm->ppb);
                   if (c.jump) n.jump_clock(*c.jump);
                   a.ended = true;  // a step: nothing to undo
                 },
             },
             f.action);
  for (const auto& [from, to] : a.cuts) net.cut(from, to);
  for (const auto& [x, y] : broken) {
    // A disconnect breaks the connection at both ends; a crash leaves only the survivors to see it.
    world_.node(x).connection_lost(y);
    if (world_.node(y).up()) world_.node(y).connection_lost(x);
  }
}

void FaultInjector::end(size_t i) {
  const Fault& f = faults_[i];
  Active& a = active_[i];
  if (a.ended) return;  // a counted rule that was used up ended then
  a.ended = true;
  trace_fault(i, false);
  sim::Network& net = world_.network();
  if (a.rule != 0) net.remove_rule(a.rule);
  if (a.partition != 0) net.remove_partition(a.partition);
  for (const auto& [from, to] : a.cuts) net.heal(from, to);
  std::visit(Overloaded{
                 [&](const StallTimersFault& s) { world_.node(world_.node_id(s.node)).end_stall(); },
                 [&](const PauseFault& p) { world_.node(world_.node_id(p.node)).end_pause(p.clock == PauseClock::stops); },
                 [&](const RestartFault& r) {
                   const sim::NodeId id = world_.node_id(r.node);
                   world_.deployment().before_restart(id, r.options.get());
                   if (!world_.node(id).up()) world_.node(id).restart();
                 },
                 [](const auto&) {},
             },
             f.action);
}

sim::NodeId FaultInjector::node_of(const Fault& f) const {
  return std::visit(Overloaded{
                        [&](const StallTimersFault& s) { return world_.node_id(s.node); },
                        [&](const PauseFault& p) { return world_.node_id(p.node); },
                        [&](const RestartFault& r) { return world_.node_id(r.node); },
                        [&](const ClockFault& c) { return world_.node_id(c.node); },
                        [](const auto&) { return sim::kNoNode; },
                    },
                    f.action);
}

sim::FaultClass FaultInjector::class_of(const Fault& f) const {
  return std::visit(Overloaded{
                        [](const StallTimersFault&) { return sim::FaultClass::stall_timers; },
                        [](const PauseFault&) { return sim::FaultClass::pause; },
                        [](const RestartFault&) { return sim::FaultClass::restart; },
                        [](const ClockFault&) { return sim::FaultClass::clock; },
                        [](const auto&) { return sim::FaultClass::network; },
                    },
                    f.action);
}

std::string FaultInjector::describe(const Fault& f) const {
  std::string out = std::visit(
      Overloaded{
          [](const DelayFault& d) { return "delay " + describe_selector(d.select) + " +" + sim::format_duration(d.extra); },
          [](const DropFault& d) { return "drop " + describe_selector(d.select); },
          [](const DuplicateFault& d) {
            return "duplicate " + describe_selector(d.select) + " +" + sim::format_duration(d.extra);
          },
          [](const DisconnectFault& d) { return "disconnect " + d.from + (d.both_ways ? "<->" : "->") + d.to; },
          [](const PartitionFault& p) {
            std::string s = "partition";
            for (size_t g = 0; g < p.groups.size(); ++g) s += (g == 0 ? " [" : " | [") + join(p.groups[g]) + "]";
            return s;
          },
          [](const StallTimersFault& s) { return "stall_timers " + s.node; },
          [](const PauseFault& p) { return "pause " + p.node + (p.clock == PauseClock::stops ? " (clock stops)" : ""); },
          [this](const RestartFault& r) {
            std::string s = "restart " + r.node;
            std::string options;
            for (const auto& [key, value] : world_.scenario().protocol.protocol->write_restart(r.options.get(), r.node)) {
              options += (options.empty() ? "" : ", ") + key + ": " + value;
            }
            return options.empty() ? s : s + " (" + options + ")";
          },
          [](const ClockFault& c) {
            std::string s = "clock " + c.node;
            if (c.drift_ppm) s += " drift " + sim::format_decimal(c.drift_ppm->ppb, 3) + "ppm";
            if (c.jump) s += " jump " + sim::format_duration(*c.jump);
            return s;
          },
      },
      f.action);
  if (f.count) out += " count " + std::to_string(*f.count);
  if (f.lasts) out += " for " + sim::format_duration(*f.lasts);
  return out;
}

}  // namespace leasesim::harness
