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
#include <unordered_map>
#include <utility>
#include <vector>

#include "checkers/checker.h"
#include "checkers/due_heap.h"
#include "sim/prefetch.h"

namespace leasesim::checkers {

class SessionLivenessChecker final : public Checker {
 public:
  SessionLivenessChecker(sim::Trace& trace, sim::Duration grace);

  std::string_view name() const override { return "session_liveness"; }
  bool liveness() const override { return true; }
  void on_event(const sim::TraceEvent& e) override;
  sim::KindSet kinds() const override;
  bool prefetches() const override { return true; }
  void prefetch_node(sim::NodeId n) const override {
    if (n < clients_.size()) sim::prefetch_at(&clients_[n]);
  }
  sim::Instant horizon() const override;
  void advance_to(sim::Instant t) override;
  void finish(sim::Instant end) override;

 private:
  struct Session {
    sim::Instant since;  // not connected since (created, or last disconnected)
    sim::Duration longest_life;
    sim::Instant open_at;
    bool connected = false;
    bool open = false;
  };
  using Key = std::pair<sim::NodeId, uint64_t>;  // client, session
  sim::Instant due(const Session& s) const { return s.since + s.longest_life + grace_; }
  void close(const Key& k, Session& s, sim::Instant t, bool cut_by_run_end);
  // Every session that could open a report (not connected, none open), by its due instant: the
  // horizon and each advance read the front instead of every session (etcd's 10,000 idle
  // leases made each event scan them all). A session that stops waiting, or whose due instant
  // moves, leaves its entry behind: current() tells the entries still meant.
  bool waiting(const Session& s) const { return !s.connected && !s.open; }
  // An entry for s at its due instant, if it is waiting: called when it starts waiting or its
  // due instant moves, so that a waiting session always has an entry at its due instant.
  void index(const Key& k, const Session& s) {
    if (waiting(s)) waiting_.push(due(s), k);
  }
  bool current(sim::Instant at, const Key& k);

  sim::Trace& trace_;
  sim::Duration grace_;
  struct KeyHash {
    size_t operator()(const Key& k) const { return std::hash<uint64_t>{}(k.second * 0x9E3779B97F4A7C15ULL ^ k.first); }
  };
  // Every grant and belief looks its session up. A client has one session at a time, nearly
  // always: it lives in the client's own line of a dense array, one load at an address known
  // from the client alone (so prefetch_node can name it). Further sessions of a client (an etcd
  // client's 10,000 leases) are hashed. Neither is iterated in its own order: finish() and
  // advance_to() sort the keys they report.
  struct alignas(64) Client {
    uint64_t session = 0;
    Session s;
    bool used = false;  // session and s are a live session
  };
  Session* find(const Key& k);
  // A session known to exist.
  Session& get(const Key& k);
  // A new session (since = t). REQUIRES: find(k) is null.
  Session& add(const Key& k, sim::Instant t);
  void erase(const Key& k);
  std::vector<Client> clients_;  // by client NodeId
  std::unordered_map<Key, Session, KeyHash> more_;
  DueHeap<Key> waiting_;
  sim::Symbol sym_name_;
};

}  // namespace leasesim::checkers
