// The whole public API in one include: a protocol (protocol.h, params.h), its actors
// (actor.h), checkers (checker.h), the fenced resource (fenced_resource.h), the command line
// (cli.h), running scenarios from C++ (run.h) and the version (version.h).
#pragma once

#include "leasesim/actor.h"
#include "leasesim/checker.h"
#include "leasesim/cli.h"
#include "leasesim/fenced_resource.h"
#include "leasesim/params.h"
#include "leasesim/protocol.h"
#include "leasesim/run.h"
#include "leasesim/version.h"
