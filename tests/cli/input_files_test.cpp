// Files that are not regular files, and files too big: every file leasesim reads (a scenario
// for run, replay, explore and sweep, the entries of a folder given to check, the summaries
// given to merge) is refused with what it is, exit status 2, before a byte is read. Nothing
// hangs (a FIFO with no writer) or reads without end (/dev/zero). Each test ends by itself:
// a hang would be caught by ctest's timeout, never by a guessed delay.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "reports/input_file.h"
#include "tests/support/command.h"
#include "tests/support/files.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;
using testing::run_command;

const std::string kBin = LEASESIM_BINARY;

std::string temp_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "leasesim-inputs-" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A FIFO nobody writes to: opening it for reading would wait for ever.
std::string fifo(const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + name;
  EXPECT_EQ(mkfifo(path.c_str(), 0644), 0);
  return path;
}

void expect_refused(const std::string& command, const std::string& message) {
  const auto r = run_command(command);
  EXPECT_EQ(r.status, 2) << command;
  EXPECT_EQ(r.output, message + "\n") << command;
}

TEST(InputFiles, ADirectoryIsCalledADirectoryNotAnEmptyFile) {
  const std::string dir = temp_dir("directory");
  fs::create_directory(dir + "/s.yaml");
  expect_refused(kBin + " run " + dir + "/s.yaml", dir + "/s.yaml: is a directory; a scenario file must be a regular file");
}

TEST(InputFiles, AFifoWithNoWriterIsRefusedWithoutWaiting) {
  const std::string dir = temp_dir("fifo");
  const std::string f = fifo(dir, "s.yaml");
  const std::string message = f + ": is a FIFO (named pipe); a scenario file must be a regular file";
  expect_refused(kBin + " run " + f, message);
  expect_refused(kBin + " replay " + f, message);
  expect_refused(kBin + " explore " + f, message);
  expect_refused(kBin + " sweep " + f + " --vary duration --from 1s --to 2s", message);
}

TEST(InputFiles, DevZeroIsRefusedNotReadUntilMemoryRunsOut) {
  expect_refused(kBin + " run /dev/zero", "/dev/zero: is a character device; a scenario file must be a regular file");
}

TEST(InputFiles, AScenarioOverSixteenMebibytesIsRefusedUnread) {
  const std::string dir = temp_dir("huge");
  std::ofstream(dir + "/s.yaml") << "duration: 1s\n";
  fs::resize_file(dir + "/s.yaml", (uint64_t{16} << 20) + 1);  // sparse
  expect_refused(kBin + " run " + dir + "/s.yaml",
                 dir + "/s.yaml: is larger than 16 MiB (16777216 bytes), the most a scenario file may hold");
}

TEST(InputFiles, AFileThatSaysItIsEmptyIsReadOnlyUpToTheCap) {
  // /proc files report a size of 0: the cap holds whatever the size says, after cap + 1 bytes.
  const reports::InputFile f = reports::read_input_file("/proc/self/maps", "a map", 16);
  EXPECT_EQ(f.error, "is larger than 16 bytes, the most a map may hold");
  EXPECT_EQ(f.text, "");
  const reports::InputFile small = reports::read_input_file("/proc/self/maps", "a map", 1 << 20);
  EXPECT_EQ(small.error, "");
  EXPECT_GT(small.text.size(), 16u);
}

TEST(InputFiles, CheckListsAFifoAndADanglingLinkInAFolderAsBadInputAndRunsTheRest) {
  const std::string dir = temp_dir("check");
  fs::copy_file("scenarios/zbs/legacy-reply-delay-6s.yaml", dir + "/a.yaml");
  fifo(dir, "b.yaml");
  fs::create_symlink(dir + "/nowhere.yaml", dir + "/c.yaml");
  fs::create_directory(dir + "/d.yaml");  // a directory is searched, as any other
  const auto r = run_command(kBin + " check " + dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("zbs-legacy-reply-delay-6s                    violated  met"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(dir + "/b.yaml -         BAD INPUT\n    " + dir +
                          "/b.yaml: is a FIFO (named pipe); a scenario file must be a regular file\n"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("    " + dir + "/c.yaml: cannot open the file: No such file or directory\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("3 scenarios: 1 met, 0 failed, 2 bad input"), std::string::npos) << r.output;
}

TEST(InputFiles, CheckRefusesAFifoNamedOnTheCommandLine) {
  const std::string dir = temp_dir("check-fifo");
  const std::string f = fifo(dir, "s.yaml");
  const auto r = run_command(kBin + " check " + f);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("    " + f + ": is a FIFO (named pipe); a scenario file must be a regular file\n"), std::string::npos) << r.output;
}

TEST(InputFiles, MergeRefusesADirectoryAFifoAndADevice) {
  const std::string dir = temp_dir("merge");
  const std::string f = fifo(dir, "summary.json");
  expect_refused(kBin + " merge " + dir, dir + ": is a directory; an explore summary must be a regular file");
  expect_refused(kBin + " merge " + f, f + ": is a FIFO (named pipe); an explore summary must be a regular file");
  expect_refused(kBin + " merge /dev/zero", "/dev/zero: is a character device; an explore summary must be a regular file");
}

// More values than any scenario needs: refused before yaml-cpp builds its tree (16 MiB of
// `[1,1,...]` took 3.7 GB there).
TEST(InputFiles, AScenarioOfMoreThanTwoMillionValuesIsRefusedBeforeItsTreeIsBuilt) {
  const std::string dir = temp_dir("values");
  std::string text = "duration: 1s\nprotocol: {kind: zbs}\nfollowers: [f";
  for (int i = 0; i < 2'000'000; ++i) text += ",1";
  std::ofstream(dir + "/s.yaml") << text << "]\n";
  expect_refused(kBin + " run " + dir + "/s.yaml",
                 dir + "/s.yaml:3:3999995: more than 2000000 values in the file; the largest scenario the limits allow (100000 "
                       "nodes, each with a clock, and 10000 faults) has under 1000000");
}

}  // namespace
}  // namespace leasesim
