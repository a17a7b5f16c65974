// Loopback TCP under a live run's transport: every node listens on 127.0.0.1 (a port the kernel
// picks), and each directed link (from, to) that carries a message gets one connection, opened
// when it is first used. Frames (live/frame.h) are written in the order they are carried and
// read whole; each one read is handed to `on_frame` on the io_context's thread, the only thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "live/asio.h"
#include "live/wire.h"

namespace leasesim::live {

class SocketWire final : public Wire {
 public:
  using OnFrame = std::function<void(const sim::Message& m, bool reset)>;
  // Listens for every node at once. Throws boost::system::system_error if a socket cannot be had.
  SocketWire(asio::io_context& io, size_t nodes, OnFrame on_frame);
  ~SocketWire();
  SocketWire(const SocketWire&) = delete;
  SocketWire& operator=(const SocketWire&) = delete;

  void carry(const sim::Message& m, bool reset) override;

  // Before t0: connects every directed link (when there are at most `max_links`) and sends a
  // frame the reader drops on each, so that the run's first messages find the connections open
  // and the code on both ends warm, instead of arriving a millisecond late. warm() says when
  // every such frame has been read.
  void warm_up(size_t max_links);
  bool warm() const { return warm_read_ >= warm_sent_; }

  uint16_t port(sim::NodeId node) const;
  size_t connections() const { return connections_; }
  // What went wrong on a socket (a broken frame, an error other than the run's end), or "".
  const std::string& error() const { return error_; }

 private:
  struct Outgoing;
  struct Incoming;
  void accept(sim::NodeId node);
  void read_header(const std::shared_ptr<Incoming>& in);
  void read_body(const std::shared_ptr<Incoming>& in, uint32_t length);
  void write_next(Outgoing& out);
  void fail(const std::string& what);
  struct Outgoing* open(sim::NodeId from, sim::NodeId to);

  asio::io_context& io_;
  size_t nodes_;
  OnFrame on_frame_;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors_;
  std::vector<std::unique_ptr<Outgoing>> outgoing_;  // from * nodes + to
  std::vector<std::shared_ptr<Incoming>> incoming_;
  size_t connections_ = 0;
  size_t warm_sent_ = 0, warm_read_ = 0;
  std::string error_;
};

}  // namespace leasesim::live
