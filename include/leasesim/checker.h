// Checkers: trace sinks that report violation windows (checkers/checker.h), and the ones
// leasesim ships, for a protocol to run over its own trace:
//  - lease_safety: a holder believes a lease its grantor has expired (lease_granted,
//    lease_believed, lease_expired, expiry_learned, lease_dropped);
//  - lock_safety: two nodes believe they hold the same lock (lock_held, lock_released);
//  - session_liveness: a lease its grantor keeps although its holder stopped renewing it.
// A protocol lists them in Protocol::checkers(); the helpers below give their CheckerSpec.
// A checker of one's own derives from Checker and reads only the trace (never an actor); it
// sees every kind of event unless it overrides kinds() (sim/trace.h) with the ones it reads.
#pragma once

#include <memory>
#include <string_view>

#include "checkers/checker.h"
#include "checkers/lease_safety.h"
#include "checkers/lock_safety.h"
#include "checkers/session_liveness.h"
#include "leasesim/protocol.h"

namespace leasesim {

using checkers::Checker;
using checkers::LeaseSafetyChecker;
using checkers::LockSafetyChecker;
using checkers::SessionLivenessChecker;
using checkers::Violation;

// lease_safety, under `name` (a protocol may call it session_safety, ...).
// REQUIRES: `name` has static storage (a string literal): windows keep a view of it.
inline CheckerSpec lease_safety_checker(std::string_view name = "lease_safety") {
  return {std::string(name), false, [name](sim::Trace& t, const ClockOf& clock_of, const Params&) {
            return std::make_unique<LeaseSafetyChecker>(t, clock_of, name);
          }};
}

inline CheckerSpec lock_safety_checker() {
  return {"lock_safety", false,
          [](sim::Trace& t, const ClockOf&, const Params&) { return std::make_unique<LockSafetyChecker>(t); }};
}

}  // namespace leasesim
