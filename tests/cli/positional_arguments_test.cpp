// Positional arguments are taken out of the command line before boost::program_options sees it
// (its parser is quadratic in the argument count): they must come out exactly as boost read
// them, in order, with every option's value still beside its option.
#include <gtest/gtest.h>

#include "cli/verbs.h"

namespace leasesim::cli {
namespace {

TEST(PositionalArguments, KeepTheirOrderAroundOptionsAndTheirValues) {
  VerbArgs a;
  ASSERT_EQ(parse_compare({"a.jsonl", "--scenario", "s.yaml", "b.jsonl", "--tolerance", "2ms"}, a), std::nullopt);
  EXPECT_EQ(a.positional, (std::vector<std::string>{"a.jsonl", "b.jsonl"}));
  EXPECT_EQ(a.vm["scenario"].as<std::string>(), "s.yaml");
  EXPECT_EQ(a.vm["tolerance"].as<int64_t>(), 2'000'000);
}

TEST(PositionalArguments, AnOptionTakesTheNextArgumentWhateverItLooksLike) {
  VerbArgs a;
  ASSERT_EQ(parse_run({"--trace", "-", "s.yaml"}, a), std::nullopt);
  EXPECT_EQ(a.vm["trace"].as<std::string>(), "-");
  EXPECT_EQ(a.positional, std::vector<std::string>{"s.yaml"});
  VerbArgs b;
  ASSERT_EQ(parse_run({"--trace", "--", "s.yaml"}, b), std::nullopt);
  EXPECT_EQ(b.vm["trace"].as<std::string>(), "--");
  EXPECT_EQ(b.positional, std::vector<std::string>{"s.yaml"});
}

TEST(PositionalArguments, DoubleDashEndsTheOptionsAndADashAloneIsAFile) {
  VerbArgs a;
  ASSERT_EQ(parse_check({"-", "--", "--seed", "-x"}, a), std::nullopt);
  EXPECT_EQ(a.positional, (std::vector<std::string>{"-", "--seed", "-x"}));
  EXPECT_EQ(a.vm.count("seed"), 0U);
}

TEST(PositionalArguments, ManyAreTakenAndManyOptionsAreRefused) {
  std::vector<std::string> paths(100'000, "x.yaml");
  VerbArgs a;
  ASSERT_EQ(parse_check(paths, a), std::nullopt);
  EXPECT_EQ(a.positional.size(), 100'000U);
  std::vector<std::string> options(1001, "--json");
  options.push_back("x.yaml");
  VerbArgs b;
  testing::internal::CaptureStderr();
  EXPECT_EQ(parse_run(options, b), kExitBadInput);
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "leasesim run: 1001 option arguments; a command line takes at most 1000 (see leasesim run --help)\n");
}

}  // namespace
}  // namespace leasesim::cli
