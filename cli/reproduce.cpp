#include "cli/verbs.h"

namespace leasesim::cli {
namespace {

std::string shell_quote(const std::string& s) {
  const bool plain = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                       "0123456789_-./=+:,@") == std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string reproduce_command(const std::string& program, const std::string& file, uint64_t seed) {
  return shell_quote(program) + " run " + shell_quote(file) + " --seed " + std::to_string(seed);
}

std::string judge_command(const std::string& program, const std::string& trace, const std::string& scenario) {
  return shell_quote(program) + " judge " + shell_quote(trace) + " --scenario " + shell_quote(scenario);
}

}  // namespace leasesim::cli
