// Scenario YAML -> Scenario. Everything a user can get wrong is reported as an InputError at
// the offending key: syntax, unknown or duplicate keys (with a did-you-mean), missing units,
// wrong types, unknown nodes or messages, faults outside the run.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "harness/scenario.h"

namespace leasesim::harness {

Scenario load_scenario_file(const std::string& path);
// `file` names the text in messages.
Scenario load_scenario_text(const std::string& text, const std::string& file);
// A document already parsed; `file` names it in messages.
Scenario load_scenario_node(const YAML::Node& root, const std::string& file);

}  // namespace leasesim::harness
