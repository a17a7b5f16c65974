// The membership tracker (model/membership_tracker/) against the design discussion's HTTP
// workflow, one behaviour per test, as timelines at exact instants (1 ms per message; the
// leader's syncs at whole seconds).
#include <gtest/gtest.h>

#include <algorithm>

#include "harness/input_error.h"
#include "harness/scenario_loader.h"
#include "tests/support/story.h"

namespace leasesim {
namespace {

using testing::story;
using Lines = std::vector<std::string>;
using sim::EventKind;

std::string scenario(const std::string& protocol_extra, const std::string& faults, const std::string& duration = "30s",
                     const std::string& extra_roles = "") {
  return "duration: " + duration + "\nprotocol: {kind: membership_tracker" + protocol_extra +
         "}\ntrackers: [tracker1, tracker2, tracker3]\ngroup_members: [db1, db2]\n" + extra_roles + "faults:\n" + faults;
}

// The lines that contain `word`.
Lines with(const Lines& lines, const std::string& word) {
  Lines out;
  std::copy_if(lines.begin(), lines.end(), std::back_inserter(out),
               [&](const std::string& l) { return l.find(word) != std::string::npos; });
  return out;
}

TEST(MembershipTracker, JoinsAreTheFirstVersionsAndASilentMemberIsRemovedAfterItsOwnTimeout) {
  // The seed's workflow: db1 (10 s) and db2 (?timeout=20) PUT to tracker1, the leader, at 0 s:
  // committed at 0.003 s as versions 0 and 1. db2 crashes at 1 s; tracker1 last heard it at
  // 0.003 s and removes it at 20.003 s, committed 20.005 s (version 2). db1 learns each version
  // on the HEAD after it (3.006 s, 21.006 s).
  const Lines s = story(scenario(", timeouts: [10s, 20s]", "  - {at: 1s, restart: {node: db2}}\n"), {EventKind::state});
  EXPECT_EQ(with(s, "version"),
            (Lines{"0.003s tracker1 state group version 0", "0.003s tracker1 state group version 1",
                   "0.004s db1 state learned version 0", "0.004s db2 state learned version 1",
                   "3.006s db1 state learned version 1", "20.005s tracker1 state group version 2",
                   "21.006s db1 state learned version 2"}));
}

TEST(MembershipTracker, AMemberBelievesFromEachAnsweredRequestsSendTimeForItsOwnTimeout) {
  // db2's PUT was sent at 0 s: it believes until 20 s; its HEAD of 3.004 s, answered at
  // 3.006 s, until 23.004 s. A belief_margin of 1 s ends each a second earlier.
  const std::vector<EventKind> kinds = {EventKind::lease_believed};
  const Lines plain = with(story(scenario(", timeouts: [10s, 20s]", "  []\n", "4s"), kinds), "db2");
  EXPECT_EQ(plain, (Lines{"0.004s db2 lease_believed e1 until 20.000s", "3.006s db2 lease_believed e1 until 23.004s"}));
  const Lines margin = with(story(scenario(", timeouts: [10s, 20s], belief_margin: 1s", "  []\n", "4s"), kinds), "db2");
  EXPECT_EQ(margin, (Lines{"0.004s db2 lease_believed e1 until 19.000s", "3.006s db2 lease_believed e1 until 22.004s"}));
}

TEST(MembershipTracker, AConfigurationMayPrecedeAJoinAndOutlivesTheMembersSession) {
  // db2 is configured at 1 s (version 2) before it joins at 5 s (version 4); it crashes at 6 s
  // and is removed at 15.005 s (version 5): listed inactive again, its configuration kept.
  const Lines s = story(scenario(", join_at: [0s, 5s]", "  - {at: 6s, restart: {node: db2}}\n", "20s", "admins: [ops]\n"),
                        {EventKind::state});
  EXPECT_EQ(with(s, "view"),
            (Lines{"0.003s tracker1 state view 0: active [db1] inactive [] config []",
                   "3.007s tracker1 state view 3: active [db1] inactive [db2] config [db1=1 db2=1 group=1]",
                   "5.003s tracker1 state view 4: active [db1 db2] inactive [] config [db1=1 db2=1 group=1]",
                   "6.007s tracker1 state view 4: active [db1 db2] inactive [] config [db1=1 db2=1 group=1]",
                   "18.007s tracker1 state view 5: active [db1] inactive [db2] config [db1=1 db2=1 group=1]"}));
}

TEST(MembershipTracker, ARestartedOwnerWaitsAFullTimeoutFromItsReturnBeforeRemovingASilentMember) {
  // Both members at tracker2; db1 crashes at 10 s, its last HEAD heard at 9.007 s. Without a
  // restart tracker2 removes it at 19.007 s (committed 19.010 s). tracker2 restarting from
  // 10.5 s to 11.5 s is back in the quorum at 12.001 s: counting from its return, it asks at
  // 22.001 s (committed 22.004 s); counting from its disk (the join applied at 0.005 s), at
  // once (12.004 s), and db2 too, which heartbeats on.
  const std::string crash = "  - {at: 10s, restart: {node: db1}}\n";
  const std::string restart = "  - {at: 10.5s, restart: {node: tracker2, for: 1s}}\n";
  const std::vector<EventKind> kinds = {EventKind::lease_expired};
  EXPECT_EQ(story(scenario(", join_tracker: 2", crash), kinds), (Lines{"19.010s tracker1 lease_expired db1 e1"}));
  EXPECT_EQ(story(scenario(", join_tracker: 2", crash + restart), kinds), (Lines{"22.004s tracker1 lease_expired db1 e1"}));
  EXPECT_EQ(story(scenario(", join_tracker: 2, restart_counts_from: last_written", crash + restart), kinds),
            (Lines{"12.004s tracker1 lease_expired db1 e1", "12.004s tracker1 lease_expired db2 e1"}));
}

TEST(MembershipTracker, ARestartedFollowerAnswersNothingUntilTheLeadersSyncCatchesItUp) {
  // tracker2 restarts from 10.5 s to 11.5 s: it rejoins on the sync of 12 s (12.001 s) and owns
  // its members again then, not at 11.5 s.
  const Lines s = story(scenario(", join_tracker: 2", "  - {at: 10.5s, restart: {node: tracker2, for: 1s}}\n"),
                        {EventKind::state, EventKind::lock_held});
  EXPECT_EQ(with(s, "tracker2"),
            (Lines{"0.005s tracker2 lock_held db1#1 e1", "0.005s tracker2 state view 0: active [db1] inactive [] config []",
                   "0.005s tracker2 lock_held db2#1 e1",
                   "0.005s tracker2 state view 1: active [db1 db2] inactive [] config []",
                   "3.009s tracker2 state view 1: active [db1 db2] inactive [] config []",
                   "11.500s tracker2 state restarted with 2 committed txns", "12.001s tracker2 state rejoined quorum",
                   "12.001s tracker2 lock_held db1#1 e1", "12.001s tracker2 lock_held db2#1 e1"}));
}

TEST(MembershipTracker, AGroupLargerThanAViewCanNameIsRefused) {
  std::string members;
  for (int i = 0; i < 61; ++i) members += (i == 0 ? "m" : ", m") + std::to_string(i);
  const std::string text = "duration: 1s\nprotocol: {kind: membership_tracker}\ntrackers: [t1, t2, t3]\ngroup_members: [" + members + "]\n";
  try {
    harness::load_scenario_text(text, "s.yaml");
    FAIL() << "64 nodes were accepted";
  } catch (const harness::InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "s.yaml:2:11: protocol: a membership tracker scenario holds at most 63 nodes (trackers, group members and admins "
              "together, as a view names them in one 63-bit set); this one has 64");
  }
  // 63 load.
  const std::string fits = text.substr(0, text.find(", m60")) + "]\n";
  EXPECT_NO_THROW(harness::load_scenario_text(fits, "s.yaml"));
}

}  // namespace
}  // namespace leasesim
