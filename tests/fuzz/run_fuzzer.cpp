// libFuzzer target: load a scenario, then run it (and explore's first draw) on a small budget.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  leasesim::fuzz::run_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
