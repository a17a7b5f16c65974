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
runs it on virtual time, the same way on every machine, and reports every moment a holder
believed a lease that its grantor had already expired.

Usage:
  leasesim run FILE [--json] [--trace FILE.jsonl] [--seed N]   one scenario, in detail
  leasesim replay FILE [--seed N]                               one scenario, event by event
  leasesim judge TRACE.jsonl --scenario FILE                    a trace judged by FILE's checkers
  leasesim compare A.jsonl B.jsonl --scenario FILE              two traces' windows, within a
                   [--tolerance 5ms]                            tolerance, each difference explained
  leasesim live FILE [--compare] [--repeat N]                   the scenario's actors on real time and
                                                                loopback TCP, judged, vs the simulation
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
  leasesim --version                                            the version

Reports: run, replay, judge and check take --report FILE.html (a timeline to look at); run and replay
--perfetto FILE.json (for ui.perfetto.dev); check and explore --junit FILE.xml (for CI).

Limits: run, replay, judge, compare, check, explore and sweep take --max-events N, --max-wall DURATION and
--max-memory SIZE; a command they stop says so, keeps what it found, and exits 3. Every run has
an event budget even without --max-events (10^8 events; 10^7 for each of explore's runs), far
above any scenario of the suite, so that a model looping in zero virtual time is stopped.
Ctrl-C (SIGINT) or SIGTERM stops a command the same way (exit 130 or 143); explore then writes
the summary of the runs that finished. A second Ctrl-C ends leasesim at once.

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

// `leasesim help [TOPIC]`. A topic that does not exist is an error (exit 2), not the general
// help with exit 0: a script asking for `help sweap` learns of its typo.
int help(const std::string& program, const std::vector<std::string>& args, std::vector<std::string> topics) {
  using namespace leasesim::cli;
  if (args.empty()) {
    std::cout << kHelp;
    return kExitOk;
  }
  if (args[0] == "protocol") return protocol_help({args.begin() + 1, args.end()});
  if (args[0] == "faults") return faults_help({args.begin() + 1, args.end()});
  if (args.size() > 1) {
    std::cerr << "leasesim help: give one topic, not " << args.size() << " (leasesim help lists them)\n";
    return kExitBadInput;
  }
  if (args[0] == "scenario") return scenario_help();
  for (const Verb& v : verbs()) {
    if (args[0] == v.name) return v.run({program, {"--help"}});
  }
  topics.insert(topics.end(), {"scenario", "protocol", "faults"});
  std::cerr << "leasesim help: no help on '" << leasesim::harness::shown(args[0]) << "'"
            << leasesim::harness::suggestion(args[0], topics) << "; topics: " << leasesim::harness::join(topics) << "\n";
  return kExitBadInput;
}

}  // namespace

int leasesim::cli_main(int argc, char** argv, const Registry& registry) {
  using namespace leasesim::cli;
  command_start();  // --max-wall counts from here
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
  std::vector<std::string> names;
  for (const Verb& v : verbs()) names.emplace_back(v.name);
  if (verb == "help" || verb == "--help" || verb == "-h") return help(program, args, names);
  for (const Verb& v : verbs()) {
    if (verb == v.name) return v.run({program, args});
  }
  names.emplace_back("help");
  std::cerr << "leasesim: unknown verb '" << leasesim::harness::shown(verb) << "'" << leasesim::harness::suggestion(verb, names) << "; verbs: "
            << leasesim::harness::join(names) << "\n";
  return kExitBadInput;
}
