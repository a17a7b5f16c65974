// What the fuzz targets do with one input, shared with the regression test that replays every
// input the fuzzers ever crashed on (tests/fuzz/regressions/) in the ordinary build. Bad input
// must end in an InputError; anything else that escapes (another exception, a sanitizer
// report, an abort) is a bug.
#pragma once

#include <string_view>

namespace leasesim::fuzz {

// Loads `data` as a scenario file.
void load_input(std::string_view data);
// Loads `data` and, if it is a valid scenario of modest size, runs it (and, if it has an
// `explore` section, the first run explore would draw from it) within a small event budget.
void run_input(std::string_view data);

}  // namespace leasesim::fuzz
