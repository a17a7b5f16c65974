// Scenario YAML -> Scenario. Everything a user can get wrong is reported as an InputError at
// the offending key: syntax, unknown or duplicate keys (with a did-you-mean), missing units,
// wrong types, unknown nodes or messages, faults outside the run.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "harness/scenario.h"

namespace leasesim::harness {

Scenario load_scenario_file(const std::string& path);
// `file` names the text in messages.
Scenario load_scenario_text(const std::string& text, const std::string& file);
// A document already parsed; `file` names it in messages.
Scenario load_scenario_node(const YAML::Node& root, const std::string& file);

// The tables the loader accepts keys from, for help texts: the keys a scenario may have at its
// top (the node lists of every registered protocol's roles included); the fault kinds, one of
// which each fault item holds beside `at`. A protocol's own keys come from the protocol.
std::vector<std::string> scenario_keys();
const std::vector<std::string>& fault_kinds();

}  // namespace leasesim::harness
