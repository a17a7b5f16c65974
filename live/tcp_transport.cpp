#include "live/tcp_transport.h"

#include <algorithm>

#include "sim/require.h"

namespace leasesim::live {

TcpTransport::TcpTransport(LiveScheduler& sched, sim::Trace& trace, uint64_t seed, sim::DelayModel delay, size_t nodes)
    : sched_(sched), trace_(trace), seed_(seed), delay_(delay), receivers_(nodes, nullptr), links_(nodes * nodes),
      peers_(nodes), nodes_(nodes) {
  sym_drop_fault_ = trace_.intern("drop fault");
  sym_disconnected_ = trace_.intern("disconnected");
}

void TcpTransport::set_message_names(const std::vector<std::string>& names) {
  kind_symbols_.clear();
  for (const std::string& n : names) kind_symbols_.push_back(trace_.intern(n));
}

void TcpTransport::attach(sim::NodeId node, sim::Receiver* receiver) {
  LS_REQUIRE(node < nodes_);
  receivers_[node] = receiver;
}

TcpTransport::Link& TcpTransport::link(sim::NodeId from, sim::NodeId to) {
  Link& l = links_[static_cast<size_t>(from) * nodes_ + to];
  if (!l.met) {
    // The simulator's per-link stream, so that a live run draws the delays the simulated one does.
    l.met = true;
    l.rng = sim::stream_for(seed_, "net " + std::string(trace_.node_name(from)) + "->" + std::string(trace_.node_name(to)));
    auto meet = [&](sim::NodeId a, sim::NodeId b) {
      if (std::find(peers_[a].begin(), peers_[a].end(), b) == peers_[a].end()) peers_[a].push_back(b);
    };
    meet(from, to);
    meet(to, from);
  }
  return l;
}

void TcpTransport::send(sim::Message m) {
  LS_REQUIRE(m.from < nodes_ && m.to < nodes_ && m.kind < kind_symbols_.size());
  m.id = next_message_id_++;
  ++counts_.sent;
  Link& l = link(m.from, m.to);
  const sim::Instant now = sched_.now();
  sim::Duration delay{l.rng.uniform(delay_.lo.ns, delay_.hi.ns)};
  sim::TraceEvent sent{now, sim::EventKind::message_sent, m.from, m.to, kind_symbols_[m.kind], m.id, sim::Instant::never().ns, 0};
  if (l.cuts > 0 || partitions_.separates(m.from, m.to)) {
    trace_.record(sent);
    trace_.record({now, sim::EventKind::message_dropped, m.from, m.to, sym_disconnected_, m.id});
    ++counts_.dropped;
    return;
  }
  std::vector<RuleId> exhausted;
  const sim::RuleBook::Effect effect = rules_.apply(m, exhausted);
  if (effect.dropped) {
    trace_.record(sent);
    trace_.record({now, sim::EventKind::message_dropped, m.from, m.to, sym_drop_fault_, m.id});
    ++counts_.dropped;
  } else {
    sim::Instant at = sim::saturating_add(now, delay + effect.extra);
    if (connection_oriented_) {
      at = std::max(at, l.last_release);
      l.last_release = at;
    }
    sent.a = at.ns;  // when it leaves; it arrives a loopback hop later
    trace_.record(sent);
    hold(m, at, false);
    for (sim::Duration extra : effect.copies) hold(m, sim::saturating_add(at, extra), false);
  }
  for (RuleId id : exhausted) {
    const uint64_t owner = rules_.owner(id);
    rules_.remove(id);
    if (exhausted_) exhausted_(owner);
  }
}

void TcpTransport::refuse(const sim::Message& m) {
  if (!connection_oriented_ || is_cut(m.to, m.from)) return;
  sim::Message rst;
  rst.from = m.to;
  rst.to = m.from;
  hold(rst, sim::saturating_add(sched_.now(), delay_.lo), true);
}

void TcpTransport::hold(const sim::Message& m, sim::Instant at, bool reset) {
  const uint32_t slot = held_.acquire();
  Held& h = held_[slot];
  h.msg = m;
  h.live = true;
  h.reset = reset;
  h.arrived = false;
  h.event = sched_.schedule_at(at, this, slot);
}

void TcpTransport::arrived(const sim::Message& m, bool reset, sim::Instant at) {
  // Its turn comes after every event already due (live/scheduler.h, post).
  const uint32_t slot = held_.acquire();
  Held& h = held_[slot];
  h.msg = m;
  h.live = true;
  h.reset = reset;
  h.arrived = true;
  h.event = {};
  sched_.post(at, this, slot);
}

void TcpTransport::on_event(uint64_t arg) {
  const auto slot = static_cast<uint32_t>(arg);
  Held& h = held_[slot];
  LS_REQUIRE(h.live);
  const sim::Message m = std::move(h.msg);
  const bool reset = h.reset;
  const bool arrived = h.arrived;
  h.live = false;
  h.msg.attachment.reset();
  held_.release(slot);
  if (!arrived) {
    ++counts_.written;
    LS_REQUIRE(wire_ != nullptr);
    wire_->carry(m, reset);
    return;
  }
  if (!reset && is_cut(m.from, m.to)) {
    // It was on the wire when the cut started: lost with the link, as the simulator loses it.
    trace_.record({sched_.now(), sim::EventKind::message_lost, m.to, m.from, sym_disconnected_, m.id});
    ++counts_.lost;
    return;
  }
  sim::Receiver* r = receivers_[m.to];
  LS_REQUIRE(r != nullptr);
  ++counts_.delivered;
  if (reset) {
    r->connection_reset(m.from);
  } else {
    r->receive(m);
  }
}

void TcpTransport::lose_held(const std::function<bool(const sim::Message&)>& crosses) {
  struct Lost {
    uint64_t id;
    uint32_t slot;
  };
  std::vector<Lost> lost;
  for (uint32_t s = 0; s < held_.size(); ++s) {
    const Held& h = held_[s];
    if (h.live && !h.reset && !h.arrived && crosses(h.msg)) lost.push_back({h.msg.id, s});
  }
  std::sort(lost.begin(), lost.end(), [](const Lost& a, const Lost& b) { return a.id != b.id ? a.id < b.id : a.slot < b.slot; });
  for (const Lost& x : lost) {
    Held& h = held_[x.slot];
    trace_.record({sched_.now(), sim::EventKind::message_lost, h.msg.to, h.msg.from, sym_disconnected_, x.id});
    ++counts_.lost;
    sched_.cancel(h.event);
    h.live = false;
    h.msg.attachment.reset();
    held_.release(x.slot);
  }
}

void TcpTransport::cut(sim::NodeId from, sim::NodeId to) {
  Link& l = link(from, to);
  if (++l.cuts == 1 && !partitions_.separates(from, to)) {
    lose_held([&](const sim::Message& m) { return m.from == from && m.to == to; });
  }
}

void TcpTransport::heal(sim::NodeId from, sim::NodeId to) {
  Link& l = link(from, to);
  LS_REQUIRE(l.cuts > 0);
  --l.cuts;
}

bool TcpTransport::is_cut(sim::NodeId from, sim::NodeId to) const {
  return links_[static_cast<size_t>(from) * nodes_ + to].cuts > 0 || partitions_.separates(from, to);
}

TcpTransport::PartitionId TcpTransport::add_partition(const std::vector<std::vector<sim::NodeId>>& groups) {
  sim::PartitionSet::Partition p = partitions_.make(groups);
  lose_held([&](const sim::Message& m) { return p.separates(m.from, m.to) && !is_cut(m.from, m.to); });
  return partitions_.add(std::move(p));
}

}  // namespace leasesim::live
