// The files of a `leasesim check` suite: found under the paths given, loaded, selected by
// --filter. Shared by the verb (cli/check_verb.cpp), its runs on worker threads
// (cli/check_runs.h) and --update-expect (cli/check_update.h).
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "harness/run_limits.h"
#include "harness/scenario.h"

namespace leasesim::cli {

struct SuiteFile {
  std::string path;       // as found under the path given
  std::string relative;   // relative to the folder checked (a file given by itself: its path as given)
  std::string classname;  // JUnit: `relative` without extension, dots for slashes
};

// The scenario files under `paths`, each directory's in sorted order, or an error message.
std::vector<SuiteFile> collect(const std::vector<std::string>& paths, std::string& error);

// A suite file loaded, or the loader's message.
struct Loaded {
  SuiteFile file;
  std::optional<harness::Scenario> scenario;
  std::string error;
};

// Each load where the command's deadline and a signal end it (cli/stoppable_work.h): the suite
// has not run yet, so a stop there prints no lines, only why it stopped.
std::vector<Loaded> load_all(const std::vector<SuiteFile>& files, const harness::RunLimits& limits);

// Names identify scenarios in the summary, the JUnit cases and the report's sections, so two
// files of one suite may not share one. Prints each clash; true if there was none.
bool names_unique(const std::vector<Loaded>& loaded);

// Whether --filter selects `l`: the pattern is searched (std::regex_search) in the scenario's
// `name` and in its path, as given and relative to the folder checked. A file that could not
// be loaded has no name: its paths alone decide, so a selected bad file is still BAD INPUT.
bool selected(const Loaded& l, const std::regex& filter);

}  // namespace leasesim::cli
