#include "sim/event_queue.h"

#include <algorithm>
#include <bit>

namespace leasesim::sim {
namespace {

struct Later {
  bool operator()(const EventQueue::Entry& a, const EventQueue::Entry& b) const {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
};

struct Earlier {
  bool operator()(const EventQueue::Entry& a, const EventQueue::Entry& b) const { return Later{}(b, a); }
};

}  // namespace

int64_t EventQueue::next_set(const Bits& b, int64_t from) {
  for (int64_t w = from >> 6; w < static_cast<int64_t>(b.size()); ++w) {
    uint64_t word = b[static_cast<size_t>(w)];
    if (w == from >> 6) word &= ~uint64_t{0} << (from & 63);
    if (word != 0) return (w << 6) + std::countr_zero(word);
  }
  return -1;
}

void EventQueue::append0(int64_t b0, const Entry& e) {
  append(level0_[static_cast<size_t>(b0 & kMask)], e);
  set_bit(level0_bits_, b0 & kMask);
}

void EventQueue::append(Bucket& b, const Entry& e) {
  if (b.tail == kNil || chunks_[b.tail].count == kChunkEntries) {
    uint32_t c = 0;
    if (free_chunks_.empty()) {
      c = static_cast<uint32_t>(chunks_.size());
      chunks_.emplace_back();
    } else {
      c = free_chunks_.back();
      free_chunks_.pop_back();
    }
    chunks_[c].next = kNil;
    chunks_[c].count = 0;
    (b.tail == kNil ? b.head : chunks_[b.tail].next) = c;
    b.tail = c;
  }
  Chunk& chunk = chunks_[b.tail];
  chunk.entries[chunk.count++] = e;
  ++b.size;
}

template <class Sink>
void EventQueue::drain(Bucket& b, Sink&& sink) {
  for (uint32_t c = b.head; c != kNil;) {
    const uint32_t next = chunks_[c].next;
    const uint32_t n = chunks_[c].count;
    for (uint32_t i = 0; i < n; ++i) sink(chunks_[c].entries[i]);
    free_chunks_.push_back(c);
    c = next;
  }
  b = Bucket{};
}

void EventQueue::push(const Entry& e) {
  ++size_;
  if (bucket0(e.time) <= cur_) {
    late_.push_back(e);
    std::push_heap(late_.begin(), late_.end(), Later{});
    return;
  }
  file(e);
}

bool EventQueue::top_is_late() const {
  return !late_.empty() && (run_pos_ == run_.size() || Earlier{}(late_.front(), run_[run_pos_]));
}

void EventQueue::file(const Entry& e) {
  const int64_t b0 = bucket0(e.time);
  const int64_t page = cur_ >> kBits;
  if ((b0 >> kBits) == page) {
    append0(b0, e);
    return;
  }
  const int64_t b1 = bucket1(e.time);
  if (b1 - page < kSlots) {
    append(level1_[static_cast<size_t>(b1 & kMask)], e);
    set_bit(level1_bits_, b1 & kMask);
    ++level1_count_;
    return;
  }
  overflow_.push_back(e);
  std::push_heap(overflow_.begin(), overflow_.end(), Later{});
}

void EventQueue::pop() {
  if (top_is_late()) {
    std::pop_heap(late_.begin(), late_.end(), Later{});
    late_.pop_back();
  } else {
    ++run_pos_;
  }
  --size_;
}

void EventQueue::enter_page(int64_t page) {
  Bucket& down = level1_[static_cast<size_t>(page & kMask)];
  level1_count_ -= down.size;
  clear_bit(level1_bits_, page & kMask);
  // Entries of one bucket, copied out before any is filed: filing may take chunks.
  std::vector<Entry>& moving = scratch_;
  moving.clear();
  drain(down, [&](const Entry& e) { moving.push_back(e); });
  for (const Entry& e : moving) {
    if (bucket0(e.time) <= cur_) {
      run_.push_back(e);
    } else {
      append0(bucket0(e.time), e);
    }
  }
  while (!overflow_.empty() && bucket1(overflow_.front().time) - page < kSlots) {
    const Entry e = overflow_.front();
    std::pop_heap(overflow_.begin(), overflow_.end(), Later{});
    overflow_.pop_back();
    if (bucket0(e.time) <= cur_) {
      run_.push_back(e);
    } else {
      file(e);
    }
  }
}

void EventQueue::advance() {
  run_.clear();
  run_pos_ = 0;
  while (run_.empty()) {
    const int64_t page = cur_ >> kBits;
    const int64_t next = next_set(level0_bits_, (cur_ & kMask) + 1);
    if (next >= 0) {
      cur_ = (page << kBits) | next;
      Bucket& bucket = level0_[static_cast<size_t>(next)];
      clear_bit(level0_bits_, next);
      drain(bucket, [&](const Entry& e) { run_.push_back(e); });
      continue;
    }
    // This page is done: on to the next page with entries, in level 1 (wrapping around its
    // 256 buckets, of which this page's is empty) or else the overflow.
    int64_t to = 0;
    if (level1_count_ > 0) {
      const int64_t here = page & kMask;
      int64_t i = next_set(level1_bits_, here + 1);
      if (i < 0) i = next_set(level1_bits_, 0);
      to = page + ((i - here) & kMask);
    } else {
      to = bucket1(overflow_.front().time);
    }
    cur_ = to << kBits;
    enter_page(to);
  }
  sort_run();
}

namespace {

void insertion_sort(EventQueue::Entry* first, EventQueue::Entry* last) {
  for (EventQueue::Entry* i = first + 1; i < last; ++i) {
    const EventQueue::Entry e = *i;
    EventQueue::Entry* j = i;
    for (; j > first && Earlier{}(e, j[-1]); --j) *j = j[-1];
    *j = e;
  }
}

}  // namespace

void EventQueue::sort_run() {
  // Below kSmall entries, or when a group is that small, comparing is cheaper than counting.
  // Entries sharing an instant share a group, and a large group (many timers armed for one
  // instant) is sorted by comparison: never worse than sorting the run whole.
  constexpr size_t kSmall = 16;
  constexpr int kMaxBits = 12;
  const size_t n = run_.size();
  if (n <= kSmall) {
    if (n > 1) insertion_sort(run_.data(), run_.data() + n);
    return;
  }
  int64_t lo = run_[0].time;
  int64_t hi = lo;
  for (const Entry& e : run_) {
    lo = std::min(lo, e.time);
    hi = std::max(hi, e.time);
  }
  // 2^bits groups, about one an entry, each covering 2^shift ns of [lo, hi].
  const int bits = std::min(kMaxBits, static_cast<int>(std::bit_width(n)) - 1);
  const auto span = static_cast<uint64_t>(hi - lo);
  int shift = 0;
  while ((span >> shift) >= (uint64_t{1} << bits)) ++shift;
  const auto group = [&](const Entry& e) { return static_cast<size_t>(static_cast<uint64_t>(e.time - lo) >> shift); };
  const size_t groups = size_t{1} << bits;
  group_starts_.assign(groups + 1, 0);
  for (const Entry& e : run_) ++group_starts_[group(e) + 1];
  for (size_t g = 1; g <= groups; ++g) group_starts_[g] += group_starts_[g - 1];
  sorted_.resize(n);
  for (const Entry& e : run_) sorted_[group_starts_[group(e)]++] = e;
  // group_starts_[g] is now group g's end, group g + 1's start.
  size_t start = 0;
  for (size_t g = 0; g < groups; ++g) {
    const size_t end = group_starts_[g];
    if (end - start > kSmall) {
      // Often sorted already: entries at one instant, filed in seq order (a bucket drains in
      // filing order, and the counting pass is stable).
      Entry* first = sorted_.data() + start;
      Entry* last = sorted_.data() + end;
      if (!std::is_sorted(first, last, Earlier{})) std::sort(first, last, Earlier{});
    } else if (end - start > 1) {
      insertion_sort(sorted_.data() + start, sorted_.data() + end);
    }
    start = end;
  }
  run_.swap(sorted_);
}

}  // namespace leasesim::sim
