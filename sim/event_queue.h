// The simulator's pending events, ordered by (time, sequence): a two-level timing wheel. Virtual
// time is cut into buckets of 2^20 ns (about 1 ms); the bucket being run is a sorted run, the
// next 256 buckets are the level-0 wheel, the next 256 x 256 (about 69 s) the level-1 wheel,
// anything later an overflow heap. Scheduling appends to a bucket; each event moves down a level
// at most twice before its bucket comes up and is sorted. An event scheduled into the bucket
// being run or an earlier one (a delay under a millisecond; or a run_until that stopped after
// top() moved the queue on past now) goes to a small heap beside the run (`late`).
//
// The run is sorted, not a heap, so that the simulator can see the events it will run next, in
// order, and load their memory ahead of them (simulator.cpp).
//
// Order is exactly (time, sequence): every event in a wheel or the overflow lies in a later
// bucket than every event in the run or the late heap, and top() takes the earlier of the two.
//
// Memory follows the number of pending events, not time: buckets are chains of fixed-size
// chunks drawn from one shared pool, and a drained bucket gives its chunks back, so a long
// steady run reuses the same chunks instead of every bucket keeping its largest size.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace leasesim::sim {

class EventQueue {
 public:
  struct Entry {
    int64_t time;
    uint64_t seq;
    uint32_t slot;
    uint32_t generation;
  };

  void push(const Entry& e);
  // The earliest entry. REQUIRES: !empty().
  const Entry& top() {
    if (run_pos_ == run_.size() && late_.empty()) advance();
    return top_is_late() ? late_.front() : run_[run_pos_];
  }
  void pop();
  // The rest of the bucket being run, in order, from the next entry of the run (no advancing):
  // what runs next, unless an entry of the late heap comes between. For prefetching.
  const Entry* ahead_begin() const { return run_.data() + run_pos_; }
  size_t ahead_count() const { return run_.size() - run_pos_; }
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }

 private:
  static constexpr int kShift0 = 20;  // level-0 bucket: 2^20 ns
  static constexpr int kBits = 8;     // 256 buckets a level
  static constexpr int64_t kSlots = int64_t{1} << kBits;
  static constexpr int64_t kMask = kSlots - 1;
  static constexpr uint32_t kNil = UINT32_MAX;
  static constexpr uint32_t kChunkEntries = 42;  // a chunk is 1 KiB

  struct Chunk {
    uint32_t next = kNil;
    uint32_t count = 0;
    std::array<Entry, kChunkEntries> entries;
  };
  // A bucket's chunks, oldest first, so that draining it yields its entries in the order they
  // were filed: mostly in seq order, which sort_run's groups keep.
  struct Bucket {
    uint32_t head = kNil;  // the oldest chunk
    uint32_t tail = kNil;  // the chunk being filled
    uint32_t size = 0;
  };

  // Which buckets of a level hold entries, so that finding the next one skips empty ones in a
  // few instructions however sparse the schedule (a 60 s run with a dozen events).
  using Bits = std::array<uint64_t, kSlots / 64>;
  static void set_bit(Bits& b, int64_t i) { b[static_cast<size_t>(i >> 6)] |= uint64_t{1} << (i & 63); }
  static void clear_bit(Bits& b, int64_t i) { b[static_cast<size_t>(i >> 6)] &= ~(uint64_t{1} << (i & 63)); }
  // The first set index >= from, or -1.
  static int64_t next_set(const Bits& b, int64_t from);

  static int64_t bucket0(int64_t time) { return time >> kShift0; }
  static int64_t bucket1(int64_t time) { return time >> (kShift0 + kBits); }
  void append(Bucket& b, const Entry& e);
  void append0(int64_t b0, const Entry& e);
  // Hands every entry of `b` to `sink` and gives its chunks back.
  template <class Sink>
  void drain(Bucket& b, Sink&& sink);
  // Files an entry of a bucket after cur_ into the level it belongs to (not the run).
  void file(const Entry& e);
  // Moves cur_ on to the next bucket with entries and sorts them into the run. REQUIRES:
  // size_ > 0, the run done and the late heap empty.
  void advance();
  // Entering page p (level-1 bucket p is level-0 buckets p * 256 ...): its level-1 bucket
  // comes down to level 0, and overflow entries now within reach come in.
  void enter_page(int64_t page);
  // Sorts the run on (time, seq). A bucket holds about as many entries as the model runs events
  // in 2^20 ns (a hundred at 64,000 ZooKeeper clients, one or two at 1,000), and a comparison
  // sort's log n an entry grew with the model; a counting pass on the times spreads the entries
  // over about one group an entry, and only a group's few entries are compared.
  void sort_run();
  bool top_is_late() const;

  std::vector<Entry> run_;    // the bucket being run, sorted on (time, seq); run_pos_ is next
  size_t run_pos_ = 0;
  std::vector<Entry> late_;   // min-heap on (time, seq): scheduled into cur_ or before
  std::array<Bucket, kSlots> level0_;
  std::array<Bucket, kSlots> level1_;
  Bits level0_bits_{};
  Bits level1_bits_{};
  std::vector<Chunk> chunks_;
  std::vector<uint32_t> free_chunks_;
  std::vector<Entry> overflow_;  // min-heap on (time, seq)
  std::vector<Entry> scratch_;   // a level-1 bucket on its way down
  std::vector<Entry> sorted_;    // sort_run's output, swapped with the run
  std::vector<uint32_t> group_starts_;  // sort_run's counts, then each group's next position
  int64_t cur_ = 0;              // the level-0 bucket being run
  size_t level1_count_ = 0;
  size_t size_ = 0;
};

}  // namespace leasesim::sim
