#include "harness/run_limits.h"

#include <atomic>

namespace leasesim::harness {
namespace {

// Lock-free, so a signal handler may store to it.
std::atomic<int> g_interrupt{0};
static_assert(std::atomic<int>::is_always_lock_free);

}  // namespace

const char* stop_reason_name(StopReason r) {
  switch (r) {
    case StopReason::none: return "";
    case StopReason::max_events: return "max_events";
    case StopReason::max_wall: return "max_wall";
    case StopReason::interrupted: return "interrupted";
  }
  return "";
}

void request_interrupt(int signal) noexcept { g_interrupt.store(signal, std::memory_order_relaxed); }
int interrupt_signal() noexcept { return g_interrupt.load(std::memory_order_relaxed); }
void clear_interrupt() noexcept { g_interrupt.store(0, std::memory_order_relaxed); }

}  // namespace leasesim::harness
