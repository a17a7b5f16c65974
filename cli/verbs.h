// The verbs of the leasesim command line. Each takes the arguments after its name and returns
// the process exit status: 0 all expectations met, 1 a violation or an unmet expectation,
// 2 bad input or usage, 3 a resource limit stopped it, 4 an output file could not be written
// after the runs, 128 + N signal N stopped it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/options.h"
#include "harness/sweep.h"

namespace leasesim::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitStopped = 3;  // --max-events or --max-wall cut the command short
// The command ran to its end and printed its results, but an output file could not be written
// (a full disk, a path that changed during the runs); the message names each one.
constexpr int kExitNotWritten = 4;
// A real system's components are not installed: nothing ran (CTest's SKIP_RETURN_CODE reads it
// as "skipped").
constexpr int kExitSkipped = 77;

struct Invocation {
  std::string program;  // argv[0], so that printed commands can be pasted as they are
  std::vector<std::string> args;
};

int run_verb(const Invocation& inv);
int check_verb(const Invocation& inv);
int replay_verb(const Invocation& inv);
int explore_verb(const Invocation& inv);
int merge_verb(const Invocation& inv);
int sweep_verb(const Invocation& inv);
int judge_verb(const Invocation& inv);
int compare_verb(const Invocation& inv);
int live_verb(const Invocation& inv);

// Each verb's reading of its command line, the first thing the verb does: its options parsed
// (every number checked, cli/option_values.h) and its arguments counted, without opening a file
// or running anything, so that the argument fuzzer (tests/fuzz/) can feed it anything. Returns
// the exit status to end with (0 after --help, 2 after an error, already printed), or nothing
// when the verb may go on.
std::optional<int> parse_run(const std::vector<std::string>& args, VerbArgs& out);
std::optional<int> parse_replay(const std::vector<std::string>& args, VerbArgs& out);
std::optional<int> parse_check(const std::vector<std::string>& args, VerbArgs& out);
std::optional<int> parse_explore(const std::vector<std::string>& args, VerbArgs& out);
std::optional<int> parse_merge(const std::vector<std::string>& args, VerbArgs& out);
std::optional<int> parse_judge(const std::vector<std::string>& args, VerbArgs& out);
std::optional<int> parse_compare(const std::vector<std::string>& args, VerbArgs& out);
std::optional<int> parse_live(const std::vector<std::string>& args, VerbArgs& out);
// Also reads the --vary axes, --steps, --seed and --checker into `o`.
std::optional<int> parse_sweep(const std::vector<std::string>& args, VerbArgs& out, harness::SweepOptions& o);

struct Verb {
  const char* name;
  int (*run)(const Invocation&);
  std::optional<int> (*parse)(const std::vector<std::string>& args, VerbArgs& out);
};

// The verbs, in the order the general help lists them: the one list main() dispatches on and
// names in its messages.
const std::vector<Verb>& verbs();

// `leasesim help scenario`: where the scenario format is documented, and a page of it.
int scenario_help();
// `leasesim help protocol [KIND] [--markdown]`: the protocols, or one protocol's parameters.
int protocol_help(const std::vector<std::string>& args);
// `leasesim help faults [--markdown]`: every fault kind with its settings, from the fault table.
int faults_help(const std::vector<std::string>& args);

// The command that runs `file` again with `seed`, quoted for a POSIX shell where needed.
std::string reproduce_command(const std::string& program, const std::string& file, uint64_t seed);
// The command that judges `trace` with `scenario` again, quoted likewise.
std::string judge_command(const std::string& program, const std::string& trace, const std::string& scenario);

}  // namespace leasesim::cli
