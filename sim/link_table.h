// The network's directed links, found by (from, to) on every send. A row per sender, indexed by
// node id: its first destination is kept in the row itself (a lease holder talks to its
// grantor only), further ones in a vector indexed by the destination's id (a grantor talks to
// every holder). A lookup is one or two indexed loads, no hashing and no probing. Memory per
// sender with several destinations grows with the highest id it sends to, which in the star
// and ensemble topologies of leasesim's models is at most the node count.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/prefetch.h"

namespace leasesim::sim {

template <class Link>
class LinkTable {
 public:
  // The link's value, created (value-initialised) on first use; `created` says whether it was.
  Link& find_or_add(uint32_t from, uint32_t to, bool& created) {
    if (from >= rows_.size()) rows_.resize(from + 1);
    Row& r = rows_[from];
    created = false;
    if (r.first_to == to) return r.first;
    if (r.first_to == kNone) {
      r.first_to = to;
      created = true;
      return r.first;
    }
    if (to >= r.more.size()) r.more.resize(to + 1);
    Slot& s = r.more[to];
    created = !s.used;
    s.used = true;
    return s.link;
  }
  // Starts loading the row of `from` without reading anything: a holder's link to its grantor
  // is the row's own, and the row says where a grantor's others are.
  void prefetch_row(uint32_t from) const {
    if (from < rows_.size()) prefetch_object(&rows_[from]);
  }
  // Starts loading the link (from, to). The row is read: call it when the row is likely in
  // the cache or on its way (a grantor's row, or a holder's after prefetch_row).
  void prefetch(uint32_t from, uint32_t to) const {
    if (from >= rows_.size()) return;
    const Row& r = rows_[from];
    prefetch_at(&r);
    if (r.first_to != to && to < r.more.size()) prefetch_at(&r.more[to]);
  }
  const Link* find(uint32_t from, uint32_t to) const {
    if (from >= rows_.size()) return nullptr;
    const Row& r = rows_[from];
    if (r.first_to == to) return &r.first;
    if (to < r.more.size() && r.more[to].used) return &r.more[to].link;
    return nullptr;
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Slot {
    Link link;
    bool used = false;
  };
  struct Row {
    uint32_t first_to = kNone;
    Link first;
    std::vector<Slot> more;  // by destination id; first_to's entry stays unused
  };
  std::vector<Row> rows_;
};

}  // namespace leasesim::sim
