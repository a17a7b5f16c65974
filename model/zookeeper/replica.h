// What every ZooKeeper server keeps of the committed state, and keeps on disk across a crash:
// the sessions with their negotiated timeouts (ZKDatabase.sessionsWithTimeouts, which is what
// a restarted or newly elected leader re-tracks) and the ephemeral nodes with their owners.
// Touches are never persisted: no deadline survives a restart (SessionTrackerImpl re-tracks
// every session with a full timeout from the moment it starts).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "sim/trace.h"

namespace leasesim::zookeeper {

struct SessionRecord {
  int64_t timeout_ms = 0;
  sim::NodeId client = sim::kNoNode;  // whose session it is, for traces
};

struct Replica {
  std::map<uint64_t, SessionRecord> sessions;
  std::map<sim::Symbol, uint64_t> ephemerals;  // path -> owning session
  uint64_t sessions_created = 0;               // by this server while leading: ids stay unique
  uint64_t starts = 0;                         // this server's boots, not replicated: 0 before the first

  std::vector<sim::Symbol> owned_by(uint64_t session) const {
    std::vector<sim::Symbol> out;
    for (const auto& [path, owner] : ephemerals) {
      if (owner == session) out.push_back(path);
    }
    return out;
  }

  // The whole state as a flat list, for a leader to bring a returning follower up to date.
  std::vector<int64_t> encode() const {
    std::vector<int64_t> out{static_cast<int64_t>(sessions.size())};
    for (const auto& [id, r] : sessions) {
      out.insert(out.end(), {static_cast<int64_t>(id), r.timeout_ms, static_cast<int64_t>(r.client)});
    }
    out.push_back(static_cast<int64_t>(ephemerals.size()));
    for (const auto& [path, owner] : ephemerals) out.insert(out.end(), {path, static_cast<int64_t>(owner)});
    return out;
  }
  void decode(const std::vector<int64_t>& in) {
    sessions.clear();
    ephemerals.clear();
    size_t i = 0;
    const auto n = static_cast<size_t>(in[i++]);
    for (size_t k = 0; k < n; ++k, i += 3) {
      sessions[static_cast<uint64_t>(in[i])] = {in[i + 1], static_cast<sim::NodeId>(in[i + 2])};
    }
    const auto m = static_cast<size_t>(in[i++]);
    for (size_t k = 0; k < m; ++k, i += 2) ephemerals[static_cast<sim::Symbol>(in[i])] = static_cast<uint64_t>(in[i + 1]);
  }
};

}  // namespace leasesim::zookeeper
