// Will a scenario fit in this machine's memory? An estimate from its size, checked before the
// world is built, so that an oversized scenario gets a sentence instead of the OOM killer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/scenario.h"

namespace leasesim::harness {

// Measured here with /usr/bin/time on release builds (README, "Limits"): a node costs 1.7 KiB
// (zbs follower) to 2.7 KiB (zookeeper client) over a run, a fault about 7 KiB while its YAML
// is read, a run 5 MiB of fixed cost. Rounded up, so the estimate errs on the large side.
constexpr uint64_t kBytesPerNode = 4 << 10;
constexpr uint64_t kBytesPerFault = 8 << 10;
constexpr uint64_t kBytesPerRun = 16 << 20;
// What explore keeps of a run that finished before a lower one (its outcome, until it is
// counted); at most explore_window(jobs) of them.
constexpr uint64_t kBytesPerExploreOutcome = 256;

struct MemoryNeed {
  uint64_t bytes = 0;
  std::string what;  // "100000 nodes, 3 faults", for the message
};

MemoryNeed run_memory(const Scenario& s);
// `jobs` runs side by side, and the outcomes waiting to be counted; not the number of runs,
// which explore streams.
MemoryNeed explore_memory(const Scenario& s, unsigned jobs);

// What this process may still use: MemAvailable, or less if a cgroup (a container, a CI job)
// sets a lower limit. Nothing if neither can be read.
std::optional<uint64_t> available_memory();

// "512MiB", "2GiB", "1.5GiB".
std::string format_bytes(uint64_t bytes);
// "512M", "2G", "100000K", "1073741824" (bytes); K, M, G, T are powers of 1024, with an
// optional "iB" or "B". Nothing if malformed or zero.
std::optional<uint64_t> parse_bytes(std::string_view text);

}  // namespace leasesim::harness
