#include "bench/w1_leasesim.h"

#include <memory>
#include <string>
#include <vector>

#include "sim/actor.h"
#include "sim/network.h"
#include "sim/simulated_node.h"
#include "sim/simulator.h"
#include "sim/trace.h"

namespace leasesim::bench {
namespace {

using sim::Duration;
using sim::LocalTime;

constexpr sim::MessageKind kKeepAlive = 0;
constexpr sim::MessageKind kReply = 1;
constexpr sim::NodeId kMaster = 0;

LocalTime at_ms(int64_t ms) { return LocalTime{Duration::millis(ms).ns}; }
int64_t ms_of(LocalTime t) { return t.ns / Duration::millis(1).ns; }

// State the invariant reads from both sides: the master's expiry and the follower's belief.
struct Shared {
  explicit Shared(size_t followers) : expiry_ms(followers, 0), believed_ms(followers, 0) {}
  std::vector<int64_t> expiry_ms;
  std::vector<int64_t> believed_ms;
  Counts counts;
};

// Follower i is node i + 1; a message carries the KeepAlive's index k and its send time.
class W1Delays final : public sim::DelaySource {
 public:
  Duration delay(const sim::Message& m) override {
    const bool reply = m.kind == kReply;
    const uint64_t i = (reply ? m.to : m.from) - 1;
    return Duration::millis(delay_ms(i, static_cast<uint64_t>(m.body[0]), reply ? 1 : 0));
  }
};

class Follower final : public sim::Actor {
 public:
  Follower(sim::Context& ctx, uint64_t i, Shared& shared) : ctx_(ctx), i_(i), shared_(shared) {}

  void on_start() override { ctx_.set_timer(at_ms(static_cast<int64_t>(i_ % kPeriodMs)), 0, 0); }

  void on_timer(uint64_t) override {
    ++shared_.counts.sends;
    const LocalTime now = ctx_.now();
    ctx_.send(kMaster, kKeepAlive, {k_++, now.ns, 0, 0});
    const int64_t next = ms_of(now) + kPeriodMs;
    if (next < kEndMs) ctx_.set_timer(at_ms(next), 0, 0);
  }

  void on_message(const sim::Message& m) override {
    ++shared_.counts.replies;
    const int64_t believed = m.body[1] / Duration::millis(1).ns + kLeaseMs;
    shared_.believed_ms[i_] = believed;
    if (believed > shared_.expiry_ms[i_]) ++shared_.counts.violations;
  }

 private:
  sim::Context& ctx_;
  uint64_t i_;
  Shared& shared_;
  int64_t k_ = 0;
};

class Master final : public sim::Actor {
 public:
  Master(sim::Context& ctx, size_t followers, Shared& shared)
      : ctx_(ctx), shared_(shared), bucket_(followers, -1), buckets_(kEndMs / kTickMs + kLeaseMs / kTickMs + 2) {}

  void on_start() override { ctx_.set_timer(at_ms(kTickMs), 0, 0); }

  void on_message(const sim::Message& m) override {
    ++shared_.counts.keepalives;
    const uint32_t i = m.from - 1;
    const int64_t expiry = ms_of(ctx_.now()) + kLeaseMs;
    shared_.expiry_ms[i] = expiry;
    const int64_t b = bucket_of(expiry);
    if (bucket_[i] != b) {  // a session stays in its bucket; a stale entry is skipped at the tick
      buckets_[static_cast<size_t>(b / kTickMs)].push_back(i);
      bucket_[i] = b;
    }
    ctx_.send(m.from, kReply, {m.body[0], m.body[1], 0, 0});
  }

  void on_timer(uint64_t) override {
    ++shared_.counts.ticks;
    const int64_t t = ms_of(ctx_.now());
    std::vector<uint32_t>& due = buckets_[static_cast<size_t>(t / kTickMs)];
    for (uint32_t i : due) {
      if (bucket_[i] != t) continue;
      bucket_[i] = -1;
      ++shared_.counts.expirations;
      if (shared_.believed_ms[i] > shared_.expiry_ms[i]) ++shared_.counts.violations;
    }
    std::vector<uint32_t>().swap(due);
    if (t + kTickMs < kEndMs) ctx_.set_timer(at_ms(t + kTickMs), 0, 0);
  }

 private:
  sim::Context& ctx_;
  Shared& shared_;
  std::vector<int64_t> bucket_;                  // per session: its bucket, -1 when expired
  std::vector<std::vector<uint32_t>> buckets_;   // by bucket time / tick
};

}  // namespace

LeasesimRun run_leasesim(size_t followers) {
  Shared shared(followers);
  sim::Simulator simulator;
  sim::Trace trace;
  sim::Network net(simulator, trace, 1, {});
  W1Delays delays;
  net.set_delay_source(&delays);
  trace.add_node("master");
  for (size_t i = 0; i < followers; ++i) trace.add_node("follower-" + std::to_string(i + 1));
  net.set_message_names({"KeepAlive", "KeepAliveReply"});
  std::vector<std::unique_ptr<sim::SimulatedNode>> nodes;
  for (sim::NodeId id = 0; id <= followers; ++id) {
    nodes.push_back(std::make_unique<sim::SimulatedNode>(simulator, trace, net, id, sim::Clock(), sim::Rng(id)));
  }
  nodes[0]->boot([&](sim::Context& c) { return std::make_unique<Master>(c, followers, shared); }, sim::Instant{0});
  for (size_t i = 0; i < followers; ++i) {
    nodes[i + 1]->boot([&shared, i](sim::Context& c) { return std::make_unique<Follower>(c, i, shared); }, sim::Instant{0});
  }
  simulator.run_until(sim::Instant{Duration::millis(kEndMs).ns});
  return {shared.counts, simulator.events_run(), trace.events(), trace.hash()};
}

}  // namespace leasesim::bench
