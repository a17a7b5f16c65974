// The `faults:` section: a list of items, each `at` plus exactly one fault key whose map holds
// the fault's own settings (`for`, `count` and the message selectors live inside that map).
// Each kind reads its own map (harness/fault_kind.h).
#include <algorithm>

#include "harness/fault_kind.h"
#include "harness/load_context.h"
#include "harness/scenario_loader.h"
#include "leasesim/protocol.h"

namespace leasesim::harness {
namespace {

// Keys that belong inside a fault's map (every kind's settings but those named like a kind: a
// `clock` beside `at` is the clock fault); written beside `at` they get a pointed message.
const std::vector<std::string>& inner_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    auto add = [&out](const FaultSetting& s) {
      if (find_fault_kind(s.key) == nullptr && std::find(out.begin(), out.end(), s.key) == out.end()) out.push_back(s.key);
    };
    for (const FaultSetting& s : common_settings()) add(s);
    for (const FaultKind* k : fault_table()) {
      for (const FaultSetting& s : k->settings()) add(s);
    }
    return out;
  }();
  return keys;
}

// Where `key`, written beside `at`, belongs: in the item's own kind if that kind takes it, else
// in the first kind that does.
std::string example(const std::string& key, const std::vector<std::string>& present) {
  const FaultKind* kind = present.empty() ? nullptr : find_fault_kind(present[0]);
  if (kind == nullptr || kind->setting(key) == nullptr) {
    for (const FaultKind* k : fault_table()) {
      if (k->setting(key) != nullptr) {
        kind = k;
        break;
      }
    }
  }
  const FaultSetting* node = kind->setting("node");
  const bool names_node = node != nullptr && node->required && key != "node";
  return "`" + kind->key() + ": {" + (names_node ? "node: follower-1, " : "") + key + ": " + (key == "for" ? "5s" : "...") + "}`";
}

}  // namespace

const std::vector<std::string>& fault_kinds() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const FaultKind* k : fault_table()) out.push_back(k->key());
    return out;
  }();
  return keys;
}

Fault load_fault(const Value& item, const LoadContext& ctx) {
  std::vector<std::string> keys = {at_setting().key};
  if (ctx.ranges != nullptr) keys.insert(keys.end(), {"min", "max"});
  keys.insert(keys.end(), fault_kinds().begin(), fault_kinds().end());
  std::vector<std::string> accepted = keys;
  accepted.insert(accepted.end(), inner_keys().begin(), inner_keys().end());
  const MapReader m(item, accepted, "a fault: `at` and one fault key");
  std::vector<std::string> present;
  for (const std::string& k : fault_kinds()) {
    if (m.has(k)) present.push_back(k);
  }
  for (const std::string& inner : inner_keys()) {
    if (auto v = m.get(inner)) v->fail("'" + inner + "' belongs inside the fault's own map, e.g. " + example(inner, present));
  }
  if (present.empty()) item.fail("a fault needs one of " + join(fault_kinds()));
  if (present.size() > 1) item.fail("one fault per item; this one has " + join(present, " and "));

  Fault f;
  f.pos = item.pos();
  at_setting().read(m.require(at_setting().key), f, ctx);
  find_fault_kind(present[0])->read(m.require(present[0]), ctx, f);
  return f;
}

std::vector<Fault> load_faults(const Value& v, const LoadContext& ctx) {
  std::vector<Fault> out;
  if (v.node().IsNull()) return out;  // `faults:` with nothing: no faults
  if (v.is_list() && v.node().size() > kMaxFaults) {
    v.fail(std::to_string(v.node().size()) + " faults; a scenario may have at most " + std::to_string(kMaxFaults));
  }
  for (const Value& item : v.items("a list of faults")) out.push_back(load_fault(item, ctx));
  return out;
}

}  // namespace leasesim::harness
