// ByNode: a value per node id, found, added, erased and walked in node order.
#include "sim/by_node.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace leasesim::sim {
namespace {

TEST(ByNode, HoldsAValuePerNodeAndWalksThemInNodeOrder) {
  ByNode<int> t;
  EXPECT_EQ(t.find(3), nullptr);
  t[9] = 90;
  t[3] = 30;
  t[5] = 50;
  EXPECT_EQ(t.size(), 3u);
  ASSERT_NE(t.find(5), nullptr);
  EXPECT_EQ(*t.find(5), 50);
  EXPECT_EQ(t.find(4), nullptr);       // below the highest id, never stored
  EXPECT_EQ(t.find(1000), nullptr);    // beyond it
  t.erase(5);
  t.erase(5);                          // twice: no-op
  t.erase(77);                         // never stored: no-op
  EXPECT_EQ(t.find(5), nullptr);
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t[5], 0);                  // stored again: a fresh value, not the erased one
  std::vector<std::pair<NodeId, int>> seen;
  t.for_each([&](NodeId n, const int& v) { seen.emplace_back(n, v); });
  EXPECT_EQ(seen, (std::vector<std::pair<NodeId, int>>{{3, 30}, {5, 0}, {9, 90}}));
  t.prefetch(9);
  t.prefetch(kNoNode);  // a hint only, for any id
  EXPECT_EQ(t.size(), 3u);
}

}  // namespace
}  // namespace leasesim::sim
