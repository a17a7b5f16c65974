// A Scenario as YAML that loads back into the same Scenario: how `leasesim explore` hands a
// user the minimised schedule it found. Every value is written exactly (durations in the
// shortest exact form, ppm to three decimals); defaults are written out, so the file does not
// depend on what the defaults are when it is read. The explore section is not written.
#pragma once

#include <string>

#include "harness/scenario.h"

namespace leasesim::harness {

std::string to_yaml(const Scenario& s);

}  // namespace leasesim::harness
