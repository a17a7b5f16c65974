#include "harness/determinism.h"

#include <vector>

#include "harness/world.h"
#include "reports/jsonl_trace.h"
#include "sim/random.h"

namespace leasesim::harness {
namespace {

constexpr uint64_t kBlock = 4096;

uint64_t event_hash(const sim::TraceEvent& e, const sim::Trace& t) {
  // The event as rendered: names rather than indices, like the trace hash.
  return sim::fnv1a(reports::render_event_json(e, t));
}

// Hashes each block of kBlock events; with `keep_block`, also keeps that block's events.
class BlockRecorder final : public sim::TraceSink {
 public:
  BlockRecorder(const sim::Trace& t, std::optional<uint64_t> keep_block) : trace_(t), keep_(keep_block) {}
  void on_event(const sim::TraceEvent& e) override {
    const uint64_t block = count_ / kBlock;
    if (block == blocks.size()) blocks.push_back(0);
    blocks.back() = sim::splitmix64(blocks.back() ^ event_hash(e, trace_));
    if (keep_ && *keep_ == block) kept.push_back(reports::render_event_json(e, trace_));
    ++count_;
  }
  std::vector<uint64_t> blocks;
  std::vector<std::string> kept;

 private:
  const sim::Trace& trace_;
  std::optional<uint64_t> keep_;
  uint64_t count_ = 0;
};

struct Recording {
  std::vector<uint64_t> blocks;
  std::vector<std::string> kept;
};

Recording record(const Scenario& s, std::optional<uint64_t> keep_block, uint64_t max_events) {
  World w(s);
  BlockRecorder r(w.trace(), keep_block);
  w.add_sink(&r);
  w.run(RunLimits{max_events, std::nullopt, std::nullopt});
  return {std::move(r.blocks), std::move(r.kept)};
}

}  // namespace

std::optional<Divergence> check_determinism(const Scenario& s, uint64_t max_events) {
  const Recording a = record(s, std::nullopt, max_events);
  const Recording b = record(s, std::nullopt, max_events);
  size_t block = 0;
  while (block < a.blocks.size() && block < b.blocks.size() && a.blocks[block] == b.blocks[block]) ++block;
  if (block == a.blocks.size() && block == b.blocks.size()) return std::nullopt;
  const Recording a2 = record(s, block, max_events);
  const Recording b2 = record(s, block, max_events);
  size_t i = 0;
  while (i < a2.kept.size() && i < b2.kept.size() && a2.kept[i] == b2.kept[i]) ++i;
  return Divergence{block * kBlock + i, i < a2.kept.size() ? a2.kept[i] : "(end of run)",
                    i < b2.kept.size() ? b2.kept[i] : "(end of run)"};
}

}  // namespace leasesim::harness
