// This process's CPU time, for the benchmarks that time a part of a run: on a shared machine
// the wall clock also counts the time other processes held the core, which says nothing about
// the cost of the work.
#pragma once

#include <ctime>

namespace leasesim::bench {

inline double cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace leasesim::bench
