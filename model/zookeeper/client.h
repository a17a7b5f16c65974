// A ZooKeeper client handle and the application above it (the lock recipe, or a watch-only
// observer of the lock, and Curator's connection-state handling where the client runs it).
//
// States CONNECTING, CONNECTED, EXPIRED, CLOSED (ZooKeeper.States); disconnected is CONNECTING
// again. The client runs its library's event loop: after every wakeup (its timer, or a packet)
// it recomputes its idle times and decides (zookeeper.c zookeeper_interest; ClientCnxn
// SendThread.run, see params.h for each library's rules). It learns that its session expired
// only when a server says so on reconnect (timeout 0 in the ConnectResponse): neither library
// before 3.9.3 keeps an expiry timer.
//
// Beliefs in the trace: the session while CONNECTED (lease_believed with no end; lease_dropped
// on disconnect, expiry_learned on EXPIRED), and the lock as params.lock_belief says.
//
// The lock recipe: create the ephemeral node; if it exists, check it with a watch and try
// again when it is deleted. After a disconnection with a create outstanding, the client cannot
// tell whether the create happened (CONNECTION_LOSS), so it checks the node's owner.
//
// Reconnecting: the C library walks its list as CHostList says; after losing an established
// connection it tries again at once (params.h, CFirstRetry). A server that refuses the
// connection (crashed: an RST; not serving: it closes it) fails the attempt at once.
//
// Curator (Java only): a connection SUSPENDED for the negotiated timeout is LOST, whether or not
// the client holds a lock; the lock is given up and the handle replaced (a new session).
#pragma once

#include <cstdint>
#include <vector>

#include "model/zookeeper/host_list.h"
#include "model/zookeeper/params.h"
#include "model/zookeeper/zk_time.h"
#include "sim/actor.h"
#include "sim/state_bands.h"

namespace leasesim::zookeeper {

class Client final : public sim::Actor {
 public:
  // Its connection (CONNECTING, CONNECTED, EXPIRED, CLOSED) as the timelines draw it.
  static sim::StateBand connection_band();
  // `resources`: the fenced resources it writes to while it believes it holds the lock.
  Client(sim::Context& ctx, const ZooKeeperParams& params, const ClientParams& own, std::vector<sim::NodeId> servers,
         std::vector<sim::NodeId> resources = {});

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;
  void on_connection_lost(sim::NodeId peer) override;

 private:
  enum class State { connecting, connected, expired, closed };
  enum class Lock { idle, creating, checking, watching, held };
  enum TimerTag : uint64_t { kWake, kRetry, kLost, kWriteTimer };
  enum class Failure { none, attempt, connection };  // what ended the last connection

  int64_t now_ms() const { return ctx_.now().ns / 1'000'000; }
  sim::LocalTime at_ms(int64_t ms) const { return local_ms(ms); }
  int64_t timeout_ms() const { return negotiated_ms_ > 0 ? negotiated_ms_ : requested_ms_; }
  int64_t idle_send() const { return now_ms() - last_send_ms_; }
  int64_t idle_recv() const { return now_ms() - last_heard_ms_; }

  void enter(State s);
  void schedule_attempt(Failure failure);
  void connect_now();
  void step();
  void connection_loss();
  void connected(uint64_t session, int64_t timeout_ms);
  void expired();
  void new_session();
  void send(int kind, int64_t a, int64_t b = 0);
  void arm_wake(int64_t in_ms);

  // the lock recipe
  bool wants_lock() const { return lock_path_ != 0 && !own_.observer; }
  bool observes() const { return lock_path_ != 0 && own_.observer; }
  void watch_lock();
  void lock_on_connected(bool same_session);
  void lock_on_disconnected();
  void lock_reply(int kind, const sim::MessageBody& b);
  void believe_lock(bool held);
  void write();

  sim::Context& ctx_;
  ClientParams own_;
  // What every ping, reply and wake of a connected client reads comes first, together in few
  // cache lines: with tens of thousands of clients each line is a miss (bench/README.md,
  // "Scale"). The rest after it: read when a connection starts or ends, and by a lock holder's
  // writes.
  int64_t requested_ms_;
  State state_ = State::closed;
  // the connection
  size_t index_ = 0;              // servers_[index_] is the current or last server tried
  int64_t last_connected_ = -1;   // index of the last server that accepted us (Java's lastIndex)
  bool tried_any_ = false;        // Java: the host provider has handed out a server
  bool first_connect_ = true;     // Java: no random pause before the first connection
  sim::NodeId server_ = sim::kNoNode;  // the server of the current attempt or connection
  int64_t conn_id_ = 0;  // numbers this client's connections: a message of an old one is ignored
  uint64_t session_ = 0;
  int64_t negotiated_ms_ = 0;
  int64_t last_send_ms_ = 0;
  int64_t last_heard_ms_ = 0;
  int outstanding_ = 0;  // requests other than pings awaiting a reply
  sim::TimerId wake_;
  sim::TimerId retry_;
  // the lock
  sim::Symbol lock_path_ = 0;
  Lock lock_ = Lock::idle;
  bool lock_believed_ = false;
  int64_t lock_token_ = 0;  // the lock node's creation zxid
  sim::TimerId write_timer_;
  sim::TimerId lost_;
  sim::Symbol sym_state_[4];
  sim::Symbol sym_wake_, sym_retry_, sym_lost_, sym_node_deleted_, sym_write_;
  ZooKeeperParams params_;
  std::vector<sim::NodeId> servers_;
  std::vector<sim::NodeId> resources_;
  CHostList c_hosts_;  // after servers_: built from its size
};

}  // namespace leasesim::zookeeper
