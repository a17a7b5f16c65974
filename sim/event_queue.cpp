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
  if (b.head == kNil || chunks_[b.head].count == kChunkEntries) {
    uint32_t c = 0;
    if (free_chunks_.empty()) {
      c = static_cast<uint32_t>(chunks_.size());
      chunks_.emplace_back();
    } else {
      c = free_chunks_.back();
      free_chunks_.pop_back();
    }
    chunks_[c].next = b.head;
    chunks_[c].count = 0;
    b.head = c;
  }
  Chunk& chunk = chunks_[b.head];
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
  std::sort(run_.begin(), run_.end(), Earlier{});
}

}  // namespace leasesim::sim
