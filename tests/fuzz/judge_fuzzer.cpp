// libFuzzer target: a JSONL trace as `leasesim judge` reads it (its first byte chooses the
// scenario that judges it: tests/fuzz/fuzz_inputs.h), fed to that scenario's checkers.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  leasesim::fuzz::judge_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
