#include "live/zookeeper/proxy.h"

#include <algorithm>
#include <array>
#include <deque>

namespace leasesim::live::zookeeper {

using asio::ip::tcp;

namespace {
// Instants the proxy schedules by are steady_clock's own (ns since its epoch): an ensemble's
// peer links carry frames before t0 is chosen, and their FIFO order must hold across it.
using Steady = std::chrono::steady_clock;
int64_t steady_ns() { return Steady::now().time_since_epoch().count(); }

struct Held {
  enum class End : uint8_t { no, eof, reset };
  End end = End::no;  // not a frame: the sender closed (eof) or reset the connection here
  int64_t at = 0;     // steady_clock ns
  std::string bytes;
  uint64_t id = 0;
  FrameInfo info;
};
}  // namespace

struct FaultProxy::Listener {
  tcp::acceptor acceptor;
  sim::NodeId client, server;  // for a peer link: the connecting server, and its peer
  int upstream;
  bool raw;
};

// One accepted client connection and its connection to the server. Held by the proxy's list
// and by its pending handlers; a closed one drops out of both.
struct FaultProxy::Connection : std::enable_shared_from_this<Connection> {
  struct Direction {
    sim::NodeId from, to;
    tcp::socket* in;
    tcp::socket* out;
    FrameSplitter split;
    std::deque<Held> held;
    int64_t last = 0;  // steady_clock ns: when the previous frame leaves
    bool writing = false;
    bool eof = false;    // its Close was delivered: the receiver's side is shut
    bool ended = false;  // the sender closed or reset: nothing more is read
    bool probing = false;  // after `ended` by a FIN, a read waits for the RST a write provokes
    std::array<char, 65536> buf{};
    std::unique_ptr<asio::steady_timer> timer;
  };

  Connection(FaultProxy& proxy, tcp::socket socket, sim::NodeId client, sim::NodeId server, bool raw_bytes)
      : p(proxy), serial(++proxy.next_connection_), raw(raw_bytes), down(std::move(socket)), up(proxy.io_) {
    c2s.from = s2c.to = client;
    c2s.to = s2c.from = server;
    c2s.in = s2c.out = &down;
    c2s.out = s2c.in = &up;
    c2s.timer = std::make_unique<asio::steady_timer>(proxy.io_);
    s2c.timer = std::make_unique<asio::steady_timer>(proxy.io_);
  }

  // A peer's port is closed while it is not leading (its quorum port) or restarting: the
  // proxy has already accepted the connection, which a refusal would turn into a reset
  // after a successful connect, and ZooKeeper's learner treats those differently (a refused
  // connect is retried, a reset ends the following). So a peer link tries again, as a SYN would
  // be retried, for up to kPeerConnectFor before it resets; a client link resets at once, as
  // the kernel's refusal would reach the client.
  static constexpr std::chrono::milliseconds kPeerConnectFor{3000};
  static constexpr std::chrono::milliseconds kPeerConnectEvery{20};

  void start(int upstream) {
    port = upstream;
    connect_until = std::chrono::steady_clock::now() + kPeerConnectFor;
    connect();
  }

  void connect() {
    auto self = shared_from_this();
    up.async_connect(tcp::endpoint(asio::ip::address_v4::loopback(), static_cast<uint16_t>(port)),
                     [self](const boost::system::error_code& ec) {
                       if (self->closed) return;
                       if (ec && self->raw && std::chrono::steady_clock::now() < self->connect_until) {
                         boost::system::error_code ignored;
                         self->up.close(ignored);
                         self->c2s.timer->expires_after(kPeerConnectEvery);
                         self->c2s.timer->async_wait([self](const boost::system::error_code& e) {
                           if (!e && !self->closed) self->connect();
                         });
                         return;
                       }
                       if (ec) return self->close(true, "connection refused");
                       up_nodelay(self->up);
                       self->read(self->c2s);
                       self->read(self->s2c);
                     });
  }

  static void up_nodelay(tcp::socket& s) {
    boost::system::error_code ignored;
    s.set_option(tcp::no_delay(true), ignored);
  }

  void read(Direction& d) {
    auto self = shared_from_this();
    d.in->async_read_some(asio::buffer(d.buf), [self, &d](const boost::system::error_code& ec, size_t n) {
      if (self->closed) return;
      if (ec) return self->ended(d, ec == asio::error::eof ? Held::End::eof : Held::End::reset);
      if (self->raw) {
        self->on_frame(d, std::string(d.buf.data(), n));
        return self->read(d);
      }
      d.split.feed(d.buf.data(), n);
      while (auto frame = d.split.next()) self->on_frame(d, std::move(*frame));
      if (d.split.broken()) return self->close(true, "not ZooKeeper's framing");
      self->read(d);
    });
  }

  void on_frame(Direction& d, std::string frame) {
    Held h;
    if (raw) {
      h.info.kind = "Quorum";
    } else {
      h.info = &d == &c2s ? codec.from_client(frame) : codec.from_server(frame);
    }
    h.bytes = std::move(frame);
    ++p.frames_;
    p.note_peers(d.from, d.to);
    route(d, std::move(h));
  }

  // The sender closed its side or reset the connection: the model's Close message, which
  // travels like a frame: behind what the sender wrote before it and through the link's delays
  // (a server closing an expired session's connection during a 3 s reply delay is heard 3 s
  // later, as the simulated network has it), and lost on a cut link (the receiver does not
  // learn of it: its own timeouts will tell it).
  void ended(Direction& d, Held::End end) {
    if (d.ended) return;
    d.ended = true;
    Held h;
    h.end = end;
    h.info.kind = "Close";
    route(d, std::move(h));
  }

  // What the simulated network does with a message, done to `h` read now on `d`: dropped on a
  // cut link or by a drop rule, else held for the network delay and every delay rule, behind
  // the one before it (a TCP stream is FIFO). A counted rule it used up ends its fault through
  // `defer`.
  void route(Direction& d, Held h) {
    h.id = ++p.next_id_;
    const sim::Instant t = p.now();
    std::vector<RuleId> exhausted;
    const char* dropped = nullptr;
    sim::Duration extra;
    if (p.is_cut(d.from, d.to)) {
      dropped = "disconnected";
    } else {
      sim::Message m;
      m.from = d.from;
      m.to = d.to;
      m.kind = p.kind_of(h.info.kind);
      m.id = h.id;
      const sim::RuleBook::Effect effect = p.rules_.apply(m, exhausted);
      if (effect.dropped) dropped = "drop fault";
      extra = effect.extra;
    }
    if (dropped != nullptr) {
      if (p.recording_) {
        p.timeline_.message_sent(t, d.from, d.to, h.info.kind, h.id, sim::Instant::never());
        p.timeline_.message_dropped(t, d.from, d.to, h.id, dropped);
      }
    } else {
      h.at = std::max(t.ns + p.t0_ns() + p.hold_.ns + extra.ns, d.last);
      d.last = h.at;
      if (p.recording_) p.timeline_.message_sent(t, d.from, d.to, h.info.kind, h.id, sim::Instant{h.at - p.t0_ns()});
      d.held.push_back(std::move(h));
      arm(d);
    }
    for (RuleId id : exhausted) {
      const uint64_t owner = p.rules_.owner(id);
      p.rules_.remove(id);
      if (p.exhausted_ && p.defer) p.defer([fn = p.exhausted_, owner] { fn(owner); });
    }
  }

  void arm(Direction& d) {
    if (closed || d.writing || d.held.empty()) return;
    if (d.held.front().at <= steady_ns()) return write_head(d);
    auto self = shared_from_this();
    d.timer->expires_at(Steady::time_point(std::chrono::nanoseconds(d.held.front().at)));
    d.timer->async_wait([self, &d](const boost::system::error_code& ec) {
      if (!ec) self->arm(d);
    });
  }

  void write_head(Direction& d) {
    if (d.held.front().end != Held::End::no) {
      const Held end = std::move(d.held.front());
      d.held.pop_front();
      if (p.recording_) p.timeline_.message_delivered(p.now(), d.from, d.to, end.info.kind, end.id);
      if (end.end == Held::End::reset) return close(true, "connection reset");
      d.eof = true;
      return drained(d);
    }
    d.writing = true;
    auto head = std::make_shared<Held>(std::move(d.held.front()));
    d.held.pop_front();
    auto self = shared_from_this();
    asio::async_write(*d.out, asio::buffer(head->bytes), [self, &d, head](const boost::system::error_code& ec, size_t) {
      d.writing = false;
      if (self->closed) return;
      if (ec) return self->close(true, "connection reset");
      const sim::Instant t = self->p.now();
      if (self->p.recording_) self->p.timeline_.message_delivered(t, d.from, d.to, head->info.kind, head->id);
      if (self->p.on_delivered && self->p.recording_) self->p.on_delivered(d.from, d.to, self->serial, head->info, t);
      self->probe_reset(self->reverse(d));
      self->arm(d);
      self->drained(d);
    });
  }

  Direction& reverse(Direction& d) { return &d == &c2s ? s2c : c2s; }

  // A frame written to a side that had closed (its FIN read, its Close lost on a cut link, say)
  // meets a closed socket, which answers with an RST: the model's reset of a connection whose
  // other end is gone (a laptop's first ping after a suspension). The proxy reads on for it and
  // sends it on as a reset Close, through the link's delays like any frame.
  void probe_reset(Direction& r) {
    if (!r.ended || r.probing || closed) return;
    r.probing = true;
    auto self = shared_from_this();
    // A read would return the FIN again at once; the RST shows as an error condition.
    r.in->async_wait(tcp::socket::wait_error, [self, &r](const boost::system::error_code& ec) {
      r.probing = false;
      if (self->closed || ec) return;
      Held h;
      h.end = Held::End::reset;
      h.info.kind = "Close";
      self->route(r, std::move(h));
    });
  }

  // The reading side ended: once what it sent has been written, end the writing side too.
  void drained(Direction& d) {
    if (!d.eof || d.writing || !d.held.empty()) return;
    boost::system::error_code ignored;
    d.out->shutdown(tcp::socket::shutdown_send, ignored);
    if (c2s.eof && s2c.eof && c2s.held.empty() && s2c.held.empty() && !c2s.writing && !s2c.writing) close(false, "");
  }

  void lose_held(Direction& d, const char* reason) {
    const sim::Instant t = p.now();
    if (p.recording_) {
      for (const Held& h : d.held) p.timeline_.message_lost(t, d.from, d.to, h.id, reason);
    }
    d.held.clear();
    d.timer->cancel();
  }

  // reset: close with RST (SO_LINGER 0) so that each side sees the connection break at once.
  void close(bool reset, const char* reason) {
    if (closed) return;
    closed = true;
    if (reset) {
      lose_held(c2s, reason);
      lose_held(s2c, reason);
    }
    for (tcp::socket* s : {&down, &up}) {
      boost::system::error_code ignored;
      if (reset && s->is_open()) s->set_option(asio::socket_base::linger(true, 0), ignored);
      s->close(ignored);
    }
    c2s.timer->cancel();
    s2c.timer->cancel();
  }

  FaultProxy& p;
  uint64_t serial;
  bool raw;
  int port = 0;
  std::chrono::steady_clock::time_point connect_until;
  tcp::socket down;
  tcp::socket up;
  ConnectionCodec codec;
  Direction c2s, s2c;
  bool closed = false;
};

FaultProxy::FaultProxy(asio::io_context& io, Timeline& timeline, std::vector<std::string> kinds, sim::Duration hold, size_t nodes)
    : io_(io), timeline_(timeline), kinds_(std::move(kinds)), hold_(hold), cuts_(nodes, std::vector<uint32_t>(nodes, 0)), peers_(nodes) {}

FaultProxy::~FaultProxy() { shut(); }

int FaultProxy::add_link(sim::NodeId client, sim::NodeId server, int upstream_port) { return listen(client, server, upstream_port, false); }

int FaultProxy::add_peer_link(sim::NodeId from, sim::NodeId to, int upstream_port) { return listen(from, to, upstream_port, true); }

int FaultProxy::listen(sim::NodeId client, sim::NodeId server, int upstream_port, bool raw) {
  auto l = std::make_unique<Listener>(
      Listener{tcp::acceptor(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)), client, server, upstream_port, raw});
  const int port = l->acceptor.local_endpoint().port();
  Listener* made = l.get();
  listeners_.push_back(std::move(l));
  accept(*made);
  return port;
}

void FaultProxy::accept(Listener& l) {
  l.acceptor.async_accept([this, &l](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec || shut_) return;
    Connection::up_nodelay(socket);
    auto c = std::make_shared<Connection>(*this, std::move(socket), l.client, l.server, l.raw);
    std::erase_if(connections_, [](const std::shared_ptr<Connection>& x) { return x->closed; });
    connections_.push_back(c);
    c->start(l.upstream);
    accept(l);
  });
}

void FaultProxy::note_peers(sim::NodeId a, sim::NodeId b) {
  auto add = [&](sim::NodeId x, sim::NodeId y) {
    if (std::find(peers_[x].begin(), peers_[x].end(), y) == peers_[x].end()) peers_[x].push_back(y);
  };
  add(a, b);
  add(b, a);
}

sim::MessageKind FaultProxy::kind_of(const std::string& name) const {
  const auto it = std::find(kinds_.begin(), kinds_.end(), name);
  // A frame the model has no message for: no selector names it, so only rules on every kind touch it.
  return static_cast<sim::MessageKind>(it - kinds_.begin());
}

void FaultProxy::shut() {
  if (shut_) return;
  shut_ = true;
  for (auto& l : listeners_) {
    boost::system::error_code ignored;
    l->acceptor.close(ignored);
  }
  for (auto& c : connections_) c->close(false, "");
  connections_.clear();
}

void FaultProxy::reset(sim::NodeId a, sim::NodeId b) {
  for (auto& c : connections_) {
    if (!c->closed && ((c->c2s.from == a && c->c2s.to == b) || (c->c2s.from == b && c->c2s.to == a))) c->close(true, "disconnected");
  }
}

void FaultProxy::lose_held_on(sim::NodeId from, sim::NodeId to, const char* reason) {
  for (auto& c : connections_) {
    if (c->closed) continue;
    for (Connection::Direction* d : {&c->c2s, &c->s2c}) {
      if (d->from == from && d->to == to) c->lose_held(*d, reason);
    }
  }
}

void FaultProxy::cut(sim::NodeId from, sim::NodeId to) {
  ++cuts_[from][to];
  lose_held_on(from, to, "disconnected");
}

void FaultProxy::heal(sim::NodeId from, sim::NodeId to) { --cuts_[from][to]; }

FaultProxy::PartitionId FaultProxy::add_partition(const std::vector<std::vector<sim::NodeId>>& groups) {
  const PartitionId id = partitions_.add(partitions_.make(groups));
  for (auto& c : connections_) {
    if (c->closed) continue;
    for (Connection::Direction* d : {&c->c2s, &c->s2c}) {
      if (partitions_.separates(d->from, d->to)) c->lose_held(*d, "disconnected");
    }
  }
  return id;
}

bool FaultProxy::is_cut(sim::NodeId from, sim::NodeId to) const { return cuts_[from][to] > 0 || partitions_.separates(from, to); }

}  // namespace leasesim::live::zookeeper
