#include "live/event_loop.h"

#include <algorithm>

#include "harness/run_limits.h"

namespace leasesim::live {

namespace {
// How often a quiet run looks at the signal flag, so that Ctrl-C stops it at once.
constexpr sim::Duration kSignalPoll = sim::Duration::millis(100);
}  // namespace

void EventLoop::run(sim::Instant end) {
  end_ = end;
  t0_ = std::chrono::steady_clock::now();
  static_assert(std::is_same_v<std::chrono::steady_clock::duration, std::chrono::nanoseconds>);
  pump();
  if (!done_) io_.run();
}

void EventLoop::pump() {
  if (done_) return;
  if (harness::interrupt_signal() != 0) {
    interrupted_ = true;
  } else if (sched_.run_due([this] { return clock(); }, end_)) {
    arm(std::min({sched_.next_due(), end_, clock() + kSignalPoll}));
    return;
  }
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
