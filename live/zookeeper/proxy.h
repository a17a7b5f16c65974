// The fault proxy between real ZooKeeper clients and servers: a listening port on 127.0.0.1 per
// (client, server) link, each accepted connection forwarded to the server's real port, every
// frame named by its message kind (codec.h) and put through the scenario's network faults with
// the simulated network's rules (sim/fault_rules.h: delays add, a drop wins, counts, cuts,
// partitions), and recorded in the timeline as message_sent / _delivered / _dropped / _lost.
//
// A TCP connection is FIFO: a frame waits for the one before it, so a frame is written at
// max(read + network delay + delay rules, the previous frame's instant). What a stream cannot
// do is refused before the run (run_zookeeper.cpp): dropping a request or reply out of the
// middle of a connection (its successor's xid check fails), duplicating one.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "live/asio.h"
#include "live/zookeeper/codec.h"
#include "live/zookeeper/timeline.h"
#include "sim/fault_rules.h"
#include "sim/network_faults.h"

namespace leasesim::live::zookeeper {

class FaultProxy final : public sim::NetworkFaults {
 public:
  // `kinds`: the protocol's message names, in MessageKind order (selectors name them); `hold`:
  // every frame's one-way delay, the scenario's `network.delay`.
  FaultProxy(asio::io_context& io, Timeline& timeline, std::vector<std::string> kinds, sim::Duration hold, size_t nodes);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // Listens for `client`'s connections to `server` (real port `upstream_port`); returns the port.
  int add_link(sim::NodeId client, sim::NodeId server, int upstream_port);
  // The same for a server's connections to a peer's quorum or election port. Their framing
  // (QuorumPacket, election notifications) is not read: each chunk read is one message of kind
  // "Quorum", which rules on every kind, cuts and partitions act on, whole.
  int add_peer_link(sim::NodeId from, sim::NodeId to, int upstream_port);
  // Instants are real time since t0 on steady_clock (CLOCK_MONOTONIC); nothing is recorded
  // before t0 is set (the ensemble elects its leader through the proxy before the run).
  void set_t0(std::chrono::steady_clock::time_point t0) {
    t0_ = t0;
    recording_ = true;
  }
  sim::Instant now() const { return sim::Instant{(std::chrono::steady_clock::now() - t0_).count()}; }
  int64_t t0_ns() const { return t0_.time_since_epoch().count(); }
  // Called for every frame written to its receiver, at that instant (the receiver has it), with
  // the number of the proxied connection it went through.
  std::function<void(sim::NodeId from, sim::NodeId to, uint64_t connection, const FrameInfo&, sim::Instant)> on_delivered;
  // Frames are read outside the run's scheduler events; what a used-up rule's fault does at its
  // end must run inside one: `defer` puts it there (the world posts it to its scheduler).
  std::function<void(std::function<void()>)> defer;
  // Closes every listener and connection (the run is over).
  void shut();
  // Resets every connection between a and b (both ways): a broken connection.
  void reset(sim::NodeId a, sim::NodeId b);
  uint64_t frames() const { return frames_; }

  // NetworkFaults
  RuleId add_rule(const sim::NetworkRule& rule) override { return rules_.add(rule); }
  void remove_rule(RuleId id) override { rules_.remove(id); }
  void on_rule_exhausted(std::function<void(uint64_t owner)> fn) override { exhausted_ = std::move(fn); }
  void cut(sim::NodeId from, sim::NodeId to) override;
  void heal(sim::NodeId from, sim::NodeId to) override;
  PartitionId add_partition(const std::vector<std::vector<sim::NodeId>>& groups) override;
  void remove_partition(PartitionId id) override { partitions_.remove(id); }
  bool is_cut(sim::NodeId from, sim::NodeId to) const override;
  const std::vector<sim::NodeId>& peers_of(sim::NodeId node) const override { return peers_[node]; }

  struct Connection;
  struct Listener;

 private:
  friend struct Connection;
  int listen(sim::NodeId from, sim::NodeId to, int upstream_port, bool raw);
  void accept(Listener& l);
  void note_peers(sim::NodeId a, sim::NodeId b);
  void lose_held_on(sim::NodeId from, sim::NodeId to, const char* reason);
  sim::MessageKind kind_of(const std::string& name) const;

  asio::io_context& io_;
  Timeline& timeline_;
  std::vector<std::string> kinds_;
  sim::Duration hold_;
  std::chrono::steady_clock::time_point t0_;
  sim::RuleBook rules_;
  sim::PartitionSet partitions_;
  std::vector<std::vector<uint32_t>> cuts_;  // [from][to]: nested cuts
  std::vector<std::vector<sim::NodeId>> peers_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::vector<std::shared_ptr<Connection>> connections_;
  std::function<void(uint64_t owner)> exhausted_;
  uint64_t next_id_ = 0;
  uint64_t next_connection_ = 0;
  uint64_t frames_ = 0;
  bool shut_ = false;
  bool recording_ = false;
};

}  // namespace leasesim::live::zookeeper
