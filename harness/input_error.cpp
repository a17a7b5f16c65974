#include "harness/input_error.h"

#include <algorithm>
#include <cctype>

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

}  // namespace

InputError::InputError(std::string file, SourcePos pos, std::string path, std::string message)
    : file_(std::move(file)), pos_(pos), path_(std::move(path)), message_(std::move(message)) {
  text_ = file_;
  if (pos_.line > 0) text_ += ":" + std::to_string(pos_.line) + ":" + std::to_string(pos_.column);
  text_ += ": ";
  if (!path_.empty()) text_ += path_ + ": ";
  text_ += message_;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& options) {
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

}  // namespace leasesim::harness
