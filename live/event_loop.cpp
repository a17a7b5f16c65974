#include "live/event_loop.h"

#include <algorithm>

#include "harness/run_limits.h"

namespace leasesim::live {

namespace {
// How often a quiet run looks at the signal flag, so that Ctrl-C stops it at once.
constexpr sim::Duration kSignalPoll = sim::Duration::millis(100);
// How long before an event the loop wakes and then waits for it awake. Wake-ups on a loaded
// 2-core machine came up to 11 ms late (docs/live-status.md); this absorbs the common part at
// the cost of up to this much spinning per event.
constexpr sim::Duration kSpin = sim::Duration::millis(2);
}  // namespace

void EventLoop::run(sim::Instant end, std::chrono::steady_clock::time_point t0) {
  end_ = end;
  t0_ = t0;
  static_assert(std::is_same_v<std::chrono::steady_clock::duration, std::chrono::nanoseconds>);
  pump();
  if (!done_) io_.run();
}

void EventLoop::pump() {
  if (done_ || pumping_) return;  // a frame read while spinning (below) is run by the loop below
  pumping_ = true;
  while (true) {
    if (harness::interrupt_signal() != 0) {
      interrupted_ = true;
      break;
    }
    if (!sched_.run_due([this] { return clock(); }, end_)) break;
    const sim::Instant next = std::min(sched_.next_due(), end_);
    if (next - clock() > kSpin) {
      arm(std::min(next - kSpin, clock() + kSignalPoll));
      pumping_ = false;
      return;
    }
    // The next event is close: wait for it awake, handling socket reads as they come, rather
    // than ask the kernel for a wake-up that a loaded machine grants milliseconds late.
    io_.poll_one();
  }
  pumping_ = false;
  done_ = true;
  timer_.cancel();
  io_.stop();
}

void EventLoop::arm(sim::Instant at) {
  if (at == armed_) return;
  armed_ = at;
  timer_.expires_at(t0_ + std::chrono::nanoseconds(at.ns));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // re-armed or cancelled
    armed_ = sim::Instant::never();
    pump();
  });
}

}  // namespace leasesim::live
