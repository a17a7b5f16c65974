#include "sim/trace.h"

#include <array>

#include "sim/random.h"
#include "sim/require.h"

namespace leasesim::sim {
namespace {

constexpr std::array<std::string_view, kEventKinds> kKindNames{
    "message_sent",  "message_delivered", "message_dropped", "message_lost",
    "message_deferred", "timer_fired",    "timer_deferred",  "lease_granted",
    "lease_believed", "lease_expired",    "expiry_learned",  "lease_dropped",
    "lock_held",     "lock_released",     "connection_lost", "fault_start",
    "fault_end",     "clock_changed",     "node_crashed",    "node_started",
    "state",         "violation_start",   "violation_end",     "write_accepted", "write_rejected",
};

// One 64-bit word into the running hash: h ^= splitmix64(word), then a rotate and a multiply,
// which make the fold order-sensitive, so swapping two events changes the hash. Names (kinds,
// nodes, symbols) are fixed per run, so their splitmix64 is computed once, when they are
// registered; the hash is the same as folding the name's hash word.
inline uint64_t fold_mixed(uint64_t h, uint64_t mixed) {
  h ^= mixed;
  h = (h << 23) | (h >> 41);
  return h * 0x9E3779B97F4A7C15ULL;
}
inline uint64_t fold(uint64_t h, uint64_t word) { return fold_mixed(h, splitmix64(word)); }

constexpr uint64_t kNoNodeMixed = splitmix64(0x6e6f6e6f64650000ULL);  // "nonode"

// Kinds are hashed by name, so adding a kind never changes the hash of a trace without it.
const std::array<uint64_t, kEventKinds> kKindMixed = [] {
  std::array<uint64_t, kEventKinds> h{};
  for (size_t i = 0; i < h.size(); ++i) h[i] = splitmix64(fnv1a(kKindNames[i]));
  return h;
}();

}  // namespace

std::string_view to_string(EventKind k) { return kKindNames[static_cast<size_t>(k)]; }

bool event_kind_named(std::string_view name, EventKind& out) {
  for (size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) {
      out = static_cast<EventKind>(i);
      return true;
    }
  }
  return false;
}

std::string_view to_string(FaultClass c) {
  static constexpr std::array<std::string_view, kFaultClasses> kNames{"network", "stall_timers", "pause", "restart", "clock"};
  return kNames[static_cast<size_t>(c)];
}

Trace::Trace() : hash_(fnv1a("leasesim trace v1")) {
  // Room for the names a world interns as it is built (its messages, states, checkers, a few
  // faults), so building one does not rehash and regrow these step by step.
  symbol_mixed_.reserve(128);
  symbol_slots_.assign(256, kNoSymbol);
  intern("");
}

Symbol Trace::intern(std::string_view text) {
  // Symbols are interned while a world is built (a description per fault, up to 10,000),
  // never on the event path. A moved-from trace has no table: it is not to be used again.
  LS_REQUIRE(!symbol_slots_.empty());
  const uint64_t mixed = splitmix64(fnv1a(text));
  size_t mask = symbol_slots_.size() - 1;
  size_t i = mixed & mask;
  for (; symbol_slots_[i] != kNoSymbol; i = (i + 1) & mask) {
    const Symbol s = symbol_slots_[i];
    if (symbol_mixed_[s] == mixed && symbols_[s] == text) return s;
  }
  const auto s = static_cast<Symbol>(symbols_.size());
  symbols_.emplace_back(text);
  symbol_mixed_.push_back(mixed);
  symbol_slots_[i] = s;
  if (2 * symbols_.size() > symbol_slots_.size()) {
    symbol_slots_.assign(2 * symbol_slots_.size(), kNoSymbol);
    mask = symbol_slots_.size() - 1;
    for (Symbol k = 0; k < symbols_.size(); ++k) {
      size_t j = symbol_mixed_[k] & mask;
      while (symbol_slots_[j] != kNoSymbol) j = (j + 1) & mask;
      symbol_slots_[j] = k;
    }
  }
  return s;
}

NodeId Trace::add_node(std::string name) {
  node_mixed_.push_back(splitmix64(fnv1a(name)));
  node_names_.push_back(std::move(name));
  return static_cast<NodeId>(node_names_.size() - 1);
}

std::string_view Trace::node_name(NodeId n) const {
  if (n == kNoNode) return "";
  LS_REQUIRE(n < node_names_.size());
  return node_names_[n];
}

void Trace::record(const TraceEvent& e) {
  if (hashing_) {
    uint64_t h = hash_;
    h = fold(h, static_cast<uint64_t>(e.t.ns));
    h = fold_mixed(h, kKindMixed[static_cast<size_t>(e.kind)]);
    h = fold_mixed(h, e.node == kNoNode ? kNoNodeMixed : node_mixed_[e.node]);
    h = fold_mixed(h, e.peer == kNoNode ? kNoNodeMixed : node_mixed_[e.peer]);
    h = fold_mixed(h, symbol_mixed_[e.symbol]);
    h = fold(h, e.id);
    h = fold(h, static_cast<uint64_t>(e.a));
    h = fold(h, static_cast<uint64_t>(e.b));
    hash_ = h;
  }
  ++count_;
  ++per_kind_[static_cast<int>(e.kind)];
  if (count_ == cap_) cap_listener_->trace_cap_reached();

  if ((wanted_ & kind_bit(e.kind)) == 0) return;
  if (dispatching_) {
    pending_.push_back(e);
    return;
  }
  dispatching_ = true;
  dispatch(e);
  // Index loop: a sink may append while we drain.
  for (size_t i = 0; i < pending_.size(); ++i) {
    const TraceEvent next = pending_[i];
    dispatch(next);
  }
  pending_.clear();
  dispatching_ = false;
}

void Trace::dispatch(const TraceEvent& e) {
  const KindSet kind = kind_bit(e.kind);
  for (const Sink& s : sinks_) {
    if ((s.kinds & kind) != 0) s.sink->on_event(e);
  }
}

std::string hash_hex(uint64_t h) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kDigits[h & 0xf];
    h >>= 4;
  }
  return out;
}

}  // namespace leasesim::sim
