#include "harness/input_error.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "sim/utf8.h"

namespace leasesim::harness {
namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Messages quote what the user wrote; a value of a megabyte is cut.
constexpr size_t kMaxShown = 2000;

}  // namespace

std::string shown(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (out.size() >= kMaxShown) return out + "... (" + std::to_string(text.size() - i) + " more bytes)";
    const sim::Utf8 u = sim::decode_utf8(text, i);
    if (u.length == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[i]));
      out += buf;
      ++i;
      continue;
    }
    const uint32_t cp = u.code_point;
    if (sim::invisible(cp) && cp != '\t') {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%x}", cp);
      out += buf;
    } else {
      out.append(text.substr(i, u.length));
    }
    i += u.length;
  }
  return out;
}

InputError::InputError(std::string file, SourcePos pos, std::string path, std::string message)
    : file_(std::move(file)), pos_(pos), path_(shown(path)), message_(shown(message)) {
  text_ = file_;
  if (pos_.line > 0) text_ += ":" + std::to_string(pos_.line) + ":" + std::to_string(pos_.column);
  text_ += ": ";
  if (!path_.empty()) text_ += path_ + ": ";
  text_ += message_;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& options) {
  // No name or key is this long: a long word is no typo, and comparing it with 100,000 node
  // names would take minutes.
  if (word.size() > 128) return "";
  std::string best;
  size_t best_distance = 0;
  for (const std::string& o : options) {
    const size_t d = edit_distance(word, o);
    if (best.empty() || d < best_distance) {
      best = o;
      best_distance = d;
    }
  }
  // A typo is a few edits, relative to the word's length; anything further is another word.
  const size_t limit = std::max<size_t>(2, std::min(word.size(), best.size()) / 3);
  return (!best.empty() && best_distance <= limit) ? best : "";
}

std::string suggestion(const std::string& word, const std::vector<std::string>& options) {
  const std::string best = did_you_mean(word, options);
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : sep) + items[i];
  return out;
}

std::string join_some(const std::vector<std::string>& items, size_t most) {
  if (items.size() <= most) return join(items);
  std::string out;
  for (size_t i = 0; i < most; ++i) out += items[i] + ", ";
  return out + "... (" + std::to_string(items.size()) + " in all)";
}

}  // namespace leasesim::harness
