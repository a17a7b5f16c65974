// This process's CPU time, for the benchmarks that time a part of a run: on a shared machine
// the wall clock also counts the time other processes held the core, which says nothing about
// the cost of the work.
#pragma once

#include <algorithm>
#include <cstddef>
#include <ctime>
#include <vector>

namespace leasesim::bench {

inline double cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The benchmarks' repeat rule: run(), which returns the CPU seconds of its timed part, at least
// `repeat` times and until those add up to `min_cpu`; the median is kept (a small size's one run
// swings by 2x with the machine, the fastest of dozens would be a best case). `runs` counts them.
template <class Run>
double median_cpu_s(size_t repeat, double min_cpu, Run run, size_t* runs = nullptr) {
  std::vector<double> times;
  for (double spent = 0; times.size() < repeat || spent < min_cpu;) {
    times.push_back(run());
    spent += times.back();
  }
  if (runs != nullptr) *runs = times.size();
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace leasesim::bench
