// `leasesim check` as a regression runner: --filter, --jobs, --json, --list, --update-expect.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "reports/json_reader.h"
#include "tests/support/command.h"
#include "tests/support/files.h"

namespace leasesim {
namespace {

using testing::read_file;
using testing::run_command;

const std::string kBin = LEASESIM_BINARY;

std::string temp_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "leasesim-check-" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

const std::string kHealthy = "duration: 30s\nprotocol: {kind: zbs}\nfollowers: [f]\nexpect: {lease_safety: holds}\n";
// A master that forgets its sessions across a restart: lease_safety is violated.
const std::string kForgetful = "faults: [{at: 1s, restart: {node: master, for: 1s, sessions: forget}}]\n";

// alpha.yaml, sub/beta.yaml, gamma.yaml: three scenarios that hold.
std::string three_scenarios(const std::string& name) {
  const std::string dir = temp_dir(name);
  std::filesystem::create_directories(dir + "/sub");
  write(dir + "/alpha.yaml", "name: alpha\n" + kHealthy);
  write(dir + "/sub/beta.yaml", "name: beta\n" + kHealthy);
  write(dir + "/gamma.yaml", "name: gamma\n" + kHealthy);
  return dir;
}

// The lines without their wall-clock times, which alone may differ between two runs.
std::string without_wall(const std::string& text) {
  return std::regex_replace(std::regex_replace(text, std::regex(R"( [0-9.]+ ms\n)"), " T ms\n"), std::regex(R"(\([0-9.]+ ms\))"), "(T ms)");
}

TEST(CheckFilter, SelectsByNameAndSaysHowManyOfHowMany) {
  const std::string dir = three_scenarios("filter-name");
  const auto r = run_command(kBin + " check " + dir + " --filter '^alp'");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("alpha "), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("beta"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("gamma"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\n1 of 3 scenarios selected by --filter '^alp': 1 met, 0 failed, 0 bad input ("), std::string::npos) << r.output;
}

TEST(CheckFilter, SelectsByThePathUnderTheFolderChecked) {
  const std::string dir = three_scenarios("filter-path");
  const auto r = run_command(kBin + " check " + dir + " --filter '^sub/'");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("beta "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\n1 of 3 scenarios selected by --filter '^sub/': 1 met"), std::string::npos) << r.output;
  // A file that cannot be loaded is selected by its path, and still BAD INPUT.
  write(dir + "/sub/broken.yaml", "duration: 30s\n");
  const auto bad = run_command(kBin + " check " + dir + " --filter 'sub/'");
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find(dir + "/sub/broken.yaml:1:1: missing key 'protocol'"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("\n2 of 4 scenarios selected by --filter 'sub/': 1 met, 0 failed, 1 bad input"), std::string::npos) << bad.output;
}

TEST(CheckFilter, RefusesABadRegularExpression) {
  const std::string dir = three_scenarios("filter-bad");
  const auto r = run_command(kBin + " check " + dir + " --filter '(alpha'");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output.rfind("leasesim check: --filter '(alpha' is not a regular expression: ", 0), 0u) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

TEST(CheckFilter, ThatSelectsNothingIsAnError) {
  const std::string dir = three_scenarios("filter-none");
  const auto r = run_command(kBin + " check " + dir + " --filter delta");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "leasesim check: --filter 'delta' selects none of the 3 scenarios (it is searched in each scenario's name and path)\n");
}

TEST(CheckJobs, TwoJobsPrintWhatOneDoesButTheWallClock) {
  const auto one = run_command(kBin + " check scenarios/zbs scenarios/etcd --jobs 1");
  const auto two = run_command(kBin + " check scenarios/zbs scenarios/etcd --jobs 2");
  EXPECT_EQ(one.status, 0) << one.output;
  EXPECT_EQ(two.status, one.status);
  EXPECT_EQ(without_wall(two.output), without_wall(one.output));
  const auto json_one = run_command(kBin + " check scenarios/zbs --json");
  const auto json_two = run_command(kBin + " check scenarios/zbs --json --jobs 2");
  EXPECT_EQ(json_two.output, json_one.output);  // no wall-clock time in it
}

TEST(CheckJobs, RefusesZeroAndTooMany) {
  EXPECT_EQ(run_command(kBin + " check scenarios/zbs --jobs 0").status, 2);
  EXPECT_EQ(run_command(kBin + " check scenarios/zbs --jobs 1025").status, 2);
}

TEST(CheckJobs, AScenarioStoppedByItsBudgetDoesNotStopTheOthers) {
  const std::string dir = three_scenarios("jobs-budget");
  write(dir + "/zz-long.yaml", "name: long\nduration: 1h\nprotocol: {kind: zbs}\nfollowers: [f]\n");
  const auto one = run_command(kBin + " check " + dir + " --max-events 100 --jobs 1");
  const auto two = run_command(kBin + " check " + dir + " --max-events 100 --jobs 2");
  EXPECT_EQ(one.status, 3) << one.output;
  EXPECT_EQ(two.status, 3) << two.output;
  EXPECT_EQ(without_wall(two.output), without_wall(one.output));
  EXPECT_NE(one.output.find("4 scenarios: 3 met, 0 failed, 0 bad input, 1 stopped or not run"), std::string::npos) << one.output;
}

TEST(CheckJson, IsOneDocumentWithEveryScenarioAndTheSummary) {
  const std::string dir = temp_dir("json");
  write(dir + "/a-ok.yaml", "name: ok\n" + kHealthy);
  write(dir + "/b-fails.yaml", "name: fails\n" + kHealthy + kForgetful);
  write(dir + "/c-bad.yaml", "duration: 30s\n");
  const auto r = testing::run_command_split(kBin + " check " + dir + " --json", ::testing::TempDir());
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  const reports::JsonValue doc = reports::parse_json(r.out, {}, "check --json");
  const reports::JsonValue* scenarios = doc.find("scenarios");
  ASSERT_NE(scenarios, nullptr);
  ASSERT_EQ(scenarios->items.size(), 3u);
  const reports::JsonValue& ok = scenarios->items[0];
  EXPECT_EQ(ok.find("file")->text, dir + "/a-ok.yaml");
  EXPECT_EQ(ok.find("name")->text, "ok");
  EXPECT_EQ(ok.find("expect")->text, "met");
  EXPECT_EQ(ok.find("error"), nullptr);
  EXPECT_EQ(ok.find("reproduce")->text, kBin + " run " + dir + "/a-ok.yaml --seed 1");
  const reports::JsonValue* result = ok.find("result");
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(result->find("verdict")->text, "holds");
  EXPECT_EQ(result->find("violations")->items.size(), 0u);
  EXPECT_EQ(result->find("trace_hash")->text.size(), 16u);
  EXPECT_NE(result->find("events")->text, "0");
  // The run's object is `leasesim run --json`'s, field for field.
  const auto run = run_command(kBin + " run " + dir + "/a-ok.yaml --json");
  EXPECT_EQ(result->find("trace_hash")->text, reports::parse_json(run.output, {}, "run --json").find("trace_hash")->text);

  const reports::JsonValue& fails = scenarios->items[1];
  EXPECT_EQ(fails.find("name")->text, "fails");
  EXPECT_EQ(fails.find("expect")->text, "FAILED");
  EXPECT_EQ(fails.find("result")->find("verdict")->text, "violated");
  const reports::JsonValue& window = fails.find("result")->find("violations")->items.at(0);
  EXPECT_EQ(window.find("checker")->text, "lease_safety");

  const reports::JsonValue& bad = scenarios->items[2];
  EXPECT_EQ(bad.find("name")->text, dir + "/c-bad.yaml");
  EXPECT_EQ(bad.find("expect")->text, "BAD INPUT");
  EXPECT_EQ(bad.find("error")->text, dir + "/c-bad.yaml:1:1: missing key 'protocol'");
  EXPECT_EQ(bad.find("result"), nullptr);

  const reports::JsonValue* summary = doc.find("summary");
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->find("found")->text, "3");
  EXPECT_EQ(summary->find("selected")->text, "3");
  EXPECT_EQ(summary->find("met")->text, "1");
  EXPECT_EQ(summary->find("failed")->text, "1");
  EXPECT_EQ(summary->find("bad_input")->text, "1");
  EXPECT_EQ(summary->find("stopped_or_not_run")->text, "0");
}

TEST(CheckList, PrintsTheSelectedScenariosAndRunsNone) {
  const std::string dir = three_scenarios("list");
  const auto r = run_command(kBin + " check " + dir + " --list --filter '^(alpha|beta)$'");
  EXPECT_EQ(r.status, 0);
  auto line = [](std::string path, const std::string& name) {
    path.resize(std::max<size_t>(path.size(), 44), ' ');
    return path + " " + name + "\n";
  };
  EXPECT_EQ(r.output, line(dir + "/alpha.yaml", "alpha") + line(dir + "/sub/beta.yaml", "beta"));
  write(dir + "/broken.yaml", "duration: 30s\n");
  const auto bad = run_command(kBin + " check " + dir + " --list");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find(" BAD INPUT\n    " + dir + "/broken.yaml:1:1: missing key 'protocol'\n"), std::string::npos) << bad.output;
  EXPECT_EQ(run_command(kBin + " check " + dir + " --list --json").status, 2);
}

// What comes before and after the `expect` block of the scenario that is rewritten.
const std::string kHead = "# A hand-written comment that must survive.\nname: changed\n" + kHealthy.substr(0, kHealthy.find("expect:"));
const std::string kTail = "\n# The faults, after the expectations.\n" + kForgetful;

TEST(CheckUpdateExpect, RewritesOnlyTheExpectBlockAndTheFileIsThenMet) {
  const std::string dir = temp_dir("update");
  write(dir + "/changed.yaml", kHead + "expect:\n  lease_safety: holds\n" + kTail);
  write(dir + "/unchanged.yaml", "name: unchanged\n" + kHealthy);
  write(dir + "/appended.yaml", "name: appended\n" + kHealthy.substr(0, kHealthy.find("expect:")) + kForgetful);
  const std::string refused_text = "name: refused\n" + kHealthy.substr(0, kHealthy.find("expect:")) +
                                   "expect:\n  # pinned by hand\n  lease_safety: holds\n" + kForgetful;
  write(dir + "/refused.yaml", refused_text);
  const auto before = std::filesystem::last_write_time(dir + "/unchanged.yaml");

  const auto r = run_command(kBin + " check " + dir + " --update-expect");
  EXPECT_EQ(r.status, 2) << r.output;  // a file was refused
  EXPECT_NE(r.output.find(dir + "/appended.yaml  updated\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(dir + "/changed.yaml  updated\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(dir + "/unchanged.yaml  unchanged\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(dir + "/refused.yaml  REFUSED\n    " + dir +
                          "/refused.yaml:6:3: expect: cannot be rewritten safely: a comment inside the block would be lost; the file "
                          "is left as it is (edit its `expect` by hand, or make it a plain block)\n"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("\n4 scenarios: 2 updated, 1 unchanged, 1 refused, 0 bad input\n"), std::string::npos) << r.output;

  const std::string changed = read_file(dir + "/changed.yaml");
  EXPECT_EQ(changed.substr(0, kHead.size()), kHead);
  ASSERT_GE(changed.size(), kTail.size());
  EXPECT_EQ(changed.substr(changed.size() - kTail.size()), kTail);
  const std::string block = changed.substr(kHead.size(), changed.size() - kHead.size() - kTail.size());
  EXPECT_EQ(block.rfind("expect:\n  lease_safety: violated\n", 0), 0u) << block;
  EXPECT_NE(block.find("  windows:\n    - {checker: lease_safety, node: f, start: "), std::string::npos) << block;

  const std::string appended = read_file(dir + "/appended.yaml");
  EXPECT_EQ(appended.rfind("name: appended\n" + kHealthy.substr(0, kHealthy.find("expect:")) + kForgetful + "expect:\n", 0), 0u) << appended;
  EXPECT_EQ(read_file(dir + "/refused.yaml"), refused_text);
  EXPECT_EQ(std::filesystem::last_write_time(dir + "/unchanged.yaml"), before);

  // Round trip: what was written is met, and a second update changes nothing.
  const auto check = run_command(kBin + " check " + dir + " --filter 'changed|appended'");
  EXPECT_EQ(check.status, 0) << check.output;
  EXPECT_NE(check.output.find("3 of 4 scenarios selected by --filter 'changed|appended': 3 met"), std::string::npos) << check.output;
  const auto again = run_command(kBin + " check " + dir + " --update-expect --filter 'changed|appended'");
  EXPECT_EQ(again.status, 0) << again.output;
  EXPECT_NE(again.output.find("3 scenarios: 0 updated, 3 unchanged, 0 refused, 0 bad input"), std::string::npos) << again.output;
  EXPECT_EQ(read_file(dir + "/changed.yaml"), changed);
}

// A suite that links in a scenario kept elsewhere keeps the link: the file it points to is
// the one rewritten.
TEST(CheckUpdateExpect, WritesThroughASymbolicLinkAndKeepsIt) {
  const std::string dir = temp_dir("update-link");
  std::filesystem::create_directories(dir + "/suite");
  std::filesystem::create_directories(dir + "/shared");
  const std::string real = dir + "/shared/forgetful.yaml";
  write(real, "name: forgetful\n" + kHealthy + kForgetful);
  std::filesystem::create_symlink("../shared/forgetful.yaml", dir + "/suite/forgetful.yaml");
  const auto r = run_command(kBin + " check " + dir + "/suite --update-expect");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(dir + "/suite/forgetful.yaml  updated\n    written to " + std::filesystem::canonical(real).string() +
                          ", which the link points to (the link is kept)\n"),
            std::string::npos)
      << r.output;
  EXPECT_TRUE(std::filesystem::is_symlink(dir + "/suite/forgetful.yaml"));
  EXPECT_NE(read_file(real).find("expect:\n  lease_safety: violated\n"), std::string::npos) << read_file(real);
  const auto check = run_command(kBin + " check " + dir + "/suite");
  EXPECT_EQ(check.status, 0) << check.output;
}

TEST(CheckUpdateExpect, RefusesAFlowMapSpanningLinesAndAnAnchor) {
  const std::string dir = temp_dir("update-refused");
  const std::string base = kHealthy.substr(0, kHealthy.find("expect:")) + kForgetful;
  const std::string flow = "name: flow\n" + base + "expect: {lease_safety: holds,\n  windows: []}\n";
  const std::string anchor = "name: anchor\n" + base + "expect:\n  lease_safety: &v holds\n";
  write(dir + "/flow.yaml", flow);
  write(dir + "/anchor.yaml", anchor);
  const auto r = run_command(kBin + " check " + dir + " --update-expect");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("/flow.yaml:6:1: expect: cannot be rewritten safely: a flow map spanning several lines"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("/anchor.yaml:7:17: expect: cannot be rewritten safely: an anchor, alias, tag or block scalar (&v)"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(read_file(dir + "/flow.yaml"), flow);
  EXPECT_EQ(read_file(dir + "/anchor.yaml"), anchor);
}

TEST(CheckUpdateExpect, TakesNoSeed) {
  const auto r = run_command(kBin + " check scenarios/zbs --update-expect --seed 3");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "leasesim check: --update-expect and --seed do not go together (see leasesim check --help)\n");
}

}  // namespace
}  // namespace leasesim
