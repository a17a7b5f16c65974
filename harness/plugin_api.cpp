// The non-template parts of the plug-in API (include/leasesim/): reading a duration field, and
// the Registry.
#include <algorithm>

#include "leasesim/protocol.h"
#include "sim/require.h"

namespace leasesim {

namespace fields {

Duration read_duration(const Value& v, DurationRule rule) {
  if (rule == DurationRule::non_negative) return v.non_negative_duration();
  const Duration d = v.positive_duration();
  if (rule == DurationRule::period && d < Duration::millis(1)) {
    v.fail(v.node().Scalar() + " is shorter than 1ms: the model repeats an action at this period (a resend, a timer's round), " +
           "more than a thousand times per simulated second");
  }
  return d;
}

}  // namespace fields

void Registry::add(std::unique_ptr<Protocol> p) {
  LS_REQUIRE(p != nullptr && find(p->kind()) == nullptr && "one protocol per kind");
  protocols_.push_back(std::move(p));
}

const Protocol* Registry::find(const std::string& kind) const {
  for (const auto& p : protocols_) {
    if (p->kind() == kind) return p.get();
  }
  return nullptr;
}

std::vector<std::string> Registry::kinds() const {
  std::vector<std::string> out;
  for (const auto& p : protocols_) out.push_back(p->kind());
  return out;
}

std::vector<const Protocol*> Registry::all() const {
  std::vector<const Protocol*> out;
  for (const auto& p : protocols_) out.push_back(p.get());
  return out;
}

}  // namespace leasesim
