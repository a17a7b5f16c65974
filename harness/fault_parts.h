// The parts fault kinds are built of (fault_kinds.cpp, fault_kinds_network.cpp): how a
// setting is read, written and ranged, the settings several kinds share (`for`, `count`, the
// message selectors, `node`, `extra`), worded once here, and the typed base of a kind.
// Private to those two files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/fault_kind.h"
#include "harness/load_context.h"
#include "harness/scenario_writer.h"
#include "leasesim/protocol.h"
#include "sim/duration_text.h"

namespace leasesim::harness::fault_parts {

using sim::format_duration;

// The YAML text of a setting's value; empty for an unset optional one.
inline std::string text(Duration d) { return format_duration(d); }
inline std::string text(Instant t) { return format_duration({t.ns}); }
inline std::string text(int64_t n) { return std::to_string(n); }
inline std::string text(sim::Ppm p) { return sim::format_decimal(p.ppb, 3); }
template <class X>
std::string text(const std::optional<X>& x) {
  return x ? text(*x) : std::string();
}

template <class X>
std::optional<int64_t> raw_of(const X& x) {
  return raw(x);
}
template <class X>
std::optional<int64_t> raw_of(const std::optional<X>& x) {
  return x ? std::optional<int64_t>(raw(*x)) : std::nullopt;
}

inline void assign(Duration& d, int64_t v) { d = Duration{v}; }
inline void assign(Instant& t, int64_t v) { t = Instant{v}; }
inline void assign(int64_t& n, int64_t v) { n = v; }
inline void assign(sim::Ppm& p, int64_t v) { p = sim::Ppm{v}; }
template <class X>
void assign(std::optional<X>& x, int64_t v) {
  X value{};
  assign(value, v);
  x = value;
}

// A number an explore template may give as [lo, hi]. `field(f)` is where it lives in a Fault
// (a generic lambda, for const and mutable faults alike); `parse` reads one value, and each
// end of a range.
template <class Field, class Parse>
FaultSetting ranged_number(FaultSetting doc, RangeUnit unit, ShrinkToward shrink, Field field, Parse parse) {
  doc.read = [key = doc.key, field, parse](const Value& v, Fault& f, const LoadContext& ctx) {
    field(f) = ranged(v, ctx, key, [&](const Value& x) { return parse(x, ctx); });
  };
  doc.write = [field](const Fault& f) { return text(field(f)); };
  doc.range = Rangeable{unit, shrink, [field](const Fault& f) { return raw_of(field(f)); },
                        [field](Fault& f, int64_t v) { assign(field(f), v); }};
  return doc;
}

inline FaultSetting lasts(std::string meaning) {
  return ranged_number({.key = "for",
                        .type = "positive duration",
                        .default_text = "to the end of the run",
                        .meaning = std::move(meaning),
                        .common = true},
                       RangeUnit::time, ShrinkToward::least_positive, [](auto& f) -> auto& { return f.lasts; },
                       [](const Value& x, const LoadContext&) { return x.positive_duration(); });
}
inline FaultSetting lasts() { return lasts("how long the fault lasts: it covers [at, at + for)"); }

inline FaultSetting count() {
  return ranged_number({.key = "count",
                        .type = "integer >= 1",
                        .default_text = "unlimited",
                        .meaning = "only the next `count` messages the fault changes; the fault ends when it is used up",
                        .common = true},
                       RangeUnit::count, ShrinkToward::one, [](auto& f) -> auto& { return f.count; },
                       [](const Value& x, const LoadContext&) { return x.integer(1, INT64_MAX); });
}

template <class T>
auto& action(Fault& f) {
  return std::get<T>(f.action);
}
template <class T>
const auto& action(const Fault& f) {
  return std::get<T>(f.action);
}

// A name kept in the action (a node, a message kind), checked by `read`; unset (empty), it is
// not written. `where(a)` is where it lives in the action.
template <class T, class Where>
FaultSetting name(FaultSetting doc, Where where, std::string (LoadContext::*read)(const Value&) const) {
  doc.read = [where, read](const Value& v, Fault& f, const LoadContext& ctx) { where(action<T>(f)) = (ctx.*read)(v); };
  doc.write = [where](const Fault& f) {
    const std::string& n = where(action<T>(f));
    return n.empty() ? n : yaml_scalar(n);
  };
  return doc;
}

template <class T>
FaultSetting node_setting() {
  return name<T>({.key = "node", .type = "node", .meaning = "the node the fault acts on", .required = true},
                 [](auto& a) -> auto& { return a.node; }, &LoadContext::node);
}

// `from`, `to` and `message`: which messages a message fault changes.
template <class T>
std::vector<FaultSetting> selectors() {
  FaultSetting to = name<T>({.key = "to", .type = "node", .default_text = "any", .meaning = "selector: the receiving node (not the same as `from`)"},
                            [](auto& a) -> auto& { return a.select.to; }, &LoadContext::node);
  to.read = [read = to.read](const Value& v, Fault& f, const LoadContext& ctx) {
    read(v, f, ctx);
    const Selector& s = action<T>(f).select;
    if (!s.from.empty() && s.from == s.to) v.fail("'from' and 'to' are the same node; no message goes from a node to itself");
  };
  return {name<T>({.key = "from", .type = "node", .default_text = "any", .meaning = "selector: the sending node"},
                  [](auto& a) -> auto& { return a.select.from; }, &LoadContext::node),
          to,
          name<T>({.key = "message", .type = "message kind", .default_text = "any", .meaning = "selector: the message's kind"},
                  [](auto& a) -> auto& { return a.select.message; }, &LoadContext::message)};
}

template <class T>
FaultSetting extra(std::string meaning) {
  return ranged_number({.key = "extra", .type = "duration >= 0", .meaning = std::move(meaning), .required = true},
                       RangeUnit::time, ShrinkToward::zero, [](auto& f) -> auto& { return action<T>(f).extra; },
                       [](const Value& x, const LoadContext&) { return x.non_negative_duration(); });
}

inline std::vector<FaultSetting> operator+(std::vector<FaultSetting> a, const std::vector<FaultSetting>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// A kind whose action is a T: the typed side of FaultKind.
template <class T>
class FaultKindOf : public FaultKind {
 public:
  std::string node(const Fault& f) const final { return node_of(action<T>(f)); }
  void start(const Fault& f, FaultRun& run) const final { apply(action<T>(f), f, run); }
  void end(const Fault& f, FaultRun& run) const final { undo(action<T>(f), run); }

 protected:
  using FaultKind::FaultKind;
  virtual std::string text_of(const T& a, const Protocol& p) const = 0;
  virtual void apply(const T& a, const Fault& f, FaultRun& run) const = 0;
  virtual void undo(const T& /*a*/, FaultRun& /*run*/) const {}
  virtual std::string node_of(const T& /*a*/) const { return {}; }
  virtual void check_of(const MapReader& /*m*/, T& /*a*/, const LoadContext& /*ctx*/) const {}
  virtual std::vector<std::pair<std::string, std::string>> more_of(const T& /*a*/, const Protocol& /*p*/) const { return {}; }

 private:
  FaultAction blank() const final { return T{}; }
  void check(const MapReader& m, Fault& f, const LoadContext& ctx) const final { check_of(m, action<T>(f), ctx); }
  std::vector<std::pair<std::string, std::string>> write_more(const Fault& f, const Protocol& p) const final {
    return more_of(action<T>(f), p);
  }
  std::string describe_action(const Fault& f, const Protocol& p) const final { return text_of(action<T>(f), p); }
};

// A fault that acts on one node.
template <class T>
class NodeFault : public FaultKindOf<T> {
 protected:
  using FaultKindOf<T>::FaultKindOf;
  std::string node_of(const T& a) const override { return a.node; }
  sim::NodeControl& runtime(const T& a, FaultRun& run) const { return run.target.node(run.target.node_id(a.node)); }
};

// The table's entries: one per alternative of FaultAction, defined beside their kinds (one
// left out fails to link).
template <class T>
const FaultKind& entry();
template <>
const FaultKind& entry<DelayFault>();
template <>
const FaultKind& entry<DropFault>();
template <>
const FaultKind& entry<DuplicateFault>();
template <>
const FaultKind& entry<DisconnectFault>();
template <>
const FaultKind& entry<PartitionFault>();
template <>
const FaultKind& entry<StallTimersFault>();
template <>
const FaultKind& entry<PauseFault>();
template <>
const FaultKind& entry<RestartFault>();
template <>
const FaultKind& entry<ClockFault>();

}  // namespace leasesim::harness::fault_parts
