// Writing output files: complete or absent, never half a file or a stray temporary one, with
// unnamed temporary files (O_TMPFILE) and with the named ones used where those are missing;
// nothing created but the file itself; paths checked before anything runs.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "reports/output_file.h"
#include "tests/support/files.h"

namespace leasesim::reports {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> listing(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Each test runs both ways: unnamed temporary files, and named ones.
class OutputFiles : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { use_named_temporary_files(GetParam()); }
  void TearDown() override { use_named_temporary_files(false); }
  std::string dir(const std::string& name) {
    const std::string d = ::testing::TempDir() + "leasesim-output-file-" + name + (GetParam() ? "-named" : "-unnamed");
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }
};

TEST_P(OutputFiles, AFileIsWrittenWithNothingBesideIt) {
  const std::string d = dir("new");
  EXPECT_EQ(write_file(d + "/a.txt", "hello\n"), "");
  EXPECT_EQ(testing::read_file(d + "/a.txt"), "hello\n");
  EXPECT_EQ(listing(d), std::vector<std::string>{"a.txt"});
}

TEST_P(OutputFiles, AnExistingFileIsReplacedWholeWithNothingBesideIt) {
  const std::string d = dir("replace");
  std::ofstream(d + "/a.txt") << "old and longer\n";
  EXPECT_EQ(write_file(d + "/a.txt", "new\n"), "");
  EXPECT_EQ(testing::read_file(d + "/a.txt"), "new\n");
  EXPECT_EQ(listing(d), std::vector<std::string>{"a.txt"});
}

TEST_P(OutputFiles, AStreamNotCommittedLeavesNoFileAndTheOldOneAsItWas) {
  const std::string d = dir("uncommitted");
  {
    OutputFile f(d + "/new.txt");
    ASSERT_EQ(f.error(), "");
    f.stream() << std::string(200'000, 'x');  // past the buffer: some of it is in the file
  }
  EXPECT_EQ(listing(d), std::vector<std::string>{});
  std::ofstream(d + "/old.txt") << "old\n";
  {
    OutputFile f(d + "/old.txt");
    f.stream() << "new\n";
  }
  EXPECT_EQ(listing(d), std::vector<std::string>{"old.txt"});
  EXPECT_EQ(testing::read_file(d + "/old.txt"), "old\n");
}

TEST_P(OutputFiles, ACommittedStreamReplacesTheFile) {
  const std::string d = dir("committed");
  std::ofstream(d + "/t.txt") << "old\n";
  OutputFile f(d + "/t.txt");
  f.stream() << std::string(200'000, 'y') << "\n";
  EXPECT_EQ(f.commit(), "");
  EXPECT_EQ(fs::file_size(d + "/t.txt"), 200'001u);
  EXPECT_EQ(listing(d), std::vector<std::string>{"t.txt"});
}

TEST_P(OutputFiles, AMissingDirectoryIsAnErrorAndIsNotCreated) {
  const std::string d = dir("missing");
  EXPECT_EQ(write_file(d + "/no/a.txt", "x"), "cannot write " + d + "/no/a.txt: No such file or directory");
  EXPECT_EQ(check_output_file(d + "/no/a.txt"), "cannot write " + d + "/no/a.txt: the directory " + d + "/no does not exist");
  EXPECT_EQ(OutputFile(d + "/no/t.txt").error(), "cannot write " + d + "/no/t.txt: No such file or directory");
  EXPECT_EQ(listing(d), std::vector<std::string>{});
}

// A full disk, as a file size limit makes one: the write fails, says why, and leaves nothing.
TEST_P(OutputFiles, AWriteThatFailsSaysWhyAndLeavesNothing) {
  const std::string d = dir("full");
  std::ofstream(d + "/old.txt") << "old\n";
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &before), 0);
  const auto previous = signal(SIGXFSZ, SIG_IGN);
  rlimit small = before;
  small.rlim_cur = 100'000;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  const std::string whole = write_file(d + "/old.txt", std::string(200'000, 'x'));
  OutputFile streamed(d + "/t.txt");
  streamed.stream() << std::string(200'000, 'x');
  const std::string commit = streamed.commit();
  setrlimit(RLIMIT_FSIZE, &before);
  signal(SIGXFSZ, previous);
  EXPECT_EQ(whole, "cannot write " + d + "/old.txt: File too large");
  EXPECT_EQ(commit, "cannot write " + d + "/t.txt: File too large");
  EXPECT_EQ(listing(d), std::vector<std::string>{"old.txt"});
  EXPECT_EQ(testing::read_file(d + "/old.txt"), "old\n");
}

TEST_P(OutputFiles, PathsAreCheckedWithoutCreatingAnything) {
  const std::string d = dir("check");
  std::ofstream(d + "/file") << "x";
  EXPECT_EQ(check_output_file(d + "/new.html"), "");
  EXPECT_EQ(check_output_file(d + "/file"), "");
  EXPECT_EQ(check_output_file(d), "cannot write " + d + ": it is a directory");
  EXPECT_EQ(check_output_file(d + "/"), "cannot write " + d + "/: it names a directory, not a file");
  EXPECT_EQ(check_output_file(d + "/file/x"), "cannot write " + d + "/file/x: " + d + "/file is not a directory");
  EXPECT_EQ(check_output_file("/dev/null"), "cannot write /dev/null: it is a character device, not a regular file");
  EXPECT_EQ(check_output_file("/proc/x.html"), "cannot write /proc/x.html: cannot create files in /proc: No such file or directory");
  EXPECT_EQ(listing(d), std::vector<std::string>{"file"});
}

TEST_P(OutputFiles, AnOutputDirectoryIsCreatedButNotItsParents) {
  const std::string d = dir("dir");
  EXPECT_EQ(prepare_output_dir(d + "/a/b/"), "cannot create the directory " + d + "/a/b/: " + d +
                                                 "/a does not exist; leasesim creates the last directory of the path only");
  EXPECT_EQ(listing(d), std::vector<std::string>{});
  EXPECT_EQ(prepare_output_dir(d + "/a/"), "");
  EXPECT_EQ(prepare_output_dir(d + "/a"), "");
  EXPECT_EQ(listing(d), std::vector<std::string>{"a"});
  EXPECT_EQ(listing(d + "/a"), std::vector<std::string>{});
}

// A PID that no process has: PIDs are below /proc/sys/kernel/pid_max. (A PID of a process
// that ended could be given to a new one before the test looks; this one cannot.)
std::string dead_pid() {
  long pid_max = 0;
  std::ifstream("/proc/sys/kernel/pid_max") >> pid_max;
  EXPECT_GT(pid_max, 1);
  EXPECT_NE(::kill(static_cast<pid_t>(pid_max), 0), 0);
  return std::to_string(pid_max);
}

// A writer killed (SIGKILL) between linking its file beside the target and renaming it over the
// target, or while writing without O_TMPFILE, leaves TARGET.tmp-PID-N. The next write of the
// target removes those of dead writers, and nothing else.
TEST_P(OutputFiles, TheNextWriteRemovesTheTemporariesOfDeadWritersAndNothingElse) {
  const std::string d = dir("stale");
  const std::string dead = dead_pid();
  const std::string live = std::to_string(getpid());
  const std::vector<std::string> kept = {
      "a.txt.tmp-" + live + "-0",          // a live writer's (this process's)
      "a.txt.tmp-" + dead + "-0.bak",      // not the pattern: more after N
      "a.txt.tmp-" + dead + "-x",          // N is not a number
      "a.txt.tmp-" + dead,                 // no N
      "a.txt.tmp-0" + dead + "-0",         // a PID with a leading zero: not one leasesim writes
      "a.txt.tmp--1-0",                    // no PID
      "b.txt.tmp-" + dead + "-0",          // another target's
      "xa.txt.tmp-" + dead + "-0",         // another target's
      "unrelated.txt",
  };
  for (const std::string& name : kept) std::ofstream(d + "/" + name) << "keep\n";
  for (const char* n : {"0", "7", "18446744073709551615"}) std::ofstream(d + "/a.txt.tmp-" + dead + "-" + n) << "stale\n";
  std::ofstream(d + "/a.txt") << "old\n";
  EXPECT_EQ(write_file(d + "/a.txt", "new\n"), "");
  EXPECT_EQ(testing::read_file(d + "/a.txt"), "new\n");
  std::vector<std::string> expected = kept;
  expected.push_back("a.txt");
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(listing(d), expected);
  for (const std::string& name : kept) EXPECT_EQ(testing::read_file(d + "/" + name), "keep\n") << name;
}

TEST_P(OutputFiles, AStaleTemporaryIsRemovedAlsoWhereTheTargetDoesNotExistYet) {
  const std::string d = dir("stale-new");
  std::ofstream(d + "/t.jsonl.tmp-" + dead_pid() + "-3") << "stale\n";
  OutputFile f(d + "/t.jsonl");
  ASSERT_EQ(f.error(), "");
  f.stream() << "line\n";
  EXPECT_EQ(f.commit(), "");
  EXPECT_EQ(listing(d), std::vector<std::string>{"t.jsonl"});
}

// A temporary whose PID means nothing here (a writer in another PID namespace, or on another
// machine sharing a network file system) is still its writer's while the writer holds its lock.
TEST_P(OutputFiles, ATemporaryWhoseLockIsHeldIsLeftAloneWhateverItsPid) {
  const std::string d = dir("stale-locked");
  const std::string held = d + "/a.txt.tmp-" + dead_pid() + "-0";
  std::ofstream(held) << "being written\n";
  const int fd = ::open(held.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  EXPECT_EQ(write_file(d + "/a.txt", "new\n"), "");
  EXPECT_TRUE(fs::exists(held));
  ::close(fd);
  EXPECT_EQ(write_file(d + "/a.txt", "newer\n"), "");  // the writer is gone: its lock with it
  EXPECT_EQ(listing(d), std::vector<std::string>{"a.txt"});
}

// Only regular files: a link or a directory with a temporary's name is not one leasesim made.
TEST_P(OutputFiles, ALinkOrADirectoryNamedLikeAStaleTemporaryIsLeftAlone) {
  const std::string d = dir("stale-kinds");
  const std::string dead = dead_pid();
  std::ofstream(d + "/elsewhere.txt") << "keep\n";
  fs::create_symlink("elsewhere.txt", d + "/a.txt.tmp-" + dead + "-0");
  fs::create_directory(d + "/a.txt.tmp-" + dead + "-1");
  EXPECT_EQ(write_file(d + "/a.txt", "new\n"), "");
  EXPECT_EQ(listing(d), (std::vector<std::string>{"a.txt", "a.txt.tmp-" + dead + "-0", "a.txt.tmp-" + dead + "-1", "elsewhere.txt"}));
  EXPECT_EQ(testing::read_file(d + "/elsewhere.txt"), "keep\n");
}

INSTANTIATE_TEST_SUITE_P(Temporaries, OutputFiles, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "Named" : "Unnamed"; });

}  // namespace
}  // namespace leasesim::reports
