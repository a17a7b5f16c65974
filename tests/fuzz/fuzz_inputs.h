// What the fuzz targets do with one input, shared with the regression test that replays every
// input the fuzzers ever crashed on (tests/fuzz/regressions/, tests/fuzz/merge-regressions/)
// in the ordinary build. Bad input must end in an InputError (a scenario) or a JsonError (a
// summary); anything else that escapes (another exception, a sanitizer report, an abort) is a
// bug.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leasesim::fuzz {

// Loads `data` as a scenario file.
void load_input(std::string_view data);
// Loads `data` and, if it is a valid scenario of modest size, runs it (and, if it has an
// `explore` section, the first run explore would draw from it) within a small event budget.
void run_input(std::string_view data);
// Reads `data` as an explore summary, as `leasesim merge` does; one that reads is rendered as
// text and JSON, must read back from its JSON as the same summary, and is merged on its own
// and with itself (refused: one shard twice).
void merge_input(std::string_view data);
// The scenarios a trace input is judged with (paths from the repository's root), and which one
// its first byte chooses: '0' the first, '1' the second, ..., any byte one of them.
const std::vector<std::string>& judge_scenarios();
size_t scenario_index(char first);
// Judges the rest of `data` as a JSONL trace of the scenario its first byte chooses, as
// `leasesim judge` does: it is judged, or refused with a line and column, never a crash.
void judge_input(std::string_view data);

}  // namespace leasesim::fuzz
