// `leasesim help protocol [KIND] [--markdown]`: the protocols this binary knows, and one
// protocol's nodes, messages, checkers and parameters. Everything printed comes from the
// protocol itself (its field list for the parameters), so a user's own protocol, registered in
// their own binary, is documented the same way; --markdown prints the parameter table that
// docs/scenario-format.md holds (a test keeps the two equal).
#include <iostream>
#include <string>
#include <vector>

#include "cli/verbs.h"
#include "harness/input_error.h"
#include "leasesim/protocol.h"

namespace leasesim::cli {
namespace {

constexpr size_t kWidth = 96;

// `text` wrapped at kWidth, every line starting with `indent` spaces.
std::string paragraph(const std::string& text, size_t indent) {
  std::string out;
  std::string line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && indent + line.size() + 1 + word.size() > kWidth) {
      out += std::string(indent, ' ') + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty()) out += std::string(indent, ' ') + line + "\n";
  return out;
}

std::string nodes_of(const Protocol& p) {
  std::string out;
  for (const Role& r : p.roles()) {
    for (const std::string& f : r.fixed) out += (out.empty() ? "" : ", ") + f + " (always there)";
    if (!r.key.empty()) out += (out.empty() ? "" : ", ") + r.key + (r.optional ? " (optional list)" : " (a list)");
  }
  return out;
}

std::string checkers_of(const Protocol& p) {
  std::string out;
  for (const CheckerSpec& c : p.checkers()) out += (out.empty() ? "" : ", ") + c.name + (c.liveness ? " (liveness)" : "");
  return out;
}

// A table cell: a '|' inside would end the cell.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

int markdown(const Protocol& p) {
  std::cout << "| key | type, unit, range | default | meaning | source |\n|---|---|---|---|---|\n";
  for (const FieldDoc& d : p.param_docs()) {
    std::cout << "| `" << d.key << "` | " << cell(d.type) << " | "
              << (d.default_is_yaml ? "`" + d.default_text + "`" : cell(d.default_text)) << " | " << cell(d.meaning) << " | "
              << cell(d.source) << " |\n";
  }
  return kExitOk;
}

int one(const Protocol& p) {
  std::string out = "protocol: {kind: " + p.kind() + ", ...}\n" + paragraph(p.summary(), 2) + "\n";
  out += paragraph("nodes: " + nodes_of(p), 0);
  out += paragraph("checkers: " + checkers_of(p), 0);
  out += paragraph("messages: " + harness::join(p.messages()), 0);
  if (!p.restart_keys().empty()) out += paragraph("restart fault settings: " + harness::join(p.restart_keys()), 0);
  out += "\nparameters (key: type; default), meaning, source:\n";
  for (const FieldDoc& d : p.param_docs()) {
    out += "  " + d.key + ": " + d.type + "; default " + d.default_text + "\n";
    out += paragraph(d.meaning, 6);
    out += paragraph("source: " + d.source, 6);
  }
  std::cout << out;
  return kExitOk;
}

int list() {
  std::string out = "Protocols (leasesim help protocol KIND for one protocol's nodes, messages and parameters):\n";
  for (const Protocol* p : registry().all()) {
    out += "  " + p->kind() + "\n";
    out += paragraph(p->summary(), 4);
    out += paragraph("nodes: " + nodes_of(*p) + "; checkers: " + checkers_of(*p), 4);
  }
  std::cout << out;
  return kExitOk;
}

}  // namespace

int protocol_help(const std::vector<std::string>& args) {
  std::vector<std::string> kinds;
  bool as_markdown = false;
  for (const std::string& a : args) {
    if (a == "--markdown") {
      as_markdown = true;
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "leasesim help protocol: unknown option '" << a << "'; usage: leasesim help protocol [KIND] [--markdown]\n";
      return kExitBadInput;
    } else {
      kinds.push_back(a);
    }
  }
  if (kinds.size() > 1) {
    std::cerr << "leasesim help protocol: give one protocol kind, not " << kinds.size() << "\n";
    return kExitBadInput;
  }
  if (kinds.empty()) {
    if (!as_markdown) return list();
    std::cerr << "leasesim help protocol: --markdown needs a protocol kind (one of " << harness::join(registry().kinds()) << ")\n";
    return kExitBadInput;
  }
  const Protocol* p = registry().find(kinds[0]);
  if (p == nullptr) {
    std::cerr << "leasesim help protocol: unknown protocol '" << kinds[0] << "'" << harness::suggestion(kinds[0], registry().kinds())
              << "; protocols: " << harness::join(registry().kinds()) << "\n";
    return kExitBadInput;
  }
  return as_markdown ? markdown(*p) : one(*p);
}

}  // namespace leasesim::cli
