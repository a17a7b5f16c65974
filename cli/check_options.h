// The command line of `leasesim check`: its help, its options, and the choices they make
// (which scenarios, how many at once, how the outcome is printed, or whether `expect` is
// rewritten instead).
#pragma once

#include <optional>
#include <regex>
#include <string>

#include "cli/options.h"

namespace leasesim::cli {

struct CheckOptions {
  std::optional<std::regex> filter;  // --filter: only the scenarios it selects (cli/check_suite.h)
  std::string filter_text;           // as given, for messages
  unsigned jobs = 1;                 // --jobs: worker threads
  bool json = false;                 // --json: one JSON document instead of the lines
  bool list = false;                 // --list: print the selected scenarios, run none
  bool update_expect = false;        // --update-expect: rewrite each `expect` with what its run showed
};

// The choices of a parsed check command line, or the exit status after printing why not: a
// --filter that is not a regular expression, or options that do not go together.
std::optional<int> read_check_options(const po::variables_map& vm, CheckOptions& out);

}  // namespace leasesim::cli
