#include "sim/duration_text.h"

#include <gtest/gtest.h>

#include <limits>

namespace leasesim::sim {
namespace {

int64_t ns(const char* text) {
  const DurationParse p = parse_duration(text);
  EXPECT_TRUE(p.value.has_value()) << text << ": " << p.error;
  return p.value ? p.value->ns : -1;
}

std::string error(const char* text) {
  const DurationParse p = parse_duration(text);
  EXPECT_FALSE(p.value.has_value()) << text;
  return p.error;
}

TEST(DurationText, ParsesEveryUnitExactly) {
  EXPECT_EQ(ns("250us"), 250'000);
  EXPECT_EQ(ns("1.5ms"), 1'500'000);
  EXPECT_EQ(ns("12s"), 12'000'000'000);
  EXPECT_EQ(ns("9.5s"), 9'500'000'000);
  EXPECT_EQ(ns("2m"), 120'000'000'000);
  EXPECT_EQ(ns("1h"), 3'600'000'000'000);
  EXPECT_EQ(ns("7ns"), 7);
  EXPECT_EQ(ns("0.000000001s"), 1);
  EXPECT_EQ(ns("-2s"), -2'000'000'000);
  EXPECT_EQ(ns(".5s"), 500'000'000);
  EXPECT_EQ(ns("0s"), 0);
}

TEST(DurationText, RefusesWhatIsNotExact) {
  EXPECT_EQ(error("12"), "'12' has no unit; write it as 12s or 12ms (units: ns, us, ms, s, m, h)");
  EXPECT_EQ(error("1.5ns"), "'1.5ns' is finer than the 1ns resolution of virtual time");
  EXPECT_EQ(error("0.0000000001s"), "'0.0000000001s' is finer than the 1ns resolution of virtual time");
  EXPECT_EQ(error("3days"), "unknown unit 'days' in '3days' (units: ns, us, ms, s, m, h)");
  EXPECT_EQ(error("s"), "expected a duration such as 250us, 1.5ms, 12s or 2m, got 's'");
  EXPECT_EQ(error("3000000h"), "'3000000h' is too large: durations must be under 292 years (int64 nanoseconds)");
  EXPECT_EQ(error("99999999999999999999s"),
            "'99999999999999999999s' is too large: durations must be under 292 years (int64 nanoseconds)");
}

TEST(DurationText, FormatsInTheLargestReadableUnit) {
  EXPECT_EQ(format_duration(Duration{3'500'000'000}), "3.5s");
  EXPECT_EQ(format_duration(Duration{1'000'000'001}), "1.000000001s");
  EXPECT_EQ(format_duration(Duration{250'000}), "250us");
  EXPECT_EQ(format_duration(Duration{1'500'000}), "1.5ms");
  EXPECT_EQ(format_duration(Duration{120'000'000'000}), "2m");
  EXPECT_EQ(format_duration(Duration{90'000'000'000}), "90s");
  EXPECT_EQ(format_duration(Duration{-2'000'000'000}), "-2s");
  EXPECT_EQ(format_duration(Duration{0}), "0s");
  EXPECT_EQ(format_duration(Duration{7}), "7ns");
}

TEST(DurationText, FormatsMillisecondsAsExactJsonNumbers) {
  EXPECT_EQ(format_ms(3'500'000'000), "3500");
  EXPECT_EQ(format_ms(3'500'000'001), "3500.000001");
  EXPECT_EQ(format_ms(1), "0.000001");
  EXPECT_EQ(format_ms(-1'500'000), "-1.5");
}

TEST(DurationText, FormatsSecondsPaddedToMilliseconds) {
  EXPECT_EQ(format_seconds(21'503'000'000), "21.503s");
  EXPECT_EQ(format_seconds(21'500'000'000), "21.500s");
  EXPECT_EQ(format_seconds(21'000'000'000), "21.000s");
  EXPECT_EQ(format_seconds(21'500'000'001), "21.500000001s");
}

TEST(DurationText, RoundTripsThroughFormatAndParse) {
  for (int64_t v : {int64_t{1}, int64_t{999}, int64_t{1'000'001}, int64_t{3'500'000'000}, int64_t{7'200'000'000'000},
                    int64_t{-42}}) {
    EXPECT_EQ(ns(format_duration(Duration{v}).c_str()), v);
  }
}

TEST(DecimalText, ParsesExactlyOrSaysWhy) {
  EXPECT_EQ(parse_decimal("-12.5", 3).value, -12500);
  EXPECT_EQ(parse_decimal("+7", 2).value, 700);
  EXPECT_EQ(parse_decimal(".5", 1).value, 5);
  EXPECT_EQ(parse_decimal("1.2345", 3).error, "'1.2345' has more than 3 decimal places");
  EXPECT_EQ(parse_decimal("1e3", 0).error, "expected a number, got '1e3'");
  EXPECT_EQ(parse_decimal("-", 0).error, "expected a number, got '-'");
  EXPECT_EQ(parse_decimal("9223372036854775807", 0).value, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(parse_decimal("9223372036854775808", 0).error, "'9223372036854775808' is too large");
  // The scaling itself may overflow.
  EXPECT_EQ(parse_decimal("9223372036854775807", 1).error, "'9223372036854775807' is too large");
  EXPECT_EQ(format_decimal(*parse_decimal("-1083.243", 3).value, 3), "-1083.243");
}

}  // namespace
}  // namespace leasesim::sim
