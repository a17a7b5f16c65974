// bench/micro: Google Benchmark micro-benchmarks of the engine's parts: the event queue
// (schedule, cancel, run), clock conversions (perfect and drifting clocks) and trace hashing;
// and the machine's: what a load from a working set beyond the cache costs (MemoryChain).
// Run: build/bench/micro [--benchmark_filter=Queue]
#include <benchmark/benchmark.h>

#include <memory>
#include <utility>
#include <vector>

#include "sim/clock.h"
#include "sim/random.h"
#include "sim/simulator.h"
#include "sim/trace.h"

namespace leasesim::sim {
namespace {

struct Counter final : EventTarget {
  uint64_t seen = 0;
  void on_event(uint64_t arg) override { seen += arg; }
};

// The "hold" model of priority-queue benchmarks: `pending` events stay queued; each iteration
// runs the earliest, which schedules its successor 1 us .. 10 s ahead (timers, deliveries).
struct Hold final : EventTarget {
  Simulator* sim = nullptr;
  Rng rng{1};
  void on_event(uint64_t) override {
    sim->schedule_after(Duration{rng.uniform(1000, 10'000'000'000)}, this, 0);
    sim->stop();
  }
};

void BM_QueueHold(benchmark::State& state) {
  Simulator sim;
  Hold hold;
  hold.sim = &sim;
  for (int64_t i = 0; i < state.range(0); ++i) sim.schedule_at(Instant{hold.rng.uniform(0, 10'000'000'000)}, &hold, 0);
  for (auto _ : state) sim.run_until(Instant::never());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QueueHold)->Arg(100)->Arg(10'000)->Arg(1'000'000);

// Scheduling alone, into a queue that keeps growing (the cost of a push).
void BM_QueueSchedule(benchmark::State& state) {
  Counter c;
  Rng rng(2);
  auto sim = std::make_unique<Simulator>();
  int64_t n = 0;
  for (auto _ : state) {
    sim->schedule_at(Instant{rng.uniform(0, 60'000'000'000)}, &c, 1);
    if (++n == 1'000'000) {
      state.PauseTiming();
      sim = std::make_unique<Simulator>();
      n = 0;
      state.ResumeTiming();
    }
  }
}
BENCHMARK(BM_QueueSchedule);

// Schedule then cancel (an RPC timeout cancelled by its reply).
void BM_QueueScheduleCancel(benchmark::State& state) {
  Simulator sim;
  Counter c;
  int64_t t = 0;
  for (auto _ : state) {
    const EventId id = sim.schedule_at(Instant{t += 1000}, &c, 1);
    sim.cancel(id);
    if (sim.queued() > 1'000'000) sim.run_until(Instant{t + 1});  // drops the cancelled entries
  }
}
BENCHMARK(BM_QueueScheduleCancel);

// Draining a full queue: the cost of running (popping) an event.
void BM_QueueRun(benchmark::State& state) {
  Counter c;
  Rng rng(3);
  const int64_t batch = state.range(0);
  for (auto _ : state) {
    state.PauseTiming();
    Simulator sim;
    for (int64_t i = 0; i < batch; ++i) sim.schedule_at(Instant{rng.uniform(0, 60'000'000'000)}, &c, 1);
    state.ResumeTiming();
    sim.run_until(Instant::never());
  }
  state.SetItemsProcessed(state.iterations() * batch);
  benchmark::DoNotOptimize(c.seen);
}
BENCHMARK(BM_QueueRun)->Arg(10'000)->Arg(1'000'000);

void BM_ClockLocalAt(benchmark::State& state) {
  const Clock clock(Duration::millis(5), state.range(0));
  int64_t v = 0;
  for (auto _ : state) benchmark::DoNotOptimize(clock.local_at(Instant{v += 997}));
}
BENCHMARK(BM_ClockLocalAt)->Arg(0)->Arg(-1'000'000);  // a perfect clock; 1000 ppm slow

void BM_ClockFirstReaching(benchmark::State& state) {
  const Clock clock(Duration::millis(5), state.range(0));
  int64_t v = 0;
  for (auto _ : state) benchmark::DoNotOptimize(clock.first_reaching(LocalTime{(v += 997) + 12'000'000'000}, Instant{v}));
}
BENCHMARK(BM_ClockFirstReaching)->Arg(0)->Arg(-1'000'000);

// Recording an event with no sink: the running hash and the counters.
void BM_TraceRecord(benchmark::State& state) {
  Trace trace;
  trace.add_node("master");
  trace.add_node("follower-1");
  const Symbol kind = trace.intern("KeepAlive");
  int64_t t = 0;
  uint64_t id = 0;
  for (auto _ : state) trace.record({Instant{t += 1000}, EventKind::message_sent, 1, 0, kind, ++id, t + 1'000'000, 0});
  benchmark::DoNotOptimize(trace.hash());
}
BENCHMARK(BM_TraceRecord);

// What a line the event needs costs when it is not in a cache: a chain of dependent loads, one
// a 64-byte line, in a random cyclic order over `range(0)` KiB. The chain is what an event does
// (node, actor, session entry: each address read from the one before), so each load waits for
// the last. bench/README.md ("Scale") reads the scale figures against these: an event that
// touches k lines beyond the cache waits up to k times the working set's figure (less where
// the processor or a prefetch overlaps loads whose addresses it already has).
void BM_MemoryChain(benchmark::State& state) {
  const size_t lines = static_cast<size_t>(state.range(0)) * 1024 / 64;
  struct alignas(64) Line {
    uint32_t next;
  };
  std::vector<Line> mem(lines);
  std::vector<uint32_t> order(lines);
  for (size_t i = 0; i < lines; ++i) order[i] = static_cast<uint32_t>(i);
  Rng rng(3);
  for (size_t i = lines - 1; i > 0; --i) std::swap(order[i], order[static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(i)))]);
  for (size_t i = 0; i < lines; ++i) mem[order[i]].next = order[(i + 1) % lines];
  uint32_t at = order[0];
  for (size_t i = 0; i < lines; ++i) at = mem[at].next;  // warm: every page touched once
  for (auto _ : state) {
    for (int i = 0; i < 64; ++i) at = mem[at].next;
  }
  benchmark::DoNotOptimize(at);
  state.SetItemsProcessed(state.iterations() * 64);
}
// 1 MiB (L2) to 256 MiB (the ZooKeeper scale model's heap at 64,000 clients is about 260 MiB).
BENCHMARK(BM_MemoryChain)->RangeMultiplier(4)->Range(1024, 256 * 1024);

}  // namespace
}  // namespace leasesim::sim

BENCHMARK_MAIN();
