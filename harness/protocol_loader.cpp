// The `protocol:` section: `kind` names a protocol of the registry, and its other keys are that
// protocol's parameters, each absent key that field's documented default (include/leasesim/).
#include "harness/load_context.h"
#include "leasesim/protocol.h"

namespace leasesim::harness {

// The kind decides which keys are allowed, so it is read first, on its own.
const Protocol& protocol_of(const Value& v) {
  const std::vector<std::string> kinds = registry().kinds();
  const std::string example = "a map such as {kind: " + (kinds.empty() ? std::string("...") : kinds.front()) + ", ...}";
  if (!v.is_map()) MapReader(v, {"kind"}, example.c_str());
  const std::optional<Value> kind = MapReader::peek(v, "kind");
  if (!kind) v.fail("missing key 'kind' (one of " + join(kinds) + ")");
  return *registry().find(kinds[kind->choice(kinds)]);
}

ProtocolSpec load_protocol(const Value& v, const LoadContext& ctx) {
  std::vector<std::string> keys = ctx.protocol->param_keys();
  keys.insert(keys.begin(), "kind");
  const std::string example = "a map such as {kind: " + ctx.protocol->kind() + ", ...}";
  const MapReader m(v, keys, example.c_str());
  return {ctx.protocol, ctx.protocol->read_params(m, ctx)};
}

}  // namespace leasesim::harness
