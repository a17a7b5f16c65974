// The bounded JSON reader `merge` reads summaries with: strict RFC 8259, exact positions, and
// limits on depth and values that no input passes.
#include <gtest/gtest.h>

#include "reports/json_reader.h"

namespace leasesim::reports {
namespace {

const JsonLimits kLimits;

std::string error_of(const std::string& text, const JsonLimits& limits = kLimits) {
  try {
    parse_json(text, limits, "a test document");
  } catch (const JsonError& e) {
    return e.what();
  }
  return "";
}

TEST(JsonReader, ReadsEveryKindKeepingNumbersAsWrittenAndMembersInOrder) {
  const JsonValue v = parse_json(" {\"b\": [1, -0.5e+3, \"x\", true, false, null], \"a\": {}}\n", kLimits, "x");
  ASSERT_EQ(v.kind, JsonValue::Kind::object);
  ASSERT_EQ(v.members.size(), 2u);
  EXPECT_EQ(v.members[0].key, "b");
  const JsonValue& list = v.members[0].value;
  ASSERT_EQ(list.items.size(), 6u);
  EXPECT_EQ(list.items[1].kind, JsonValue::Kind::number);
  EXPECT_EQ(list.items[1].text, "-0.5e+3");
  EXPECT_EQ(list.items[2].text, "x");
  EXPECT_EQ(list.items[3].text, "true");
  EXPECT_EQ(list.items[5].kind, JsonValue::Kind::null);
  EXPECT_EQ(list.items[5].column, 39);
  ASSERT_NE(v.find("a"), nullptr);
  EXPECT_EQ(v.find("a")->kind, JsonValue::Kind::object);
  EXPECT_EQ(v.find("c"), nullptr);
}

TEST(JsonReader, DecodesEscapesAndSurrogatePairs) {
  const JsonValue v = parse_json(R"("\u00e9\ud83d\ude00\n\"\\\/\t")", kLimits, "x");
  EXPECT_EQ(v.text, "\xc3\xa9\xf0\x9f\x98\x80\n\"\\/\t");
}

TEST(JsonReader, RefusesWhatTheGrammarRefusesWithItsPosition) {
  EXPECT_EQ(error_of("[1,]"), "1:4: not JSON: expected a value, found ']'");
  EXPECT_EQ(error_of("{'a': 1}"), "1:2: not JSON: expected a key in quotes, found '''");
  EXPECT_EQ(error_of("01"), "1:2: not JSON: text after the first value");
  EXPECT_EQ(error_of("1."), "1:3: not JSON: expected a digit after '.', found the end of the text");
  EXPECT_EQ(error_of("-"), "1:2: not JSON: expected a digit, found the end of the text");
  EXPECT_EQ(error_of("[1 2]"), "1:4: not JSON: expected ']' or ',' after an item, found '2'");
  EXPECT_EQ(error_of("{\"a\" 1}"), "1:6: not JSON: expected ':' after a key, found '1'");
  EXPECT_EQ(error_of("\n  \"a\x01\""), "2:5: not JSON: a control character (byte 0x01) in a string; JSON writes it as an escape");
  EXPECT_EQ(error_of("\"\xff\""), "1:2: not JSON: byte 0xff is not UTF-8");
  EXPECT_EQ(error_of("\"\\x\""), "1:3: not JSON: unknown escape '\\x'");
  EXPECT_EQ(error_of("\"\\udc00\""), "1:8: not JSON: a lone low surrogate in a \\u escape");
  EXPECT_EQ(error_of("\"abc"), "1:5: not JSON: a string without its closing quote");
  EXPECT_EQ(error_of("tru"), "1:1: not JSON: expected a value, found 't'");
  EXPECT_EQ(error_of("{\"a\": 1,\n \"a\": 2}"), "2:2: the key 'a' appears twice");
  EXPECT_EQ(error_of(""), "1:1: not JSON: expected a value, found the end of the text");
}

TEST(JsonReader, TheDepthLimitHoldsAtItsLevelAndNotBeyond) {
  EXPECT_EQ(error_of(std::string(32, '[') + std::string(32, ']')), "");
  EXPECT_EQ(error_of(std::string(33, '[') + std::string(33, ']')), "1:33: nested deeper than 32 levels, far deeper than a test document goes");
  EXPECT_EQ(error_of(std::string(1'000'000, '[')), "1:33: nested deeper than 32 levels, far deeper than a test document goes");
}

TEST(JsonReader, TheValueLimitCountsEveryValue) {
  JsonLimits three;
  three.max_values = 3;
  EXPECT_EQ(error_of("[1, {}]", three), "");
  EXPECT_EQ(error_of("[1, {\"a\": 2}]", three), "1:11: more than 3 values, far more than a test document holds");
}

TEST(JsonReader, QuotesTextForMessagesShowingWhatIsInvisibleAndCuttingItShort) {
  EXPECT_EQ(quote_text("a\x1b[2Jb"), "'a\\u{1b}[2Jb'");
  EXPECT_EQ(quote_text(std::string(100, 'x'), 10), "'xxxxxxxxxx...'");
  EXPECT_EQ(quote_text("\xff"), "'\\u{fffd}'");
}

}  // namespace
}  // namespace leasesim::reports
