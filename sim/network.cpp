#include "sim/network.h"

#include <algorithm>
#include <utility>

#include "sim/prefetch.h"
#include "sim/require.h"

namespace leasesim::sim {
namespace {

// A delivery's event argument: the flight's slot, and the sender in the high half, for
// prefetch() to name before the flight's line has arrived.
uint64_t flight_arg(NodeId from, uint32_t slot) { return (uint64_t{from} << 32) | slot; }
uint32_t flight_slot(uint64_t arg) { return static_cast<uint32_t>(arg); }
NodeId flight_sender(uint64_t arg) { return static_cast<NodeId>(arg >> 32); }

}  // namespace

Network::Network(Scheduler& sched, Trace& trace, uint64_t seed, DelayModel delay)
    : sched_(sched), trace_(trace), seed_(seed), delay_(delay) {
  LS_REQUIRE(Duration{} <= delay_.lo && delay_.lo <= delay_.hi);
  sym_drop_fault_ = trace_.intern("drop fault");
  sym_disconnected_ = trace_.intern("disconnected");
}

void Network::attach(NodeId node, Receiver* receiver) {
  if (receivers_.size() <= node) receivers_.resize(node + 1, nullptr);
  receivers_[node] = receiver;
}

void Network::set_message_names(const std::vector<std::string>& names) {
  kind_symbols_.clear();
  for (const std::string& n : names) kind_symbols_.push_back(trace_.intern(n));
}

Network::Link& Network::link(NodeId from, NodeId to) {
  bool created = false;
  Link& l = links_.find_or_add(from, to, created);
  if (created) {
    if (peers_.size() <= std::max(from, to)) peers_.resize(std::max(from, to) + 1);
    // Two nodes have met iff a link between them exists either way: a new from->to link makes
    // them peers unless to->from came first (no search of a grantor's thousands of peers).
    if (from == to) {
      peers_[from].push_back(to);
    } else if (links_.find(to, from) == nullptr) {
      peers_[from].push_back(to);
      peers_[to].push_back(from);
    }
    std::string name = "net ";
    name += trace_.node_name(from);
    name += "->";
    name += trace_.node_name(to);
    l.rng = stream_for(seed_, name);
  }
  return l;
}

void Network::send(Message m) {
  LS_REQUIRE(m.from < receivers_.size() && m.to < receivers_.size());
  LS_REQUIRE(m.kind < kind_symbols_.size());
  m.id = next_message_id_++;
  Link& l = link(m.from, m.to);
  const Instant now = sched_.now();  // once: the scheduler is behind an interface
  Duration delay = delay_source_ != nullptr ? delay_source_->delay(m) : Duration{l.rng.uniform(delay_.lo.ns, delay_.hi.ns)};
  TraceEvent sent{now, EventKind::message_sent, m.from, m.to, kind_symbols_[m.kind], m.id,
                  Instant::never().ns, 0};

  if (l.cuts > 0 || partitioned(m.from, m.to)) {
    trace_.record(sent);
    trace_.record({now, EventKind::message_dropped, m.from, m.to, sym_disconnected_, m.id});
    return;
  }

  std::vector<RuleId> exhausted;
  const RuleBook::Effect effect = rules_.apply(m, exhausted);
  if (effect.dropped) {
    trace_.record(sent);
    trace_.record({now, EventKind::message_dropped, m.from, m.to, sym_drop_fault_, m.id});
  } else {
    delay += effect.extra;
    Instant at = saturating_add(now, delay);
    if (connection_oriented_) {
      at = std::max(at, l.last_delivery);
      l.last_delivery = at;
    }
    sent.a = at.ns;
    trace_.record(sent);
    launch(m, at);
    for (Duration extra : effect.copies) launch(m, saturating_add(at, extra));
  }

  for (RuleId id : exhausted) {
    const uint64_t owner = rules_.owner(id);
    remove_rule(id);
    if (exhausted_) exhausted_(owner);
  }
}

void Network::refuse(const Message& m) {
  if (!connection_oriented_ || is_cut(m.to, m.from)) return;
  Message rst;
  rst.from = m.to;
  rst.to = m.from;
  launch(rst, saturating_add(sched_.now(), delay_.lo), true);
}

void Network::launch(const Message& m, Instant at, bool reset) {
  const uint32_t slot = flights_.acquire();
  flights_.prefetch_next();
  Flight& f = flights_[slot];
  f.msg = m;
  f.live = true;
  f.reset = reset;
  f.event = sched_.schedule_at(at, this, flight_arg(m.from, slot), receivers_[m.to]);
  ++in_flight_count_;
}

void Network::on_event(uint64_t arg) {
  const uint32_t slot = flight_slot(arg);
  Flight& f = flights_[slot];
  LS_REQUIRE(f.live);
  const Message m = std::move(f.msg);
  const bool reset = f.reset;
  f.live = false;
  flights_.release(slot);
  --in_flight_count_;
  Receiver* r = receivers_[m.to];
  LS_REQUIRE(r != nullptr);
  if (reset) {
    r->connection_reset(m.from);
  } else {
    r->receive(m);
  }
}

void Network::prefetch(uint64_t arg, const void* hint, int step) const {
  if (step > 1) return;  // steps 0 and 1 name all a delivery reads
  const NodeId from = flight_sender(arg);
  if (step == 0) {
    prefetch_object(&flights_[flight_slot(arg)]);  // up to three lines: `live` is in the last
  } else {
    trace_.prefetch_node(from);
    // The receiver's entry among the receivers, which the delivery reads; and, as the receiver
    // most likely answers, the link back (its row asked for at the receiver's step 0) and the
    // sender's entry, which the answer's launch reads.
    const Message& m = flights_[flight_slot(arg)].msg;
    if (m.to < receivers_.size()) prefetch_at(&receivers_[m.to]);
    links_.prefetch(m.to, m.from);
    if (from < receivers_.size()) prefetch_at(&receivers_[from]);
  }
  if (hint != nullptr) static_cast<const Receiver*>(hint)->prefetch_receive(from, step);
}

Network::RuleId Network::add_rule(const NetworkRule& rule) { return rules_.add(rule); }

void Network::remove_rule(RuleId id) { rules_.remove(id); }

void Network::cut(NodeId from, NodeId to) {
  Link& l = link(from, to);
  if (++l.cuts == 1 && !partitioned(from, to)) {
    lose_in_flight([&](const Message& m) { return m.from == from && m.to == to; }, sym_disconnected_);
  }
}

void Network::heal(NodeId from, NodeId to) {
  Link& l = link(from, to);
  LS_REQUIRE(l.cuts > 0);
  --l.cuts;
}

bool Network::is_cut(NodeId from, NodeId to) const {
  const Link* l = links_.find(from, to);
  return (l != nullptr && l->cuts > 0) || partitioned(from, to);
}

Network::PartitionId Network::add_partition(const std::vector<std::vector<NodeId>>& groups) {
  PartitionSet::Partition p = partitions_.make(groups);
  // Messages already crossing it are lost, unless an older cut or partition lost them already.
  lose_in_flight(
      [&](const Message& m) {
        if (!p.separates(m.from, m.to)) return false;
        const Link* l = links_.find(m.from, m.to);
        return (l == nullptr || l->cuts == 0) && !partitioned(m.from, m.to);
      },
      sym_disconnected_);
  return partitions_.add(std::move(p));
}

void Network::remove_partition(PartitionId id) { partitions_.remove(id); }

const std::vector<NodeId>& Network::peers_of(NodeId node) const {
  static const std::vector<NodeId> kNone;
  return node < peers_.size() ? peers_[node] : kNone;
}

template <class Crosses>
void Network::lose_in_flight(Crosses crosses, Symbol reason) {
  struct Lost {
    uint64_t id;
    uint32_t slot;
  };
  std::vector<Lost> lost;
  for (uint32_t s = 0; s < flights_.size(); ++s) {
    const Flight& f = flights_[s];
    if (f.live && !f.reset && crosses(f.msg)) lost.push_back({f.msg.id, s});
  }
  // Slots are reused, so their order is not the send order: report losses by message id.
  std::sort(lost.begin(), lost.end(), [](const Lost& a, const Lost& b) {
    return a.id != b.id ? a.id < b.id : a.slot < b.slot;
  });
  for (const Lost& x : lost) {
    Flight& f = flights_[x.slot];
    trace_.record({sched_.now(), EventKind::message_lost, f.msg.to, f.msg.from, reason, x.id});
    sched_.cancel(f.event);
    f.live = false;
    flights_.release(x.slot);
    --in_flight_count_;
  }
}

}  // namespace leasesim::sim
