// Drives a LiveScheduler on real time: one asio steady_timer armed a little before the earliest
// pending event (then the loop waits for it awake), and every socket completion on the same
// io_context, so the whole run is one thread.
// Time zero (t0) is steady_clock at start(); the run ends at `end` or when stop() is called.
#pragma once

#include <chrono>

#include "live/asio.h"
#include "live/scheduler.h"

namespace leasesim::live {

class EventLoop {
 public:
  EventLoop(asio::io_context& io, LiveScheduler& sched) : io_(io), sched_(sched), timer_(io) {}

  // Sets t0 to now and runs until `end` (real time since t0), a signal, or stop().
  void run(sim::Instant end) { run(end, std::chrono::steady_clock::now()); }
  // The same with t0 given (it may lie ahead: nothing due at zero runs before it).
  void run(sim::Instant end, std::chrono::steady_clock::time_point t0);
  // Real time since t0.
  sim::Instant clock() const { return sim::Instant{(std::chrono::steady_clock::now() - t0_).count()}; }
  // Runs what is due, then waits for the next event. Call it after queueing work from outside
  // an event (a frame read).
  void pump();
  bool interrupted() const { return interrupted_; }

 private:
  void arm(sim::Instant at);

  asio::io_context& io_;
  LiveScheduler& sched_;
  asio::steady_timer timer_;
  std::chrono::steady_clock::time_point t0_;
  sim::Instant end_;
  sim::Instant armed_ = sim::Instant::never();
  bool done_ = false;
  bool pumping_ = false;
  bool interrupted_ = false;
};

}  // namespace leasesim::live
