// Test support: a whole file as a string ("" if it cannot be read).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace leasesim::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace leasesim::testing
