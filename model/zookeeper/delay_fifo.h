// Items that each become due a fixed time after they were queued, handled in the order they were
// queued, with one timer for the whole queue: a server's log (each transaction is acknowledged
// after the log's sync time) and its request pipeline (each request is acted on after the
// processing time). With a zero delay nothing waits and no timer is set.
#pragma once

#include <deque>
#include <vector>

#include "sim/actor.h"

namespace leasesim::zookeeper {

template <class T>
class DelayFifo {
 public:
  DelayFifo(sim::Context& ctx, uint64_t timer_tag, sim::Symbol timer_name, sim::Duration delay)
      : ctx_(ctx), tag_(timer_tag), name_(timer_name), delay_(delay) {}

  bool immediate() const { return delay_.ns == 0; }
  // REQUIRES: !immediate() (the owner handles the item at once otherwise).
  void push(T item) {
    items_.push_back({ctx_.now() + delay_, std::move(item)});
    if (items_.size() == 1) arm();
  }
  // On the timer: the items now due, oldest first. They are handed out in a buffer kept across
  // calls (a fresh vector per timer was an allocation each time), valid until the next call.
  const std::vector<T>& take_due() {
    due_.clear();
    while (!items_.empty() && items_.front().due <= ctx_.now()) {
      due_.push_back(std::move(items_.front().item));
      items_.pop_front();
    }
    timer_ = {};
    if (!items_.empty()) arm();
    return due_;
  }
  void clear() {
    ctx_.cancel_timer(timer_);
    timer_ = {};
    items_.clear();
  }

 private:
  struct Entry {
    sim::LocalTime due;
    T item;
  };
  void arm() { timer_ = ctx_.set_timer(items_.front().due, tag_, name_); }

  sim::Context& ctx_;
  uint64_t tag_;
  sim::Symbol name_;
  sim::Duration delay_;
  std::deque<Entry> items_;
  std::vector<T> due_;  // take_due()'s result
  sim::TimerId timer_;
};

}  // namespace leasesim::zookeeper
