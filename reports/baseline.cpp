#include "reports/baseline.h"

#include <algorithm>

namespace leasesim::reports {
namespace {

bool word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// The end of the word starting at `i` (i itself if there is none).
size_t word_end(const std::string& line, size_t i) {
  while (i < line.size() && word_char(line[i])) ++i;
  return i;
}

// REQUIRES: `line` is not a comment. Throws at the first character that does not fit.
void check_signature(const std::string& line, int n) {
  auto fail = [n](size_t col, const std::string& what) { throw BaselineError(n, static_cast<int>(col) + 1, what); };
  const size_t checker_end = word_end(line, 0);
  if (checker_end == 0) fail(0, "expected an invariant name (lowercase letters, digits, '_'), as in 'lease_safety: delay + drop'");
  if (line.compare(checker_end, 2, ": ") != 0) fail(checker_end, "expected ': ' after the invariant name");
  size_t i = checker_end + 2;
  if (line.compare(i, std::string::npos, "no fault") == 0) return;
  std::string previous;
  for (;;) {
    const size_t end = word_end(line, i);
    if (end == i) fail(i, "expected a kind of fault (lowercase letters, digits, '_') or 'no fault'");
    const std::string kind = line.substr(i, end - i);
    if (!previous.empty() && kind <= previous) fail(i, "kinds of fault are listed once each, sorted: '" + kind + "' after '" + previous + "'");
    previous = kind;
    if (end == line.size()) return;
    if (line.compare(end, 3, " + ") != 0) fail(end, "expected ' + ' between kinds of fault, or the end of the line");
    i = end + 3;
  }
}

}  // namespace

Baseline parse_baseline(const std::string& text) {
  Baseline out;
  int n = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    check_signature(line, n);
    if (!out.insert(line).second) throw BaselineError(n, 1, "'" + line + "' is given twice");
  }
  return out;
}

std::string render_baseline(const ExploreSummary& s) {
  std::set<std::string> sigs;
  for (const DistinctViolation& d : s.distinct) sigs.insert(d.signature);
  std::string o = "# leasesim explore baseline: the accepted violation signatures (invariant: kinds of fault its\n"
                  "# shrunk schedule needs), one a line, sorted; `leasesim explore --baseline FILE` fails only on others.\n"
                  "# From " + s.file + ", seed " + std::to_string(s.seed) + ", " + std::to_string(s.runs_done) + " runs.\n";
  for (const std::string& sig : sigs) o += sig + "\n";
  return o;
}

void apply_baseline(ExploreSummary& s, const Baseline& known, const std::string& file) {
  s.baseline_file = file;
  for (DistinctViolation& d : s.distinct) d.known = known.contains(d.signature);
}

bool exploration_failed(const ExploreSummary& s) {
  if (s.runs_nondeterministic > 0) return true;
  if (s.baseline_file.empty()) return s.runs_violating > 0;
  return std::any_of(s.distinct.begin(), s.distinct.end(), [](const DistinctViolation& d) { return !d.known; });
}

}  // namespace leasesim::reports
