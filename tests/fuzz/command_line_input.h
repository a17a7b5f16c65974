// What the command-line fuzz target does with one input, shared with the regression test that
// replays its seed corpus and every input it ever failed on (tests/fuzz/command-lines/).
#pragma once

#include <optional>
#include <string_view>

namespace leasesim::fuzz {

// `data` split at newlines into `leasesim VERB ARGS...`, read by that verb's parse function
// (cli/verbs.h), which opens no file and runs nothing; its output is discarded. Returns the
// exit status it ends with (nothing: the verb would go on), or nothing for an unknown verb.
// Throws std::logic_error for any status but 0 (after --help) and 2 (bad input): a number
// the parser neither took nor refused.
std::optional<int> parse_command_line(std::string_view data);

}  // namespace leasesim::fuzz
