// Reading JSON that a user hands leasesim (explore summaries, for `merge`), with bounds that
// no input can pass: nesting depth (the parser recurses once a level, so the depth bounds its
// stack; 100,000 brackets crashed the library parser used before) and the number of values
// (each takes memory). Strict RFC 8259: one value, no trailing commas, no comments, strings
// of valid UTF-8 with escapes decoded, numbers kept as written, duplicate keys refused.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace leasesim::reports {

struct JsonMember;

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  std::string text;  // a string's value (decoded), a number as written, "true" or "false"
  std::vector<JsonValue> items;                             // an array's
  std::vector<JsonMember> members;  // an object's, in order, keys unique
  int line = 0;  // where the value starts, 1-based
  int column = 0;

  // The member named `key` of an object, or null.
  const JsonValue* find(std::string_view key) const;
};

// Not a std::pair, which needs JsonValue complete where JsonValue declares its members (clang
// refuses it).
struct JsonMember {
  std::string key;
  JsonValue value;
};

struct JsonLimits {
  int max_depth = 32;           // arrays and objects nested in one another
  size_t max_values = 1'000'000;  // values of every kind, members' keys not counted
};

// Bad JSON or a value out of bounds, at a place in the text.
class JsonError : public std::runtime_error {
 public:
  JsonError(int line, int column, const std::string& message)
      : std::runtime_error(std::to_string(line) + ":" + std::to_string(column) + ": " + message), line_(line), column_(column),
        message_(message) {}
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  int line_;
  int column_;
  std::string message_;
};

// `text` as a message quotes it: in single quotes, invisible characters and bytes that are not
// UTF-8 escaped (\u{1b}, \u{fffd}), cut after `most` bytes ("...").
std::string quote_text(std::string_view text, size_t most = 64);

// `what` names the document in messages about the limits ("an explore summary").
JsonValue parse_json(std::string_view text, const JsonLimits& limits, const std::string& what);

}  // namespace leasesim::reports
