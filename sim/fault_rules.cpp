#include "sim/fault_rules.h"

#include <algorithm>

#include "sim/require.h"

namespace leasesim::sim {

RuleBook::RuleId RuleBook::add(const NetworkRule& rule) {
  LS_REQUIRE(rule.remaining != 0);
  rules_.push_back({next_, rule});
  return next_++;
}

void RuleBook::remove(RuleId id) {
  std::erase_if(rules_, [id](const Active& r) { return r.id == id; });
}

uint64_t RuleBook::owner(RuleId id) const {
  for (const Active& r : rules_) {
    if (r.id == id) return r.rule.owner;
  }
  return 0;
}

void RuleBook::consume(Active& r, std::vector<RuleId>& exhausted) {
  if (r.rule.remaining < 0) return;
  if (--r.rule.remaining == 0) exhausted.push_back(r.id);
}

RuleBook::Effect RuleBook::apply_rules(const Message& m, std::vector<RuleId>& exhausted) {
  Effect e;
  for (Active& r : rules_) {
    if (r.rule.action == RuleAction::drop && r.rule.selector.matches(m)) {
      // A drop wins, and only the first one counts the message: it changed it alone.
      consume(r, exhausted);
      e.dropped = true;
      return e;
    }
  }
  for (Active& r : rules_) {
    if (!r.rule.selector.matches(m)) continue;
    if (r.rule.action == RuleAction::delay) {
      e.extra += r.rule.extra;
      consume(r, exhausted);
    } else if (r.rule.action == RuleAction::duplicate) {
      e.copies.push_back(r.rule.extra);
      consume(r, exhausted);
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
