// The command-line fuzz target's seed corpus and every input it ever failed on
// (tests/fuzz/command-lines/, one argument a line) in the ordinary build: each ends in 0 (--help),
// 2 (refused, with a message) or a verb that would go on, never in an exception.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/fuzz/command_line_input.h"
#include "tests/support/files.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> command_lines() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator("tests/fuzz/command-lines")) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

class CommandLineCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(CommandLineCorpus, ParsesToAnExitStatusOrGoesOn) {
  const std::string data = testing::read_file(GetParam());
  ASSERT_FALSE(data.empty());
  EXPECT_NO_THROW(fuzz::parse_command_line(data));
}

INSTANTIATE_TEST_SUITE_P(Inputs, CommandLineCorpus, ::testing::ValuesIn(command_lines()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = fs::path(param.param).filename().string();
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

// The corpus stays honest: a wrapped number would let these through.
TEST(CommandLineCorpus, RefusesTheNegativesItHolds) {
  EXPECT_EQ(fuzz::parse_command_line(testing::read_file("tests/fuzz/command-lines/explore-runs-negative")), 2);
  EXPECT_EQ(fuzz::parse_command_line(testing::read_file("tests/fuzz/command-lines/run-seed-negative")), 2);
  EXPECT_EQ(fuzz::parse_command_line(testing::read_file("tests/fuzz/command-lines/run-seed-max")), std::nullopt);
}

}  // namespace
}  // namespace leasesim
