// Scenario YAML -> Scenario. Everything a user can get wrong is reported as an InputError at
// the offending key: syntax, unknown or duplicate keys (with a did-you-mean), missing units,
// wrong types, unknown nodes or messages, faults outside the run.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "harness/scenario.h"

namespace leasesim::harness {

// The text of the scenario file at `path`: a regular file of at most
// reports::kMaxInputFileBytes, else an InputError saying what it is ("FILE: is a directory; a
// scenario file must be a regular file").
std::string read_scenario_file(const std::string& path);
Scenario load_scenario_file(const std::string& path);
// `file` names the text in messages.
Scenario load_scenario_text(const std::string& text, const std::string& file);
// A document already parsed; `file` names it in messages.
Scenario load_scenario_node(const YAML::Node& root, const std::string& file);

// A scenario's name names files (explore writes NAME-CHECKER-runN.yaml under --out), so it is
// one plain path component on any file system: 1 to kMaxScenarioName bytes of ASCII letters,
// digits, '-', '_' and '.', not starting with '.' (so never "..", nor a hidden file). A file
// without `name:` is named after its file name without the extension, by the same rule.
constexpr size_t kMaxScenarioName = 128;
bool valid_scenario_name(const std::string& name);
// The rule, as messages and help state it.
extern const char* const kScenarioNameRule;
// `base` + `suffix` as a valid name, for files derived from a scenario: `base` is shortened so
// that the whole fits (`suffix`, what tells the derived files apart, is kept up to half the
// length), each byte outside the alphabet becomes '_', and so does a leading '.'.
std::string derived_scenario_name(const std::string& base, const std::string& suffix);

// The tables the loader accepts keys from, for help texts: the keys a scenario may have at its
// top (the node lists of every registered protocol's roles included); the fault kinds, one of
// which each fault item holds beside `at`. A protocol's own keys come from the protocol.
std::vector<std::string> scenario_keys();
const std::vector<std::string>& fault_kinds();

}  // namespace leasesim::harness
