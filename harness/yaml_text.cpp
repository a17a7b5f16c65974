// Values written as YAML, for the scenario writer and the protocols writing their parameters.
#include <string>
#include <vector>

#include "harness/scenario_writer.h"

namespace leasesim::harness {

// A plain YAML scalar when it is safe to leave unquoted, else a double-quoted one.
std::string yaml_scalar(const std::string& s) {
  bool plain = !s.empty() && s.find_first_of(":#{}[],&*!|>'\"%@`") == std::string::npos && s.front() != ' ' &&
               s.back() != ' ' && s.front() != '-' && s.front() != '?';
  for (char c : s) plain = plain && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + yaml_scalar(items[i]);
  return out + "]";
}

}  // namespace leasesim::harness
