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
//               [--min-cpu S] [--only zookeeper:N | --only zbs:N]
//
// `--only` runs one model at one size: bench/scale_instructions.py runs each size so under
// callgrind, for the instructions an event costs, which no cache or neighbour changes.
//
// Each size runs at least R times and until its runs have taken S seconds of CPU (default 1),
// and the median run is kept: the smallest sizes take a few hundredths of a second, and one
// run of them swings by 2x with what else the machine does, and the ratio with it. The median,
// not the fastest: the fastest of dozens of runs of a small size would set a best case against
// a large size's one typical run.
//
// Prints a row per model and size, then a line per model for scripts:
//   SCALE model=zookeeper sizes=7 smallest_ns=... largest_ns=... ratio=...
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

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
  int runs = 0;       // repeats made
  uint64_t events = 0;
  uint64_t sim_events = 0;
  size_t violations = 0;
  std::string trace;
  double ns_per_event() const { return run_s * 1e9 / static_cast<double>(events); }
};

// This process's CPU time: on a shared machine the wall clock also counts the time other
// processes held the core, which says nothing about the cost of an event.
double cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Row measure(const std::string& text, size_t size, int repeat, double min_cpu) {
  Row row;
  row.size = size;
  std::vector<double> runs;
  for (double spent = 0; row.runs < repeat || spent < min_cpu; ++row.runs) {
    const double t0 = cpu_s();
    const auto wall0 = std::chrono::steady_clock::now();
    const harness::Scenario scenario = harness::load_scenario_text(text, "scale.yaml");
    harness::World world(scenario);
    const double t1 = cpu_s();
    world.run();
    const double t2 = cpu_s();
    row.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    row.build_s = t1 - t0;
    runs.push_back(t2 - t1);
    spent += t2 - t1;
    row.events = world.trace().events();
    row.sim_events = world.simulator().events_run();
    row.violations = world.checkers().violations().size();
    row.trace = sim::hash_hex(world.trace().hash());
  }
  std::sort(runs.begin(), runs.end());
  row.run_s = runs[runs.size() / 2];
  return row;
}

void report(const char* model, const char* unit, const std::vector<Row>& rows, const std::string& duration) {
  std::printf("%s, %s each, checkers on, trace hashed\n", model, duration.c_str());
  std::printf("  %9s %12s %12s %9s %9s %5s %9s %8s %5s  %s\n", unit, "trace ev", "sim ev", "build cpu", "run cpu", "runs",
              "wall", "ns/event", "viol", "trace");
  for (const Row& r : rows) {
    std::printf("  %9zu %12llu %12llu %9.2f %9.3f %5d %9.2f %8.1f %5zu  %s\n", r.size, static_cast<unsigned long long>(r.events),
                static_cast<unsigned long long>(r.sim_events), r.build_s, r.run_s, r.runs, r.wall_s, r.ns_per_event(), r.violations,
                r.trace.c_str());
  }
  const double ratio = rows.back().ns_per_event() / rows.front().ns_per_event();
  std::printf("  largest / smallest: %.2f (flat: at most 1.5)\n", ratio);
  std::printf("SCALE model=%s duration=%s sizes=%zu smallest=%zu largest=%zu smallest_ns=%.1f largest_ns=%.1f ratio=%.2f\n",
              model, duration.c_str(), rows.size(), rows.front().size, rows.back().size, rows.front().ns_per_event(),
              rows.back().ns_per_event(), ratio);
}

int usage() {
  std::fprintf(stderr,
               "usage: scale [--zk-duration D] [--zbs-duration D] [--zk-max N] [--zbs-max N] [--repeat R] [--min-cpu S]\n"
               "             [--only zookeeper:N | --only zbs:N]\n");
  return 2;
}

}  // namespace
}  // namespace leasesim::bench

int main(int argc, char** argv) {
  using namespace leasesim::bench;
  std::string zk_duration = "20s";
  std::string zbs_duration = "20s";
  size_t zk_max = 64'000;
  size_t zbs_max = 99'999;  // with the master, the loader's limit of 100,000 nodes
  int repeat = 1;
  double min_cpu = 1.0;
  std::string only_model;  // --only: this model at only_size, nothing else
  size_t only_size = 0;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--zk-duration") == 0 && has_value) {
      zk_duration = argv[++i];
    } else if (std::strcmp(argv[i], "--zbs-duration") == 0 && has_value) {
      zbs_duration = argv[++i];
    } else if (std::strcmp(argv[i], "--zk-max") == 0 && has_value && std::atoll(argv[i + 1]) >= 1000) {
      zk_max = static_cast<size_t>(std::atoll(argv[++i]));
    } else if (std::strcmp(argv[i], "--zbs-max") == 0 && has_value && std::atoll(argv[i + 1]) >= 1000) {
      zbs_max = static_cast<size_t>(std::atoll(argv[++i]));
    } else if (std::strcmp(argv[i], "--repeat") == 0 && has_value && std::atoi(argv[i + 1]) >= 1) {
      repeat = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--min-cpu") == 0 && has_value && std::atof(argv[i + 1]) >= 0) {
      min_cpu = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--only") == 0 && has_value) {
      const std::string v = argv[++i];
      const size_t colon = v.find(':');
      if (colon == std::string::npos) return usage();
      only_model = v.substr(0, colon);
      const char* digits = v.c_str() + colon + 1;
      const auto [end, err] = std::from_chars(digits, v.c_str() + v.size(), only_size);
      if ((only_model != "zookeeper" && only_model != "zbs") || err != std::errc{} || end == digits ||
          *end != '\0' || only_size < 1) {
        return usage();
      }
    } else {
      return usage();
    }
  }
  // ZooKeeper: 1k, 2k, 4k, ... up to zk_max. ZBS: 1k, 10k, 100k ... up to zbs_max, then zbs_max.
  // bench/scale_instructions.py runs the same sizes, each as its own process: change both.
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
    for (size_t n = 1000; n <= zk_max; n *= 2) zk.push_back(measure(zookeeper_text(n, zk_duration), n, repeat, min_cpu));
    for (size_t n = 1000; n <= zbs_max; n *= 10) zbs.push_back(measure(zbs_text(n, zbs_duration), n, repeat, min_cpu));
    if (zbs.back().size != zbs_max) zbs.push_back(measure(zbs_text(zbs_max, zbs_duration), zbs_max, repeat, min_cpu));
  } catch (const leasesim::harness::InputError& e) {  // a size or duration the loader refuses
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  report("zookeeper", "clients", zk, zk_duration);
  report("zbs", "followers", zbs, zbs_duration);
  return 0;
}
