#include "harness/yaml_reader.h"

#include <charconv>
#include <cstdio>
#include <limits>
#include <unordered_set>

#include "harness/yaml_guard.h"
#include "sim/duration_text.h"
#include "sim/utf8.h"

namespace leasesim::harness {

void Value::fail(const std::string& message) const { throw InputError(*file_, pos_, path_, message); }

std::string Value::describe_kind() const {
  if (!node_.IsDefined() || node_.IsNull()) return "nothing";
  if (node_.IsMap()) return "a map";
  if (node_.IsSequence()) return "a list";
  return "'" + node_.Scalar() + "'";
}

// One rule for what a text may hold, however the file spells it: the raw-byte check refuses a
// control character typed into the file, and this refuses the same character written as a
// YAML escape ("\0", "\e[2J", "\u202E"). Newlines and tabs may appear in prose.
std::string Value::text(const char* expected) const {
  if (!node_.IsScalar()) fail(std::string("expected ") + expected + ", got " + describe_kind());
  const std::string& s = node_.Scalar();
  for (size_t i = 0; i < s.size();) {
    const sim::Utf8 u = sim::decode_utf8(s, i);
    if (u.length == 0) fail("'" + shown(s) + "' is not UTF-8 text");
    if (sim::invisible(u.code_point) && u.code_point != '\n' && u.code_point != '\t') {
      char cp[16];
      std::snprintf(cp, sizeof cp, "U+%04X", u.code_point);
      fail("'" + shown(s) + "' holds " + cp +
           ", a control, invisible or bidirectional-override character; text in a scenario must show what it says");
    }
    i += u.length;
  }
  return s;
}

sim::Duration Value::duration() const {
  if (!node_.IsScalar()) fail("expected a duration such as 250us, 1.5ms or 12s, got " + describe_kind());
  const sim::DurationParse p = sim::parse_duration(node_.Scalar());
  if (!p.value) fail(p.error);
  if (p.value->ns > kMaxScenarioDuration.ns || p.value->ns < -kMaxScenarioDuration.ns) {
    fail("'" + node_.Scalar() + "' is too long: a scenario's durations are at most 87600h (10 years) either way");
  }
  return *p.value;
}

sim::Duration Value::positive_duration() const {
  const sim::Duration d = duration();
  if (d.ns <= 0) fail("must be longer than zero, got " + node_.Scalar());
  return d;
}

sim::Duration Value::non_negative_duration() const {
  const sim::Duration d = duration();
  if (d.ns < 0) fail("must not be negative, got " + node_.Scalar());
  return d;
}

int64_t Value::integer(int64_t min, int64_t max) const {
  const std::string s = text("an integer");
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) {
    fail("'" + s + "' is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  if (ec != std::errc() || end != s.data() + s.size()) fail("expected an integer, got '" + s + "'");
  if (v < min || v > max) {
    fail(std::to_string(v) + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return v;
}

uint64_t Value::unsigned_integer() const {
  const std::string s = text("a non-negative integer");
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) fail("'" + s + "' does not fit 64 bits");
  if (ec != std::errc() || end != s.data() + s.size()) fail("expected a non-negative integer, got '" + s + "'");
  return v;
}

int64_t Value::fixed_point(int places, int64_t min_scaled, int64_t max_scaled) const {
  const std::string s = text("a number");
  const sim::DecimalParse parsed = sim::parse_decimal(s, places);
  if (!parsed.value) fail(parsed.error);
  const int64_t v = *parsed.value;
  if (v < min_scaled || v > max_scaled) {
    fail("'" + s + "' is out of range [" + sim::format_decimal(min_scaled, places) + ", " +
         sim::format_decimal(max_scaled, places) + "]");
  }
  return v;
}

size_t Value::choice(const std::vector<std::string>& options) const {
  const std::string s = text(("one of " + join(options, ", ")).c_str());
  for (size_t i = 0; i < options.size(); ++i) {
    if (options[i] == s) return i;
  }
  fail("'" + s + "' is not one of " + join(options, ", ") + suggestion(s, options));
}

std::vector<Value> Value::items(const char* expected) const {
  if (!node_.IsSequence()) fail(std::string("expected ") + expected + ", got " + describe_kind());
  std::vector<Value> out;
  size_t index = 0;
  for (const YAML::Node& item : node_) {
    const SourcePos p = item.IsNull() ? pos_ : source_pos(item.Mark());
    out.emplace_back(item, path_ + "[" + std::to_string(index++) + "]", p, file_);
  }
  return out;
}

MapReader::MapReader(const Value& value, std::vector<std::string> known, const char* expected) : self_(value) {
  const YAML::Node& n = value.node();
  if (!n.IsMap()) {
    value.fail(std::string("expected ") + expected + " with keys " + join_some(known) + ", got " +
               (n.IsSequence() ? "a list" : n.IsNull() ? "nothing" : "'" + n.Scalar() + "'"));
  }
  const std::unordered_set<std::string> allowed(known.begin(), known.end());
  for (const auto& pair : n) {
    // Copies: yaml-cpp's iterator hands out a temporary pair, so references into it dangle.
    const YAML::Node k = pair.first;
    const SourcePos key_pos = source_pos(k.Mark());
    const std::string key_path_prefix = value.path().empty() ? "" : value.path() + ".";
    if (!k.IsScalar()) throw InputError(*value.file(), key_pos, value.path(), "keys must be plain names");
    const std::string key = k.Scalar();
    const std::string path = key_path_prefix + key;
    if (allowed.count(key) == 0) {
      throw InputError(*value.file(), key_pos, path,
                       "unknown key '" + key + "'" + suggestion(key, known) + "; expected one of " + join_some(known));
    }
    if (const auto first = index_.find(key); first != index_.end()) {
      throw InputError(*value.file(), key_pos, path,
                       "duplicate key '" + key + "' (first given at line " + std::to_string(entries_[first->second].key_pos.line) + ")");
    }
    index_.emplace(key, entries_.size());
    // An empty value (`key:` and nothing) has no useful mark of its own; point at the key.
    const YAML::Node v = pair.second;
    const SourcePos value_pos = (v.IsNull() || source_pos(v.Mark()).line == 0) ? key_pos : source_pos(v.Mark());
    entries_.push_back({key, key_pos, Value(v, path, value_pos, value.file())});
  }
}

std::optional<Value> MapReader::peek(const Value& map, const std::string& key) {
  if (!map.is_map()) return std::nullopt;
  for (const auto& pair : map.node()) {
    const YAML::Node k = pair.first;
    const YAML::Node v = pair.second;
    if (!k.IsScalar() || k.Scalar() != key) continue;
    const SourcePos pos = (v.IsNull() || source_pos(v.Mark()).line == 0) ? source_pos(k.Mark()) : source_pos(v.Mark());
    return Value(v, map.path().empty() ? key : map.path() + "." + key, pos, map.file());
  }
  return std::nullopt;
}

bool MapReader::has(const std::string& key) const { return get(key).has_value(); }

std::optional<Value> MapReader::get(const std::string& key) const {
  if (const auto it = index_.find(key); it != index_.end()) return entries_[it->second].value;
  return std::nullopt;
}

Value MapReader::require(const std::string& key) const {
  if (auto v = get(key)) return *v;
  self_.fail("missing key '" + key + "'");
}

std::vector<std::string> MapReader::keys() const {
  std::vector<std::string> out;
  for (const Entry& e : entries_) out.push_back(e.key);
  return out;
}

Value parse_document(const std::string& text, const std::string* file) {
  check_yaml_input(text, *file);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw InputError(*file, source_pos(e.mark), "", "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw InputError(*file, source_pos(e.mark), "", "cannot read YAML: " + e.msg);
  }
  return document_root(root, file);
}

Value document_root(const YAML::Node& root, const std::string* file) {
  if (!root.IsDefined() || root.IsNull()) {
    throw InputError(*file, SourcePos{1, 1}, "", "the file holds no scenario (it is empty)");
  }
  return Value(root, "", source_pos(root.Mark()), file);
}

}  // namespace leasesim::harness
