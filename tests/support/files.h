// Test support: a whole file as a string ("" if it cannot be read); a corpus folder's cases.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace leasesim::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The names (without `extension`) of the files in `dir` that end in it, sorted: a corpus's
// cases, in the same order on every machine.
inline std::vector<std::string> stems_in(const std::string& dir, const std::string& extension) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == extension) out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace leasesim::testing
