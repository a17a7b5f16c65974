// `leasesim help faults [--markdown]`: the fault table (harness/fault_kind.h) whole, each kind
// with each setting's type, default and meaning and whether explore may draw it. --markdown
// prints the tables docs/scenario-format.md holds in its section 8 (a test keeps the two
// equal), so a kind or a setting added to the table is documented by regenerating them.
#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/verbs.h"
#include "harness/fault_kind.h"
#include "harness/input_error.h"
#include "harness/scenario_loader.h"
#include "leasesim/protocol.h"

namespace leasesim::cli {
namespace {

using harness::FaultKind;
using harness::FaultSetting;

constexpr size_t kWidth = 96;
// Where the terminal page starts what it says of a setting, and continues a kind's summary.
constexpr size_t kColumn = 16;

// The words of `text` after `head`, wrapped at kWidth, continuation lines indented by `indent`.
std::string flowed(const std::string& head, const std::string& text, size_t indent) {
  std::istringstream words(text);
  std::string out;
  std::string line = head;
  bool fresh = true;  // nothing on this line yet but the head or the indent
  for (std::string w; words >> w; fresh = false) {
    if (!fresh && line.size() + 1 + w.size() > kWidth) {
      out += line + "\n";
      line = std::string(indent, ' ');
      fresh = true;
    }
    line += (fresh ? "" : " ") + w;
  }
  return out + line + "\n";
}

// The keys a protocol adds to a kind's own (a restart's settings), by protocol.
std::vector<std::pair<std::string, std::vector<std::string>>> protocol_keys(const FaultKind& k) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const Protocol* p : registry().all()) {
    const std::vector<std::string> keys = k.keys(*p);
    const auto own = static_cast<std::ptrdiff_t>(k.settings().size());
    if (keys.size() > k.settings().size()) out.emplace_back(p->kind(), std::vector<std::string>(keys.begin() + own, keys.end()));
  }
  return out;
}

// A setting on the terminal page: key (* if required), then its type, whether explore may
// draw it, its default and its meaning, under a column.
std::string setting_line(const FaultSetting& s) {
  std::string head = "  " + s.key + (s.required ? " *" : "");
  head.resize(std::max(head.size() + 1, kColumn), ' ');
  return flowed(head, s.type + (s.range ? " or [lo, hi]" : "") + (s.default_text.empty() ? "" : "; absent: " + s.default_text) +
                          " -- " + s.meaning,
                kColumn);
}

constexpr const char* kIntro = R"(Fault kinds. Each item of `faults:` is `at` and one of the keys below; the kind's settings go
in its own map: `- {at: 5s, pause: {node: n1, for: 2s}}`. * marks a required setting; one
shown with [lo, hi] may be a range in an `explore:` template. In full, with how faults
compose: docs/scenario-format.md, section 8.

)";

int text() {
  std::string out = kIntro;
  out += "every fault\n" + setting_line(harness::at_setting()) + "\n";
  for (const FaultKind* k : harness::fault_table()) {
    out += flowed(k->key() + ": ", k->summary(), kColumn);
    for (const FaultSetting& s : k->settings()) out += setting_line(s);
    if (!k->rule().empty()) out += "  needs " + k->rule() + "\n";
    for (const auto& [kind, keys] : protocol_keys(*k)) out += flowed("  with protocol " + kind + ", also: ", harness::join(keys), 4);
    out += "\n";
  }
  std::cout << out;
  return kExitOk;
}

// A table cell: a '|' inside would end the cell.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string code(const std::string& key) { return "`" + key + "`"; }

std::string codes(const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  for (const std::string& k : keys) out.push_back(code(k));
  return harness::join(out);
}

// A setting row of the markdown: settings worded alike in several kinds (the selectors, `for`)
// are one row listing those kinds.
struct Row {
  const FaultSetting* setting;
  std::vector<std::string> kinds;
};

bool alike(const FaultSetting& a, const FaultSetting& b) {
  return a.key == b.key && a.type == b.type && a.default_text == b.default_text && a.meaning == b.meaning &&
         a.required == b.required && a.range.has_value() == b.range.has_value();
}

int markdown() {
  std::string out = "| item key | type | meaning |\n|---|---|---|\n";
  const FaultSetting& at = harness::at_setting();
  out += "| " + code(at.key) + " | " + cell(at.type) + (at.range ? " (explore: or `[lo, hi]`)" : "") + " | " + cell(at.meaning) + " |\n";
  out += "| one of " + codes(harness::fault_kinds()) + " | map | the fault and its settings |\n";

  out += "\n| kind | settings (**bold**: required) | what it does |\n|---|---|---|\n";
  std::vector<Row> rows;
  for (const FaultKind* k : harness::fault_table()) {
    std::vector<std::string> settings;
    for (const FaultSetting& s : k->settings()) {
      settings.push_back(s.required ? "**" + code(s.key) + "**" : code(s.key));
      auto row = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return alike(*r.setting, s); });
      if (row == rows.end()) {
        rows.push_back({&s, {k->key()}});
      } else {
        row->kinds.push_back(k->key());
      }
    }
    std::string listed = harness::join(settings);
    for (const auto& [kind, keys] : protocol_keys(*k)) listed += "; with `kind: " + kind + "`: " + codes(keys);
    const std::string what = k->summary() + (k->rule().empty() ? "" : "; needs " + k->rule());
    out += "| " + code(k->key()) + " | " + cell(listed) + " | " + cell(what) + " |\n";
  }

  out += "\n| setting | kinds | type | default | explore | meaning |\n|---|---|---|---|---|---|\n";
  for (const Row& r : rows) {
    const FaultSetting& s = *r.setting;
    out += "| " + code(s.key) + " | " + harness::join(r.kinds) + " | " + cell(s.type) + " | " + cell(s.default_text) + " | " +
           (s.range ? "`[lo, hi]`" : "") + " | " + cell(s.meaning) + " |\n";
  }
  std::cout << out;
  return kExitOk;
}

}  // namespace

int faults_help(const std::vector<std::string>& args) {
  bool as_markdown = false;
  for (const std::string& a : args) {
    if (a != "--markdown") {
      std::cerr << "leasesim help faults: unknown argument '" << a << "'" << harness::suggestion(a, {"--markdown"})
                << "; usage: leasesim help faults [--markdown]\n";
      return kExitBadInput;
    }
    as_markdown = true;
  }
  return as_markdown ? markdown() : text();
}

}  // namespace leasesim::cli
