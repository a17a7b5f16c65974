// Writing an output file (report, trace, summary, minimised scenario) so that nothing an
// interruption or a failure can do leaves half a file, or a stray one, behind:
// - the content goes to an unnamed temporary file in the target's directory (Linux O_TMPFILE),
//   which gets a name only when complete: linked into place (linkat through /proc/self/fd)
//   where there was no file, or, over an existing file, linked to a unique temporary name and
//   renamed over the target at once. A SIGKILL at any moment leaves the old file or the new
//   one and, but for the instant between that link and its rename (two system calls in a row),
//   nothing else. No Linux call replaces an existing name with an unnamed file, so that instant
//   cannot be closed.
// - Where the file system has no O_TMPFILE (some network file systems), a named temporary file
//   PATH.tmp-PID-N beside the target takes its place and is renamed over it when complete; it
//   is removed on any failure and when the command is stopped by SIGINT or SIGTERM, but a
//   SIGKILL leaves it behind.
// - So that such leftovers cannot pile up, every write of PATH first removes the temporaries
//   of PATH whose writer is gone: named exactly PATH.tmp-PID-N, a regular file, PID no live
//   process's (kill(PID, 0) fails with ESRCH) and its lock free (each writer holds a flock on
//   its temporary while it lives, which covers a writer whose PID means nothing here: another
//   PID namespace, another machine on a network file system). Nothing else is touched. A
//   leftover lasts until the next write of its target, by any leasesim.
// - Nothing is created but the file itself: a missing directory is an error, not made.
// Paths are checked before any run (check_output_file, prepare_output_dir) so that a typo
// costs nothing; writing can still fail later (a full disk), and says so.
#pragma once

#include <memory>
#include <ostream>
#include <string>

namespace leasesim::reports {

// Whether `path` can be written, checked before any run: its directory exists and is one, new
// files can be made in it, and the path is not a directory, a device or a FIFO (leasesim
// replaces files; it does not write into devices), nor a file without write permission.
// Empty if so, else the message ("cannot write /nonexistent/x.html: the directory /nonexistent
// does not exist"). Creates nothing.
std::string check_output_file(const std::string& path);

// Makes sure `dir` is a directory files can be made in, creating it if it is missing but its
// parent exists (never the parent). Empty on success, else the message ("cannot create the
// directory a/b/out: a/b does not exist; leasesim creates the last directory of the path only").
std::string prepare_output_dir(const std::string& dir);

// Empty on success, else what went wrong ("cannot write out/r.html: No space left on device").
std::string write_file(const std::string& path, const std::string& content);

// A file streamed while a run goes on (a trace): write to stream(), then commit(). Destroyed
// without a commit, it leaves no file and the target keeps what it held before.
class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Empty when the temporary file opened, else why it did not.
  const std::string& error() const { return error_; }
  std::ostream& stream() { return out_; }
  // Flushes and puts the file in place; empty on success, else what went wrong (and then no
  // file is left). Call it once: the stream takes nothing after it.
  std::string commit();

  class Temp;

 private:
  std::string path_;
  std::unique_ptr<Temp> temp_;
  std::unique_ptr<std::streambuf> buf_;
  std::ostream out_;
  std::string error_;
};

// Testing only: write through named temporary files, as where O_TMPFILE is missing.
void use_named_temporary_files(bool named);

}  // namespace leasesim::reports
