// The leasesim command line (leasesim/cli.h): the verbs, help and version, for leasesim's own
// binary and for a user's binary with protocols of its own.
#include "leasesim/cli.h"

#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "cli/verbs.h"
#include "harness/input_error.h"
#include "harness/run_limits.h"
#include "leasesim/version.h"

namespace {

constexpr const char* kHelp = R"(leasesim: deterministic simulation and fault injection for lease and session protocols

A scenario (YAML) describes a protocol, its nodes, the network and a schedule of faults; leasesim
runs it on virtual time, the same way on every machine, and reports every moment a follower
believed a lease that the master had already expired.

Usage:
  leasesim run FILE [--json] [--trace FILE.jsonl] [--seed N]   one scenario, in detail
  leasesim replay FILE [--seed N]                               one scenario, event by event
  leasesim check PATH... [--seed N]                             the regression suite, a line each
  leasesim explore FILE --runs N [--seed S] [--jobs J]          search a space of fault schedules,
                   [--shard I/N] [--out DIR] [--until-first]    shrink what breaks an invariant
  leasesim merge SUMMARY.json...                                add up the shards of an exploration
  leasesim sweep FILE --vary KEY --from A --to B [--vary ...]   where safety ends: the exact boundary
                                                                of one parameter, or a grid of two
  leasesim help [VERB]                                          this text, or a verb's help
  leasesim help scenario                                        the scenario format, in short
  leasesim help protocol [KIND]                                 the protocols, or one's parameters
  leasesim help faults [--markdown]                             the fault kinds and their settings

Reports: run, replay and check take --report FILE.html (a timeline to look at); run and replay
--perfetto FILE.json (for ui.perfetto.dev); check and explore --junit FILE.xml (for CI).

Limits: run, replay, check and explore take --max-events N and --max-wall DURATION; a command
they stop says so, keeps what it found, and exits 3. Ctrl-C (SIGINT) or SIGTERM stops it the
same way (exit 130 or 143); explore then writes the summary of the runs that finished. A second
Ctrl-C ends leasesim at once.

Exit status: 0 expectations met; 1 a violation or an unmet expectation; 2 bad input or usage;
3 a limit stopped the command; 4 the results were printed but an output file could not be
written after the runs; 130 / 143 SIGINT / SIGTERM stopped it.
The scenario format: `leasesim help scenario` in short, docs/scenario-format.md in the
repository in full; scenarios/ holds worked examples.
)";

// The first SIGINT or SIGTERM asks the run in progress to stop where it is and report; the
// handler then steps aside, so a second one ends the process the usual way.
extern "C" void on_stop_signal(int signal) {
  leasesim::harness::request_interrupt(signal);
  std::signal(signal, SIG_DFL);
}

}  // namespace

int leasesim::cli_main(int argc, char** argv, const Registry& registry) {
  using namespace leasesim::cli;
  use_registry(registry);
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::string program = argc > 0 ? argv[0] : "leasesim";
  if (args.empty()) {
    std::cerr << kHelp;
    return kExitBadInput;
  }
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  const std::string verb = args[0];
  args.erase(args.begin());
  if (verb == "--version") {
    std::cout << "leasesim " << version() << "\n";
    return kExitOk;
  }
  using Verb = int (*)(const Invocation&);
  const std::vector<std::pair<std::string, Verb>> verbs = {
      {"run", run_verb}, {"replay", replay_verb}, {"check", check_verb}, {"explore", explore_verb}, {"merge", merge_verb},
      {"sweep", sweep_verb}};
  std::vector<std::string> names;
  for (const auto& [name, fn] : verbs) names.push_back(name);
  if (verb == "help" || verb == "--help" || verb == "-h") {
    if (!args.empty() && args[0] == "scenario") return scenario_help();
    if (!args.empty() && args[0] == "protocol") return protocol_help({args.begin() + 1, args.end()});
    if (!args.empty() && args[0] == "faults") return faults_help({args.begin() + 1, args.end()});
    for (const auto& [name, fn] : verbs) {
      if (!args.empty() && args[0] == name) return fn({program, {"--help"}});
    }
    std::cout << kHelp;
    return kExitOk;
  }
  for (const auto& [name, fn] : verbs) {
    if (verb == name) return fn({program, args});
  }
  names.push_back("help");
  std::cerr << "leasesim: unknown verb '" << verb << "'" << leasesim::harness::suggestion(verb, names) << "; verbs: "
            << leasesim::harness::join(names) << "\n";
  return kExitBadInput;
}
