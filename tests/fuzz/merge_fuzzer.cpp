// libFuzzer target: an explore summary as `leasesim merge` reads it (the JSON reader's limits,
// every count check), then rendered, read back and merged.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  leasesim::fuzz::merge_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
