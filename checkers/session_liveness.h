// session_liveness (a report, not a safety violation): a session that never expires while its
// client is never connected on it. Each grant tells how long the session lives without another
// touch (until - now, at most timeout + tickTime for ZooKeeper). If the client has not been
// connected on the session for longer than the longest such lifetime and the server still has
// not expired it, something other than a connected client keeps it alive (connection attempts
// that never complete, touches relayed late): a report opens then, at an instant where nothing
// may happen, and closes when the client connects on it again or the session expires.
// `grace` is how late after its deadline an expiry may still take effect without a report: in
// ZooKeeper the expiry is a proposal, which commits a log sync and a quorum round trip after
// the bucket's boundary (or never, without a quorum: then the report is deserved).
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <unordered_map>
#include <utility>

#include "checkers/checker.h"

namespace leasesim::checkers {

class SessionLivenessChecker final : public Checker {
 public:
  SessionLivenessChecker(sim::Trace& trace, sim::Duration grace);

  std::string_view name() const override { return "session_liveness"; }
  bool liveness() const override { return true; }
  void on_event(const sim::TraceEvent& e) override;
  sim::KindSet kinds() const override;
  sim::Instant horizon() const override;
  void advance_to(sim::Instant t) override;
  void finish(sim::Instant end) override;

 private:
  struct Session {
    bool connected = false;
    sim::Instant since;  // not connected since (created, or last disconnected)
    sim::Duration longest_life;
    bool open = false;
    sim::Instant open_at;
  };
  using Key = std::pair<sim::NodeId, uint64_t>;  // client, session
  sim::Instant due(const Session& s) const { return s.since + s.longest_life + grace_; }
  void close(const Key& k, Session& s, sim::Instant t, bool cut_by_run_end);
  // Every session that could open a report (not connected, none open), by its due instant: the
  // horizon and each advance read the front instead of every session (etcd's 10,000 idle
  // leases made each event scan them all).
  bool waiting(const Session& s) const { return !s.connected && !s.open; }
  void unindex(const Key& k, const Session& s) {
    if (waiting(s)) waiting_.erase({due(s), k});
  }
  void index(const Key& k, const Session& s) {
    if (waiting(s)) waiting_.insert({due(s), k});
  }

  sim::Trace& trace_;
  sim::Duration grace_;
  struct KeyHash {
    size_t operator()(const Key& k) const { return std::hash<uint64_t>{}(k.second * 0x9E3779B97F4A7C15ULL ^ k.first); }
  };
  // Hashed, not ordered: every grant and belief looks its session up, and with tens of thousands
  // of sessions a tree walk is a cache miss per level. finish() sorts the keys it reports.
  std::unordered_map<Key, Session, KeyHash> sessions_;
  std::set<std::pair<sim::Instant, Key>> waiting_;
  sim::Symbol sym_name_;
};

}  // namespace leasesim::checkers
