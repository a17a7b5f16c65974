// leasesim: deterministic simulation and fault injection for lease and session protocols. The
// command line (cli_main) with the protocols leasesim ships.
#include "leasesim/cli.h"

int main(int argc, char** argv) {
  leasesim::Registry registry;
  leasesim::add_builtin_protocols(registry);
  return leasesim::cli_main(argc, argv, registry);
}
