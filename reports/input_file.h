// Reading a file a user names (a scenario, an explore summary) so that no path can hang or
// exhaust leasesim: only a regular file is read (a directory, a FIFO, a device, a socket is
// refused before a byte is read, and a FIFO is never opened for a blocking read), and never
// more than a cap of bytes (a file longer than the cap is refused, having read cap + 1 bytes
// at most, whatever its size claims: /proc files say 0, /dev/zero has no end).
#pragma once

#include <cstdint>
#include <string>

namespace leasesim::reports {

// The most a scenario file or an explore summary may hold. The largest scenario the limits
// allow (100,000 nodes, each with a clock, and 10,000 faults) takes under 10 MiB; a summary
// takes a few hundred bytes per distinct violation.
constexpr uint64_t kMaxInputFileBytes = uint64_t{16} << 20;

struct InputFile {
  std::string text;
  // Empty when the file was read; else why not, to follow "FILE: " ("is a directory, not a
  // regular file", "holds more than 16777216 bytes (16 MiB), the most a scenario file may hold").
  std::string error;
};

// The content of the regular file at `path`, at most `cap` bytes. `what` names the file in
// the message about the cap ("a scenario file").
InputFile read_input_file(const std::string& path, const std::string& what, uint64_t cap = kMaxInputFileBytes);

// Opens the regular file at `path` for reading, with the checks above, and returns its
// descriptor (the caller closes it), or -1 with `error` set; `size` gets the size it claims.
int open_input_file(const std::string& path, const std::string& what, std::string& error, uint64_t* size = nullptr);

// "a directory", "a FIFO (named pipe)", "a character device", ... for a st_mode that is not a
// regular file's; "a regular file" for one that is.
std::string file_type_name(unsigned mode);

}  // namespace leasesim::reports
