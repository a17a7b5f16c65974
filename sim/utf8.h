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

// Characters a terminal would not show, or would show as something else: controls (tab and
// newline included), C1 controls, soft hyphen, zero-width and bidirectional marks and
// overrides, line and paragraph separators, the byte-order mark.
inline bool invisible(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff;
}

}  // namespace leasesim::sim
