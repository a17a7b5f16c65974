#include "sim/fault_rules.h"

#include <algorithm>
#include <span>

#include "sim/require.h"

namespace leasesim::sim {

RuleBook::RuleId RuleBook::add(const NetworkRule& rule) {
  LS_REQUIRE(rule.remaining != 0);
  NetworkRule& added = rules_.emplace(next_, rule).first->second;  // a map's nodes stay put
  buckets_[key_of(rule.selector)].emplace_back(next_, &added);      // ids grow: the bucket stays in id order
  return next_++;
}

void RuleBook::remove(RuleId id) {
  const auto it = rules_.find(id);
  if (it == rules_.end()) return;
  const auto b = buckets_.find(key_of(it->second.selector));
  LS_REQUIRE(b != buckets_.end());
  std::erase_if(b->second, [id](const Candidate& c) { return c.first == id; });
  if (b->second.empty()) buckets_.erase(b);
  rules_.erase(it);
}

uint64_t RuleBook::owner(RuleId id) const {
  const auto it = rules_.find(id);
  return it == rules_.end() ? 0 : it->second.owner;
}

void RuleBook::consume(RuleId id, NetworkRule& r, std::vector<RuleId>& exhausted) {
  if (r.remaining < 0) return;
  if (--r.remaining == 0) exhausted.push_back(id);
}

void RuleBook::candidates(const Message& m) {
  scratch_.clear();
  // A field that is its own wildcard (a message from kNoNode) is looked up once, not twice.
  const NodeId froms[2] = {m.from, kNoNode};
  const NodeId tos[2] = {m.to, kNoNode};
  const int32_t kinds[2] = {static_cast<int32_t>(m.kind), -1};
  for (NodeId f : std::span(froms, m.from == kNoNode ? 1 : 2)) {
    for (NodeId t : std::span(tos, m.to == kNoNode ? 1 : 2)) {
      for (int32_t k : std::span(kinds, kinds[0] < 0 ? 1 : 2)) {
        const auto b = buckets_.find({f, t, k});
        if (b == buckets_.end()) continue;
        scratch_.insert(scratch_.end(), b->second.begin(), b->second.end());
      }
    }
  }
  std::sort(scratch_.begin(), scratch_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

RuleBook::Effect RuleBook::apply_rules(const Message& m, std::vector<RuleId>& exhausted) {
  Effect e;
  candidates(m);
  for (auto& [id, r] : scratch_) {
    if (r->action == RuleAction::drop && r->selector.matches(m)) {
      // A drop wins, and only the first one counts the message: it changed it alone.
      consume(id, *r, exhausted);
      e.dropped = true;
      return e;
    }
  }
  for (auto& [id, r] : scratch_) {
    if (!r->selector.matches(m)) continue;
    if (r->action == RuleAction::delay) {
      e.extra += r->extra;
      consume(id, *r, exhausted);
    } else if (r->action == RuleAction::duplicate) {
      e.copies.push_back(r->extra);
      consume(id, *r, exhausted);
    }
  }
  return e;
}

uint32_t PartitionSet::Partition::group(NodeId n) const {
  const auto it = std::lower_bound(group_of.begin(), group_of.end(), std::pair<NodeId, uint32_t>{n, 0});
  return it != group_of.end() && it->first == n ? it->second : UINT32_MAX;
}

bool PartitionSet::Partition::separates(NodeId a, NodeId b) const {
  const uint32_t ga = group(a);
  const uint32_t gb = group(b);
  return ga != UINT32_MAX && gb != UINT32_MAX && ga != gb;
}

PartitionSet::Partition PartitionSet::make(const std::vector<std::vector<NodeId>>& groups) {
  Partition p{next_++, {}};
  for (uint32_t g = 0; g < groups.size(); ++g) {
    for (NodeId n : groups[g]) p.group_of.emplace_back(n, g);
  }
  std::sort(p.group_of.begin(), p.group_of.end());
  return p;
}

PartitionSet::PartitionId PartitionSet::add(Partition p) {
  partitions_.push_back(std::move(p));
  return partitions_.back().id;
}

void PartitionSet::remove(PartitionId id) {
  std::erase_if(partitions_, [id](const Partition& p) { return p.id == id; });
}

bool PartitionSet::any_separates(NodeId from, NodeId to) const {
  for (const Partition& p : partitions_) {
    if (p.separates(from, to)) return true;
  }
  return false;
}

}  // namespace leasesim::sim
