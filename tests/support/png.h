// Test support: the pixels of a PNG as Chromium writes its screenshots (8 bits per channel,
// RGB or RGBA, not interlaced), read with zlib, so that a test can look at what was drawn.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace leasesim::testing {

struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;  // row by row, 3 bytes a pixel
  std::string error;         // why it could not be read
  uint32_t at(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * width + x) * 3;
    return (uint32_t{rgb[i]} << 16) | (uint32_t{rgb[i + 1]} << 8) | rgb[i + 2];
  }
};

inline Image read_png(const std::string& path) {
  Image img;
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string f = ss.str();
  auto u32 = [&](size_t i) { return (uint32_t{uint8_t(f[i])} << 24) | (uint32_t{uint8_t(f[i + 1])} << 16) | (uint32_t{uint8_t(f[i + 2])} << 8) | uint8_t(f[i + 3]); };
  if (f.size() < 33 || f.compare(1, 3, "PNG") != 0) return img.error = "not a PNG: " + path, img;
  std::string idat;
  int channels = 0;
  for (size_t at = 8; at + 8 <= f.size();) {
    const uint32_t n = u32(at);
    const std::string type = f.substr(at + 4, 4);
    if (at + 12 + n > f.size()) return img.error = "cut chunk", img;
    if (type == "IHDR") {
      img.width = static_cast<int>(u32(at + 8));
      img.height = static_cast<int>(u32(at + 12));
      const int depth = uint8_t(f[at + 16]), color = uint8_t(f[at + 17]), interlace = uint8_t(f[at + 20]);
      channels = color == 2 ? 3 : color == 6 ? 4 : 0;
      if (depth != 8 || channels == 0 || interlace != 0) return img.error = "an 8-bit RGB(A) PNG, not interlaced, expected", img;
    } else if (type == "IDAT") {
      idat += f.substr(at + 8, n);
    }
    at += 12 + n;
  }
  const size_t stride = static_cast<size_t>(img.width) * channels;
  std::vector<uint8_t> raw((stride + 1) * img.height);
  uLongf raw_len = raw.size();
  if (uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK || raw_len != raw.size()) {
    return img.error = "bad image data", img;
  }
  std::vector<uint8_t> prev(stride, 0), cur(stride);
  img.rgb.resize(static_cast<size_t>(img.width) * img.height * 3);
  for (int y = 0; y < img.height; ++y) {
    const uint8_t filter = raw[y * (stride + 1)];
    const uint8_t* line = &raw[y * (stride + 1) + 1];
    for (size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<size_t>(channels) ? cur[i - channels] : 0, b = prev[i], c = i >= static_cast<size_t>(channels) ? prev[i - channels] : 0;
      int pred = 0;
      switch (filter) {
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) / 2; break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: break;
      }
      cur[i] = static_cast<uint8_t>(line[i] + pred);
    }
    for (int x = 0; x < img.width; ++x) {
      for (int k = 0; k < 3; ++k) img.rgb[(static_cast<size_t>(y) * img.width + x) * 3 + k] = cur[x * channels + k];
    }
    prev.swap(cur);
  }
  return img;
}

}  // namespace leasesim::testing
