// Every input a fuzz target ever failed on (tests/fuzz/regressions/) goes through both targets'
// code in the ordinary build: each must end in a loaded scenario or an InputError, never in
// another exception (the sanitizer build adds ASan and UBSan to that).
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/input_error.h"
#include "harness/scenario_loader.h"
#include "tests/fuzz/fuzz_inputs.h"
#include "tests/support/files.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> regression_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator("tests/fuzz/regressions")) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

class FuzzRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzRegression, LoadsAndRunsWithoutCrashing) {
  const std::string data = testing::read_file(GetParam());
  ASSERT_FALSE(data.empty());
  EXPECT_NO_THROW(fuzz::load_input(data));
  EXPECT_NO_THROW(fuzz::run_input(data));
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression, ::testing::ValuesIn(regression_files()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = fs::path(param.param).stem().string();
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(FuzzRegression, MinAboveTheDefaultMaxIsReportedAtMin) {
  // The first crash the load target found: the message must point at `min`, the key given.
  try {
    harness::load_scenario_file("tests/fuzz/regressions/explore-min-without-max.yaml");
    FAIL() << "loaded";
  } catch (const harness::InputError& e) {
    EXPECT_STREQ(e.what(), "tests/fuzz/regressions/explore-min-without-max.yaml:9:12: explore.faults[0].min: min 2 is above max, which is 1 unless given");
  }
}

}  // namespace
}  // namespace leasesim
