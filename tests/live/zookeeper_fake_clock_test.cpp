// FakeClock: the libfaketime specification written at each clock event (the arithmetic of
// fake_clock.h, on numbers chosen by hand), its inverse for log stamps, and one real process
// reading its clock under it.
#include "live/zookeeper/fake_clock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "live/zookeeper/process.h"

namespace leasesim::live::zookeeper {
namespace {

constexpr int64_t kS = 1'000'000'000;
constexpr int64_t kMs = 1'000'000;

std::string temp_dir() {
  std::string dir = (std::filesystem::temp_directory_path() / "leasesim-fake-clock-test-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) return "";
  return dir;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

TEST(FakeClock, WritesTheOffsetThatKeepsTheReadingOnTheScenariosClock) {
  const std::string dir = temp_dir();
  ASSERT_NE(dir, "");
  // W = 1000.5 s, tick 2 s; the node's clock reads 250 ms at the run's zero.
  FakeClock c(dir + "/n", sim::Clock(sim::Duration{250 * kMs}, 0), 2 * kS, 1000 * kS + 500 * kMs);
  EXPECT_EQ(c.environment(), (std::vector<std::string>{std::string("LD_PRELOAD=") + kFakeTimeLibrary, "FAKETIME_TIMESTAMP_FILE=" + dir + "/n",
                                                       "FAKETIME_NO_CACHE=1"}));
  c.starting(100 * kS);  // the grid only: A = offset - W mod tick = 0.25 - 0.5
  EXPECT_EQ(file_text(dir + "/n"), "-0.250000000 x1.000000000000");
  c.align(102 * kS, 101 * kS + 700 * kMs);  // reading at t0 = t0 + W + A = 1102.25 s: the grid plus the offset
  EXPECT_EQ(c.specification(), "-0.250000000 x1.000000000000");
  c.jump(110 * kS, sim::Duration{5 * kS});
  EXPECT_EQ(c.specification(), "+4.750000000 x1.000000000000");
  c.stop(120 * kS);
  c.resume(150 * kS);  // 30 s stopped: the reading steps back by them
  EXPECT_EQ(c.specification(), "-25.250000000 x1.000000000000");
  // 1000 ppm fast from 160 s, continuous: the rate applies from the process's start (100 s), so
  // A takes back the 60 ms it would add at once.
  c.set_drift(160 * kS, 1'000'000);
  EXPECT_EQ(c.specification(), "-25.310000000 x1.001000000000");
  EXPECT_EQ(file_text(dir + "/n"), c.specification());
  // fake(170 s) = 170 + 1000.5 - 25.31 + 70 x 0.001
  EXPECT_NEAR(static_cast<double>(c.monotonic_of(1145 * kS + 260 * kMs)), 170.0 * kS, 2.0);
  // A reading the step back made twice maps to the later instant.
  EXPECT_NEAR(static_cast<double>(c.monotonic_of(1135 * kS + 250 * kMs)), 160.0 * kS, 2.0);
  // Restarted at 180 s: the new process's rate counts from 180 s, the reading goes on.
  c.starting(180 * kS);
  EXPECT_EQ(c.specification(), "-25.230000000 x1.001000000000");
  std::filesystem::remove_all(dir);
}

// A real process under the specification reads realtime + A (rate 1): `date` between two raw
// readings of ours, shifted by A. The bounds are the instants around the process's run, not a
// measure of how long anything takes.
TEST(FakeClock, ARealProcessReadsItsClockThroughTheSpecification) {
  if (::access(kFakeTimeLibrary, R_OK) != 0) GTEST_SKIP() << "libfaketime is not installed (scripts/setup-deps --live)";
  const std::string dir = temp_dir();
  ASSERT_NE(dir, "");
  const int64_t w = realtime_minus_monotonic_ns();
  FakeClock c(dir + "/n", sim::Clock(), 2 * kS, w);
  const int64_t m = monotonic_ns();
  c.starting(m);
  c.align(m, m);
  c.jump(m, sim::Duration{3600 * kS});  // an hour ahead
  const int64_t a = 3600 * kS - w % (2 * kS);  // the hour, less the grid's remainder (align at m)
  Process p;
  p.set_environment(c.environment());
  const std::string out = dir + "/out";
  const int64_t before = monotonic_ns() + w;
  p.start({"/bin/date", "+%s%N"}, "date", -1, out);
  ASSERT_TRUE(p.reap(std::chrono::milliseconds(10000)));
  const int64_t after = monotonic_ns() + w;
  const int64_t read = std::stoll(file_text(out));
  EXPECT_GE(read, before + a);
  EXPECT_LE(read, after + a);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace leasesim::live::zookeeper
