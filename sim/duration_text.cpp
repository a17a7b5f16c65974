#include "sim/duration_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

namespace leasesim::sim {
namespace {

struct Unit {
  std::string_view name;
  int64_t ns;
};

// Longest names first so that "ms" is not read as "m" followed by junk.
constexpr std::array<Unit, 6> kUnits{{
    {"ns", 1},
    {"us", 1000},
    {"ms", 1000 * 1000},
    {"s", 1000LL * 1000 * 1000},
    {"m", 60LL * 1000 * 1000 * 1000},
    {"h", 3600LL * 1000 * 1000 * 1000},
}};

std::string digits_to_text(__int128 v) {
  if (v == 0) return "0";
  std::string out;
  while (v > 0) {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return out;
}

// Integer part and up to `places` fractional digits, trailing zeros trimmed.
std::string fixed_point(int64_t value, int64_t scale, int places) {
  __int128 v = value;
  const bool negative = v < 0;
  if (negative) v = -v;
  std::string out = negative ? "-" : "";
  out += digits_to_text(v / scale);
  __int128 frac = v % scale;
  if (frac != 0) {
    std::string f = digits_to_text(frac);
    f.insert(f.begin(), static_cast<size_t>(places) - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

}  // namespace

DurationParse parse_duration(std::string_view text) {
  DurationParse out;
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  const size_t int_begin = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  std::string_view int_digits = text.substr(int_begin, i - int_begin);
  std::string_view frac_digits;
  if (i < text.size() && text[i] == '.') {
    const size_t frac_begin = ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    frac_digits = text.substr(frac_begin, i - frac_begin);
  }
  if (int_digits.empty() && frac_digits.empty()) {
    out.error = "expected a duration such as 250us, 1.5ms, 12s or 2m, got '" + std::string(text) + "'";
    return out;
  }
  std::string_view unit_text = text.substr(i);
  if (unit_text.empty()) {
    out.error = "'" + std::string(text) + "' has no unit; write it as " + std::string(text) +
                "s or " + std::string(text) + "ms (units: ns, us, ms, s, m, h)";
    return out;
  }
  const Unit* unit = nullptr;
  for (const Unit& u : kUnits) {
    if (u.name == unit_text) unit = &u;
  }
  if (unit == nullptr) {
    out.error = "unknown unit '" + std::string(unit_text) + "' in '" + std::string(text) +
                "' (units: ns, us, ms, s, m, h)";
    return out;
  }

  // value = (int_digits + frac_digits / 10^k) * unit, computed in 128 bits and checked to be
  // a whole number of nanoseconds that fits int64.
  constexpr __int128 kLimit = std::numeric_limits<int64_t>::max();
  __int128 whole = 0;
  for (char c : int_digits) {
    whole = whole * 10 + (c - '0');
    if (whole > kLimit) break;
  }
  __int128 total = whole * unit->ns;
  if (whole > kLimit || total > kLimit) {
    out.error = "'" + std::string(text) + "' is too large: durations must be under 292 years (int64 nanoseconds)";
    return out;
  }
  __int128 frac_num = 0;
  __int128 frac_den = 1;
  for (char c : frac_digits) {
    if (frac_den > 1'000'000'000'000'000LL) {  // more digits than any unit can need
      if (c != '0') {
        out.error = "'" + std::string(text) + "' is finer than the 1ns resolution of virtual time";
        return out;
      }
      continue;
    }
    frac_num = frac_num * 10 + (c - '0');
    frac_den *= 10;
  }
  const __int128 frac_ns_scaled = frac_num * unit->ns;
  if (frac_ns_scaled % frac_den != 0) {
    out.error = "'" + std::string(text) + "' is finer than the 1ns resolution of virtual time";
    return out;
  }
  total += frac_ns_scaled / frac_den;
  if (total > kLimit) {
    out.error = "'" + std::string(text) + "' is too large: durations must be under 292 years (int64 nanoseconds)";
    return out;
  }
  out.value = Duration{static_cast<int64_t>(negative ? -total : total)};
  return out;
}

std::string format_duration(Duration d) {
  const int64_t ns = d.ns;
  const int64_t mag = ns < 0 ? -ns : ns;
  if (mag == 0) return "0s";
  // Minutes and hours only when whole: 90s reads better than 1.5m.
  constexpr int64_t kMinute = 60LL * 1000 * 1000 * 1000;
  if (mag % (60 * kMinute) == 0) return fixed_point(ns, 60 * kMinute, 0) + "h";
  if (mag % kMinute == 0) return fixed_point(ns, kMinute, 0) + "m";
  if (mag >= 1000LL * 1000 * 1000) return fixed_point(ns, 1000LL * 1000 * 1000, 9) + "s";
  if (mag >= 1000LL * 1000) return fixed_point(ns, 1000LL * 1000, 6) + "ms";
  if (mag >= 1000) return fixed_point(ns, 1000, 3) + "us";
  return fixed_point(ns, 1, 0) + "ns";
}

std::string format_ms(int64_t ns) { return fixed_point(ns, 1000 * 1000, 6); }

DecimalParse parse_decimal(std::string_view s, int places) {
  const std::string quoted = "'" + std::string(s) + "'";
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  __int128 v = 0;
  int digits = 0;
  int frac = -1;  // fractional digits seen; -1 before the point
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.' && frac < 0) {
      frac = 0;
      continue;
    }
    if (c < '0' || c > '9') return {std::nullopt, "expected a number, got " + quoted};
    if (frac >= 0 && ++frac > places) {
      return {std::nullopt, quoted + " has more than " + std::to_string(places) + " decimal places"};
    }
    v = v * 10 + (c - '0');
    if (v > std::numeric_limits<int64_t>::max()) return {std::nullopt, quoted + " is too large"};
    ++digits;
  }
  if (digits == 0) return {std::nullopt, "expected a number, got " + quoted};
  for (int k = std::max(frac, 0); k < places; ++k) {
    v *= 10;
    if (v > std::numeric_limits<int64_t>::max()) return {std::nullopt, quoted + " is too large"};
  }
  return {static_cast<int64_t>(negative ? -v : v), ""};
}

std::string format_decimal(int64_t value, int places) {
  int64_t scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  return fixed_point(value, scale, places);
}

std::string format_seconds(int64_t ns) {
  std::string s = fixed_point(ns, 1000LL * 1000 * 1000, 9);
  // Pad to milliseconds so that columns of times line up: 21.5 -> 21.500.
  const size_t dot = s.find('.');
  if (dot == std::string::npos) {
    s += ".000";
  } else if (s.size() - dot - 1 < 3) {
    s.append(3 - (s.size() - dot - 1), '0');
  }
  return s + "s";
}

}  // namespace leasesim::sim
