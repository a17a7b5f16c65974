// Test support: a merged exploration against the unsharded one, field by field, so that a
// difference names itself. Files are compared by name (shards and the whole write to different
// folders); each file the merge lists must exist, relative paths taken from `dir`.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "reports/explore_summary.h"

namespace leasesim::testing {

inline void expect_same_exploration(const reports::ExploreSummary& merged, const reports::ExploreSummary& whole,
                                    const std::string& dir = "") {
  EXPECT_EQ(merged.runs, whole.runs);
  EXPECT_EQ(merged.runs_done, whole.runs_done);
  EXPECT_EQ(merged.runs_violating, whole.runs_violating);
  EXPECT_EQ(merged.violations, whole.violations);
  EXPECT_EQ(merged.reports, whole.reports);
  EXPECT_EQ(merged.first_violating_run, whole.first_violating_run);
  EXPECT_EQ(merged.runs_over_budget, whole.runs_over_budget);
  EXPECT_EQ(merged.stopped, whole.stopped);
  ASSERT_EQ(merged.distinct.size(), whole.distinct.size());
  for (size_t i = 0; i < whole.distinct.size(); ++i) {
    const reports::DistinctViolation& m = merged.distinct[i];
    const reports::DistinctViolation& w = whole.distinct[i];
    EXPECT_EQ(m.checker, w.checker) << i;
    EXPECT_EQ(m.signature, w.signature) << i;
    EXPECT_EQ(m.run, w.run) << i;
    EXPECT_EQ(m.run_seed, w.run_seed) << i;
    EXPECT_EQ(m.faults_drawn, w.faults_drawn) << i;
    EXPECT_EQ(m.faults_kept, w.faults_kept) << i;
    EXPECT_EQ(std::filesystem::path(m.file).filename(), std::filesystem::path(w.file).filename()) << i;
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / m.file)) << m.file << ": the shard that found it wrote it";
  }
}

}  // namespace leasesim::testing
