// bench/w2: W2 of bench/README.md, a full model run: the ZBS model with F followers
// (default 10,000) for one hour, delays uniform in [1 ms, 50 ms], lease_safety on and the trace
// hashed, not written; the same code path as `leasesim run` (the scenario is loaded from YAML
// text, and --write-scenario saves that text for `leasesim run`). The run goes in ten slices of
// simulated time, and the resident memory after each shows whether it grows with time.
//
//   bench/w2 [--followers F] [--duration 1h] [--write-scenario FILE]
//
// Prints the memory after each slice, then a line for scripts:
//   W2 followers=10000 duration=1h trace_events=... sim_events=... wall_s=... events_per_s=... peak_mib=... growth_mib=... trace=... violations=0
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "bench/peak_memory.h"
#include "harness/scenario_loader.h"
#include "harness/world.h"
#include "sim/duration_text.h"

namespace leasesim::bench {
namespace {

std::string scenario_text(size_t followers, const std::string& duration) {
  std::string names;
  for (size_t i = 1; i <= followers; ++i) names += (i > 1 ? ", follower-" : "follower-") + std::to_string(i);
  return "name: w2-zbs-" + std::to_string(followers) + "-followers\n"
         "description: W2 of bench/README.md, a full model run with the checker on.\n"
         "seed: 1\n"
         "duration: " + duration + "\n"
         "protocol: {kind: zbs, follower_anchor: send}\n"
         "followers: [" + names + "]\n"
         "network:\n  delay: {uniform: [1ms, 50ms]}\n";
}

// Resident memory now (not the peak): /proc/self/statm's second field, in pages.
double rss_mib() {
  std::ifstream in("/proc/self/statm");
  long long size = 0, resident = 0;
  in >> size >> resident;
  return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

int usage() {
  std::fprintf(stderr, "usage: w2 [--followers F] [--duration D] [--write-scenario FILE]\n");
  return 2;
}

}  // namespace
}  // namespace leasesim::bench

int main(int argc, char** argv) {
  using namespace leasesim;
  using namespace leasesim::bench;
  size_t followers = 10'000;
  std::string duration = "1h";
  std::string write_to;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--followers") == 0 && i + 1 < argc && std::atoll(argv[i + 1]) > 0) {
      followers = static_cast<size_t>(std::atoll(argv[++i]));
    } else if (std::strcmp(argv[i], "--duration") == 0 && i + 1 < argc) {
      duration = argv[++i];
    } else if (std::strcmp(argv[i], "--write-scenario") == 0 && i + 1 < argc) {
      write_to = argv[++i];
    } else {
      return usage();
    }
  }
  const std::string text = scenario_text(followers, duration);
  if (!write_to.empty()) std::ofstream(write_to) << text;
  const auto t0 = std::chrono::steady_clock::now();
  const harness::Scenario scenario = harness::load_scenario_text(text, "w2.yaml");
  harness::World world(scenario);
  const auto t1 = std::chrono::steady_clock::now();
  const double rss_start = rss_mib();
  std::printf("W2: zbs, %zu followers, %s, delays uniform in [1ms, 50ms], lease_safety on, trace hashed\n", followers,
              duration.c_str());
  std::printf("  world built in %.2f s (loading included), resident %.1f MiB\n", std::chrono::duration<double>(t1 - t0).count(),
              rss_start);
  const int64_t end = scenario.duration.ns;
  double rss_first_slice = 0;
  double rss_last = 0;
  for (int slice = 1; slice <= 10; ++slice) {
    const sim::Instant t{end / 10 * slice};
    world.simulator().run_until(t);
    rss_last = rss_mib();
    if (slice == 1) rss_first_slice = rss_last;
    std::printf("  at %-10s trace events %11llu  resident %.1f MiB\n", sim::format_duration(sim::Duration{t.ns}).c_str(),
                static_cast<unsigned long long>(world.trace().events()), rss_last);
  }
  world.run();  // the rest (nothing, unless D is not a multiple of 10 ns) and the checkers' finish
  const auto t2 = std::chrono::steady_clock::now();
  const double wall = std::chrono::duration<double>(t2 - t1).count();
  const uint64_t events = world.trace().events();
  const size_t violations = world.checkers().violations().size();
  std::printf("  %llu trace events (%llu simulator events) in %.2f s: %.2f million events/s; peak %.1f MiB; "
              "growth after the first slice %.1f MiB; trace %s; %zu violation windows\n",
              static_cast<unsigned long long>(events), static_cast<unsigned long long>(world.simulator().events_run()), wall,
              static_cast<double>(events) / wall / 1e6, peak_rss_mib(), rss_last - rss_first_slice,
              sim::hash_hex(world.trace().hash()).c_str(), violations);
  std::printf("W2 followers=%zu duration=%s trace_events=%llu sim_events=%llu wall_s=%.3f events_per_s=%.0f peak_mib=%.1f "
              "growth_mib=%.1f trace=%s violations=%zu\n",
              followers, duration.c_str(), static_cast<unsigned long long>(events),
              static_cast<unsigned long long>(world.simulator().events_run()), wall, static_cast<double>(events) / wall,
              peak_rss_mib(), rss_last - rss_first_slice, sim::hash_hex(world.trace().hash()).c_str(), violations);
  return violations == 0 ? 0 : 1;
}
