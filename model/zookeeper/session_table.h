// A value per ZooKeeper session, found by session id with indexed loads. The model's ids are
// myid * kSessionsPerServer + n, n counting the sessions that server created while leading
// (session_id below; real ZooKeeper packs the server id and a time into the id instead), so a
// session's entry sits at [myid][n]: its address follows from the id, and a leader touching a
// LearnerPing's thousands of sessions can load the entries of the touches ahead of the one it
// is on. A hash table finds an entry only after loading its bucket, a miss of its own at tens
// of thousands of sessions (bench/README.md, "Eighth round"). Ids of another form (a server
// id beyond kDenseServers) are hashed. Never iterated: nothing depends on an order.
//
// Unlike a hash map's, a pointer to a value is invalidated when its row grows (a new session
// of that server): callers hold none across an insert. A row's memory follows the highest n
// its server created, not the live sessions, until clear(). A server that creates a million
// sessions makes ids that alias the next server's (session_id): the model's id scheme, which
// this table keeps, not a limit of its own.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/by_node.h"
#include "sim/require.h"

namespace leasesim::zookeeper {

inline constexpr uint64_t kSessionsPerServer = 1'000'000;

// The id of the n-th session server `myid` creates (n from 1).
inline uint64_t session_id(int64_t myid, uint64_t n) { return static_cast<uint64_t>(myid) * kSessionsPerServer + n; }

template <class T>
class SessionTable {
 public:
  T* find(uint64_t session) {
    if (!dense(session)) {
      auto it = other_.find(session);
      return it == other_.end() ? nullptr : &it->second;
    }
    const uint64_t server = session / kSessionsPerServer;
    return server < dense_.size() ? dense_[server].find(index(session)) : nullptr;
  }
  const T* find(uint64_t session) const { return const_cast<SessionTable*>(this)->find(session); }
  bool contains(uint64_t session) const { return find(session) != nullptr; }
  // REQUIRES: the session has a value.
  T& at(uint64_t session) {
    T* v = find(session);
    LS_REQUIRE(v != nullptr);
    return *v;
  }
  const T& at(uint64_t session) const { return const_cast<SessionTable*>(this)->at(session); }
  // The session's value, value-initialised if it had none.
  T& operator[](uint64_t session) {
    if (!dense(session)) return other_[session];
    const uint64_t server = session / kSessionsPerServer;
    if (dense_.size() <= server) dense_.resize(server + 1);
    return dense_[server][index(session)];
  }
  void erase(uint64_t session) {
    if (!dense(session)) {
      other_.erase(session);
    } else if (const uint64_t server = session / kSessionsPerServer; server < dense_.size()) {
      dense_[server].erase(index(session));
    }
  }
  void clear() {
    dense_.clear();
    other_.clear();
  }
  size_t size() const {
    size_t n = other_.size();
    for (const sim::ByNode<T>& row : dense_) n += row.size();
    return n;
  }
  // Starts loading the session's entry (nothing for a hashed one). A hint only.
  void prefetch(uint64_t session) const {
    const uint64_t server = session / kSessionsPerServer;
    if (dense(session) && server < dense_.size()) dense_[server].prefetch(index(session));
  }

 private:
  static constexpr uint64_t kDenseServers = 256;
  static bool dense(uint64_t session) { return session / kSessionsPerServer < kDenseServers; }
  static sim::NodeId index(uint64_t session) { return static_cast<sim::NodeId>(session % kSessionsPerServer); }
  std::vector<sim::ByNode<T>> dense_;  // by server id, then by n: ByNode's slots, indexed by n
  std::unordered_map<uint64_t, T> other_;
};

}  // namespace leasesim::zookeeper
