// Writing an output file (report, trace, summary, minimised scenario) so that an interruption
// (a signal, a full disk) never leaves half a file at its path: the content goes to a temporary
// file beside it, which is renamed over the target only once complete.
#pragma once

#include <fstream>
#include <string>

namespace leasesim::reports {

// Empty on success, else what went wrong ("cannot write out/r.html: No space left on device").
std::string write_file(const std::string& path, const std::string& content);

// A file streamed while a run goes on (a trace): write to stream(), then commit(). Destroyed
// without a commit, it removes its temporary file and the target keeps what it held before.
class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Empty when the temporary file opened, else why it did not.
  const std::string& error() const { return error_; }
  std::ostream& stream() { return out_; }
  // Flushes, closes and renames; empty on success, else what went wrong.
  std::string commit();

 private:
  std::string path_;
  std::string temp_;
  std::ofstream out_;
  std::string error_;
  bool done_ = false;
};

}  // namespace leasesim::reports
