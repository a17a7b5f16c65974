// One sim::Message as one frame on a byte stream: a 4-byte length, then from, to, kind, a
// reset flag, id, the four body words and the attachment, all little-endian fixed width. Both
// ends are this process, but the format is fixed anyway so that a frame can be read by a
// process per node later (topology B, docs/live-status.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "sim/message.h"

namespace leasesim::live {

constexpr size_t kFrameLengthBytes = 4;
// A frame's length field can say at most this; more is a broken stream, not a message.
constexpr uint32_t kMaxFrameBytes = 64u << 20;

// `warm`: a frame sent before t0 only to warm the connection and the code on both ends; the
// reader drops it.
void encode_frame(const sim::Message& m, bool reset, std::string& out, bool warm = false);
// The length a frame's first 4 bytes announce (of what follows them).
uint32_t frame_length(const unsigned char* header);
struct Decoded {
  sim::Message msg;
  bool reset = false;
  bool warm = false;
};
// The frame body after the length; nothing if it is malformed.
std::optional<Decoded> decode_frame(const unsigned char* body, size_t length);

}  // namespace leasesim::live
