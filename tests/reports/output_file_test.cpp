// Writing output files: complete or absent, never half a file or a stray temporary one, with
// unnamed temporary files (O_TMPFILE) and with the named ones used where those are missing;
// nothing created but the file itself; paths checked before anything runs.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

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

INSTANTIATE_TEST_SUITE_P(Temporaries, OutputFiles, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "Named" : "Unnamed"; });

}  // namespace
}  // namespace leasesim::reports
