// Only sim/ owns time (README, "Determinism"): nothing under
// sim/, model/ or checkers/ may read the wall clock, OS entropy or threads.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>

namespace {

// True if `line` uses `token` where the character before it cannot belong to a longer name
// (so "operand(" does not match "rand(", and "x.time(" is a member, not ::time).
bool uses(const std::string& line, const std::string& token, const std::string& not_after) {
  for (size_t at = line.find(token); at != std::string::npos; at = line.find(token, at + 1)) {
    if (at == 0) return true;
    const char before = line[at - 1];
    if (!std::isalnum(static_cast<unsigned char>(before)) && not_after.find(before) == std::string::npos) return true;
  }
  return false;
}

bool forbidden(const std::string& line) {
  const size_t first = line.find_first_not_of(" \t");
  if (first != std::string::npos && (line.compare(first, 2, "//") == 0 || line[first] == '*')) return false;
  for (const char* t : {"system_clock", "steady_clock", "high_resolution_clock", "random_device", "std::thread",
                        "gettimeofday", "clock_gettime"}) {
    if (line.find(t) != std::string::npos) return true;
  }
  return uses(line, "rand(", "_") || uses(line, "time(", "_.");
}

TEST(DeterminismLint, TheTokenRulesCatchWhatTheyShould) {
  EXPECT_TRUE(forbidden("auto t = std::chrono::steady_clock::now();"));
  EXPECT_TRUE(forbidden("int r = rand();"));
  EXPECT_TRUE(forbidden("  x = time(nullptr);"));
  EXPECT_FALSE(forbidden("Duration operand(int);"));
  EXPECT_FALSE(forbidden("auto t = clock.first_time(x);"));
  EXPECT_FALSE(forbidden("auto t = s.time(x);"));
  EXPECT_FALSE(forbidden("// steady_clock is forbidden here"));
}

TEST(DeterminismLint, SimulationCodeReadsNoWallClockEntropyOrThreads) {
  std::string hits;
  size_t files = 0;
  for (const char* dir : {"sim", "model", "checkers"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(LEASESIM_SOURCE_DIR) + "/" + dir)) {
      if (!entry.is_regular_file()) continue;
      ++files;
      std::ifstream in(entry.path());
      int n = 0;
      for (std::string line; std::getline(in, line);) {
        ++n;
        if (forbidden(line)) hits += entry.path().string() + ":" + std::to_string(n) + ": " + line + "\n";
      }
    }
  }
  EXPECT_GT(files, 10u);
  EXPECT_EQ(hits, "") << "real time, entropy or threads in simulation code:\n" << hits;
}

}  // namespace
