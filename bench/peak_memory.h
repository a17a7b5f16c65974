// Peak resident memory of this process, for the benchmarks' reports.
#pragma once

#include <sys/resource.h>

#include <cstdint>

namespace leasesim::bench {

inline double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux reports KiB
}

}  // namespace leasesim::bench
