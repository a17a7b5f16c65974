// What a ZooKeeper server keeps on disk, and so keeps across a crash: the committed state (the
// sessions with their negotiated timeouts, ZKDatabase.sessionsWithTimeouts, which a restarted or
// newly elected leader re-tracks; the ephemeral nodes with their owners), its transaction log
// (proposals logged and acknowledged but not yet known to be committed), and its epochs
// (acceptedEpoch, and the zxid of the last transaction it logged). Touches are never persisted:
// no deadline survives a restart (SessionTrackerImpl re-tracks every session with a full timeout
// from the moment it starts).
//
// A zxid is (epoch << 32) | counter, as in ZooKeeper: ordering zxids orders histories.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "sim/trace.h"

namespace leasesim::zookeeper {

inline int64_t make_zxid(int64_t epoch, int64_t counter) { return (epoch << 32) | counter; }
inline int64_t epoch_of(int64_t zxid) { return zxid >> 32; }

enum class TxnType : int64_t {
  create_session = 1,  // arg: negotiated timeout ms
  close_session = 2,   // (an expiry: the session's ephemerals go with it)
  create_node = 3,     // arg: path symbol; an ephemeral owned by `session`
  error = 4,           // arg: path symbol; a create that failed in the leader's prep (NodeExists,
                       // or its session closing): proposed like any transaction, as ZooKeeper
                       // proposes an ErrorTxn, so that its reply follows the commit order
};

struct Txn {
  TxnType type = TxnType::error;
  uint64_t session = 0;
  int64_t arg = 0;
  sim::NodeId client = sim::kNoNode;  // whose request or session
  sim::NodeId origin = sim::kNoNode;  // the server holding the request's connection, which answers
                                      // when it commits (kNoNode: nobody waits, as for an expiry)
  int64_t conn = 0;                   // that connection's number

  static constexpr size_t kWords = 6;
  void encode(std::vector<int64_t>& out) const {
    for (int64_t w : {static_cast<int64_t>(type), static_cast<int64_t>(session), arg, static_cast<int64_t>(client),
                      static_cast<int64_t>(origin), conn}) {
      out.push_back(w);
    }
  }
  static Txn decode(const int64_t* w) {
    return Txn{static_cast<TxnType>(w[0]), static_cast<uint64_t>(w[1]), w[2], static_cast<sim::NodeId>(w[3]),
               static_cast<sim::NodeId>(w[4]), w[5]};
  }
};

struct SessionRecord {
  int64_t timeout_ms = 0;
  sim::NodeId client = sim::kNoNode;  // whose session it is, for traces
};

struct Replica {
  std::map<uint64_t, SessionRecord> sessions;
  std::map<sim::Symbol, uint64_t> ephemerals;  // path -> owning session
  std::map<int64_t, Txn> log;                  // logged, not yet applied, by zxid
  int64_t last_zxid = 0;                       // the last transaction logged or applied
  int64_t accepted_epoch = 0;                  // the newest epoch this server accepted (or proposed)
  uint64_t sessions_created = 0;               // by this server while leading: ids stay unique
  uint64_t starts = 0;                         // this server's boots, not replicated: 0 before the first

  std::vector<sim::Symbol> owned_by(uint64_t session) const {
    std::vector<sim::Symbol> out;
    for (const auto& [path, owner] : ephemerals) {
      if (owner == session) out.push_back(path);
    }
    return out;
  }

  // Applies a committed transaction; returns the ephemeral nodes it deleted.
  std::vector<sim::Symbol> apply(const Txn& t) {
    std::vector<sim::Symbol> deleted;
    switch (t.type) {
      case TxnType::create_session:
        sessions[t.session] = SessionRecord{t.arg, t.client};
        break;
      case TxnType::close_session:  // DataTree.killSession
        sessions.erase(t.session);
        deleted = owned_by(t.session);
        for (sim::Symbol path : deleted) ephemerals.erase(path);
        break;
      case TxnType::create_node:
        ephemerals[static_cast<sim::Symbol>(t.arg)] = t.session;
        break;
      case TxnType::error:
        break;
    }
    return deleted;
  }

  // The committed state and the given outstanding proposals, for a leader to bring a follower
  // up to date (a SNAP followed by the proposals still in flight).
  std::vector<int64_t> encode_sync(const std::map<int64_t, Txn>& outstanding) const {
    std::vector<int64_t> out{last_zxid, static_cast<int64_t>(sessions.size())};
    for (const auto& [id, r] : sessions) {
      out.insert(out.end(), {static_cast<int64_t>(id), r.timeout_ms, static_cast<int64_t>(r.client)});
    }
    out.push_back(static_cast<int64_t>(ephemerals.size()));
    for (const auto& [path, owner] : ephemerals) out.insert(out.end(), {path, static_cast<int64_t>(owner)});
    out.push_back(static_cast<int64_t>(outstanding.size()));
    for (const auto& [zxid, txn] : outstanding) {
      out.push_back(zxid);
      txn.encode(out);
    }
    return out;
  }
  // Replaces the state and the log with a leader's (a follower truncates what it logged that
  // the leader does not have).
  void decode_sync(const std::vector<int64_t>& in) {
    sessions.clear();
    ephemerals.clear();
    log.clear();
    size_t i = 0;
    last_zxid = in[i++];
    const auto n = static_cast<size_t>(in[i++]);
    for (size_t k = 0; k < n; ++k, i += 3) {
      sessions[static_cast<uint64_t>(in[i])] = {in[i + 1], static_cast<sim::NodeId>(in[i + 2])};
    }
    const auto m = static_cast<size_t>(in[i++]);
    for (size_t k = 0; k < m; ++k, i += 2) ephemerals[static_cast<sim::Symbol>(in[i])] = static_cast<uint64_t>(in[i + 1]);
    const auto p = static_cast<size_t>(in[i++]);
    for (size_t k = 0; k < p; ++k, i += 1 + Txn::kWords) {
      log[in[i]] = Txn::decode(&in[i + 1]);
      last_zxid = std::max(last_zxid, in[i]);
    }
  }
};

}  // namespace leasesim::zookeeper
