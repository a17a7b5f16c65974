// bench/scale: the cost of an event as a model grows (bench/README.md, "Scale"). ZooKeeper with
// 1,000 to 64,000 clients (doubling) and the ZBS model with 1,000 to 99,999 followers (the
// master makes 100,000 nodes, the loader's limit), each
// for a fixed virtual duration, side by side in one run: nanoseconds per trace event for each
// size (CPU time of the run, the world's construction apart), and the ratio of the largest size's figure to the smallest's. Per-event work that
// scanned every session (a checker's horizon, the server's expiry) made that ratio grow with
// the size; flat means within 1.5. Scenarios are YAML text through the loader, as `leasesim
// run` reads them; checkers on, trace hashed, not written.
//
//   bench/scale [--zk-duration D] [--zbs-duration D] [--zk-max N] [--zbs-max N] [--repeat R]
//               [--min-cpu S] [--only zookeeper:N | --only zbs:N] [--sizes]
//
// `--only` runs one model at one size, and `--sizes` prints the sizes a full run measures (one
// line a model): bench/scale_instructions.py runs each of them so under callgrind, for the
// instructions an event costs, which no cache or neighbour changes.
//
// Each size runs at least R times and until its runs have taken S seconds of CPU (default 1),
// and the median run is kept: the smallest sizes take a few hundredths of a second, and one
// run of them swings by 2x with what else the machine does, and the ratio with it. The median,
// not the fastest: the fastest of dozens of runs of a small size would set a best case against
// a large size's one typical run.
//
// Beside each size, a full run prints the reference (scale_reference.h): an event that touches
// as many lines over as much memory as the size's world held, every line loaded ahead, so that
// its ratio is what this machine alone makes of that much memory. `--only` runs no reference.
//
// Prints a row per model and size, then a line per model for scripts:
//   SCALE model=zookeeper sizes=7 smallest_ns=... largest_ns=... ratio=... [ref_ratio=...]
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <malloc.h>

#include "bench/cpu_time.h"
#include "bench/scale_reference.h"
#include "harness/input_error.h"
#include "harness/scenario_loader.h"
#include "harness/world.h"

namespace leasesim::bench {
namespace {

std::string names(const char* prefix, size_t n) {
  std::string out;
  out.reserve(n * 10);
  for (size_t i = 1; i <= n; ++i) {
    if (i > 1) out += ", ";
    out += prefix + std::to_string(i);
  }
  return out;
}

// A three-server ensemble; every client opens a session (spread over the servers by the
// model's default connect order) and pings it, T = 6 s, tickTime = 2 s.
std::string zookeeper_text(size_t clients, const std::string& duration) {
  return "name: scale-zookeeper-" + std::to_string(clients) + "\n"
         "description: bench/scale, ZooKeeper sessions.\n"
         "seed: 1\n"
         "duration: " + duration + "\n"
         "protocol: {kind: zookeeper, tick_time: 2s, session_timeout: 6s}\n"
         "servers: [zk1, zk2, zk3]\n"
         "clients: [" + names("c", clients) + "]\n"
         "network:\n  delay: {uniform: [1ms, 5ms]}\n";
}

std::string zbs_text(size_t followers, const std::string& duration) {
  return "name: scale-zbs-" + std::to_string(followers) + "\n"
         "description: bench/scale, ZBS sessions.\n"
         "seed: 1\n"
         "duration: " + duration + "\n"
         "protocol: {kind: zbs, follower_anchor: send}\n"
         "followers: [" + names("follower-", followers) + "]\n"
         "network:\n  delay: {uniform: [1ms, 50ms]}\n";
}

struct Row {
  size_t size = 0;
  double build_s = 0;
  double run_s = 0;   // CPU seconds of the run, the median of the repeats
  double wall_s = 0;  // wall seconds, building included (the last repeat)
  size_t runs = 0;    // repeats made
  uint64_t events = 0;
  uint64_t sim_events = 0;
  size_t violations = 0;
  std::string trace;
  size_t heap = 0;     // bytes the world holds after its run (the last repeat)
  double ref_ns = 0;   // the reference event over that many bytes (scale_reference.h); 0: not run
  double ns_per_event() const { return run_s * 1e9 / static_cast<double>(events); }
};

// Bytes the allocator has handed out and not had back (small chunks and mmapped ones);
// mallinfo2 is glibc's (2.33 on), as on Debian 12.
size_t heap_bytes() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

Row measure(const std::string& text, size_t size, size_t repeat, double min_cpu) {
  Row row;
  row.size = size;
  const auto run = [&] {
    const size_t heap0 = heap_bytes();
    const double t0 = cpu_s();
    const auto wall0 = std::chrono::steady_clock::now();
    const harness::Scenario scenario = harness::load_scenario_text(text, "scale.yaml");
    harness::World world(scenario);
    const double t1 = cpu_s();
    world.run();
    const double t2 = cpu_s();
    row.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    row.build_s = t1 - t0;
    row.events = world.trace().events();
    row.sim_events = world.simulator().events_run();
    row.violations = world.checkers().violations().size();
    row.trace = sim::hash_hex(world.trace().hash());
    const size_t heap1 = heap_bytes();
    row.heap = heap1 - std::min(heap0, heap1);
    return t2 - t1;
  };
  row.run_s = median_cpu_s(repeat, min_cpu, run, &row.runs);
  return row;
}

void report(const char* model, const char* unit, const std::vector<Row>& rows, const std::string& duration) {
  std::printf("%s, %s each, checkers on, trace hashed\n", model, duration.c_str());
  std::printf("  %9s %12s %12s %9s %9s %5s %9s %8s %8s %8s %5s  %s\n", unit, "trace ev", "sim ev", "build cpu", "run cpu", "runs",
              "wall", "heap MiB", "ns/event", "ref ns", "viol", "trace");
  for (const Row& r : rows) {
    char ref[32] = "-";
    if (r.ref_ns > 0) std::snprintf(ref, sizeof ref, "%.1f", r.ref_ns);
    std::printf("  %9zu %12llu %12llu %9.2f %9.3f %5zu %9.2f %8.1f %8.1f %8s %5zu  %s\n", r.size,
                static_cast<unsigned long long>(r.events), static_cast<unsigned long long>(r.sim_events), r.build_s, r.run_s,
                r.runs, r.wall_s, static_cast<double>(r.heap) / (1024.0 * 1024.0), r.ns_per_event(), ref, r.violations,
                r.trace.c_str());
  }
  const Row& small = rows.front();
  const Row& large = rows.back();
  const double ratio = large.ns_per_event() / small.ns_per_event();
  const bool referenced = small.ref_ns > 0 && large.ref_ns > 0;
  std::printf("  largest / smallest: %.2f (flat: at most 1.5)", ratio);
  if (referenced) std::printf("; the reference over the same memory: %.2f", large.ref_ns / small.ref_ns);
  std::printf("\n");
  std::printf("SCALE model=%s duration=%s sizes=%zu smallest=%zu largest=%zu smallest_ns=%.1f largest_ns=%.1f ratio=%.2f",
              model, duration.c_str(), rows.size(), small.size, large.size, small.ns_per_event(), large.ns_per_event(), ratio);
  if (referenced) {
    std::printf(" ref_smallest_ns=%.1f ref_largest_ns=%.1f ref_ratio=%.2f", small.ref_ns, large.ref_ns, large.ref_ns / small.ref_ns);
  }
  std::printf("\n");
}

// Each row's reference event (scale_reference.h) over as many bytes as its world held, after
// every model has run: its memory is the process's, and a block allocated between two sizes'
// runs would move the heap the next size starts from. 2,000,000 events a run, under the
// repeat and CPU rules of the models' runs.
void add_references(std::vector<Row>& rows, size_t repeat, double min_cpu) {
  for (Row& r : rows) r.ref_ns = reference_event_cost(r.heap, 2'000'000, repeat, min_cpu);
}

int usage(FILE* to = stderr) {
  std::fprintf(to,
               "usage: scale [--zk-duration D] [--zbs-duration D] [--zk-max N] [--zbs-max N] [--repeat R] [--min-cpu S]\n"
               "             [--only zookeeper:N | --only zbs:N] [--sizes]\n");
  if (to == stderr) return 2;
  std::fprintf(to,
               "\nTimes each size of ZooKeeper (1,000 clients doubling to --zk-max, default 64,000) and of the ZBS\n"
               "model (1,000 followers, times ten, then --zbs-max, default 99,999) for D of virtual time (default\n"
               "20s), and prints the CPU nanoseconds per trace event of each and the largest size's figure over\n"
               "the smallest's. Each size runs at least R times (default 1) and until S seconds of CPU (default 1);\n"
               "the median run is kept. Beside each size, the reference: an event that touches 8 lines at random\n"
               "over as much memory as that size's world held (heap MiB), each loaded 8 events ahead, and its\n"
               "ratio: how much of the slope this machine makes of that memory with an ideal engine.\n"
               "--only runs one model at one size, without the reference; --sizes prints the sizes and runs none.\n"
               "bench/README.md, \"Scale\", has the figures and what they mean.\n");
  return 0;
}

// The sizes a full run measures, the one place they are written: ZooKeeper 1k, 2k, 4k, ... up
// to zk_max; ZBS 1k, 10k, 100k, ... up to zbs_max, then zbs_max. `--sizes` prints them for
// bench/scale_instructions.py, which runs each as its own process.
std::vector<size_t> zookeeper_sizes(size_t zk_max) {
  std::vector<size_t> out;
  for (size_t n = 1000; n <= zk_max; n *= 2) out.push_back(n);
  return out;
}
std::vector<size_t> zbs_sizes(size_t zbs_max) {
  std::vector<size_t> out;
  for (size_t n = 1000; n <= zbs_max; n *= 10) out.push_back(n);
  if (out.back() != zbs_max) out.push_back(zbs_max);
  return out;
}

// The whole of `text` as a whole number of at least `least`: `--zk-max 2000x` is refused, not
// read as 2000.
bool whole_number(const char* text, size_t least, size_t& out) {
  const char* end = text + std::strlen(text);
  size_t v = 0;
  const auto [stop, err] = std::from_chars(text, end, v);
  if (err != std::errc{} || stop == text || stop != end || v < least) return false;
  out = v;
  return true;
}

// The whole of `text` as a number of seconds, at least 0.
bool seconds(const char* text, double& out) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text, &end);
  if (errno != 0 || end == text || *end != '\0' || !std::isfinite(v) || v < 0) return false;
  out = v;
  return true;
}

struct ValuedOption {
  const char* name;
  std::function<bool(const char*)> read;  // false: the value is refused
  const char* wanted;                     // what a refused value should have been
};

}  // namespace
}  // namespace leasesim::bench

int main(int argc, char** argv) {
  using namespace leasesim::bench;
  std::string zk_duration = "20s";
  std::string zbs_duration = "20s";
  size_t zk_max = 64'000;
  size_t zbs_max = 99'999;  // with the master, the loader's limit of 100,000 nodes
  size_t repeat = 1;
  double min_cpu = 1.0;
  std::string only_model;  // --only: this model at only_size, nothing else
  size_t only_size = 0;
  bool list_sizes = false;
  const auto only = [&](const char* value) {
    const std::string v = value;
    const size_t colon = v.find(':');
    only_model = v.substr(0, std::min(colon, v.size()));
    return colon != std::string::npos && (only_model == "zookeeper" || only_model == "zbs") &&
           whole_number(v.c_str() + colon + 1, 1, only_size);
  };
  // Every option that takes a value: how it is read, and what it wants when it cannot be.
  const ValuedOption options[] = {
      {"--zk-duration", [&](const char* v) { return zk_duration = v, true; }, ""},
      {"--zbs-duration", [&](const char* v) { return zbs_duration = v, true; }, ""},
      {"--zk-max", [&](const char* v) { return whole_number(v, 1000, zk_max); }, "a whole number of clients, at least 1000"},
      {"--zbs-max", [&](const char* v) { return whole_number(v, 1000, zbs_max); }, "a whole number of followers, at least 1000"},
      {"--repeat", [&](const char* v) { return whole_number(v, 1, repeat); }, "a whole number of runs, at least 1"},
      {"--min-cpu", [&](const char* v) { return seconds(v, min_cpu); }, "a number of seconds, at least 0"},
      {"--only", only, "zookeeper:N or zbs:N, N a whole number of clients or followers"},
  };
  for (int i = 1; i < argc; ++i) {
    const char* option = argv[i];
    if (std::strcmp(option, "--help") == 0 || std::strcmp(option, "-h") == 0) return usage(stdout);
    if (std::strcmp(option, "--sizes") == 0) {
      list_sizes = true;
      continue;
    }
    const auto o = std::find_if(std::begin(options), std::end(options),
                                [&](const ValuedOption& vo) { return std::strcmp(option, vo.name) == 0; });
    if (o == std::end(options)) {
      std::fprintf(stderr, "scale: '%s' is not an option of scale\n", option);
      return usage();
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "scale: %s needs a value\n", option);
      return usage();
    }
    const char* value = argv[++i];
    if (!o->read(value)) {
      std::fprintf(stderr, "scale: %s '%s': %s\n", option, value, o->wanted);
      return usage();
    }
  }
  if (list_sizes) {
    for (const auto& [model, sizes] : {std::pair{"zookeeper", zookeeper_sizes(zk_max)}, std::pair{"zbs", zbs_sizes(zbs_max)}}) {
      std::printf("%s", model);
      for (size_t n : sizes) std::printf(" %zu", n);
      std::printf("\n");
    }
    return 0;
  }
  std::vector<Row> zk, zbs;
  try {
    if (only_model == "zookeeper") {
      zk.push_back(measure(zookeeper_text(only_size, zk_duration), only_size, repeat, min_cpu));
      report("zookeeper", "clients", zk, zk_duration);
      return 0;
    }
    if (only_model == "zbs") {
      zbs.push_back(measure(zbs_text(only_size, zbs_duration), only_size, repeat, min_cpu));
      report("zbs", "followers", zbs, zbs_duration);
      return 0;
    }
    for (size_t n : zookeeper_sizes(zk_max)) zk.push_back(measure(zookeeper_text(n, zk_duration), n, repeat, min_cpu));
    for (size_t n : zbs_sizes(zbs_max)) zbs.push_back(measure(zbs_text(n, zbs_duration), n, repeat, min_cpu));
  } catch (const leasesim::harness::InputError& e) {  // a size or duration the loader refuses
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  add_references(zk, repeat, min_cpu);
  add_references(zbs, repeat, min_cpu);
  report("zookeeper", "clients", zk, zk_duration);
  report("zbs", "followers", zbs, zbs_duration);
  return 0;
}
