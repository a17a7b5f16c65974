// bench/w1: W1 of bench/README.md, on leasesim's own simulator API (bench/w1_leasesim)
// and, side by side on the same machine, on the two hand-written yardsticks (a binary heap and
// a timing wheel written for W1 alone). Each engine runs `--repeat` times, interleaved, so a
// noisy machine slows all of them alike; the median is reported, and the ratio to the heap.
// Every run's counts are checked against bench/README.md and its trace hash against the first.
//
//   bench/w1 F [--repeat R] [--engine leasesim|heap|wheel|all]
//
// Prints the counts, then a line per engine for scripts:
//   W1 engine=leasesim followers=10000 events=36003373 median_wall_s=... ns_per_event=... ratio_to_heap=... peak_mib=... ok=1
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "bench/peak_memory.h"
#include "bench/w1_handtuned.h"
#include "bench/w1_leasesim.h"
#include "sim/trace.h"

namespace leasesim::bench {
namespace {

struct Engine {
  std::string name;
  std::function<Counts()> run;
  std::vector<double> walls;
  double peak_mib = 0;  // the process's peak after this engine's first run
  bool ok = true;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

int usage() {
  std::fprintf(stderr, "usage: w1 F [--repeat R] [--engine leasesim|heap|wheel|all]\n"
                       "  F followers (bench/README.md gives the counts for 100 and 10000)\n");
  return 2;
}

}  // namespace
}  // namespace leasesim::bench

int main(int argc, char** argv) {
  using namespace leasesim::bench;
  if (argc < 2 || std::atoll(argv[1]) <= 0) return usage();
  const size_t followers = static_cast<size_t>(std::atoll(argv[1]));
  int repeat = 3;
  std::string which = "all";
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc && std::atoi(argv[i + 1]) > 0) {
      repeat = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--engine") == 0 && i + 1 < argc) {
      which = argv[++i];
    } else {
      return usage();
    }
  }
  if (which != "all" && which != "leasesim" && which != "heap" && which != "wheel") return usage();

  Counts want;
  const bool known = expected_counts(followers, want);
  uint64_t first_hash = 0;
  bool hash_seen = false;
  LeasesimRun last;
  std::vector<Engine> engines;
  // leasesim first, so that its peak memory is measured before a yardstick's.
  if (which == "all" || which == "leasesim") {
    engines.push_back({"leasesim", [&] {
                         last = run_leasesim(followers);
                         if (hash_seen && last.trace_hash != first_hash) std::printf("  TRACE HASH CHANGED between runs\n");
                         first_hash = last.trace_hash;
                         hash_seen = true;
                         return last.counts;
                       }, {}, 0, true});
  }
  if (which == "all" || which == "heap") engines.push_back({"handtuned-heap", [&] { return run_handtuned_heap(followers); }, {}, 0, true});
  if (which == "all" || which == "wheel") engines.push_back({"handtuned-wheel", [&] { return run_handtuned_wheel(followers); }, {}, 0, true});

  Counts seen;
  for (int r = 0; r < repeat; ++r) {
    for (Engine& e : engines) {
      const auto start = std::chrono::steady_clock::now();
      const Counts c = e.run();
      e.walls.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (r == 0) e.peak_mib = peak_rss_mib();
      e.ok = e.ok && (!known || c == want);
      seen = c;
    }
  }
  std::printf("W1, F = %zu, %d runs of each engine (median wall time)\n", followers, repeat);
  std::printf("  events %llu = sends %llu + KeepAlives delivered %llu + replies delivered %llu + ticks %llu; "
              "expirations %llu, violations %llu\n",
              static_cast<unsigned long long>(seen.events()), static_cast<unsigned long long>(seen.sends),
              static_cast<unsigned long long>(seen.keepalives), static_cast<unsigned long long>(seen.replies),
              static_cast<unsigned long long>(seen.ticks), static_cast<unsigned long long>(seen.expirations),
              static_cast<unsigned long long>(seen.violations));
  if (hash_seen) {
    std::printf("  leasesim: simulator events %llu, trace events %llu, trace %s\n",
                static_cast<unsigned long long>(last.simulator_events), static_cast<unsigned long long>(last.trace_events),
                leasesim::sim::hash_hex(last.trace_hash).c_str());
  }
  double heap_wall = 0;
  for (const Engine& e : engines) {
    if (e.name == "handtuned-heap") heap_wall = median(e.walls);
  }
  bool all_ok = true;
  for (const Engine& e : engines) {
    const double wall = median(e.walls);
    const double ns = wall * 1e9 / static_cast<double>(seen.events());
    all_ok = all_ok && e.ok;
    std::printf("  %-16s %8.3f s  %7.1f ns/event  (runs %s)  peak %.1f MiB%s%s\n", e.name.c_str(), wall, ns,
                [&] {
                  std::string w;
                  for (double x : e.walls) w += (w.empty() ? "" : " ") + std::to_string(x).substr(0, 5);
                  return w;
                }().c_str(),
                e.peak_mib, heap_wall > 0 ? ("  x" + std::to_string(wall / heap_wall).substr(0, 4) + " the heap").c_str() : "",
                known ? (e.ok ? "" : "  NOT the counts of W1 (bench/README.md)") : "");
  }
  for (const Engine& e : engines) {
    const double wall = median(e.walls);
    std::printf("W1 engine=%s followers=%zu events=%llu median_wall_s=%.3f ns_per_event=%.1f ratio_to_heap=%.2f peak_mib=%.1f%s ok=%d\n",
                e.name.c_str(), followers, static_cast<unsigned long long>(seen.events()), wall,
                wall * 1e9 / static_cast<double>(seen.events()), heap_wall > 0 ? wall / heap_wall : 0.0, e.peak_mib,
                e.name == "leasesim" ? (" trace=" + leasesim::sim::hash_hex(first_hash)).c_str() : "", e.ok ? 1 : 0);
  }
  return all_ok ? 0 : 1;
}
