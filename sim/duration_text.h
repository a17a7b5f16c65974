// Durations as people write them ("250us", "1.5ms", "12s", "2m") and as leasesim prints them.
// Parsing is exact: "1.5ms" is 1,500,000 ns, and a value that needs a fraction of a nanosecond
// or does not fit int64 is an error, never a rounding. Printing is exact too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/time.h"

namespace leasesim::sim {

struct DurationParse {
  std::optional<Duration> value;
  std::string error;  // set when value is empty: what is wrong, for a user
};

// Accepts an optional sign, decimal digits with an optional fraction, and one unit of
// ns, us, ms, s, m, h. A bare number is refused with a message saying the unit is missing.
DurationParse parse_duration(std::string_view text);

// Shortest exact form in the largest unit that keeps it readable: 3.5s, 250us, 2m, 1.000000001s.
std::string format_duration(Duration d);

// Milliseconds as a JSON number, exact: 3500, 3500.5, 0.000001.
std::string format_ms(int64_t ns);

struct DecimalParse {
  std::optional<int64_t> value;  // the number times 10^places
  std::string error;             // set when value is empty: what is wrong, for a user
};

// A decimal with an optional sign and at most `places` fractional digits, scaled exactly:
// parse_decimal("-12.5", 3) is -12500. More digits, or a value beyond int64, is an error.
DecimalParse parse_decimal(std::string_view text, int places);

// value / 10^places, exact, trailing zeros trimmed: format_decimal(-12500, 3) is "-12.5".
std::string format_decimal(int64_t value, int places);

// Seconds with millisecond precision for human tables, exact beyond it: 21.503s.
std::string format_seconds(int64_t ns);

}  // namespace leasesim::sim
