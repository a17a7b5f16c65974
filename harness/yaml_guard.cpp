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
#include "sim/utf8.h"

namespace leasesim::harness {
namespace {

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
    const sim::Utf8 u = sim::decode_utf8(text, i);
    if (u.length == 0) {
      fail("byte " + hex_byte(static_cast<unsigned char>(text[i])) +
           " is not UTF-8; a scenario is a UTF-8 text file (names in Latin-1 or another encoding must be converted)");
    }
    const uint32_t cp = u.code_point;
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f) {
      fail("control character " + hex_byte(static_cast<unsigned char>(cp)) + " in the text; a scenario is a UTF-8 text file" +
           (cp == 0 ? " (is this a binary file?)" : ""));
    }
    if ((cp >= 0x80 && cp < 0xa0 && cp != 0x85) || cp == 0xfffe || cp == 0xffff) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", cp);
      fail(std::string("character ") + buf + " is not allowed in YAML text");
    }
    if (cp == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += u.length;
  }
}

class ShapeCheck final : public YAML::EventHandler {
 public:
  explicit ShapeCheck(const std::string& file) : file_(file) {}

  void OnDocumentStart(const YAML::Mark& m) override { start = m; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override {
    written(m);
    leaf(m, anchor, 1);
  }

  YAML::Mark start;  // where the document began
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor, const std::string&) override {
    check_tag(m, tag);
    written(m);
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
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    check_tag(m, tag);
    open(m, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    check_tag(m, tag);
    open(m, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    YAML::anchor_t anchor;
    long size;
  };
  [[noreturn]] void fail(const YAML::Mark& m, const std::string& what) const { throw InputError(file_, source_pos(m), "", what); }
  // yaml-cpp reports an untagged node as "?" (plain) or "!" (quoted). Any other tag would be
  // read as plain text by the loader (a `!!binary` value is not decoded, `!!null` is not null),
  // so it is refused rather than half-honoured.
  void check_tag(const YAML::Mark& m, const std::string& tag) const {
    if (tag.empty() || tag == "?" || tag == "!") return;
    const std::string core = "tag:yaml.org,2002:";
    const std::string written = tag.rfind(core, 0) == 0 ? "!!" + tag.substr(core.size()) : tag;
    fail(m, "the YAML tag " + shown(written) + " is not part of the scenario format; write the value plainly");
  }
  void leaf(const YAML::Mark&, YAML::anchor_t anchor, long size) {
    if (anchor != YAML::NullAnchor) size_[anchor] = size;
    if (!stack_.empty()) stack_.back().size += size;
  }
  // yaml-cpp's tree takes some 500 bytes a value: 16 MiB of `[1,1,1,...]` took 3.7 GB.
  void written(const YAML::Mark& m) {
    if (++written_ > kMaxYamlValues) {
      fail(m, "more than " + std::to_string(kMaxYamlValues) + " values in the file; the largest scenario the limits allow (" +
                  "100000 nodes, each with a clock, and 10000 faults) has under 1000000");
    }
  }
  void open(const YAML::Mark& m, YAML::anchor_t anchor) {
    written(m);
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
  long written_ = 0;  // values written out (scalars, nulls, lists and maps), aliases aside
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

SourcePos source_pos(const YAML::Mark& m) { return m.line < 0 ? SourcePos{} : SourcePos{m.line + 1, m.column + 1}; }

void check_yaml_input(const std::string& text, const std::string& file) {
  check_text(text, file);
  std::istringstream in(text);
  try {
    YAML::Parser parser(in);
    ShapeCheck shape(file);
    if (!parser.HandleNextDocument(shape)) return;
    ShapeCheck second(file);
    if (parser.HandleNextDocument(second)) {
      throw InputError(file, source_pos(second.start), "", "a second YAML document starts here; a scenario file holds one");
    }
  } catch (const YAML::DeepRecursion& e) {
    throw InputError(file, source_pos(e.mark), "", "nested deeper than " + std::to_string(kMaxYamlDepth) + " levels; a scenario needs at most 7");
  } catch (const YAML::ParserException& e) {
    explain_tab(text, file, e.mark);
    throw InputError(file, source_pos(e.mark), "", "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw InputError(file, source_pos(e.mark), "", "cannot read YAML: " + e.msg);
  }
}

}  // namespace leasesim::harness
