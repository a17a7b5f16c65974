// The fenced resource (include/leasesim/fenced_resource.h), shared by every protocol.
#include "leasesim/fenced_resource.h"

#include "checkers/stale_write.h"

namespace leasesim {

Role resource_role() { return {"resources", "resource", {}, /*optional=*/true}; }

FencedResource::FencedResource(sim::Context& ctx, sim::MessageKind write_kind, bool fencing)
    : ctx_(ctx), write_kind_(write_kind), fencing_(fencing) {}

void FencedResource::on_message(const sim::Message& m) {
  if (m.kind != write_kind_) return;
  const auto epoch = static_cast<uint64_t>(m.body[0]);
  const int64_t token = m.body[1];
  if (fencing_ && token < newest_) {
    ctx_.write_rejected(m.from, epoch, token);
    return;
  }
  if (token > newest_) newest_ = token;
  ctx_.write_accepted(m.from, epoch, token);
}

CheckerSpec stale_write_checker() {
  return {"stale_write", false,
          [](sim::Trace& t, const ClockOf&, const Params&) { return std::make_unique<checkers::StaleWriteChecker>(t); }};
}

}  // namespace leasesim
