#include "harness/expect_writer.h"

#include <algorithm>
#include <regex>

#include <yaml-cpp/yaml.h>

#include "harness/input_error.h"

namespace leasesim::harness {
namespace {

bool found_by(const std::vector<reports::ViolationRecord>& windows, const std::string& checker) {
  return std::any_of(windows.begin(), windows.end(), [&](const reports::ViolationRecord& v) { return v.checker == checker; });
}

struct Line {
  size_t begin = 0;  // offset of its first byte
  size_t end = 0;    // offset past its newline (or the text's end)
  std::string_view text;  // without the newline
};

std::vector<Line> lines_of(const std::string& text) {
  std::vector<Line> out;
  for (size_t at = 0; at < text.size();) {
    const size_t nl = text.find('\n', at);
    const size_t stop = nl == std::string::npos ? text.size() : nl;
    out.push_back({at, nl == std::string::npos ? stop : nl + 1, std::string_view(text).substr(at, stop - at)});
    at = out.back().end;
  }
  return out;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

[[noreturn]] void refuse(const std::string& file, size_t line, size_t column, const std::string& why) {
  throw InputError(file, {static_cast<int>(line + 1), static_cast<int>(column + 1)}, "expect",
                   "cannot be rewritten safely: " + why + "; the file is left as it is (edit its `expect` by hand, or make it a plain block)");
}

// The lines [first, last] of the block that starts at the key on line `key`: the key's line and
// every indented line after it up to the next top-level line. Comment lines at the margin after
// it belong to what follows; one between its lines would be lost.
size_t block_end(const std::vector<Line>& lines, size_t key, const std::string& file) {
  size_t last = key;
  std::optional<size_t> margin_comment;
  for (size_t j = key + 1; j < lines.size(); ++j) {
    const std::string_view s = lines[j].text;
    if (blank(s)) continue;
    if (s[0] != ' ' && s[0] != '\t') {
      if (s[0] != '#') break;  // the next key, or a document marker
      if (!margin_comment) margin_comment = j;
      continue;
    }
    if (margin_comment) refuse(file, *margin_comment, 0, "a comment between the lines of the block would be lost");
    last = j;
  }
  return last;
}

// Refuses what a rewrite would lose or misread: comments, anchors, aliases, tags, block scalars.
void check_block(const std::vector<Line>& lines, size_t first, size_t last, const std::string& file) {
  static const std::regex comment(R"((^|\s)#)");
  static const std::regex node_property(R"((^|[\s\[{,:-])([&*!][^\s,\]}]*|[|>][-+0-9]*\s*$))");
  for (size_t j = first; j <= last; ++j) {
    const std::string s(first == j ? lines[j].text.substr(lines[j].text.find(':') + 1) : lines[j].text);
    const size_t offset = lines[j].text.size() - s.size();
    std::smatch m;
    if (std::regex_search(s, m, comment)) refuse(file, j, offset + m.position(0) + m.length(1), "a comment inside the block would be lost");
    if (std::regex_search(s, m, node_property)) {
      refuse(file, j, offset + m.position(2), "an anchor, alias, tag or block scalar (" + m.str(2) + ") is not rewritten");
    }
  }
  const std::string_view after_key = lines[first].text.substr(lines[first].text.find(':') + 1);
  if (!blank(after_key) && last > first) refuse(file, first, 0, "a flow map spanning several lines");
}

}  // namespace

Expect observed_expect(const reports::Result& r, const Expect& authored) {
  Expect x;
  for (const std::string& c : r.checkers) x.verdicts[c] = found_by(r.violations, c) ? Verdict::violated : Verdict::holds;
  for (const std::string& c : r.liveness_checkers) x.reported[c] = found_by(r.reports, c);
  // In the order the run lists them (by start), which check_expectations compares in.
  std::vector<reports::ViolationRecord> all = r.violations;
  all.insert(all.end(), r.reports.begin(), r.reports.end());
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.start_ns < b.start_ns; });
  if (!all.empty()) x.windows.emplace();
  for (const reports::ViolationRecord& v : all) {
    ExpectedWindow w{v.checker, v.node, Instant{v.start_ns}, Instant{v.end_ns}, std::nullopt, {}};
    if (v.paused_ns != 0) w.paused = Duration{v.paused_ns};
    x.windows->push_back(w);
  }
  // check_expectations lists the events' outcomes last, in the author's order.
  const size_t first_event = r.expectations.size() - std::min(r.expectations.size(), authored.events.size());
  for (size_t i = 0; i < authored.events.size() && first_event + i < r.expectations.size(); ++i) {
    if (r.expectations[first_event + i].met) x.events.push_back(authored.events[i]);
  }
  return x;
}

std::string replace_expect(const std::string& text, const std::string& file, const std::string& block) {
  const YAML::Node root = YAML::Load(text);
  if (!root.IsMap() || root.Style() == YAML::EmitterStyle::Flow) {
    refuse(file, static_cast<size_t>(std::max(root.Mark().line, 0)), static_cast<size_t>(std::max(root.Mark().column, 0)),
           "the scenario is not a block mapping");
  }
  std::optional<YAML::Mark> key;
  for (const auto& item : root) {
    if (item.first.IsScalar() && item.first.Scalar() == "expect") key = item.first.Mark();
  }
  if (!key) return text + (text.empty() || text.back() == '\n' ? "" : "\n") + block;
  const std::vector<Line> lines = lines_of(text);
  const size_t line = static_cast<size_t>(key->line);
  static const std::regex plain_key(R"(^expect[ \t]*:([ \t].*|\r?)$)");
  if (key->column != 0 || line >= lines.size() || !std::regex_match(std::string(lines[line].text), plain_key)) {
    refuse(file, line, static_cast<size_t>(std::max(key->column, 0)), "the key is not a plain `expect:` at the start of its line");
  }
  const size_t last = block_end(lines, line, file);
  check_block(lines, line, last, file);
  return text.substr(0, lines[line].begin) + block + text.substr(lines[last].end);
}

}  // namespace leasesim::harness
