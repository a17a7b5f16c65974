// Every input a fuzz target ever failed on (tests/fuzz/regressions/ for the scenario targets,
// tests/fuzz/merge-regressions/ for the summary one) goes through the targets' code in the
// ordinary build: each must end in a loaded scenario or summary, or an InputError or
// JsonError, never in another exception or an abort (the sanitizer build adds ASan and UBSan).
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/input_error.h"
#include "harness/judge.h"
#include "harness/scenario_loader.h"
#include "leasesim/version.h"
#include "reports/explore_summary.h"
#include "tests/fuzz/fuzz_inputs.h"
#include "tests/support/files.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> files_in(const char* dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> regression_files() { return files_in("tests/fuzz/regressions"); }

class FuzzRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzRegression, LoadsAndRunsWithoutCrashing) {
  const std::string data = testing::read_file(GetParam());
  ASSERT_FALSE(data.empty());
  EXPECT_NO_THROW(fuzz::load_input(data));
  EXPECT_NO_THROW(fuzz::run_input(data));
}

std::string test_name(const ::testing::TestParamInfo<std::string>& param) {
  std::string name = fs::path(param.param).stem().string();
  for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression, ::testing::ValuesIn(regression_files()), test_name);

// The merge target's inputs: what crashed or hung it (tests/fuzz/merge-regressions/), and the
// real summaries its corpus starts from (tests/fuzz/summaries/), which must also read.
class MergeFuzzRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(MergeFuzzRegression, ReadsOrIsRefusedWithoutCrashing) {
  const std::string data = testing::read_file(GetParam());
  ASSERT_FALSE(data.empty());
  EXPECT_NO_THROW(fuzz::merge_input(data));
}

INSTANTIATE_TEST_SUITE_P(Inputs, MergeFuzzRegression, ::testing::ValuesIn(files_in("tests/fuzz/merge-regressions")), test_name);

// The judge target's inputs: what crashed it (tests/fuzz/judge-regressions/), which must be
// judged or refused at a place, and its seeds (tests/fuzz/traces/: each a run's own trace behind
// the byte choosing its scenario), which must be judged without a complaint.
class JudgeFuzzRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(JudgeFuzzRegression, IsJudgedOrRefusedAtAPlaceWithoutCrashing) {
  const std::string data = testing::read_file(GetParam());
  ASSERT_FALSE(data.empty());
  EXPECT_NO_THROW(fuzz::judge_input(data));
}

INSTANTIATE_TEST_SUITE_P(Inputs, JudgeFuzzRegression, ::testing::ValuesIn(files_in("tests/fuzz/judge-regressions")), test_name);

class JudgeFuzzSeed : public ::testing::TestWithParam<std::string> {};

TEST_P(JudgeFuzzSeed, IsTheTraceOfTheScenarioItsFirstByteChooses) {
  const std::string data = testing::read_file(GetParam());
  ASSERT_GE(data.size(), 2u);
  const std::string& file = fuzz::judge_scenarios()[fuzz::scenario_index(data[0])];
  const harness::Judged j = harness::judge_trace_text(harness::load_scenario_file(file), std::string_view(data).substr(1));
  EXPECT_EQ(j.error, "") << file;
  EXPECT_TRUE(j.result.expectations_met) << file;
}

INSTANTIATE_TEST_SUITE_P(Seeds, JudgeFuzzSeed, ::testing::ValuesIn(files_in("tests/fuzz/traces")), test_name);

class MergeFuzzSeed : public ::testing::TestWithParam<std::string> {};

TEST_P(MergeFuzzSeed, IsARealSummaryThatReadsAndRendersAsWritten) {
  const std::string data = testing::read_file(GetParam());
  EXPECT_NO_THROW(fuzz::merge_input(data));
  const reports::ExploreSummary s = reports::parse_summary_json(data);
  if (data.find("\"first_runs\"") != std::string::npos) {
    // Written by this format: written again, it is the same but for the speed (computed from
    // the wall time before it was rounded to the millisecond) and the version line, which the
    // corpus leaves out (it is optional on reading) so that a release changes no corpus file.
    std::string again = reports::render_json(s);
    const std::string version_line = "  \"leasesim_version\": \"" + std::string(leasesim::version()) + "\",\n";
    ASSERT_EQ(again.find(version_line), 2u) << again.substr(0, 80);
    again.erase(2, version_line.size());
    const std::string speed = "  \"runs_per_second\"";
    EXPECT_EQ(again.substr(0, again.find(speed)), data.substr(0, data.find(speed)));
  }
}

INSTANTIATE_TEST_SUITE_P(Summaries, MergeFuzzSeed, ::testing::ValuesIn(files_in("tests/fuzz/summaries")), test_name);

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
