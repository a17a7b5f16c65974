// Golden files: rendered output compared byte for byte with a file under tests/golden/.
// LEASESIM_UPDATE_GOLDEN=1 rewrites them instead; review the diff before committing it.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace leasesim::testing {

inline void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(LEASESIM_SOURCE_DIR) + "/tests/golden/" + name;
  if (std::getenv("LEASESIM_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (run with LEASESIM_UPDATE_GOLDEN=1 to create it)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "rendered output differs from " << path;
}

}  // namespace leasesim::testing
