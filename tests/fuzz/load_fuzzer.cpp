// libFuzzer target: the scenario loader (YAML parsing, validation, every error path).
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  leasesim::fuzz::load_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
