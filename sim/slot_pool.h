// Reusable slots in a vector: an index stays valid while its slot is in use, and a released
// slot is handed out again (last released first), so a steady workload allocates nothing.
// Used for events, timers and messages in flight. Deterministic: no addresses are involved.
// `Inline` slots live inside the pool itself (a node's few timers share its cache lines, so a
// timer firing costs no extra memory access); more spill to the heap.
#pragma once

#include <cstdint>

#include <boost/container/small_vector.hpp>

#include "sim/prefetch.h"

namespace leasesim::sim {

template <class T, unsigned Inline = 0>
class SlotPool {
 public:
  // A slot holding whatever its last user left in it; the caller sets what it needs.
  uint32_t acquire() {
    if (!free_.empty()) {
      const uint32_t slot = free_.back();
      free_.pop_back();
      return slot;
    }
    items_.emplace_back();
    return static_cast<uint32_t>(items_.size() - 1);
  }
  void release(uint32_t slot) { free_.push_back(slot); }
  // Starts loading the slot the next acquire hands out, if nothing is released first.
  void prefetch_next() const {
    if (!free_.empty()) prefetch_object(&items_[free_.back()]);
  }

  T& operator[](uint32_t slot) { return items_[slot]; }
  const T& operator[](uint32_t slot) const { return items_[slot]; }
  uint32_t size() const { return static_cast<uint32_t>(items_.size()); }

 private:
  // The free list first: acquiring or releasing an inline slot then touches the lines the
  // slots start on, not one past the last slot's (a node's timers: bench/README.md, "Scale").
  boost::container::small_vector<uint32_t, Inline> free_;
  boost::container::small_vector<T, Inline> items_;
};

}  // namespace leasesim::sim
