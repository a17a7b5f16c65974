// Every hostile explore summary (tests/hostile/summaries/) gets its exact message from `leasesim
// merge`, nothing on stdout, and exit status 2: no crash (100,000 brackets crashed the library
// parser used before), no loop over a count the file merely claims (10^9 shards took minutes).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/support/command.h"
#include "tests/support/files.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;
using testing::run_command;

const std::string kBin = LEASESIM_BINARY;
const std::string kCorpus = "tests/hostile/summaries";

using Outcome = testing::SplitResult;

Outcome merge(const std::string& files) { return testing::run_command_split(kBin + " merge " + files, ::testing::TempDir()); }

std::vector<std::string> corpus() { return testing::stems_in(kCorpus, ".json"); }

class HostileSummary : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileSummary, GetsItsExactMessageAndExitStatusTwo) {
  const std::string base = kCorpus + "/" + GetParam();
  const Outcome o = merge(base + ".json");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, testing::read_file(base + ".expected"));
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileSummary, ::testing::ValuesIn(corpus()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(HostileSummaryCorpus, HoldsEveryKind) { EXPECT_GE(corpus().size(), 25u); }

// Written once per test, too big to keep in the repository.
std::string generated(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "leasesim-hostile-summary-" + name + ".json";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(HostileSummaryGenerated, AHundredThousandNestedBracketsAreRefusedAtTheThirtyThirdLevel) {
  const std::string f = generated("brackets", std::string(100'000, '['));
  const Outcome o = merge(f);
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, f + ":1:33: nested deeper than 32 levels, far deeper than an explore summary goes\n");
}

TEST(HostileSummaryGenerated, AListOfAMillionValuesIsRefusedAtItsLastValue) {
  std::string text = "[0";
  for (int i = 1; i < 1'000'001; ++i) text += ",0";
  const std::string f = generated("values", text + "]");
  const Outcome o = merge(f);
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, f + ":1:2000000: more than 1000000 values, far more than an explore summary holds\n");
}

TEST(HostileSummaryGenerated, AFileOverSixteenMebibytesIsRefusedUnread) {
  const std::string f = generated("huge", "");
  fs::resize_file(f, (uint64_t{16} << 20) + 1);  // sparse: nothing is written, nothing need be read
  const Outcome o = merge(f);
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, f + ": is larger than 16 MiB (16777216 bytes), the most an explore summary may hold\n");
}

// Shards of a 100,000-shard exploration (the most there may be) with two given: the missing
// ones are counted, and listed up to 32.
TEST(HostileSummaryGenerated, TheMissingShardsOfTheLargestExplorationAreCountedAndTheListCut) {
  const std::string real = testing::read_file("tests/fuzz/summaries/zbs-fixed-200.json");
  ASSERT_NE(real.find("\"shard\": {\"index\": 0, \"count\": 1}"), std::string::npos) << real;
  std::string files;
  for (int i = 0; i < 2; ++i) {
    std::string text = real;
    text.replace(text.find("\"shard\": {\"index\": 0, \"count\": 1}"), 33,
                 "\"shard\": {\"index\": " + std::to_string(i) + ", \"count\": 100000}");
    text.replace(text.find("\"runs_done\": 200"), 16, "\"runs_done\": 1");
    files += " " + generated("shard-" + std::to_string(i), text);
  }
  const Outcome o = merge(files);
  EXPECT_EQ(o.status, 2) << o.out;
  std::string listed;
  for (int i = 2; i < 34; ++i) listed += std::to_string(i) + ", ";
  EXPECT_EQ(o.err, "leasesim merge: shards missing: " + listed + "... (99998 of 100000)\n");
}

// explore writes no shard merge would refuse: N above kMaxShards is refused before any run,
// and --out is not created.
TEST(HostileSummaryGenerated, ExploreRefusesMoreShardsThanMergeTakesBeforeAnyRun) {
  const std::string out = ::testing::TempDir() + "leasesim-hostile-summary-shards";
  fs::remove_all(out);
  const std::string err = out + ".err";
  const auto r = run_command("( " + kBin + " explore scenarios/explore/zbs-fixed-reply-delay.yaml --shard 0/100001 --out " + out + " 2>'" +
                             err + "' )");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "");
  EXPECT_EQ(testing::read_file(err), "leasesim explore: --shard: '0/100001' is not a shard (I/N, whole numbers with 0 <= I < N <= 100000, the most shards "
            "leasesim merge adds up) (see leasesim explore --help)\n");
  EXPECT_FALSE(fs::exists(out));
  const auto most = run_command(kBin + " explore scenarios/explore/zbs-fixed-reply-delay.yaml --shard 99999/100000 --out " + out);
  EXPECT_EQ(most.status, 0) << most.output;
}

}  // namespace
}  // namespace leasesim
