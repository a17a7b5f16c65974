// What every fault kind does the same way with its settings: reading them in the order they
// are listed, writing its own before the common ones, and looking kinds up in the table.
#include "harness/fault_kind.h"

#include "harness/load_context.h"

namespace leasesim::harness {

FaultKind::FaultKind(std::string key, sim::FaultClass c, std::string summary, std::vector<FaultSetting> settings,
                     std::string rule)
    : key_(std::move(key)), class_(c), summary_(std::move(summary)), settings_(std::move(settings)), rule_(std::move(rule)) {}

const FaultSetting* FaultKind::setting(const std::string& key) const {
  for (const FaultSetting& s : settings_) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

std::vector<std::string> FaultKind::keys(const Protocol& /*p*/) const {
  std::vector<std::string> out;
  for (const FaultSetting& s : settings_) out.push_back(s.key);
  return out;
}

void FaultKind::read(const Value& body, const LoadContext& ctx, Fault& f) const {
  const std::string expected = "the " + key_ + " fault's settings";
  const MapReader m(body, keys(*ctx.protocol), expected.c_str());
  f.action = blank();
  for (const FaultSetting& s : settings_) {
    if (!s.read) continue;
    if (const std::optional<Value> v = m.get(s.key)) {
      s.read(*v, f, ctx);
    } else if (s.required) {
      (void)m.require(s.key);  // fails: a missing key
    }
  }
  check(m, f, ctx);
}

std::vector<std::pair<std::string, std::string>> FaultKind::write(const Fault& f, const Protocol& p) const {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](bool common) {
    for (const FaultSetting& s : settings_) {
      if (s.common != common) continue;
      if (std::string v = s.write(f); !v.empty()) out.emplace_back(s.key, std::move(v));
    }
  };
  add(false);
  for (auto& pair : write_more(f, p)) out.push_back(std::move(pair));
  add(true);
  return out;
}

std::string FaultKind::describe(const Fault& f, const Protocol& p) const {
  std::string out = describe_action(f, p);
  for (const FaultSetting& s : settings_) {
    if (!s.common) continue;
    if (const std::string v = s.write(f); !v.empty()) out += " " + s.key + " " + v;
  }
  return out;
}

const FaultKind& kind_of(const Fault& f) { return *fault_table()[f.action.index()]; }

const FaultKind* find_fault_kind(const std::string& key) {
  for (const FaultKind* k : fault_table()) {
    if (k->key() == key) return k;
  }
  return nullptr;
}

const FaultSetting* rangeable_setting(const Fault& f, const std::string& key) {
  const FaultSetting* s = key == at_setting().key ? &at_setting() : kind_of(f).setting(key);
  return s != nullptr && s->range ? s : nullptr;
}

}  // namespace leasesim::harness
