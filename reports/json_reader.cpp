#include "reports/json_reader.h"

#include <cstdio>
#include <set>

#include "sim/utf8.h"

namespace leasesim::reports {

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

namespace {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Parser {
 public:
  Parser(std::string_view text, const JsonLimits& limits, const std::string& what) : s_(text), limits_(limits), what_(what) {}

  JsonValue document() {
    JsonValue v = value(0);
    skip_space();
    if (i_ < s_.size()) fail("text after the first value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw JsonError(line_, column(), "not JSON: " + message); }
  int column() const { return static_cast<int>(i_ - line_start_) + 1; }
  bool at_end() const { return i_ >= s_.size(); }

  // What is at the cursor, for a message: a character, or its byte in hex.
  std::string here() const {
    if (at_end()) return "the end of the text";
    const auto c = static_cast<unsigned char>(s_[i_]);
    if (c > 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
    return buf;
  }

  void skip_space() {
    for (; !at_end(); ++i_) {
      const char c = s_[i_];
      if (c == '\n') {
        ++line_;
        line_start_ = i_ + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
    }
  }

  void expect(char c, const char* where) {
    skip_space();
    if (at_end() || s_[i_] != c) fail(std::string("expected '") + c + "' " + where + ", found " + here());
    ++i_;
  }

  JsonValue value(int depth) {
    skip_space();
    JsonValue v;
    v.line = line_;
    v.column = column();
    if (++values_ > limits_.max_values) {
      throw JsonError(line_, column(), "more than " + std::to_string(limits_.max_values) + " values, far more than " + what_ + " holds");
    }
    if (at_end()) fail("expected a value, found the end of the text");
    switch (s_[i_]) {
      case '{': return object(std::move(v), depth + 1);
      case '[': return array(std::move(v), depth + 1);
      case '"':
        v.kind = JsonValue::Kind::string;
        v.text = string();
        return v;
      case 't': return literal(std::move(v), "true", JsonValue::Kind::boolean);
      case 'f': return literal(std::move(v), "false", JsonValue::Kind::boolean);
      case 'n': return literal(std::move(v), "null", JsonValue::Kind::null);
      default:
        if (s_[i_] == '-' || is_digit(s_[i_])) return number(std::move(v));
        fail("expected a value, found " + here());
    }
  }

  void enter(int depth) const {
    if (depth > limits_.max_depth) {
      throw JsonError(line_, column(), "nested deeper than " + std::to_string(limits_.max_depth) + " levels, far deeper than " + what_ + " goes");
    }
  }

  JsonValue object(JsonValue v, int depth) {
    enter(depth);
    v.kind = JsonValue::Kind::object;
    ++i_;
    skip_space();
    if (!at_end() && s_[i_] == '}') {
      ++i_;
      return v;
    }
    std::set<std::string> keys;
    while (true) {
      skip_space();
      if (at_end() || s_[i_] != '"') fail("expected a key in quotes, found " + here());
      const int key_line = line_;
      const int key_column = column();
      std::string key = string();
      if (!keys.insert(key).second) throw JsonError(key_line, key_column, "the key " + quote_text(key) + " appears twice");
      expect(':', "after a key");
      JsonValue member = value(depth);
      v.members.push_back({std::move(key), std::move(member)});
      skip_space();
      if (!at_end() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      expect('}', "or ',' after a member");
      return v;
    }
  }

  JsonValue array(JsonValue v, int depth) {
    enter(depth);
    v.kind = JsonValue::Kind::array;
    ++i_;
    skip_space();
    if (!at_end() && s_[i_] == ']') {
      ++i_;
      return v;
    }
    while (true) {
      v.items.push_back(value(depth));
      skip_space();
      if (!at_end() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      expect(']', "or ',' after an item");
      return v;
    }
  }

  JsonValue literal(JsonValue v, std::string_view word, JsonValue::Kind kind) {
    if (s_.substr(i_, word.size()) != word) fail("expected a value, found " + here());
    i_ += word.size();
    v.kind = kind;
    v.text = std::string(kind == JsonValue::Kind::null ? "" : word);
    return v;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, kept as written.
  JsonValue number(JsonValue v) {
    const size_t start = i_;
    if (s_[i_] == '-') ++i_;
    if (at_end() || !is_digit(s_[i_])) fail("expected a digit, found " + here());
    if (s_[i_] == '0') {
      ++i_;
    } else {
      while (!at_end() && is_digit(s_[i_])) ++i_;
    }
    if (!at_end() && s_[i_] == '.') {
      ++i_;
      if (at_end() || !is_digit(s_[i_])) fail("expected a digit after '.', found " + here());
      while (!at_end() && is_digit(s_[i_])) ++i_;
    }
    if (!at_end() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (!at_end() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (at_end() || !is_digit(s_[i_])) fail("expected a digit in the exponent, found " + here());
      while (!at_end() && is_digit(s_[i_])) ++i_;
    }
    v.kind = JsonValue::Kind::number;
    v.text = std::string(s_.substr(start, i_ - start));
    return v;
  }

  uint32_t hex4() {
    if (i_ + 4 > s_.size()) fail("expected four hex digits after \\u");
    uint32_t cp = 0;
    for (int k = 0; k < 4; ++k, ++i_) {
      const char c = s_[i_];
      const int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0) fail("expected four hex digits after \\u, found " + here());
      cp = cp * 16 + static_cast<uint32_t>(d);
    }
    return cp;
  }

  // REQUIRES: the cursor is on the opening quote.
  std::string string() {
    ++i_;
    std::string out;
    while (true) {
      if (at_end()) fail("a string without its closing quote");
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return out;
      }
      if (c < 0x20) fail("a control character (" + here() + ") in a string; JSON writes it as an escape");
      if (c == '\\') {
        escape(out);
        continue;
      }
      const sim::Utf8 u = sim::decode_utf8(s_, i_);
      if (u.length == 0) fail(here() + " is not UTF-8");
      out.append(s_.substr(i_, u.length));
      i_ += u.length;
    }
  }

  void escape(std::string& out) {
    ++i_;
    if (at_end()) fail("a string without its closing quote");
    const char c = s_[i_++];
    switch (c) {
      case '"': out += '"'; return;
      case '\\': out += '\\'; return;
      case '/': out += '/'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case 'u': break;
      default:
        --i_;
        fail(static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f ? std::string("unknown escape '\\") + c + "'"
                                                                                          : "unknown escape: a backslash, then " + here());
    }
    uint32_t cp = hex4();
    if (cp >= 0xdc00 && cp <= 0xdfff) fail("a lone low surrogate in a \\u escape");
    if (cp >= 0xd800 && cp <= 0xdbff) {
      if (s_.substr(i_, 2) != "\\u") fail("a high surrogate without its low surrogate in a \\u escape");
      i_ += 2;
      const uint32_t low = hex4();
      if (low < 0xdc00 || low > 0xdfff) fail("a high surrogate without its low surrogate in a \\u escape");
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    }
    append_utf8(out, cp);
  }

  std::string_view s_;
  const JsonLimits& limits_;
  const std::string& what_;
  size_t i_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  size_t values_ = 0;
};

}  // namespace

std::string quote_text(std::string_view text, size_t most) {
  std::string out = "'";
  size_t i = 0;
  while (i < text.size() && i < most) {
    const sim::Utf8 u = sim::decode_utf8(text, i);
    if (u.length == 0 || sim::invisible(u.code_point)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%x}", u.length == 0 ? 0xfffdu : u.code_point);
      out += buf;
      i += u.length == 0 ? 1 : u.length;
    } else {
      out.append(text.substr(i, u.length));
      i += u.length;
    }
  }
  return out + (i < text.size() ? "...'" : "'");
}

JsonValue parse_json(std::string_view text, const JsonLimits& limits, const std::string& what) {
  return Parser(text, limits, what).document();
}

}  // namespace leasesim::reports
