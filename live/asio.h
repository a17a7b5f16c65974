// The one include of boost::asio: only files of live/ may include this header, so that nothing the
// simulator builds from (sim/, model/, checkers/, harness/) can reach real sockets or timers
// (tests/architecture_test.cpp checks it). <utility> first: boost 1.74's asio uses
// std::exchange without including it.
#pragma once

#include <utility>

#include <boost/asio.hpp>

namespace leasesim::live {
namespace asio = boost::asio;
}  // namespace leasesim::live
