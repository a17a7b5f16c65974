// A member of the HTTP membership tracker's group (db1.example.com in the design discussion).
// It joins with a PUT carrying its timeout (`?timeout=`) at its first tracker, which owns it
// once the join commits; it sends HEAD every heartbeat_interval, each answered with the group
// version (x-group-version), and reads the group with GET when the version moved. It believes
// it is in the group, by its own clock, until its last answered heartbeat's (or join's) send
// time + its timeout - belief_margin (member_belief: until_timeout), or until told it was
// removed (until_told). With no answer for connection_timeout, or told the tracker is
// unavailable (outside the quorum), it PUTs again at the next tracker: a revalidation, as the
// session tracker's clients do. Told it was removed, it joins again (a new session).
#pragma once

#include <map>
#include <vector>

#include "model/membership_tracker/params.h"
#include "sim/actor.h"

namespace leasesim::membership_tracker {

class Member final : public sim::Actor {
 public:
  // `first`: the index in `trackers` of the tracker it PUTs to first.
  Member(sim::Context& ctx, const MembershipParams& params, std::vector<sim::NodeId> trackers, size_t first,
         Duration timeout, Duration join_at);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  void join();
  void move_on();
  void removed();
  void believe_from(sim::LocalTime sent);
  void learn(int64_t version, bool read_on_change);
  void heartbeat();

  sim::Context& ctx_;
  const MembershipParams params_;
  const std::vector<sim::NodeId> trackers_;
  const Duration timeout_;
  const Duration join_at_;
  size_t at_;  // index of the tracker it talks to
  uint64_t epoch_ = 1;  // its session: one more each time it learns it was removed
  bool created_ = false;  // the epoch's join committed once (a later PUT revalidates)
  bool joined_ = false;   // a tracker owns its session and answers it: heartbeats run
  bool believing_ = false;
  sim::LocalTime belief_until_;
  sim::LocalTime join_sent_;
  sim::LocalTime last_answer_;
  int64_t version_ = -1;  // the newest group version it was told
  uint64_t heartbeat_no_ = 0;
  std::map<uint64_t, sim::LocalTime> sent_;  // heartbeat number -> its send time (the recent ones)
  sim::TimerId heartbeat_timer_;
  sim::TimerId silence_timer_;
  sim::TimerId belief_timer_;
};

}  // namespace leasesim::membership_tracker
