// Decoding one UTF-8 sequence: what the JSON writer, the scenario file's text check and the
// quoting of user text in error messages all need, strictly (no overlong forms, surrogates or
// code points past U+10FFFF).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace leasesim::sim {

struct Utf8 {
  uint32_t code_point = 0;
  size_t length = 0;  // bytes; 0 if the bytes at the position are not valid UTF-8
};

// The code point whose sequence starts at s[i] (REQUIRES: i < s.size()); ASCII is length 1.
Utf8 decode_utf8(std::string_view s, size_t i);

}  // namespace leasesim::sim
