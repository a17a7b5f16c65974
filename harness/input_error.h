// Bad input from a user (a scenario file, a command line): where it is and what is wrong.
// Rendered as `FILE:LINE:COLUMN: key.path: message`, the form editors and CI logs link to.
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "harness/scenario.h"

namespace leasesim::harness {

// `text` as a message may quote it: invisible and control characters as \u{85}, bytes that
// are not UTF-8 as \xe9, and anything past 2000 bytes cut.
std::string shown(std::string_view text);

// The message and key path are quoted with shown().
class InputError : public std::exception {
 public:
  InputError(std::string file, SourcePos pos, std::string path, std::string message);

  const char* what() const noexcept override { return text_.c_str(); }
  const std::string& file() const { return file_; }
  SourcePos pos() const { return pos_; }
  const std::string& path() const { return path_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  SourcePos pos_;
  std::string path_;
  std::string message_;
  std::string text_;
};

// The closest of `options` to `word` if it is close enough to be a likely typo, else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& options);
// " (did you mean 'x'?)" or "" — ready to append to a message.
std::string suggestion(const std::string& word, const std::vector<std::string>& options);
std::string join(const std::vector<std::string>& items, const std::string& sep = ", ");
// Like join(items, ", "), but a long list (a scenario's 10,000 followers) is cut after `most`
// items: "f1, f2, f3, ... (10000 in all)".
std::string join_some(const std::vector<std::string>& items, size_t most = 32);

}  // namespace leasesim::harness
