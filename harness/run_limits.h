// What may cut a run short: an event budget, a wall-clock budget, or a signal (Ctrl-C, a CI
// job's SIGTERM). A run that stops early keeps what it found up to the instant it stopped and
// says why; the CLI gives it its own exit status.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace leasesim::harness {

enum class StopReason { none, max_events, max_wall, interrupted };

// "max_events", "max_wall", "interrupted" ("" for none): the JSON and JUnit spelling.
const char* stop_reason_name(StopReason r);

struct RunLimits {
  uint64_t max_events = 0;                             // 0: no budget
  std::optional<std::chrono::steady_clock::time_point> deadline;  // wall clock; a whole command shares one
  std::optional<uint64_t> max_memory;  // bytes a scenario may need; default: what the machine has free
};

// The signal that asked leasesim to stop (SIGINT, SIGTERM), or 0. Runs look at it between
// slices of events; explore between runs. Setting it is async-signal-safe.
void request_interrupt(int signal) noexcept;
int interrupt_signal() noexcept;
void clear_interrupt() noexcept;

}  // namespace leasesim::harness
