// Keys by the instant they fall due, for a checker whose horizon is the earliest due key: a
// binary min-heap whose entries are never erased, only found stale when they come to the front
// (the checker says which are still current). Ordered trees (std::set) cost a walk of cache
// misses for every insert and erase once they hold tens of thousands of keys; here an insert
// is an append and usually one comparison (keys tend to fall due after those already held),
// and a key that stops waiting costs nothing until its instant comes.
//
// The front may therefore be stale, so front() is an instant at which a key *may* be due: a
// checker's horizon may be early (checker.h allows it), and advance_to then finds nothing.
#pragma once

#include <algorithm>
#include <vector>

#include "sim/time.h"

namespace leasesim::checkers {

template <class Key>
class DueHeap {
 public:
  void push(sim::Instant at, const Key& key) {
    heap_.push_back({at, key});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  bool empty() const { return heap_.empty(); }
  // The earliest instant held, current or stale. REQUIRES: !empty().
  sim::Instant front() const { return heap_.front().at; }
  // Takes out every entry due before `t`, earliest first, and hands each one that
  // `current(at, key)` confirms to `due(key)`. A key pushed twice with the same instant is
  // handed on twice: the caller removes repeats.
  template <class Current, class Due>
  void take_before(sim::Instant t, Current current, Due due) {
    while (!heap_.empty() && heap_.front().at < t) {
      std::pop_heap(heap_.begin(), heap_.end(), Later{});
      const Entry e = heap_.back();
      heap_.pop_back();
      if (current(e.at, e.key)) due(e.key);
    }
  }

 private:
  struct Entry {
    sim::Instant at;
    Key key;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const { return a.at > b.at; }
  };
  std::vector<Entry> heap_;
};

}  // namespace leasesim::checkers
