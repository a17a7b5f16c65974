#include "live/socket_wire.h"

#include "live/frame.h"
#include "sim/require.h"

namespace leasesim::live {

using asio::ip::tcp;

struct SocketWire::Outgoing {
  explicit Outgoing(asio::io_context& io) : socket(io) {}
  tcp::socket socket;
  std::deque<std::string> queue;  // frames not yet written; the front one is being written
};

struct SocketWire::Incoming {
  explicit Incoming(tcp::socket s, sim::NodeId n) : socket(std::move(s)), node(n) {}
  tcp::socket socket;
  sim::NodeId node;  // whose listener accepted it: every frame on it is for this node
  unsigned char header[kFrameLengthBytes];
  std::vector<unsigned char> body;
};

SocketWire::SocketWire(asio::io_context& io, size_t nodes, OnFrame on_frame)
    : io_(io), nodes_(nodes), on_frame_(std::move(on_frame)), outgoing_(nodes * nodes) {
  for (sim::NodeId n = 0; n < nodes; ++n) {
    acceptors_.push_back(std::make_unique<tcp::acceptor>(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)));
    accept(n);
  }
}

SocketWire::~SocketWire() = default;

uint16_t SocketWire::port(sim::NodeId node) const { return acceptors_[node]->local_endpoint().port(); }

void SocketWire::fail(const std::string& what) {
  if (error_.empty()) error_ = what;
}

void SocketWire::accept(sim::NodeId node) {
  acceptors_[node]->async_accept([this, node](const boost::system::error_code& ec, tcp::socket s) {
    if (ec) {
      if (ec != asio::error::operation_aborted) fail("accept: " + ec.message());
      return;
    }
    s.set_option(tcp::no_delay(true));
    auto in = std::make_shared<Incoming>(std::move(s), node);
    incoming_.push_back(in);
    read_header(in);
    accept(node);
  });
}

void SocketWire::read_header(const std::shared_ptr<Incoming>& in) {
  asio::async_read(in->socket, asio::buffer(in->header), [this, in](const boost::system::error_code& ec, size_t) {
    if (ec) {
      // EOF is a sender's socket closed at the run's end; anything else is worth reporting.
      if (ec != asio::error::eof && ec != asio::error::operation_aborted) fail("read: " + ec.message());
      return;
    }
    const uint32_t length = frame_length(in->header);
    if (length > kMaxFrameBytes) return fail("a frame of " + std::to_string(length) + " bytes: the stream is broken");
    read_body(in, length);
  });
}

void SocketWire::read_body(const std::shared_ptr<Incoming>& in, uint32_t length) {
  in->body.resize(length);
  asio::async_read(in->socket, asio::buffer(in->body), [this, in](const boost::system::error_code& ec, size_t) {
    if (ec) {
      if (ec != asio::error::operation_aborted) fail("read: " + ec.message());
      return;
    }
    const auto d = decode_frame(in->body.data(), in->body.size());
    if (!d || d->msg.to != in->node || d->msg.from >= nodes_) return fail("a malformed frame: the stream is broken");
    if (d->warm) {
      ++warm_read_;
    } else {
      on_frame_(d->msg, d->reset);
    }
    read_header(in);
  });
}

SocketWire::Outgoing* SocketWire::open(sim::NodeId from, sim::NodeId to) {
  std::unique_ptr<Outgoing>& out = outgoing_[static_cast<size_t>(from) * nodes_ + to];
  if (!out) {
    // A blocking connect: the listener is ours and on loopback, so the kernel completes the
    // handshake at once, before the listener's accept runs on this same thread.
    out = std::make_unique<Outgoing>(io_);
    boost::system::error_code ec;
    out->socket.connect(acceptors_[to]->local_endpoint(), ec);
    if (ec) {
      fail("connect: " + ec.message());
      return nullptr;
    }
    out->socket.set_option(tcp::no_delay(true));
    ++connections_;
  }
  return out->socket.is_open() ? out.get() : nullptr;
}

void SocketWire::carry(const sim::Message& m, bool reset) {
  LS_REQUIRE(m.from < nodes_ && m.to < nodes_);
  Outgoing* out = open(m.from, m.to);
  if (out == nullptr) return;
  out->queue.emplace_back();
  encode_frame(m, reset, out->queue.back());
  if (out->queue.size() == 1) write_next(*out);
}

void SocketWire::warm_up(size_t max_links) {
  if (nodes_ * (nodes_ - 1) > max_links) return;
  for (sim::NodeId from = 0; from < nodes_; ++from) {
    for (sim::NodeId to = 0; to < nodes_; ++to) {
      if (from == to) continue;
      Outgoing* out = open(from, to);
      if (out == nullptr) return;
      out->queue.emplace_back();
      sim::Message m;
      m.from = from;
      m.to = to;
      encode_frame(m, false, out->queue.back(), true);
      ++warm_sent_;
      if (out->queue.size() == 1) write_next(*out);
    }
  }
}

void SocketWire::write_next(Outgoing& out) {
  asio::async_write(out.socket, asio::buffer(out.queue.front()), [this, &out](const boost::system::error_code& ec, size_t) {
    if (ec) {
      if (ec != asio::error::operation_aborted) fail("write: " + ec.message());
      return;
    }
    out.queue.pop_front();
    if (!out.queue.empty()) write_next(out);
  });
}

}  // namespace leasesim::live
