#include "model/zookeeper/client.h"

#include <algorithm>

#include "leasesim/fenced_resource.h"
#include "model/zookeeper/messages.h"

namespace leasesim::zookeeper {

using sim::NodeId;

namespace {

// ClientCnxn.MAX_SEND_PING_INTERVAL and the 1000 ms slack of its ping rule (ZOOKEEPER-1751).
constexpr int64_t kJavaMaxPingIntervalMs = 10'000;
constexpr int64_t kJavaPingSlackMs = 1'000;
// StaticHostProvider.next(spinDelay): the pause after cycling back to the last server.
constexpr int64_t kJavaSpinDelayMs = 1'000;
// ClientCnxn.startConnect: a random pause in [0, 1000) ms before every connection but the first.
constexpr int64_t kJavaReconnectJitterMs = 1'000;

// By State; the names are ZooKeeper.States'.
const sim::DrawnState kStates[4] = {
    {"CONNECTING", "#e8a33d", false}, {"CONNECTED", "#4f9d5d", false}, {"EXPIRED", "#c0392b", false}, {"CLOSED", "#9aa2b1", false}};

}  // namespace

sim::StateBand Client::connection_band() { return {"connection", {kStates[0], kStates[1], kStates[2], kStates[3]}, {}, false}; }

Client::Client(sim::Context& ctx, const ZooKeeperParams& params, const ClientParams& own, std::vector<NodeId> servers,
               std::vector<NodeId> resources)
    : ctx_(ctx),
      own_(own),
      requested_ms_(own.session_timeout.ns / 1'000'000),
      params_(params),
      servers_(std::move(servers)),
      resources_(std::move(resources)),
      c_hosts_(servers_.size(), params.c_cursor) {
  if (!params_.lock.empty()) lock_path_ = ctx_.intern(params_.lock);
  for (int s = 0; s < 4; ++s) sym_state_[s] = ctx_.intern(kStates[s].name);
  sym_wake_ = ctx_.intern("client loop");
  sym_retry_ = ctx_.intern("reconnect pause");
  sym_lost_ = ctx_.intern("curator LOST");
  sym_write_ = ctx_.intern("write");
  if (lock_path_ != 0) sym_node_deleted_ = ctx_.intern("NodeDeleted " + params_.lock);
}

void Client::on_start() { new_session(); }

void Client::enter(State s) {
  if (state_ == s) return;
  state_ = s;
  ctx_.state(server_, sym_state_[static_cast<int>(s)]);
}

void Client::send(int kind, int64_t a, int64_t b) {
  ctx_.send(server_, static_cast<sim::MessageKind>(kind), {a, b, 0, conn_id_});
  last_send_ms_ = now_ms();
}

void Client::arm_wake(int64_t in_ms) {
  ctx_.cancel_timer(wake_);
  wake_ = ctx_.set_timer(at_ms(now_ms() + std::max<int64_t>(in_ms, 1)), kWake, sym_wake_);
}

// A new handle: a new session, from the start of the server list.
void Client::new_session() {
  session_ = 0;
  negotiated_ms_ = 0;
  index_ = 0;
  tried_any_ = false;
  last_connected_ = -1;
  first_connect_ = true;
  c_hosts_.reset();
  lock_ = Lock::idle;
  enter(State::connecting);
  schedule_attempt(Failure::none);
}

void Client::schedule_attempt(Failure failure) {
  int64_t pause_ms = 0;
  const size_t n = servers_.size();
  if (own_.library == ClientLibrary::c) {
    // handle_error, then zookeeper_interest's zh->delay: recv_timeout / 60 before the attempt.
    bool delay = failure != Failure::none && c_hosts_.fail();
    if (failure == Failure::connection && params_.c_first_retry == CFirstRetry::immediate) delay = false;
    if (delay) pause_ms = timeout_ms() / 60;
  } else {
    // StaticHostProvider.next(1000), then ClientCnxn.startConnect's jitter.
    index_ = tried_any_ ? (index_ + 1) % n : 0;
    if (last_connected_ == -1) {
      last_connected_ = 0;
    } else if (static_cast<int64_t>(index_) == last_connected_) {
      pause_ms += kJavaSpinDelayMs;
    }
    if (!first_connect_) pause_ms += ctx_.rng().uniform(0, kJavaReconnectJitterMs - 1);
  }
  tried_any_ = true;
  ctx_.cancel_timer(retry_);
  if (pause_ms == 0) {
    connect_now();
  } else {
    retry_ = ctx_.set_timer(at_ms(now_ms() + pause_ms), kRetry, sym_retry_);
  }
}

void Client::connect_now() {
  if (own_.library == ClientLibrary::c) index_ = c_hosts_.next();
  server_ = servers_[index_];
  ++conn_id_;
  first_connect_ = false;
  // The C client re-requests what it was last given; the Java client always its own request.
  const int64_t asked = own_.library == ClientLibrary::c ? timeout_ms() : requested_ms_;
  send(kConnectRequest, static_cast<int64_t>(session_), asked);
  last_heard_ms_ = now_ms();  // both libraries restart their idle clocks with a new socket
  step();
}

// One pass of the library's loop (zookeeper_interest / SendThread.run), after any wakeup.
void Client::step() {
  if (server_ == sim::kNoNode || state_ == State::expired || state_ == State::closed) return;
  const bool is_connected = state_ == State::connected;
  const int64_t t = timeout_ms();
  int64_t wait = 0;
  if (own_.library == ClientLibrary::c) {
    const int64_t recv_to = t * 2 / 3 - idle_recv();  // also bounds a connect attempt
    if (recv_to <= 0) {
      connection_loss();
      return;
    }
    wait = recv_to;
    if (is_connected) {
      int64_t send_to = t / 3 - idle_send();
      if (send_to <= 0) {
        if (outstanding_ == 0) send(kPing, static_cast<int64_t>(session_));
        send_to = t / 3;
      }
      wait = std::min(wait, send_to);
    }
  } else {
    const int64_t read_timeout = t * 2 / 3;
    // connectTimeout = T / the number of servers; servers_ is read only while not connected (it
    // lies past the fields a connected client's every wake reads).
    wait = (is_connected ? read_timeout : t / static_cast<int64_t>(servers_.size())) - idle_recv();
    if (wait <= 0) {
      connection_loss();
      return;
    }
    if (is_connected) {
      const int64_t idle = idle_send();
      const int64_t next_ping = read_timeout / 2 - idle - (idle > kJavaPingSlackMs ? kJavaPingSlackMs : 0);
      if (next_ping <= 0 || idle > kJavaMaxPingIntervalMs) {
        send(kPing, static_cast<int64_t>(session_));
      } else {
        wait = std::min(wait, next_ping);
      }
    }
  }
  arm_wake(wait);
}

void Client::on_timer(uint64_t tag) {
  switch (tag) {
    case kWake:
      step();
      return;
    case kRetry:
      connect_now();
      return;
    case kWriteTimer:
      write();
      return;
    case kLost:
      // Curator: SUSPENDED for the negotiated timeout is LOST. The lock is given up and the
      // handle replaced: a new session (ConnectionState.reset after the injected expiry).
      believe_lock(false);
      ctx_.cancel_timer(wake_);
      server_ = sim::kNoNode;
      enter(State::closed);
      new_session();
      return;
    default:
      return;
  }
}

void Client::connection_loss() {
  const bool was_connected = state_ == State::connected;
  server_ = sim::kNoNode;
  outstanding_ = 0;
  ctx_.cancel_timer(wake_);
  if (was_connected) {
    ctx_.lease_dropped(session_);
    enter(State::connecting);
    lock_on_disconnected();
    // ConnectionStateManager: SUSPENDED, and LOST after the negotiated timeout unless
    // RECONNECTED first.
    if (own_.curator) lost_ = ctx_.set_timer(at_ms(now_ms() + negotiated_ms_), kLost, sym_lost_);
  }
  schedule_attempt(was_connected ? Failure::connection : Failure::attempt);
}

void Client::connected(uint64_t session, int64_t timeout_ms) {
  const bool same_session = session == session_;
  session_ = session;
  negotiated_ms_ = timeout_ms;
  last_connected_ = static_cast<int64_t>(index_);
  c_hosts_.connected();
  enter(State::connected);
  ctx_.lease_believed(session_, sim::LocalTime::never());  // a session has no end on the client
  ctx_.cancel_timer(lost_);  // RECONNECTED before LOST
  lock_on_connected(same_session);
  if (observes()) watch_lock();  // a watch lives on the server it was set on: set it here
}

void Client::expired() {
  ctx_.cancel_timer(wake_);
  ctx_.cancel_timer(lost_);
  enter(State::expired);
  ctx_.expiry_learned(session_);
  believe_lock(false);
  server_ = sim::kNoNode;
  if (params_.new_session_after_expiry) new_session();
}

void Client::on_message(const sim::Message& m) {
  const auto& b = m.body;
  if (m.from != server_ || b[3] != conn_id_) return;  // another (older) connection's traffic
  last_heard_ms_ = now_ms();
  switch (m.kind) {
    case kConnectResponse:
      if (state_ == State::connected) break;
      if (b[1] <= 0) {  // the session is gone (finishSessionInit with valid = false)
        expired();
        return;
      }
      connected(static_cast<uint64_t>(b[0]), b[1]);
      break;
    case kCreateReply:
    case kExistsReply:
      --outstanding_;
      if (!observes()) lock_reply(m.kind, b);
      break;
    case kWatchEvent:
      if (observes() && static_cast<sim::Symbol>(b[1]) == lock_path_) {
        ctx_.state(m.from, sym_node_deleted_);
        watch_lock();
      } else if (lock_ == Lock::watching && static_cast<sim::Symbol>(b[1]) == lock_path_) {
        lock_ = Lock::creating;
        ++outstanding_;
        send(kCreate, static_cast<int64_t>(session_), lock_path_);
      }
      break;
    case kClose:
      connection_loss();
      return;
    default:
      break;
  }
  step();
}

void Client::on_connection_lost(NodeId peer) {
  if (peer == server_) connection_loss();
}

// --- the lock recipe ----------------------------------------------------------------------

void Client::believe_lock(bool held) {
  if (held == lock_believed_ || !wants_lock()) return;
  lock_believed_ = held;
  if (held) {
    ctx_.lock_held(lock_path_, session_);
    if (!resources_.empty()) write();
  } else {
    ctx_.lock_released(lock_path_, session_);
    ctx_.cancel_timer(write_timer_);
  }
}

// While it believes it holds the lock, it writes with the lock's token.
void Client::write() {
  if (!lock_believed_) return;
  for (NodeId r : resources_) ctx_.send(r, kWrite, write_body(session_, lock_token_));
  write_timer_ = ctx_.set_timer(at_ms(now_ms()) + params_.write_interval, kWriteTimer, sym_write_);
}

void Client::watch_lock() {
  ++outstanding_;
  send(kExists, static_cast<int64_t>(session_), lock_path_);
}

void Client::lock_on_connected(bool same_session) {
  if (!wants_lock()) return;
  if (lock_ == Lock::held && same_session) {
    believe_lock(true);  // the ephemeral node lives as long as the session
    return;
  }
  // A create or check that was outstanding when the connection broke may or may not have
  // happened, and a watch lives on the server it was set on: ask again here.
  if (lock_ == Lock::idle) {
    lock_ = Lock::creating;
    ++outstanding_;
    send(kCreate, static_cast<int64_t>(session_), lock_path_);
  } else {
    lock_ = Lock::checking;
    ++outstanding_;
    send(kExists, static_cast<int64_t>(session_), lock_path_);
  }
}

// SUSPENDED: an error under the standard policy; the session policy waits for LOST.
void Client::lock_on_disconnected() {
  if (wants_lock() && params_.lock_belief == LockBelief::connected) believe_lock(false);
}

void Client::lock_reply(int kind, const sim::MessageBody& b) {
  if (!wants_lock() || static_cast<sim::Symbol>(b[1]) != lock_path_) return;
  // CreateReply: b[2] = the node's creation zxid, 0 if not created; ExistsReply: b[2] = 0 no
  // node, 1 another's, 2 this session's (its token is the one its create was given).
  const bool ours = kind == kCreateReply ? b[2] > 0 : b[2] == 2;
  if (kind == kCreateReply && ours) lock_token_ = b[2];
  const bool absent = kind == kExistsReply && b[2] == 0;
  if (ours) {
    lock_ = Lock::held;
    believe_lock(true);
  } else if (absent) {
    lock_ = Lock::creating;
    ++outstanding_;
    send(kCreate, static_cast<int64_t>(session_), lock_path_);
  } else if (kind == kCreateReply) {  // NodeExists: watch it
    lock_ = Lock::checking;
    ++outstanding_;
    send(kExists, static_cast<int64_t>(session_), lock_path_);
  } else {
    lock_ = Lock::watching;
  }
}

}  // namespace leasesim::zookeeper
