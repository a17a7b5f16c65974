#include "cli/check_runs.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "harness/run_limits.h"

namespace leasesim::cli {
namespace {

// The suite's stop, shared by the workers: the first reason wins.
class SuiteStop {
 public:
  // The reason the suite stopped, or "" to go on; a signal counts from when it arrives.
  std::string reason() {
    std::lock_guard lock(mutex_);
    if (reason_.empty() && harness::interrupt_signal() != 0) reason_ = harness::stop_reason_name(harness::StopReason::interrupted);
    return reason_;
  }
  void note(const reports::Result& r) {
    if (r.stopped.empty() || r.stopped == harness::stop_reason_name(harness::StopReason::max_events)) return;
    std::lock_guard lock(mutex_);
    if (reason_.empty()) reason_ = r.stopped;
  }

 private:
  std::mutex mutex_;
  std::string reason_;
};

CheckRun run_one(const CheckWork& w, const harness::RunOptions& options, bool record, SuiteStop& stop) {
  CheckRun out;
  if (!w.loaded->scenario) {
    out.did = CheckRun::Did::bad_input;
    return out;
  }
  if (const std::string why = stop.reason(); !why.empty()) {
    out.did = CheckRun::Did::not_run;
    out.not_run_because = why;
    return out;
  }
  if (!w.fits) {
    out.did = CheckRun::Did::too_big;
    return out;
  }
  harness::RunOptions run_options = options;
  if (record) {
    out.recording = std::make_unique<reports::Recording>();
    run_options.recording = out.recording.get();
  }
  out.result = harness::run_scenario(*w.loaded->scenario, run_options);
  stop.note(*out.result);
  return out;
}

}  // namespace

void run_in_order(const std::vector<CheckWork>& work, const harness::RunOptions& options, bool record, unsigned jobs,
                  const std::function<void(size_t, CheckRun&)>& deliver) {
  SuiteStop stop;
  if (jobs <= 1) {
    for (size_t i = 0; i < work.size(); ++i) {
      CheckRun run = run_one(work[i], options, record, stop);
      deliver(i, run);
    }
    return;
  }
  std::vector<std::optional<CheckRun>> done(work.size());
  std::mutex mutex;
  std::condition_variable finished;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < work.size(); i = next++) {
      CheckRun run = run_one(work[i], options, record, stop);
      std::lock_guard lock(mutex);
      done[i] = std::move(run);
      finished.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 0; j < std::min<size_t>(jobs, work.size()); ++j) threads.emplace_back(worker);
  for (size_t i = 0; i < work.size(); ++i) {
    std::unique_lock lock(mutex);
    finished.wait(lock, [&] { return done[i].has_value(); });
    CheckRun run = std::move(*done[i]);
    done[i].reset();
    lock.unlock();
    deliver(i, run);
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace leasesim::cli
