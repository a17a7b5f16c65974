#include "harness/sweep_axis.h"

#include <cctype>
#include <limits>

#include "sim/duration_text.h"

namespace leasesim::harness {
namespace {

constexpr int kMaxPlaces = 9;

[[noreturn]] void bad(const std::string& key, const std::string& what) { throw SweepError("--vary " + key + ": " + what); }

struct KeyStep {
  std::string key;
  std::vector<size_t> indices;  // `faults[1]`: key "faults", indices {1}
};

std::vector<KeyStep> parse_path(const std::string& key) {
  std::vector<KeyStep> path;
  size_t i = 0;
  const auto expected = [&](const std::string& what) {
    bad(key, "expected " + what + " at character " + std::to_string(i + 1) +
                 " (a key path is keys joined by dots, with [N] for a list's item: faults[1].delay.extra)");
  };
  while (true) {
    KeyStep step;
    while (i < key.size() && (std::isalnum(static_cast<unsigned char>(key[i])) || key[i] == '_' || key[i] == '-')) {
      step.key += key[i++];
    }
    if (step.key.empty()) expected("a key");
    while (i < key.size() && key[i] == '[') {
      const size_t close = key.find(']', i);
      if (close == std::string::npos || close == i + 1) expected("an index and ]");
      size_t index = 0;
      for (size_t j = i + 1; j < close; ++j) {
        if (!std::isdigit(static_cast<unsigned char>(key[j])) || index > 1'000'000) expected("an index (digits)");
        index = index * 10 + static_cast<size_t>(key[j] - '0');
      }
      step.indices.push_back(index);
      i = close + 1;
    }
    path.push_back(std::move(step));
    if (i == key.size()) break;
    if (key[i] != '.') expected("'.' or '['");
    ++i;
  }
  if (path.front().key == "expect" || path.front().key == "explore") {
    bad(key, "a sweep varies what the run does; `expect` and `explore` do not change it");
  }
  if (path.size() == 1 && (path.front().key == "name" || path.front().key == "description")) {
    bad(key, "`" + path.front().key + "` does not change the run");
  }
  return path;
}

// "2.5s", "-1ms": digits then a unit. Anything else is read as a number (and refused as one).
bool looks_like_duration(const std::string& text) {
  return !text.empty() && std::isalpha(static_cast<unsigned char>(text.back())) &&
         text.find_first_of("0123456789") != std::string::npos;
}

int decimal_places(const std::string& text) {
  const size_t dot = text.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

}  // namespace

SweepAxis parse_axis(const std::string& key, const std::string& from, const std::string& to, const std::string& resolution) {
  SweepAxis a;
  a.key = key;
  parse_path(key);
  a.is_duration = looks_like_duration(from) || looks_like_duration(to);
  const auto value = [&](const std::string& option, const std::string& text) -> int64_t {
    if (a.is_duration) {
      const sim::DurationParse d = sim::parse_duration(text);
      if (!d.value) bad(key, option + " " + text + ": " + d.error + (looks_like_duration(text) ? "" : " (the other end of the range is a duration)"));
      return d.value->ns;
    }
    const sim::DecimalParse n = sim::parse_decimal(text, a.places);
    if (!n.value) bad(key, option + " " + text + ": " + n.error);
    return *n.value;
  };
  if (!a.is_duration) {
    a.places = std::max({decimal_places(from), decimal_places(to), decimal_places(resolution)});
    if (a.places > kMaxPlaces) bad(key, "at most " + std::to_string(kMaxPlaces) + " decimal places");
  }
  a.from = value("--from", from);
  const int64_t end = value("--to", to);
  if (!resolution.empty()) {
    if (a.is_duration != looks_like_duration(resolution)) {
      bad(key, "--resolution " + resolution + (a.is_duration ? " needs a unit, like the range it divides" : " must be a plain number, like the range it divides"));
    }
    a.resolution = value("--resolution", resolution);
    if (a.resolution <= 0) bad(key, "--resolution must be positive, got " + resolution);
  }
  if (end == a.from) bad(key, "--from and --to are the same value, " + a.text(end) + "; nothing to sweep");
  a.sign = end > a.from ? 1 : -1;
  const __int128 span = static_cast<__int128>(end) - a.from;
  const __int128 distance = span < 0 ? -span : span;
  if (distance % a.resolution != 0) {
    bad(key, "the range " + a.text(a.from) + " to " + a.text(end) + " is not a whole number of --resolution " +
                 a.text(a.resolution) + " steps");
  }
  if (distance / a.resolution > std::numeric_limits<int64_t>::max()) {
    bad(key, "the range " + a.text(a.from) + " to " + a.text(end) + " is more than 2^63-1 steps of " + a.text(a.resolution) +
                 "; give a coarser --resolution or a narrower range");
  }
  a.steps = static_cast<int64_t>(distance / a.resolution);
  return a;
}

void set_value(YAML::Node root, const SweepAxis& axis, const std::string& text) {
  YAML::Node node;
  node.reset(root);
  std::string where;
  for (const KeyStep& step : parse_path(axis.key)) {
    if (node.IsDefined() && !node.IsNull() && !node.IsMap()) {
      bad(axis.key, (where.empty() ? "the scenario" : where) + " is " + (node.IsSequence() ? "a list" : "a value") +
                        ", so it has no key '" + step.key + "'");
    }
    YAML::Node child;
    child.reset(node[step.key]);
    node.reset(child);
    where += (where.empty() ? "" : ".") + step.key;
    for (size_t index : step.indices) {
      if (!node.IsSequence()) bad(axis.key, where + " is not a list in the scenario");
      if (index >= node.size()) {
        bad(axis.key, where + " has " + std::to_string(node.size()) + (node.size() == 1 ? " item" : " items") +
                          " (counted from 0), so [" + std::to_string(index) + "] is past its end");
      }
      YAML::Node item;
      item.reset(node[index]);
      node.reset(item);
      where += "[" + std::to_string(index) + "]";
    }
  }
  node = text;
}

}  // namespace leasesim::harness
