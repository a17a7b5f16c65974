#include "harness/memory_budget.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "harness/explore.h"

namespace leasesim::harness {
namespace {

std::string plural(uint64_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); }

// Every node the world builds, the protocol's fixed roles included.
size_t node_count(const Scenario& s) { return s.node_names().size(); }

// Sizes are added up in 128 bits and saturate at 2^64-1: a need past 64 bits is refused like
// any other that does not fit, never wrapped round to a small one that passes.
using Wide = unsigned __int128;
uint64_t saturated(Wide v) { return v > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(v); }

Wide run_bytes(size_t nodes, uint64_t faults) { return kBytesPerRun + Wide{nodes} * kBytesPerNode + Wide{faults} * kBytesPerFault; }

std::optional<uint64_t> read_number(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return std::nullopt;
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// cgroup v2 (memory.max less memory.current), else v1 (limit less usage).
std::optional<uint64_t> cgroup_headroom() {
  for (const auto& [limit, usage] : {std::pair{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"},
                                     std::pair{"/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                               "/sys/fs/cgroup/memory/memory.usage_in_bytes"}}) {
    const auto l = read_number(limit);
    const auto u = read_number(usage);
    // v1 reports "no limit" as a number near 2^63.
    if (l && u && *l < (uint64_t{1} << 60)) return *l > *u ? *l - *u : 0;
  }
  return std::nullopt;
}

}  // namespace

MemoryNeed run_memory(const Scenario& s) {
  const size_t nodes = node_count(s);
  return {saturated(run_bytes(nodes, s.faults.size())),
          plural(nodes, "node") + ", " + plural(s.faults.size(), "fault")};
}

MemoryNeed explore_memory(const Scenario& s, unsigned jobs) {
  uint64_t most = 0;  // at most 10,000 (the loader's cap)
  if (s.explore) {
    for (const FaultTemplate& t : s.explore->faults) most += static_cast<uint64_t>(t.max);
  }
  const size_t nodes = node_count(s);
  return {saturated(run_bytes(nodes, s.faults.size() + most) * jobs + Wide{explore_window(jobs)} * kBytesPerExploreOutcome),
          std::to_string(jobs) + (jobs == 1 ? " run" : " runs side by side") + " of " + plural(nodes, "node") + " and up to " +
              plural(s.faults.size() + most, "fault")};
}

std::optional<uint64_t> available_memory() {
  std::optional<uint64_t> avail;
  std::ifstream in("/proc/meminfo");
  for (std::string line; std::getline(in, line);) {
    unsigned long long kib = 0;
    if (std::sscanf(line.c_str(), "MemAvailable: %llu kB", &kib) == 1) avail = static_cast<uint64_t>(kib) << 10;
  }
  if (const auto cg = cgroup_headroom(); cg && (!avail || *cg < *avail)) avail = cg;
  return avail;
}

std::string format_bytes(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, v < 10 && u > 0 ? "%.1f%s" : "%.0f%s", v, units[u]);
  return buf;
}

std::optional<uint64_t> parse_bytes(std::string_view text) {
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end == text.data() || v == 0) return std::nullopt;
  std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
  int shift = 0;
  if (!unit.empty()) {
    const std::string_view letters = "KMGT";
    const size_t i = letters.find(unit[0]);
    if (i == std::string_view::npos) return unit == "B" ? std::optional<uint64_t>(v) : std::nullopt;
    shift = 10 * static_cast<int>(i + 1);
    unit.remove_prefix(1);
    if (!unit.empty() && unit != "B" && unit != "iB") return std::nullopt;
  }
  if (shift > 0 && v > (UINT64_MAX >> shift)) return std::nullopt;
  return v << shift;
}

}  // namespace leasesim::harness
