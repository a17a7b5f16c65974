// bench/w3: W3 of bench/README.md, exploration: `leasesim explore` of the legacy
// reply-delay fault space (one follower, 60 s runs), shrinking included, on one worker and on
// two. Runs the same code as the CLI (harness::explore) without writing files.
//
//   bench/w3 [--runs N] [--scenario FILE]
//
// Prints a line per job count for scripts:
//   W3 scenario=... runs=100000 jobs=1 wall_s=... runs_per_s=... violating=... distinct=...
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "harness/explore.h"
#include "harness/input_error.h"
#include "harness/scenario_loader.h"

int main(int argc, char** argv) {
  using namespace leasesim;
  uint64_t runs = 100'000;
  std::string file = "scenarios/explore/zbs-legacy-reply-delay.yaml";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc && std::atoll(argv[i + 1]) > 0) {
      runs = static_cast<uint64_t>(std::atoll(argv[++i]));
    } else if (std::strcmp(argv[i], "--scenario") == 0 && i + 1 < argc) {
      file = argv[++i];
    } else {
      std::fprintf(stderr, "usage: w3 [--runs N] [--scenario FILE]   (run from the repository's root)\n");
      return 2;
    }
  }
  harness::Scenario base;
  try {
    base = harness::load_scenario_file(file);
  } catch (const harness::InputError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  if (!base.explore) {
    std::fprintf(stderr, "%s has no explore section\n", file.c_str());
    return 2;
  }
  std::printf("W3: explore %s, %llu runs, shrinking included, no files written\n", file.c_str(),
              static_cast<unsigned long long>(runs));
  for (unsigned jobs : {1u, 2u}) {
    harness::ExploreOptions o;
    o.runs = runs;
    o.seed = base.seed;
    o.jobs = jobs;
    const reports::ExploreSummary s = harness::explore(base, o);
    std::printf("  %u job%s: %.2f s, %.0f runs/s, %llu violating runs, %zu distinct violations\n", jobs, jobs == 1 ? " " : "s",
                s.wall_seconds, static_cast<double>(s.runs_done) / s.wall_seconds,
                static_cast<unsigned long long>(s.runs_violating), s.distinct.size());
    std::printf("W3 scenario=%s runs=%llu jobs=%u wall_s=%.3f runs_per_s=%.0f violating=%llu distinct=%zu\n", file.c_str(),
                static_cast<unsigned long long>(s.runs_done), jobs, s.wall_seconds, static_cast<double>(s.runs_done) / s.wall_seconds,
                static_cast<unsigned long long>(s.runs_violating), s.distinct.size());
  }
  return 0;
}
