// Reading YAML with the care a user's hand-written file deserves: every value knows its key
// path and position, so every error is `FILE:LINE:COLUMN: key.path: what is wrong`; maps refuse
// unknown keys (with a did-you-mean) and duplicate keys; numbers and durations are parsed
// exactly. Nothing is ever ignored or defaulted silently.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "harness/input_error.h"
#include "sim/clock.h"
#include "sim/time.h"

namespace leasesim::harness {

// The longest duration a scenario may give (a run, a timeout, a clock offset, a jump). Models
// add a clock's offset, its drifted reading of the run's time and a timeout or two; with each
// term at most 10 years the sum stays far inside int64 nanoseconds (292 years). Found by
// hand: an offset, an rpc_timeout and a lease of 292 years each overflowed a timer's deadline
// to time 0, where the follower retried for ever.
constexpr sim::Duration kMaxScenarioDuration{int64_t{87'600} * 3'600 * 1'000'000'000};

class Value {
 public:
  Value(YAML::Node node, std::string path, SourcePos pos, const std::string* file)
      : node_(std::move(node)), path_(std::move(path)), pos_(pos), file_(file) {}

  const std::string& path() const { return path_; }
  SourcePos pos() const { return pos_; }
  const YAML::Node& node() const { return node_; }
  const std::string* file() const { return file_; }
  [[noreturn]] void fail(const std::string& message) const;

  bool is_map() const { return node_.IsMap(); }
  bool is_list() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }

  // Each fails with a message naming what was expected and what was found.
  std::string text(const char* expected = "a string") const;
  sim::Duration duration() const;
  sim::Duration positive_duration() const;
  sim::Duration non_negative_duration() const;
  int64_t integer(int64_t min, int64_t max) const;
  uint64_t unsigned_integer() const;
  // A decimal with at most `places` fractional digits, scaled by 10^places: "12.5" -> 12500.
  int64_t fixed_point(int places, int64_t min_scaled, int64_t max_scaled) const;
  // Parts per million with up to 3 decimals, e.g. -12.5; bounds in billionths.
  sim::Ppm ppm(int64_t min_ppb, int64_t max_ppb) const { return sim::Ppm{fixed_point(3, min_ppb, max_ppb)}; }
  // One of `options`, with a did-you-mean for near misses; returns its index.
  size_t choice(const std::vector<std::string>& options) const;
  std::vector<Value> items(const char* expected = "a list") const;

 private:
  std::string describe_kind() const;

  YAML::Node node_;
  std::string path_;
  SourcePos pos_;
  const std::string* file_;
};

class MapReader {
 public:
  // Fails unless `value` is a map whose keys are unique and all in `known`.
  MapReader(const Value& value, std::vector<std::string> known, const char* expected = "a map");

  bool has(const std::string& key) const;
  std::optional<Value> get(const std::string& key) const;
  Value require(const std::string& key) const;
  const Value& self() const { return self_; }
  // The keys present, in file order.
  std::vector<std::string> keys() const;
  // The value under `key` of a map, read before the map's keys are known (to learn which keys
  // are allowed); nothing is checked. Empty if `map` is no map or has no such key.
  static std::optional<Value> peek(const Value& map, const std::string& key);

 private:
  struct Entry {
    std::string key;
    SourcePos key_pos;
    Value value;
  };
  Value self_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, size_t> index_;  // key -> entry: maps of node names can be large
};

// Parses a whole document. Syntax errors and an empty document become InputErrors.
Value parse_document(const std::string& text, const std::string* file);
// A document already parsed (and perhaps edited, as a sweep does).
Value document_root(const YAML::Node& root, const std::string* file);

}  // namespace leasesim::harness
