// ttl-lock: leasesim's command line (every verb: run, replay, check, explore, merge, sweep, the
// reports) for the TTL lock protocol.
#include <leasesim/cli.h>

#include "protocol.h"

int main(int argc, char** argv) {
  leasesim::Registry registry;
  registry.add(ttl_lock::protocol());
  return leasesim::cli_main(argc, argv, registry);
}
