// Every verb that runs scenarios has an event budget, given or not: a model looping in zero
// virtual time is stopped (exit 3) instead of running until killed. Read in-process through
// each verb's parse function, the same path the verbs take; tests/hostile/cli/*-budget-spent
// run the budgets end to end.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/verbs.h"
#include "harness/run_limits.h"

namespace leasesim {
namespace {

struct Budgeted {
  std::string verb;
  std::vector<std::string> args;
  uint64_t default_budget;
};

const std::vector<Budgeted>& budgeted_verbs() {
  static const std::vector<Budgeted> verbs = {
      {"run", {"s.yaml"}, harness::kDefaultEventBudget},
      {"replay", {"s.yaml"}, harness::kDefaultEventBudget},
      {"check", {"scenarios"}, harness::kDefaultEventBudget},
      {"sweep", {"s.yaml", "--vary", "faults[0].at", "--from", "0s", "--to", "1s"}, harness::kDefaultEventBudget},
      {"explore", {"s.yaml"}, harness::kExploreEventBudget},
  };
  return verbs;
}

std::optional<int> parse(const std::string& verb, const std::vector<std::string>& args, cli::VerbArgs& out, std::string& printed) {
  std::ostringstream sink;
  std::streambuf* const old_out = std::cout.rdbuf(sink.rdbuf());
  std::streambuf* const old_err = std::cerr.rdbuf(sink.rdbuf());
  std::optional<int> status = 2;
  for (const cli::Verb& v : cli::verbs()) {
    if (verb == v.name) status = v.parse(args, out);
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  printed = sink.str();
  return status;
}

TEST(EventBudget, EveryVerbThatRunsScenariosHasOneWhenNoneIsGiven) {
  for (const Budgeted& b : budgeted_verbs()) {
    cli::VerbArgs args;
    std::string printed;
    ASSERT_EQ(parse(b.verb, b.args, args, printed), std::nullopt) << b.verb << ": " << printed;
    EXPECT_EQ(cli::read_limits(args.vm).max_events, b.default_budget) << b.verb;
  }
}

TEST(EventBudget, AGivenBudgetReplacesTheDefault) {
  for (const Budgeted& b : budgeted_verbs()) {
    cli::VerbArgs args;
    std::string printed;
    std::vector<std::string> with = b.args;
    with.insert(with.end(), {"--max-events", "1000000000"});
    ASSERT_EQ(parse(b.verb, with, args, printed), std::nullopt) << b.verb << ": " << printed;
    EXPECT_EQ(cli::read_limits(args.vm).max_events, 1'000'000'000u) << b.verb;
  }
}

TEST(EventBudget, EachVerbsHelpShowsItsDefault) {
  for (const Budgeted& b : budgeted_verbs()) {
    cli::VerbArgs args;
    std::string printed;
    EXPECT_EQ(parse(b.verb, {"--help"}, args, printed), 0) << b.verb;
    EXPECT_NE(printed.find("--max-events N (=" + std::to_string(b.default_budget) + ")"), std::string::npos) << b.verb << printed;
    EXPECT_NE(printed.find("--max-wall DURATION"), std::string::npos) << b.verb;
    EXPECT_NE(printed.find("--max-memory SIZE"), std::string::npos) << b.verb;
  }
}

}  // namespace
}  // namespace leasesim
