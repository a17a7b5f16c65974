// A value per node, found by node id with one indexed load: for the state a model or checker
// keeps per client, which every request of that client looks up. With tens of thousands of
// clients a hash lookup is two or three cache misses (bucket, node, value) at addresses that
// are known only after each load; here the address follows from the id, so a prefetch hook
// can name it before the event that needs it (Actor::prefetch_message). Iteration is in node
// order. Memory grows with the highest id stored, which in leasesim's worlds is at most the
// node count.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/prefetch.h"
#include "sim/require.h"
#include "sim/trace.h"

namespace leasesim::sim {

template <class T>
class ByNode {
 public:
  T* find(NodeId n) {
    return n < slots_.size() && slots_[n].used ? &slots_[n].value : nullptr;
  }
  const T* find(NodeId n) const {
    return n < slots_.size() && slots_[n].used ? &slots_[n].value : nullptr;
  }
  // The value for n, value-initialised if there was none.
  // REQUIRES: n != kNoNode.
  T& operator[](NodeId n) {
    LS_REQUIRE(n != kNoNode);
    if (slots_.size() <= n) slots_.resize(size_t{n} + 1);
    Slot& s = slots_[n];
    if (!s.used) {
      s.value = T{};
      s.used = true;
      ++size_;
    }
    return s.value;
  }
  void erase(NodeId n) {
    if (n < slots_.size() && slots_[n].used) {
      slots_[n].used = false;
      --size_;
    }
  }
  size_t size() const { return size_; }
  // f(node, value) for each node that has one, in node order.
  template <class F>
  void for_each(F&& f) const {
    for (NodeId n = 0; n < slots_.size(); ++n) {
      if (slots_[n].used) f(n, slots_[n].value);
    }
  }
  void prefetch(NodeId n) const {
    if (n < slots_.size()) prefetch_object(&slots_[n]);
  }

 private:
  struct Slot {
    T value{};
    bool used = false;
  };
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace leasesim::sim
