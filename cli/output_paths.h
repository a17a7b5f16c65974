// The files a verb writes, on the command line: checked before any run (a typo in a path
// costs nothing), written after, each on its own, so that one that cannot be written (a full
// disk, a path that changed meanwhile) loses nothing else. The results are printed all the
// same and the command ends with kExitNotWritten.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "cli/options.h"

namespace leasesim::cli {

// Checks the path of each of `options` given in `vm` (reports::check_output_file). Prints
// "leasesim VERB: cannot write PATH: why" for the first that cannot be written, and returns
// false then.
bool check_outputs(const std::string& verb, const po::variables_map& vm, std::initializer_list<const char*> options);

// Output files written after the runs; the failures are kept to be reported together.
class Writes {
 public:
  // Writes `content` to `path`; true if it was written.
  bool write(const std::string& path, const std::string& content);
  // A failure found elsewhere (a trace's commit, a minimised scenario).
  void failed(std::string message) { failed_.push_back(std::move(message)); }
  bool ok() const { return failed_.empty(); }
  // Prints each failure ("leasesim VERB: cannot write PATH: why") and returns the status to
  // exit with: kExitNotWritten over 0 and 1 (the results were printed, some files are not
  // there), `status` as it is otherwise (2, 3, 130, 143 say more).
  int finish(const std::string& verb, int status) const;

 private:
  std::vector<std::string> failed_;
};

}  // namespace leasesim::cli
