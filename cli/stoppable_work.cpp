#include "cli/stoppable_work.h"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/options.h"
#include "harness/run_limits.h"
#include "reports/text_result.h"

namespace leasesim::cli {
namespace {

// Shared by the two threads: the waiting one may leave (and end the process) while the worker
// still holds it.
struct Progress {
  std::mutex m;
  std::condition_variable ended_cv;
  bool ended = false;
  std::exception_ptr error;
};

// How often the wait looks at the stop flag. A signal handler may only store to an atomic, not
// wake a condition variable, so the flag is looked at: a Ctrl-C is seen within this.
constexpr std::chrono::milliseconds kSignalPoll{10};

harness::StopReason stop_asked(const std::optional<std::chrono::steady_clock::time_point>& deadline) {
  if (harness::interrupt_signal() != 0) return harness::StopReason::interrupted;
  if (deadline && std::chrono::steady_clock::now() >= *deadline) return harness::StopReason::max_wall;
  return harness::StopReason::none;
}

[[noreturn]] void end_stopped(const std::string& verb, const std::string& what, harness::StopReason why) {
  const std::string reason = harness::stop_reason_name(why);
  std::cout.flush();
  std::cerr << "leasesim " << verb << ": " << what << ": stopped while loading it, before any run: " << reports::stop_explanation(reason)
            << "\n";
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(stopped_exit_status(reason));
}

}  // namespace

void finish_unless_stopped(const std::string& verb, const std::string& what,
                           const std::optional<std::chrono::steady_clock::time_point>& deadline, const std::function<void()>& work) {
  // Asked to stop already (a deadline of 1ns, a Ctrl-C while the options were read): no thread.
  if (const harness::StopReason why = stop_asked(deadline); why != harness::StopReason::none) end_stopped(verb, what, why);
  auto progress = std::make_shared<Progress>();
  // `work` is copied: should the command end, the thread keeps what it runs. What `work` refers
  // to lives in frames of this thread, which are never unwound if it is abandoned (_Exit).
  std::thread worker([progress, work] {
    std::exception_ptr error;
    try {
      work();
    } catch (...) {
      error = std::current_exception();
    }
    const std::lock_guard<std::mutex> lock(progress->m);
    progress->error = error;
    progress->ended = true;
    progress->ended_cv.notify_all();
  });
  {
    std::unique_lock<std::mutex> lock(progress->m);
    while (!progress->ended) {
      if (const harness::StopReason why = stop_asked(deadline); why != harness::StopReason::none) {
        lock.unlock();
        worker.detach();
        end_stopped(verb, what, why);
      }
      auto until = std::chrono::steady_clock::now() + kSignalPoll;
      if (deadline && *deadline < until) until = *deadline;
      progress->ended_cv.wait_until(lock, until);
    }
  }
  worker.join();
  if (const harness::StopReason why = stop_asked(deadline); why != harness::StopReason::none) end_stopped(verb, what, why);
  if (progress->error) std::rethrow_exception(progress->error);
}

}  // namespace leasesim::cli
