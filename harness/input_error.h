// Bad input from a user (a scenario file, a command line): where it is and what is wrong.
// Rendered as `FILE:LINE:COLUMN: key.path: message`, the form editors and CI logs link to.
#pragma once

#include <exception>
#include <string>

#include "harness/scenario.h"

namespace leasesim::harness {

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

}  // namespace leasesim::harness
