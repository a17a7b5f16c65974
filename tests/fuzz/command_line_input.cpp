#include "tests/fuzz/command_line_input.h"

#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/verbs.h"

namespace leasesim::fuzz {
namespace {

// Sends std::cout and std::cerr to a string while it lives: the fuzzer runs millions of inputs.
class Silenced {
 public:
  Silenced() : out_(std::cout.rdbuf(sink_.rdbuf())), err_(std::cerr.rdbuf(sink_.rdbuf())) {}
  ~Silenced() {
    std::cout.rdbuf(out_);
    std::cerr.rdbuf(err_);
  }
  Silenced(const Silenced&) = delete;
  Silenced& operator=(const Silenced&) = delete;

 private:
  std::ostringstream sink_;
  std::streambuf* out_;
  std::streambuf* err_;
};

}  // namespace

std::optional<int> parse_command_line(std::string_view data) {
  std::vector<std::string> args;
  size_t start = 0;
  while (start <= data.size()) {
    const size_t end = std::min(data.find('\n', start), data.size());
    args.emplace_back(data.substr(start, end - start));
    start = end + 1;
  }
  const std::string verb = args.front();
  args.erase(args.begin());
  for (const cli::Verb& v : cli::verbs()) {
    if (verb != v.name) continue;
    cli::VerbArgs parsed;
    std::optional<int> status;
    {
      const Silenced quiet;
      status = v.parse(args, parsed);
    }
    if (status && *status != cli::kExitOk && *status != cli::kExitBadInput) {
      throw std::logic_error("leasesim " + verb + " ended its command line with status " + std::to_string(*status));
    }
    return status;
  }
  return std::nullopt;
}

}  // namespace leasesim::fuzz
