// libFuzzer target: a command line, one argument a line, read by its verb's parse function.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/command_line_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  leasesim::fuzz::parse_command_line({reinterpret_cast<const char*>(data), size});
  return 0;
}
