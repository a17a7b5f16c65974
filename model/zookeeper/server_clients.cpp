// A server's client connections: the handshake (processConnectRequest), pings, the lock
// recipe's requests, watches, and closing connections.
#include <algorithm>

#include "model/zookeeper/server.h"

namespace leasesim::zookeeper {

using sim::NodeId;

namespace {

int64_t ms_of(sim::Duration d) { return d.ns / 1'000'000; }

}  // namespace

void Server::reply_to(NodeId client, Kind kind, int64_t a, int64_t b, int64_t c) {
  if (const Connection* conn = connections_.find(client)) ctx_.send(client, kind, {a, b, c, conn->id});
}

bool Server::on_connection(NodeId client, int64_t conn) const {
  const Connection* c = connections_.find(client);
  return c != nullptr && c->id == conn;
}

void Server::set_session(NodeId client, Connection& c, uint64_t session) {
  if (c.session == session) return;
  if (c.session != 0) {
    auto by = connections_by_session_.find(c.session);
    by->second.erase(client);
    if (by->second.empty()) connections_by_session_.erase(by);
  }
  c.session = session;
  if (session != 0) connections_by_session_[session].insert(client);
}

void Server::erase_connection(NodeId client, Connection& c) {
  set_session(client, c, 0);
  connections_.erase(client);
}

void Server::close_connection(NodeId client) {
  Connection* c = connections_.find(client);
  if (c == nullptr) return;
  const int64_t conn = c->id;
  erase_connection(client, *c);
  for (auto& [path, clients] : watches_) clients.erase(client);
  ctx_.send(client, kClose, {0, 0, 0, conn});
}

void Server::close_all_connections() {
  std::vector<NodeId> clients;  // in client order
  connections_.for_each([&](NodeId client, const Connection&) { clients.push_back(client); });
  for (NodeId client : clients) close_connection(client);
  watches_.clear();
}

int64_t Server::lock_status(sim::Symbol path, uint64_t session) const {
  auto it = disk_.ephemerals.find(path);
  if (it == disk_.ephemerals.end()) return 0;
  return it->second == session ? 2 : 1;
}

void Server::on_client_message(const sim::Message& m) {
  const auto& b = m.body;
  if (m.kind == kConnectRequest) {
    on_connect(m.from, static_cast<uint64_t>(b[0]), b[1], b[3]);
  } else if (m.kind == kPing || m.kind == kCreate || m.kind == kExists) {
    on_session_request(m);
  }
}

void Server::on_connect(NodeId client, uint64_t session, int64_t requested_ms, int64_t conn) {
  if (!serving()) {  // "ZooKeeperServer not running": the connection is closed at once
    ctx_.send(client, kClose, {0, 0, 0, conn});
    return;
  }
  // processConnectRequest: clamp to [min, max], min first. A new connection from a client
  // replaces its old one here.
  const int64_t t = std::clamp(requested_ms, ms_of(params_.min_timeout()), ms_of(params_.max_timeout()));
  Connection& c = connections_[client];
  set_session(client, c, 0);
  c = Connection{0, t, conn};
  if (role_ == Role::following) {
    ctx_.send(node_of(leader_myid_), kForwardConnect, {static_cast<int64_t>(client), static_cast<int64_t>(session), t, conn});
  } else if (session == 0) {
    prep_session(client, t, ctx_.self(), conn);  // answered when the session's creation commits
  } else {
    finish_connect(client, revalidate(session, t) ? session : 0, t, conn);
  }
}

void Server::finish_connect(NodeId client, uint64_t session, int64_t timeout_ms, int64_t conn) {
  if (!on_connection(client, conn)) return;  // closed or replaced meanwhile
  if (session == 0) {  // finishSessionInit(valid = false): timeout 0, id 0, then close
    reply_to(client, kConnectResponse, 0, 0);
    close_connection(client);
    return;
  }
  set_session(client, connections_[client], session);
  reply_to(client, kConnectResponse, static_cast<int64_t>(session), timeout_ms);
}

bool Server::touch(uint64_t session, int64_t timeout_ms) {
  if (role_ == Role::leading) return leader_touch(session, timeout_ms);
  touch_table_.emplace_back(session, timeout_ms);  // LearnerSessionTracker.touchSession: always true
  return true;
}

// A request on an established connection: a touch first; a request whose touch fails (its
// session closing or gone) is dropped without a reply (MissingSessionException). A request on a
// connection this server no longer holds meets a closed socket: the kernel answers with an RST.
void Server::on_session_request(const sim::Message& m) {
  const auto& b = m.body;
  const Connection* conn = connections_.find(m.from);
  const auto session = static_cast<uint64_t>(b[0]);
  if (conn == nullptr || conn->id != b[3]) {
    ctx_.send(m.from, kClose, {0, 0, 0, b[3]});
    return;
  }
  if (!serving() || conn->session != session) return;
  if (!touch(session, conn->timeout_ms)) return;
  const auto path = static_cast<sim::Symbol>(b[1]);
  if (m.kind == kPing) {
    reply_to(m.from, kPingReply, b[0]);
  } else if (m.kind == kExists) {
    watches_[path].insert(m.from);
    reply_to(m.from, kExistsReply, b[0], b[1], lock_status(path, session));
  } else if (role_ == Role::leading) {
    prep_create(m.from, session, path, ctx_.self(), b[3]);
  } else {
    ctx_.send(node_of(leader_myid_), kForwardCreate, {static_cast<int64_t>(m.from), b[0], b[1], b[3]});
  }
}

// The server holding the requester's connection answers a committed transaction.
void Server::answer(int64_t zxid, const Txn& t) {
  if (t.origin != ctx_.self() || !on_connection(t.client, t.conn)) return;
  switch (t.type) {
    case TxnType::create_session: finish_connect(t.client, t.session, t.arg, t.conn); return;
    case TxnType::create_node: reply_to(t.client, kCreateReply, static_cast<int64_t>(t.session), t.arg, zxid); return;
    case TxnType::error: reply_to(t.client, kCreateReply, static_cast<int64_t>(t.session), t.arg, 0); return;
    case TxnType::close_session: return;
  }
}

}  // namespace leasesim::zookeeper
