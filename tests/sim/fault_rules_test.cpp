// The rule book's index (rules bucketed by link and kind) must keep the semantics of a scan of
// every rule in the order added: delays add, a drop wins and only the first drop counts the
// message, counted rules are used up in the same order. The second test holds the index against
// that scan, written out here, over many overlapping rules added and removed.
#include "sim/fault_rules.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/random.h"

namespace leasesim::sim {
namespace {

Message msg(NodeId from, NodeId to, MessageKind kind) {
  Message m;
  m.from = from;
  m.to = to;
  m.kind = kind;
  return m;
}

NetworkRule rule(RuleAction a, NodeId from, NodeId to, int32_t kind, int64_t extra_ms, int64_t remaining, uint64_t owner) {
  return {a, {from, to, kind}, Duration::millis(extra_ms), remaining, owner};
}

TEST(RuleBook, OverlappingRulesOnDifferentLinksAndKindsApplyInTheOrderAdded) {
  RuleBook book;
  const auto d1 = book.add(rule(RuleAction::delay, 0, 1, -1, 10, -1, 1));             // link 0->1, any kind
  const auto d2 = book.add(rule(RuleAction::delay, kNoNode, 1, 2, 5, 2, 2));          // to 1, kind 2, counted
  const auto dup = book.add(rule(RuleAction::duplicate, 0, kNoNode, -1, 7, 1, 3));    // from 0, counted
  const auto drop = book.add(rule(RuleAction::drop, 2, 1, -1, 0, 1, 4));              // link 2->1, counted
  const auto drop2 = book.add(rule(RuleAction::drop, kNoNode, kNoNode, 3, 0, -1, 5)); // kind 3 anywhere
  const auto d3 = book.add(rule(RuleAction::delay, kNoNode, kNoNode, -1, 1, -1, 6));  // everything
  std::vector<RuleBook::RuleId> ex;

  // 0->1 kind 2: d1 + d2 + d3, and a copy 7 later; dup is used up by it.
  RuleBook::Effect e = book.apply(msg(0, 1, 2), ex);
  EXPECT_FALSE(e.dropped);
  EXPECT_EQ(e.extra, Duration::millis(16));
  EXPECT_EQ(e.copies, (std::vector<Duration>{Duration::millis(7)}));
  EXPECT_EQ(ex, (std::vector<RuleBook::RuleId>{dup}));
  book.remove(dup);
  ex.clear();

  // 0->1 kind 2 again: d2 is used up now (its second message).
  e = book.apply(msg(0, 1, 2), ex);
  EXPECT_EQ(e.extra, Duration::millis(16));
  EXPECT_TRUE(e.copies.empty());
  EXPECT_EQ(ex, (std::vector<RuleBook::RuleId>{d2}));
  book.remove(d2);
  ex.clear();

  // 2->1 kind 3: two drops match; the first added counts the message, nothing else does.
  e = book.apply(msg(2, 1, 3), ex);
  EXPECT_TRUE(e.dropped);
  EXPECT_EQ(ex, (std::vector<RuleBook::RuleId>{drop}));
  book.remove(drop);
  ex.clear();

  // 2->1 kind 3 again: the uncounted kind drop wins now and is never used up.
  e = book.apply(msg(2, 1, 3), ex);
  EXPECT_TRUE(e.dropped);
  EXPECT_TRUE(ex.empty());
  EXPECT_EQ(book.owner(drop2), 5u);

  // 1->0 kind 0: only the rule on everything.
  e = book.apply(msg(1, 0, 0), ex);
  EXPECT_FALSE(e.dropped);
  EXPECT_EQ(e.extra, Duration::millis(1));

  // Removing twice is a no-op; a removed rule has no owner and no effect.
  book.remove(d1);
  book.remove(d1);
  EXPECT_EQ(book.owner(d1), 0u);
  e = book.apply(msg(0, 1, 0), ex);
  EXPECT_EQ(e.extra, Duration::millis(1));
  book.remove(d3);
  book.remove(drop2);
  EXPECT_TRUE(book.empty());
}

// The semantics as a scan of every rule in the order added (what RuleBook did before its index).
struct ScanBook {
  struct Active {
    RuleBook::RuleId id;
    NetworkRule rule;
  };
  std::vector<Active> rules;
  RuleBook::RuleId next = 1;
  RuleBook::RuleId add(const NetworkRule& r) {
    rules.push_back({next, r});
    return next++;
  }
  void remove(RuleBook::RuleId id) { std::erase_if(rules, [id](const Active& a) { return a.id == id; }); }
  static void consume(Active& r, std::vector<RuleBook::RuleId>& ex) {
    if (r.rule.remaining >= 0 && --r.rule.remaining == 0) ex.push_back(r.id);
  }
  RuleBook::Effect apply(const Message& m, std::vector<RuleBook::RuleId>& ex) {
    RuleBook::Effect e;
    for (Active& r : rules) {
      if (r.rule.action == RuleAction::drop && r.rule.selector.matches(m)) {
        consume(r, ex);
        e.dropped = true;
        return e;
      }
    }
    for (Active& r : rules) {
      if (!r.rule.selector.matches(m)) continue;
      if (r.rule.action == RuleAction::delay) {
        e.extra += r.rule.extra;
        consume(r, ex);
      } else if (r.rule.action == RuleAction::duplicate) {
        e.copies.push_back(r.rule.extra);
        consume(r, ex);
      }
    }
    return e;
  }
};

TEST(RuleBook, TheIndexAgreesWithAScanOfEveryRuleOverManyOverlappingRules) {
  Rng rng = stream_for(7, "rule-book");
  RuleBook book;
  ScanBook scan;
  std::vector<RuleBook::RuleId> live;
  constexpr NodeId kNodes = 4;
  auto pick_node = [&] { return rng.uniform(0, kNodes) == kNodes ? kNoNode : static_cast<NodeId>(rng.uniform(0, kNodes - 1)); };
  int dropped = 0, delayed = 0, copied = 0, used_up = 0;
  for (int step = 0; step < 20000; ++step) {
    const int64_t what = rng.uniform(0, 9);
    if (what == 0 || live.size() < 3) {
      const auto action = static_cast<RuleAction>(rng.uniform(0, 2));
      const auto r = rule(action, pick_node(), pick_node(), static_cast<int32_t>(rng.uniform(-1, 2)), rng.uniform(1, 9),
                          rng.uniform(0, 1) == 0 ? -1 : rng.uniform(1, 3), static_cast<uint64_t>(step));
      const auto id = book.add(r);
      ASSERT_EQ(id, scan.add(r));
      live.push_back(id);
    } else if (what == 1) {
      const auto id = live[static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(live.size()) - 1))];
      book.remove(id);
      scan.remove(id);
      std::erase(live, id);
    } else {
      const Message m = msg(static_cast<NodeId>(rng.uniform(0, kNodes - 1)), static_cast<NodeId>(rng.uniform(0, kNodes - 1)),
                            static_cast<MessageKind>(rng.uniform(0, 2)));
      std::vector<RuleBook::RuleId> ex_book, ex_scan;
      const RuleBook::Effect a = book.apply(m, ex_book);
      const RuleBook::Effect b = scan.apply(m, ex_scan);
      ASSERT_EQ(a.dropped, b.dropped) << "step " << step;
      ASSERT_EQ(a.extra, b.extra) << "step " << step;
      ASSERT_EQ(a.copies, b.copies) << "step " << step;
      ASSERT_EQ(ex_book, ex_scan) << "step " << step;
      for (auto id : ex_book) {
        ASSERT_EQ(book.owner(id), scan.rules[static_cast<size_t>(std::find_if(scan.rules.begin(), scan.rules.end(), [id](const auto& r) { return r.id == id; }) - scan.rules.begin())].rule.owner);
        book.remove(id);
        scan.remove(id);
        std::erase(live, id);
      }
      dropped += a.dropped ? 1 : 0;
      delayed += a.extra.ns > 0 ? 1 : 0;
      copied += a.copies.empty() ? 0 : 1;
      used_up += static_cast<int>(ex_book.size());
    }
  }
  // The walk did reach every case (counts fixed by the seed).
  EXPECT_GT(dropped, 100);
  EXPECT_GT(delayed, 100);
  EXPECT_GT(copied, 100);
  EXPECT_GT(used_up, 100);
}

}  // namespace
}  // namespace leasesim::sim
