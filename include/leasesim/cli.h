// The leasesim command line as a library call: a binary of one's own that knows one's own
// protocols, with every verb of `leasesim` (run, replay, check, explore, merge, sweep, help,
// the reports). leasesim's own main is this call with the protocols it ships:
//
//   int main(int argc, char** argv) {
//     leasesim::Registry registry;
//     registry.add(std::make_unique<MyProtocol>());
//     return leasesim::cli_main(argc, argv, registry);
//   }
//
// Scenarios then name the registry's protocols (`protocol: {kind: ...}`); add the built-in
// ones too with add_builtin_protocols(registry).
#pragma once

#include "leasesim/protocol.h"

namespace leasesim {

// Runs the verb argv names and returns the process exit status (docs/scenario-format.md,
// "Exit statuses"). Installs handlers for SIGINT and SIGTERM (the first stops the command,
// which reports what it found; a second ends the process).
// REQUIRES: called once per process, before any scenario is loaded; `registry` outlives it.
int cli_main(int argc, char** argv, const Registry& registry);

}  // namespace leasesim
