// The processes a real run starts and signals: a pause is undone only if it stopped the process
// (continuing a process that is not stopped would wait forever: a restart inside a pause made
// the live run of uncommitted-close-dies-with-its-leader hang); a stopped process still dies of
// SIGKILL. /bin/sleep stands in for a server.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "live/zookeeper/process.h"

namespace leasesim::live::zookeeper {
namespace {

char state_of(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const size_t paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() ? '?' : line[paren + 2];
}

TEST(Process, ResumeWithoutAPauseReturnsAndPauseResumeStopsAndContinues) {
  Process p;
  p.start({"/bin/sleep", "60"}, "sleep", -1, "/dev/null");
  ASSERT_TRUE(p.running());
  p.resume();  // never paused: returns at once
  EXPECT_NE(state_of(p.pid()), 'T');
  p.pause();
  EXPECT_EQ(state_of(p.pid()), 'T');
  p.pause();  // already stopped: no second wait
  p.resume();
  EXPECT_NE(state_of(p.pid()), 'T');
  p.resume();  // continued already: returns at once
  p.stop();
  EXPECT_FALSE(p.running());
}

TEST(Process, AStoppedProcessIsKilledAndANewOneIsNotStopped) {
  Process p;
  p.start({"/bin/sleep", "60"}, "sleep", -1, "/dev/null");
  p.pause();
  p.kill();
  EXPECT_FALSE(p.running());
  p.start({"/bin/sleep", "60"}, "sleep", -1, "/dev/null");
  p.resume();  // the pause was the old process's: nothing to continue
  EXPECT_NE(state_of(p.pid()), 'T');
  p.stop();
}

TEST(Process, AProgramThatCannotBeStartedIsNamedInTheError) {
  Process p;
  try {
    p.start({"/nonexistent/zk"}, "ZooKeeper", -1, "/dev/null");
    FAIL() << "started";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot start ZooKeeper: /nonexistent/zk: No such file or directory");
  }
  EXPECT_FALSE(p.running());
}

}  // namespace
}  // namespace leasesim::live::zookeeper

namespace leasesim::live::zookeeper {
namespace {

// The run's sockets (asio opens them without FD_CLOEXEC) must not live on in a client or a
// server: a copy held by a child keeps a connection open after the proxy closes it.
TEST(Process, AChildInheritsNoDescriptorButItsOutputAndTheOneItIsGiven) {
  int leak[2];
  ASSERT_EQ(::pipe(leak), 0);  // not close-on-exec, like asio's sockets
  int keep[2];
  ASSERT_EQ(::pipe(keep), 0);
  Process p;
  p.start({"/bin/sleep", "60"}, "sleep", -1, "/dev/null", keep[0]);
  // What each descriptor is, by its target ("pipe:[inode]"): a program may open files of its
  // own while it starts (sleep reads the locale), so the set of numbers would race.
  auto target = [](const std::string& path) {
    std::error_code ec;
    return std::filesystem::read_symlink(path, ec).string();
  };
  std::set<std::string> child;
  for (const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(p.pid()) + "/fd")) child.insert(target(e.path()));
  const std::string self = "/proc/self/fd/";
  // Both ends of a pipe name the same "pipe:[inode]": the leaked pipe must not appear at all,
  // the kept one (its read end) must.
  EXPECT_FALSE(child.contains(target(self + std::to_string(leak[0])))) << "the leaked pipe was inherited";
  EXPECT_TRUE(child.contains(target(self + std::to_string(keep[0]))));
  p.stop();
  for (int fd : {leak[0], leak[1], keep[0], keep[1]}) ::close(fd);
}

}  // namespace
}  // namespace leasesim::live::zookeeper
