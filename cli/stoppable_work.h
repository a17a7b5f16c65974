// Work that looks at no clock and no flag, done where --max-wall and Ctrl-C / SIGTERM still end
// the command. Loading a scenario is one yaml-cpp parse, one call that cannot be asked to stop:
// a file at the loader's caps (100,000 nodes) takes seconds, many more on a loaded machine, and
// a command given `--max-wall 12s` ended after 19 s, a Ctrl-C only after the parse.
//
// The work runs on a thread of its own while the command's thread waits for the first of: the
// work's end, the deadline, a stop signal. A parse cannot be cancelled, so a command that stops
// does not wait for it: it says why on stderr and ends the process there and then, with the
// exit status of a stopped command (3, or 128 + the signal). It ends the process with
// std::_Exit, after flushing stdout and stderr: the abandoned thread still reads the scenario's
// tables (the protocol registry, yaml-cpp's statics), which returning from main would destroy
// under it. Nothing else needs the exit's clean-up: work of this kind comes before any output
// file is opened (those are checked after the scenario loads) and before any run.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace leasesim::cli {

// Runs `work` and returns once it has ended (an exception it throws is thrown here), unless
// `deadline` passes or SIGINT/SIGTERM arrives first; then prints
//   leasesim VERB: WHAT: stopped before any run, while loading it: the --max-wall time ran out
// ("interrupted by a signal") and ends the process. A stop that came while the work ended wins
// over the work's result: the command would stop at its next look at the clock anyway, and the
// outcome of a deadline already past when the work begins does not depend on how fast it is.
void finish_unless_stopped(const std::string& verb, const std::string& what,
                           const std::optional<std::chrono::steady_clock::time_point>& deadline, const std::function<void()>& work);

}  // namespace leasesim::cli
