// The two sharding examples (examples/ci/explore-matrix.yml, examples/k8s/explore-job.yaml),
// run as they are written: their shell commands, read out of the files, with SHARDS=3 and a
// small run count, each shard a process of its own, then their merge; the merged summary must
// be the unsharded exploration's, and the JUnit report and minimised scenarios must be there.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "reports/explore_summary.h"
#include "tests/support/command.h"
#include "tests/support/files.h"
#include "tests/support/same_exploration.h"

namespace leasesim {
namespace {

namespace fs = std::filesystem;
constexpr int kShards = 3;
constexpr const char* kRuns = "240";

// A folder laid out as the examples expect theirs: build/leasesim (the workflow's checkout),
// leasesim on the PATH and /scenarios (the image), and a folder for the results.
struct Sandbox {
  std::string dir;
  explicit Sandbox(const std::string& name) : dir(::testing::TempDir() + "leasesim-shard-examples-" + name) {
    fs::remove_all(dir);
    fs::create_directories(dir + "/build");
    fs::create_directories(dir + "/bin");
    fs::create_symlink(LEASESIM_BINARY, dir + "/build/leasesim");
    fs::create_symlink(LEASESIM_BINARY, dir + "/bin/leasesim");
    fs::create_symlink(LEASESIM_SOURCE_DIR "/scenarios", dir + "/scenarios");
  }
  // Runs `script` with bash in the folder, the given environment exported and the PATH
  // starting with bin/; returns the exit status.
  testing::CommandResult run(const std::string& script, const std::map<std::string, std::string>& env) const {
    std::string text = "set -e\ncd '" + dir + "'\nexport PATH='" + dir + "/bin':\"$PATH\"\n";
    for (const auto& [k, v] : env) text += "export " + k + "='" + v + "'\n";
    text += script + "\n";
    const std::string file = dir + "/step.sh";
    std::ofstream(file) << text;
    return testing::run_command("bash '" + file + "'");
  }
};

// The unsharded exploration the shards must add up to, in the sandbox's folder `whole`.
reports::ExploreSummary whole_exploration(const Sandbox& box, const std::string& space, const std::string& seed) {
  const auto r = box.run("build/leasesim explore '" + space + "' --seed " + seed + " --runs " + kRuns + " --out whole > /dev/null || [ $? -eq 1 ]", {});
  EXPECT_EQ(r.status, 0) << r.output;
  return reports::parse_summary_json(testing::read_file(box.dir + "/whole/summary.json"));
}

using testing::expect_same_exploration;

std::string env_value(const YAML::Node& env, const std::string& name) {
  for (const YAML::Node& e : env) {
    if (e["name"].as<std::string>() == name) return e["value"].as<std::string>();
  }
  ADD_FAILURE() << "no " << name << " in the container's env";
  return "";
}

TEST(ShardExamples, TheGitHubActionsMatrixMergesToTheUnshardedExploration) {
  const YAML::Node wf = YAML::LoadFile(LEASESIM_SOURCE_DIR "/examples/ci/explore-matrix.yml");
  const YAML::Node env = wf["env"];
  // The matrix lists every shard the SHARDS variable promises.
  const int shards = env["SHARDS"].as<int>();
  const YAML::Node matrix = wf["jobs"]["shard"]["strategy"]["matrix"]["shard"];
  ASSERT_EQ(static_cast<int>(matrix.size()), shards);
  for (int i = 0; i < shards; ++i) EXPECT_EQ(matrix[i].as<int>(), i);
  const auto step = [&](const std::string& job, const std::string& name) {
    for (const YAML::Node& s : wf["jobs"][job]["steps"]) {
      if (s["name"] && s["name"].as<std::string>() == name) return s["run"].as<std::string>();
    }
    ADD_FAILURE() << "no step " << name << " in job " << job;
    return std::string();
  };
  std::string explore = step("shard", "explore");
  const std::string merge = step("merge", "merge");
  const std::string placeholder = "${{ matrix.shard }}";
  ASSERT_NE(explore.find(placeholder), std::string::npos) << explore;

  Sandbox box("github");
  const std::string space = env["SPACE"].as<std::string>();
  const std::string seed = env["SEED"].as<std::string>();
  const std::map<std::string, std::string> vars = {
      {"SPACE", space}, {"SEED", seed}, {"RUNS", kRuns}, {"SHARDS", std::to_string(kShards)}, {"OUT", env["OUT"].as<std::string>()},
      {"BASELINE", env["BASELINE"].as<std::string>()}};
  for (int i = 0; i < kShards; ++i) {
    std::string command = explore;
    command.replace(command.find(placeholder), placeholder.size(), std::to_string(i));
    const auto r = box.run(command, vars);
    ASSERT_EQ(r.status, 0) << "shard " << i << ":\n" << r.output;
  }
  const auto merged = box.run(merge, vars);
  // The space has violations, every one of them in the shipped baseline: the job passes.
  EXPECT_EQ(merged.status, 0) << merged.output;
  EXPECT_NE(merged.output.find("0 new"), std::string::npos) << merged.output;
  const std::string out = box.dir + "/" + env["OUT"].as<std::string>();
  EXPECT_NE(testing::read_file(out + "/explore.xml").find("<testsuite"), std::string::npos);
  const auto json = box.run("build/leasesim merge \"$OUT\"/summary-shard-*-of-\"$SHARDS\".json --json > merged.json || [ $? -eq 1 ]", vars);
  ASSERT_EQ(json.status, 0) << json.output;
  expect_same_exploration(reports::parse_summary_json(testing::read_file(box.dir + "/merged.json")), whole_exploration(box, space, seed), box.dir);
}

TEST(ShardExamples, TheKubernetesIndexedJobMergesToTheUnshardedExploration) {
  const std::vector<YAML::Node> docs = YAML::LoadAllFromFile(LEASESIM_SOURCE_DIR "/examples/k8s/explore-job.yaml");
  ASSERT_EQ(docs.size(), 2u);
  const YAML::Node job = docs[0]["spec"];
  EXPECT_EQ(job["completionMode"].as<std::string>(), "Indexed");
  const YAML::Node shard = job["template"]["spec"]["containers"][0];
  const YAML::Node merge = docs[1]["spec"]["template"]["spec"]["containers"][0];
  // Every pod of the Job is one shard: completions = SHARDS, and the merge expects as many.
  const int shards = std::stoi(env_value(shard["env"], "SHARDS"));
  EXPECT_EQ(job["completions"].as<int>(), shards);
  EXPECT_EQ(job["parallelism"].as<int>(), shards);
  EXPECT_EQ(env_value(merge["env"], "SHARDS"), std::to_string(shards));
  ASSERT_EQ(shard["command"][0].as<std::string>(), "/bin/sh");
  ASSERT_EQ(merge["command"][0].as<std::string>(), "/bin/sh");

  Sandbox box("k8s");
  // The image's /scenarios is the sandbox's scenarios/; the volume its results/.
  std::string space = env_value(shard["env"], "SPACE");
  ASSERT_EQ(space.rfind("/scenarios/", 0), 0u) << space;
  space = space.substr(1);
  const std::string seed = env_value(shard["env"], "SEED");
  fs::create_directories(box.dir + "/results");
  std::string baseline = env_value(merge["env"], "BASELINE");
  ASSERT_EQ(baseline.rfind("/scenarios/", 0), 0u) << baseline;
  std::map<std::string, std::string> vars = {{"SPACE", space},          {"SEED", seed},
                                             {"RUNS", kRuns},           {"SHARDS", std::to_string(kShards)},
                                             {"RESULTS", box.dir + "/results"}, {"BASELINE", baseline.substr(1)}};
  for (int i = 0; i < kShards; ++i) {
    vars["JOB_COMPLETION_INDEX"] = std::to_string(i);
    const auto r = box.run(shard["args"][0].as<std::string>(), vars);
    ASSERT_EQ(r.status, 0) << "pod " << i << ":\n" << r.output;
  }
  vars.erase("JOB_COMPLETION_INDEX");
  const auto merged = box.run(merge["args"][0].as<std::string>(), vars);
  EXPECT_EQ(merged.status, 0) << merged.output;
  EXPECT_NE(merged.output.find("0 new"), std::string::npos) << merged.output;
  EXPECT_NE(testing::read_file(box.dir + "/results/explore.xml").find("<testsuite"), std::string::npos);
  const auto json = box.run("leasesim merge \"$RESULTS\"/summary-shard-*-of-\"$SHARDS\".json --json > merged.json || [ $? -eq 1 ]", vars);
  ASSERT_EQ(json.status, 0) << json.output;
  expect_same_exploration(reports::parse_summary_json(testing::read_file(box.dir + "/merged.json")), whole_exploration(box, space, seed), box.dir);
}

}  // namespace
}  // namespace leasesim
