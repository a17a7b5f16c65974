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

// The event budget of one run when --max-events is not given (run, replay, check, sweep). A
// loop the model falls into in zero virtual time never reaches the run's end, so without a
// budget it runs, and may grow, until killed. 10^8 is far above any legitimate run: the suite's
// longest scenario (scenarios/zbs/healthy-hour-*.yaml) takes 10,821 events, 9,000 times fewer,
// and the largest run measured, bench W2 (10,000 followers for an hour), 36,070,000. It is 15
// to 30 s of CPU (3.5 to 7 million events a second); the run's memory does not grow with its
// events unless its trace is kept for a report (about 260 bytes an event).
constexpr uint64_t kDefaultEventBudget = 100'000'000;

// Events one explore run may take unless --max-events says otherwise: lower than a single run's,
// because an exploration makes thousands of runs. The suite's longest scenario takes under 10^4
// and a drawn run adds a handful of faults, so a run that reaches 10^7 (a second or two of CPU)
// is stuck in a loop the schedule provoked: it is stopped, counted as over budget, and its
// findings up to then are kept.
constexpr uint64_t kExploreEventBudget = 10'000'000;

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
