// A live run's scheduling priority.
#pragma once

#include <sys/resource.h>

#include <cerrno>

namespace leasesim::live {

// A live run sleeps between its events but must wake on time: on the 2-core machine loaded by
// builds (load 5 to 6), a default-priority run's timers and wake-ahead spins were preempted for
// the scheduler's 4 ms tick and windows moved 7 ms (docs/live-status.md). A higher CFS weight
// costs the other processes what the run uses, which is little. Processes the run starts (a
// real server, its clients) inherit it, which a real run wants for the same reason. Best
// effort: without the privilege the run goes on at its priority, and says so.
class RaisedPriority {
 public:
  RaisedPriority() {
    errno = 0;
    before_ = getpriority(PRIO_PROCESS, 0);
    raised_ = errno == 0 && before_ > kNice && setpriority(PRIO_PROCESS, 0, kNice) == 0;
  }
  ~RaisedPriority() {
    if (raised_) setpriority(PRIO_PROCESS, 0, before_);
  }
  RaisedPriority(const RaisedPriority&) = delete;
  RaisedPriority& operator=(const RaisedPriority&) = delete;
  bool raised() const { return raised_; }
  static constexpr int kNice = -10;

 private:
  int before_ = 0;
  bool raised_ = false;
};

}  // namespace leasesim::live
