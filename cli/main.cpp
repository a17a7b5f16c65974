// leasesim: deterministic simulation and fault injection for lease and session protocols.
#include <iostream>
#include <string>
#include <vector>

#include "cli/verbs.h"
#include "harness/input_error.h"

namespace {

constexpr const char* kHelp = R"(leasesim: deterministic simulation and fault injection for lease and session protocols

A scenario (YAML) describes a protocol, its nodes, the network and a schedule of faults; leasesim
runs it on virtual time, the same way on every machine, and reports every moment a follower
believed a lease that the master had already expired.

Usage:
  leasesim run FILE [--json] [--trace FILE.jsonl] [--seed N]   one scenario, in detail
  leasesim check PATH... [--seed N]                             the regression suite, a line each
  leasesim help [VERB]                                          this text, or a verb's help

Exit status: 0 expectations met; 1 a violation or an unmet expectation; 2 bad input or usage.
The scenario format is described in README.md; scenarios/ holds worked examples.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace leasesim::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::string program = argc > 0 ? argv[0] : "leasesim";
  if (args.empty()) {
    std::cerr << kHelp;
    return kExitBadInput;
  }
  const std::string verb = args[0];
  args.erase(args.begin());
  if (verb == "help" || verb == "--help" || verb == "-h") {
    if (!args.empty() && (args[0] == "run" || args[0] == "check")) {
      return args[0] == "run" ? run_verb({program, {"--help"}}) : check_verb({program, {"--help"}});
    }
    std::cout << kHelp;
    return kExitOk;
  }
  if (verb == "run") return run_verb({program, args});
  if (verb == "check") return check_verb({program, args});
  std::cerr << "leasesim: unknown verb '" << verb << "'" << leasesim::harness::suggestion(verb, {"run", "check", "help"})
            << "; verbs: run, check, help\n";
  return kExitBadInput;
}
