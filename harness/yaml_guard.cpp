#include "harness/yaml_guard.h"

#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "harness/input_error.h"

namespace leasesim::harness {
namespace {

SourcePos pos_of(const YAML::Mark& m) { return m.line < 0 ? SourcePos{} : SourcePos{m.line + 1, m.column + 1}; }

std::string hex_byte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", c);
  return buf;
}

// YAML 1.2 allows tab, LF, CR, printable ASCII, U+0085 and U+00A0 upwards (no surrogates,
// U+FFFE or U+FFFF); yaml-cpp would silently read anything else as some encoding or other.
void check_text(const std::string& text, const std::string& file) {
  int line = 1;
  int column = 1;
  const auto fail = [&](const std::string& what) { throw InputError(file, {line, column}, "", what); };
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\n') {
        ++line;
        column = 1;
      } else if (c < 0x20 && c != '\t' && c != '\r') {
        fail("control character " + hex_byte(c) + " in the text; a scenario is a UTF-8 text file" +
             (c == 0 ? " (is this a binary file?)" : ""));
      } else if (c == 0x7f) {
        fail("control character 0x7f in the text; a scenario is a UTF-8 text file");
      } else {
        ++column;
      }
      ++i;
      continue;
    }
    const int len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    uint32_t cp = len == 4 ? c & 0x07u : len == 3 ? c & 0x0fu : c & 0x1fu;
    bool ok = len != 0 && i + len <= text.size();
    for (int k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      ok = (cc & 0xc0) == 0x80;
      cp = (cp << 6) | (cc & 0x3fu);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
    ok = ok && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10ffff)) && !(cp >= 0xd800 && cp <= 0xdfff);
    if (!ok) {
      fail("byte " + hex_byte(c) + " is not UTF-8; a scenario is a UTF-8 text file (names in Latin-1 or another "
           "encoding must be converted)");
    }
    if ((cp >= 0x80 && cp < 0xa0 && cp != 0x85) || cp == 0xfffe || cp == 0xffff) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", cp);
      fail(std::string("character ") + buf + " is not allowed in YAML text");
    }
    ++column;
    i += len;
  }
}

class ShapeCheck final : public YAML::EventHandler {
 public:
  explicit ShapeCheck(const std::string& file) : file_(file) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override { leaf(m, anchor, 1); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, const std::string&) override {
    leaf(m, anchor, 1);
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t anchor) override {
    if (open_anchors_.count(anchor) != 0) fail(m, "this alias refers to a node that contains it (a cycle)");
    const auto it = size_.find(anchor);
    const long size = it == size_.end() ? 1 : it->second;
    expanded_ += size;
    if (expanded_ > kMaxAliasExpansion) {
      fail(m, "aliases expand this document by more than " + std::to_string(kMaxAliasExpansion) +
                  " values (a \"billion laughs\"); write the values out instead of nesting aliases");
    }
    leaf(m, YAML::NullAnchor, size);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(m, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(m, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    YAML::anchor_t anchor;
    long size;
  };
  [[noreturn]] void fail(const YAML::Mark& m, const std::string& what) const { throw InputError(file_, pos_of(m), "", what); }
  void leaf(const YAML::Mark&, YAML::anchor_t anchor, long size) {
    if (anchor != YAML::NullAnchor) size_[anchor] = size;
    if (!stack_.empty()) stack_.back().size += size;
  }
  void open(const YAML::Mark& m, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= kMaxYamlDepth) {
      fail(m, "nested deeper than " + std::to_string(kMaxYamlDepth) + " levels; a scenario needs at most 7");
    }
    stack_.push_back({anchor, 1});
    if (anchor != YAML::NullAnchor) open_anchors_.insert(anchor);
  }
  void close() {
    const Frame f = stack_.back();
    stack_.pop_back();
    if (f.anchor != YAML::NullAnchor) {
      open_anchors_.erase(f.anchor);
      size_[f.anchor] = f.size;
    }
    if (!stack_.empty()) stack_.back().size += f.size;
  }

  const std::string& file_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, long> size_;
  std::set<YAML::anchor_t> open_anchors_;
  long expanded_ = 0;
};

class Ignore final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& m) override { start = m; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  YAML::Mark start;
};

// The line (0-based) of `text`, if it is there.
std::string_view line_of(const std::string& text, int line) {
  size_t start = 0;
  for (int l = 0; l < line; ++l) {
    start = text.find('\n', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  const size_t end = text.find('\n', start);
  return std::string_view(text).substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// yaml-cpp's word for a tab in the indentation is "illegal block entry" or worse; name it.
void explain_tab(const std::string& text, const std::string& file, const YAML::Mark& m) {
  for (int line = m.line; line >= 0 && line >= m.line - 1; --line) {
    const std::string_view l = line_of(text, line);
    const size_t indent = l.find_first_not_of(" \t");
    const size_t tab = l.substr(0, indent).find('\t');
    if (tab != std::string_view::npos) {
      throw InputError(file, {line + 1, static_cast<int>(tab) + 1}, "",
                       "a tab in the indentation; YAML indents with spaces only");
    }
  }
}

}  // namespace

void check_yaml_input(const std::string& text, const std::string& file) {
  check_text(text, file);
  std::istringstream in(text);
  try {
    YAML::Parser parser(in);
    ShapeCheck shape(file);
    if (!parser.HandleNextDocument(shape)) return;
    Ignore second;
    if (parser.HandleNextDocument(second)) {
      throw InputError(file, pos_of(second.start), "", "a second YAML document starts here; a scenario file holds one");
    }
  } catch (const YAML::DeepRecursion& e) {
    throw InputError(file, pos_of(e.mark), "", "nested deeper than " + std::to_string(kMaxYamlDepth) + " levels; a scenario needs at most 7");
  } catch (const YAML::ParserException& e) {
    explain_tab(text, file, e.mark);
    throw InputError(file, pos_of(e.mark), "", "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw InputError(file, pos_of(e.mark), "", "cannot read YAML: " + e.msg);
  }
}

}  // namespace leasesim::harness
