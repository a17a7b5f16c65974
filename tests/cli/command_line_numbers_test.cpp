// The command line's numbers: every numeric option of every verb is read by one parser for its
// kind (cli/option_values.h), which takes a value exactly as written or refuses it, exit status
// 2, naming the option, the text and the range. Read in-process through each verb's own
// parse function, which opens no file and runs nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli/option_values.h"
#include "cli/verbs.h"
#include "tests/support/files.h"

namespace leasesim {
namespace {

using cli::VerbArgs;

struct Parsed {
  std::optional<int> status;  // nothing: the verb would go on
  std::string err;
  VerbArgs args;
};

// `leasesim VERB ARGS...` as far as its parse function goes, with what it printed to stderr.
Parsed parse(const std::string& verb, const std::vector<std::string>& args) {
  Parsed p;
  std::ostringstream err;
  std::streambuf* const old = std::cerr.rdbuf(err.rdbuf());
  for (const cli::Verb& v : cli::verbs()) {
    if (verb == v.name) p.status = v.parse(args, p.args);
  }
  std::cerr.rdbuf(old);
  p.err = err.str();
  return p;
}

// What each verb needs besides the option tried, so that only the option can be wrong.
std::vector<std::string> with(const std::string& verb, std::vector<std::string> args) {
  if (verb == "sweep") args.insert(args.begin(), {"--vary", "faults[0].at", "--from", "0s", "--to", "1s"});
  args.insert(args.begin(), verb == "merge" ? "summary.json" : "scenario.yaml");
  return args;
}

struct WholeNumberOption {
  std::string verb;
  std::string option;
  std::string what;
  uint64_t min;
  uint64_t max;
};

const std::vector<WholeNumberOption>& whole_number_options() {
  static const std::vector<WholeNumberOption> options = [] {
    std::vector<WholeNumberOption> o;
    for (const std::string verb : {"run", "replay", "check", "explore"}) {
      o.push_back({verb, "--seed", "a seed", 0, UINT64_MAX});
      o.push_back({verb, "--max-events", "an event budget", 1, UINT64_MAX});
    }
    o.push_back({"sweep", "--seed", "a seed", 0, UINT64_MAX});
    o.push_back({"explore", "--runs", "a number of runs", 1, UINT64_MAX});
    o.push_back({"explore", "--jobs", "a number of worker threads", 1, 1024});
    o.push_back({"sweep", "--steps", "a number of grid intervals", 1, 1000});
    return o;
  }();
  return options;
}

TEST(OptionValues, AWholeNumberIsDecimalDigitsAndNothingElse) {
  EXPECT_EQ(cli::parse_whole_number("0"), 0u);
  EXPECT_EQ(cli::parse_whole_number("007"), 7u);
  EXPECT_EQ(cli::parse_whole_number("18446744073709551615"), UINT64_MAX);
  for (const char* bad : {"", "-1", "-0", "+1", " 1", "1 ", "1e3", "0x10", "1.0", "1_000", "1,000", "18446744073709551616",
                          "99999999999999999999999", "\xd9\xa1" /* an Arabic-Indic one */, "1\n"}) {
    EXPECT_EQ(cli::parse_whole_number(bad), std::nullopt) << bad;
  }
}

TEST(CommandLineNumbers, EveryWholeNumberOptionRefusesNegativesAndNonsenseSayingWhatItTakes) {
  const std::string max = "18446744073709551615";
  for (const WholeNumberOption& o : whole_number_options()) {
    std::vector<std::string> bad = {"-1", "+1", "1e3", "0x10", "1.5", " 7", "one", "18446744073709551616"};
    if (o.min > 0) bad.push_back(std::to_string(o.min - 1));
    if (o.max < UINT64_MAX) bad.push_back(std::to_string(o.max + 1));
    for (const std::string& value : bad) {
      const Parsed p = parse(o.verb, with(o.verb, {o.option + "=" + value}));
      EXPECT_EQ(p.status, 2) << o.verb << " " << o.option << " " << value;
      EXPECT_EQ(p.err, "leasesim " + o.verb + ": " + o.option + ": '" + value + "' is not " + o.what + " (a whole number from " +
                           std::to_string(o.min) + " to " + std::to_string(o.max) + ") (see leasesim " + o.verb + " --help)\n");
    }
  }
}

TEST(CommandLineNumbers, AWholeNumberIsTakenExactlyAtBothEndsOfItsRange) {
  for (const WholeNumberOption& o : whole_number_options()) {
    for (const uint64_t value : {o.min, o.max}) {
      const Parsed p = parse(o.verb, with(o.verb, {o.option, std::to_string(value)}));
      ASSERT_EQ(p.status, std::nullopt) << o.verb << " " << o.option << " " << value << ": " << p.err;
      EXPECT_EQ(p.args.vm[o.option.substr(2)].as<uint64_t>(), value) << o.verb << " " << o.option;
    }
  }
}

TEST(CommandLineNumbers, ANegativeValueAfterASpaceIsRefusedNotTakenForAnOption) {
  const Parsed p = parse("explore", {"scenario.yaml", "--runs", "-1"});
  EXPECT_EQ(p.status, 2);
  EXPECT_EQ(p.err,
            "leasesim explore: --runs: '-1' is not a number of runs (a whole number from 1 to 18446744073709551615) (see leasesim "
            "explore --help)\n");
}

TEST(CommandLineNumbers, DurationsSizesAndShardsAreRefusedLikewise) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"run", "--max-wall=-1s", "'-1s' is not a wall-clock time limit (a duration from 1ns to 87600h, such as 30s or 10m)"},
      {"check", "--max-wall=292y", "'292y' is not a wall-clock time limit (a duration from 1ns to 87600h, such as 30s or 10m): unknown "
                                   "unit 'y' in '292y' (units: ns, us, ms, s, m, h)"},
      {"check", "--max-wall=2562048h", "'2562048h' is not a wall-clock time limit (a duration from 1ns to 87600h, such as 30s or 10m): "
                                       "'2562048h' is too large: durations must be under 292 years (int64 nanoseconds)"},
      {"replay", "--max-memory=-1", "'-1' is not a memory size (a number of bytes, at least 1, with an optional K, M, G or T for "
                                    "powers of 1024: 512M, 4G, 1073741824)"},
      {"explore", "--max-memory=16777216T", "'16777216T' is not a memory size (a number of bytes, at least 1, with an optional K, M, "
                                            "G or T for powers of 1024: 512M, 4G, 1073741824)"},
      {"explore", "--shard=-1/2", "'-1/2' is not a shard (I/N, whole numbers with 0 <= I < N <= 100000, the most shards leasesim merge adds up)"},
      {"explore", "--shard=1/1", "'1/1' is not a shard (I/N, whole numbers with 0 <= I < N <= 100000, the most shards leasesim merge adds up)"},
      {"explore", "--shard=0/-2", "'0/-2' is not a shard (I/N, whole numbers with 0 <= I < N <= 100000, the most shards leasesim merge adds up)"},
      {"explore", "--shard=0/18446744073709551616", "'0/18446744073709551616' is not a shard (I/N, whole numbers with 0 <= I < N <= 100000, the most shards leasesim merge adds up)"},
      {"explore", "--shard=1", "'1' is not a shard (I/N, whole numbers with 0 <= I < N <= 100000, the most shards leasesim merge adds up)"},
  };
  for (const auto& [verb, arg, message] : cases) {
    const Parsed p = parse(verb, with(verb, {arg}));
    EXPECT_EQ(p.status, 2) << arg;
    const std::string option = arg.substr(0, arg.find('='));
    EXPECT_EQ(p.err, "leasesim " + verb + ": " + option + ": " + message + " (see leasesim " + verb + " --help)\n") << arg;
  }
  const Parsed shard = parse("explore", {"scenario.yaml", "--shard", "99999/100000"});
  ASSERT_EQ(shard.status, std::nullopt) << shard.err;
  EXPECT_EQ(shard.args.vm["shard"].as<cli::Shard>().index, 99'999u);
  EXPECT_EQ(parse("explore", {"scenario.yaml", "--shard", "0/100001"}).status, 2);
  const Parsed wall = parse("run", {"scenario.yaml", "--max-wall", "87600h"});
  ASSERT_EQ(wall.status, std::nullopt) << wall.err;
  EXPECT_EQ(wall.args.vm["max-wall"].as<int64_t>(), int64_t{87'600} * 3'600 * 1'000'000'000);
}

TEST(CommandLineNumbers, AValueThatCannotBeShownIsQuotedEscapedAndCut) {
  const Parsed escape = parse("run", {"scenario.yaml", "--seed", "\x1b[2J"});
  EXPECT_EQ(escape.err,
            "leasesim run: --seed: '\\u{1b}[2J' is not a seed (a whole number from 0 to 18446744073709551615) (see leasesim run --help)\n");
  const Parsed longer = parse("run", {"scenario.yaml", "--seed", std::string(100, '9')});
  EXPECT_EQ(longer.err, "leasesim run: --seed: '" + std::string(64, '9') +
                            "...' is not a seed (a whole number from 0 to 18446744073709551615) (see leasesim run --help)\n");
}

TEST(CommandLineNumbers, AnOptionGivenTwiceIsAnErrorNotAReplacement) {
  const Parsed p = parse("explore", {"scenario.yaml", "--runs", "5", "--runs", "6"});
  EXPECT_EQ(p.status, 2);
  EXPECT_EQ(p.err, "leasesim explore: option '--runs' cannot be specified more than once (see leasesim explore --help)\n");
}

// Guards the mechanism: an option declared as po::value<a number type> would be read by boost's
// lexical_cast, which wraps `-1` round to 2^64-1. Every numeric option goes through
// cli/option_values.h instead.
TEST(CommandLineNumbers, NoOptionIsReadByBoostsOwnNumberParsing) {
  const std::regex boost_number(R"(po::value<\s*(unsigned|int|long|short|size_t|u?int\d+_t|float|double|std::vector<\s*(unsigned|int|u?int\d+_t|double)))");
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator("cli")) {
    if (e.path().extension() != ".cpp" && e.path().extension() != ".h") continue;
    ++files;
    const std::string text = testing::read_file(e.path().string());
    std::smatch m;
    EXPECT_FALSE(std::regex_search(text, m, boost_number)) << e.path() << ": " << m.str(0);
  }
  EXPECT_GE(files, 10u);
}

}  // namespace
}  // namespace leasesim
