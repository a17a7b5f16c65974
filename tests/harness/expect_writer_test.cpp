// Replacing a scenario's `expect:` block and nothing else, or refusing where that is not safe.
#include <gtest/gtest.h>

#include "harness/expect_writer.h"
#include "harness/input_error.h"

namespace leasesim::harness {
namespace {

const std::string kBlock = "expect:\n  lease_safety: violated\n";

std::string refusal(const std::string& text) {
  try {
    replace_expect(text, "s.yaml", kBlock);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(not refused)";
}

TEST(ExpectWriter, ReplacesTheBlockAndKeepsTheCommentsAndBlankLinesAroundIt) {
  const std::string head = "# about\nname: x\n";
  const std::string tail = "\n# faults next\nfaults: []\n";
  EXPECT_EQ(replace_expect(head + "expect:\n  lease_safety: holds\n  windows: []\n" + tail, "s.yaml", kBlock), head + kBlock + tail);
}

TEST(ExpectWriter, ReplacesAFlowMapOnOneLine) {
  EXPECT_EQ(replace_expect("name: x\nexpect: {lease_safety: holds}\nseed: 2\n", "s.yaml", kBlock), "name: x\n" + kBlock + "seed: 2\n");
}

TEST(ExpectWriter, AppendsABlockWhereThereIsNone) {
  EXPECT_EQ(replace_expect("name: x\nseed: 2", "s.yaml", kBlock), "name: x\nseed: 2\n" + kBlock);
}

TEST(ExpectWriter, RefusesWhatItWouldLoseOrMisread) {
  EXPECT_EQ(refusal("name: x\nexpect:\n  lease_safety: holds\n# between\n  windows: []\n"),
            "s.yaml:4:1: expect: cannot be rewritten safely: a comment between the lines of the block would be lost; the file is left "
            "as it is (edit its `expect` by hand, or make it a plain block)");
  EXPECT_EQ(refusal("name: x\nexpect:\n  lease_safety: holds  # by hand\n").substr(0, 69),
            "s.yaml:3:24: expect: cannot be rewritten safely: a comment inside the");
  EXPECT_EQ(refusal("name: x\nexpect: &e\n  lease_safety: holds\n").substr(0, 95),
            "s.yaml:2:9: expect: cannot be rewritten safely: an anchor, alias, tag or block scalar (&e) is n");
  EXPECT_EQ(refusal("{name: x, expect: {lease_safety: holds}}\n").substr(0, 72),
            "s.yaml:1:1: expect: cannot be rewritten safely: the scenario is not a bl");
  EXPECT_EQ(refusal("name: x\n\"expect\": {lease_safety: holds}\n").substr(0, 80),
            "s.yaml:2:1: expect: cannot be rewritten safely: the key is not a plain `expect:`");
}

}  // namespace
}  // namespace leasesim::harness
