// The Raft leader-lease model as timelines at exact instants. Three servers at 1 ms a hop
// unless said otherwise; n1 campaigns at its start (first_campaigns).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/story.h"

namespace leasesim {
namespace {

using sim::EventKind;
using testing::story;
using Lines = std::vector<std::string>;

std::string raft(const std::string& protocol, const std::string& faults, const std::string& duration) {
  return "duration: " + duration + "\nprotocol: {kind: raft_lease" + protocol + "}\nservers: [n1, n2, n3]\nfaults:\n" +
         faults;
}

const std::vector<EventKind> kLeadership = {EventKind::lock_held, EventKind::lock_released, EventKind::state};

TEST(RaftLease, TheFirstServerWinsAPreVoteThenAVoteInFourHops) {
  const Lines s = story(raft("", "  []\n", "1s"), kLeadership);
  ASSERT_GE(s.size(), 4u);
  EXPECT_EQ(s[0], "0s n1 state pre-campaign");
  EXPECT_EQ(s[1], "0.002s n1 state campaign");
  EXPECT_EQ(s[2], "0.004s n1 state elected");
}

}  // namespace
}  // namespace leasesim
