// live/real_run.h for the real systems leasesim can start: ZooKeeper's.
#include "live/real_run.h"

#include "leasesim/protocol.h"
#include "live/zookeeper/run_zookeeper.h"

namespace leasesim::live {

namespace {
bool is_zookeeper(const harness::Scenario& s) { return s.protocol.protocol->kind() == "zookeeper"; }
}  // namespace

bool has_real_system(const harness::Scenario& s) { return is_zookeeper(s); }

std::string real_client_program(const harness::Scenario& s) { return is_zookeeper(s) ? "zkclient" : ""; }

std::optional<std::string> why_not_real(const harness::Scenario& s, const RealOptions& o) { return zookeeper::why_not_real(s, o); }

std::string missing_for_real(const harness::Scenario&, const RealOptions& o) { return zookeeper::missing_for_real(o); }

RealOutcome run_real(const harness::Scenario& s, const RealOptions& o) { return zookeeper::run_real(s, o); }

}  // namespace leasesim::live
