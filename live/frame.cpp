#include "live/frame.h"

#include <memory>
#include <vector>

namespace leasesim::live {
namespace {

constexpr size_t kFixed = 4 + 4 + 2 + 2 + 8 + 4 * 8 + 4;

void put(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t get(const unsigned char*& p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{p[i]} << (8 * i);
  p += bytes;
  return v;
}

}  // namespace

void encode_frame(const sim::Message& m, bool reset, std::string& out, bool warm) {
  const size_t words = m.attachment ? m.attachment->size() : 0;
  put(out, kFixed + 8 * words, 4);
  put(out, m.from, 4);
  put(out, m.to, 4);
  put(out, m.kind, 2);
  put(out, (reset ? 1 : 0) | (warm ? 2 : 0), 2);
  put(out, m.id, 8);
  for (int64_t w : m.body) put(out, static_cast<uint64_t>(w), 8);
  put(out, words, 4);
  for (size_t i = 0; i < words; ++i) put(out, static_cast<uint64_t>((*m.attachment)[i]), 8);
}

uint32_t frame_length(const unsigned char* header) {
  const unsigned char* p = header;
  return static_cast<uint32_t>(get(p, 4));
}

std::optional<Decoded> decode_frame(const unsigned char* body, size_t length) {
  if (length < kFixed) return std::nullopt;
  const unsigned char* p = body;
  Decoded d;
  d.msg.from = static_cast<sim::NodeId>(get(p, 4));
  d.msg.to = static_cast<sim::NodeId>(get(p, 4));
  d.msg.kind = static_cast<sim::MessageKind>(get(p, 2));
  const uint64_t flags = get(p, 2);
  d.reset = (flags & 1) != 0;
  d.warm = (flags & 2) != 0;
  d.msg.id = get(p, 8);
  for (int64_t& w : d.msg.body) w = static_cast<int64_t>(get(p, 8));
  const uint64_t words = get(p, 4);
  if (length != kFixed + 8 * words) return std::nullopt;
  if (words != 0) {
    auto a = std::make_shared<std::vector<int64_t>>(words);
    for (int64_t& w : *a) w = static_cast<int64_t>(get(p, 8));
    d.msg.attachment = std::move(a);
  }
  return d;
}

}  // namespace leasesim::live
