// What a protocol's actors are written against: an Actor reacts to its start, its timers and
// its messages, and touches the world only through its Context (its own clock, timers in
// local time, the network, its random stream, the trace's lease vocabulary). These are the
// simulator's own types (sim/actor.h, sim/message.h, sim/time.h), named here in namespace
// leasesim for a protocol's code, with the durations' text form (`12.5s`) for its messages.
#pragma once

#include "sim/actor.h"
#include "sim/duration_text.h"
#include "sim/message.h"
#include "sim/random.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace leasesim {

using sim::Actor;
using sim::Context;
using sim::Duration;
using sim::format_duration;
using sim::Instant;
using sim::kNoNode;
using sim::LocalTime;
using sim::Message;
using sim::MessageBody;
using sim::MessageKind;
using sim::NodeId;
using sim::Rng;
using sim::Symbol;
using sim::TimerId;

}  // namespace leasesim
