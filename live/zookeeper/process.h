// A child process leasesim started and answers for: in a process group of its own (signals
// reach every thread, and only it), killed if leasesim dies (PR_SET_PDEATHSIG), and stopped by
// the pid recorded at its start, never by name. Pause and resume return once the kernel has
// stopped or continued it, so a fault's instant is when it took effect.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace leasesim::live::zookeeper {

class Process {
 public:
  Process() = default;
  ~Process() { stop(); }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Starts `argv` with stdout and stderr to `out_fd` (or to `out_file`, created, if out_fd < 0),
  // keeping `keep_fd` (if >= 0) open in the child; every other descriptor of ours is closed on
  // exec. Throws std::runtime_error, naming `what`, if it cannot be started.
  void start(const std::vector<std::string>& argv, const std::string& what, int out_fd, const std::string& out_file, int keep_fd = -1);
  // NAME=VALUE entries added to the environment of every later start (libfaketime's).
  void set_environment(std::vector<std::string> extra) { environment_ = std::move(extra); }
  void pause();   // SIGSTOP to the group; no-op if stopped already or not running
  void resume();  // SIGCONT to the group; no-op unless pause() stopped it
  void kill();    // SIGKILL, reaped: a crash
  // SIGCONT, `term`, then SIGKILL after `grace`; idempotent.
  void stop(int term = 15, std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
  // Reaps it if it has ended within `wait`; true if it is gone.
  bool reap(std::chrono::milliseconds wait);

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  bool stopped_ = false;  // by pause(), until resume(): a new process is not stopped
  std::vector<std::string> environment_;
};

}  // namespace leasesim::live::zookeeper
